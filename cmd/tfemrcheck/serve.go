package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/tfemrcheck/tfemrcheck/pkg/policy"
	"github.com/tfemrcheck/tfemrcheck/pkg/rules"
	"github.com/tfemrcheck/tfemrcheck/pkg/runtask"
)

// hmacKeyEnv names the environment variable holding the run task's HMAC key.
const hmacKeyEnv = "TFEMRCHECK_HMAC_KEY"

const serveUsage = `usage: tfemrcheck serve [flags]

Runs tfemrcheck as an HCP Terraform / Terraform Enterprise run task: an HTTP
service that checks each run's plan (post_plan, pre_apply) or configuration
(pre_plan) and reports passed or failed, with one outcome per finding.
See docs/run-task.md.

Flags:
  --listen HOST:PORT           address to listen on (default :8080)
  --tfe-address URL            the platform; the only origin fetched from or
                               called back to (default https://app.terraform.io)
  --download-origin URL        a further https origin a download may be redirected
                               to, without the token (repeatable; default for HCP
                               Terraform: https://archivist.terraform.io)
  --config FILE                policy file (never read from the checked configuration)
  --severity-threshold LEVEL   only failing findings at LEVEL or above fail the task
                               (default: the policy file's, else LOW, as for the
                               command line: INFO findings are reported but do not fail)
  --strict                     indeterminate findings fail the task too
  --hmac-key-file FILE         file holding the HMAC key, one a line (two while rotating);
                               or set TFEMRCHECK_HMAC_KEY; never a flag value. A key is
                               required: without one (or with an empty one) serve does
                               not start
  --insecure-no-signature      start without a key, accepting unsigned requests: for
                               local trials only, never where the platform can reach it
  --workers N                  checks run at once (default: the CPUs available)
  --queue N                    accepted requests waiting for a worker; a full queue
                               answers 503 (default: 4 x workers)
  --shutdown-grace DURATION    on SIGTERM, time to finish accepted work (default 9m)
  --help                       show this help

Logs are JSON lines on standard error. A --tfe-address with http:// is
logged as a warning: the run's access token would travel in clear.
`

// stringList is a repeatable string flag.
type stringList []string

func (l *stringList) String() string     { return strings.Join(*l, ",") }
func (l *stringList) Set(v string) error { *l = append(*l, v); return nil }

// serveSettings are what the serve command's flags and environment give.
type serveSettings struct {
	opts   runtask.Options
	listen string
	grace  time.Duration
	help   bool
}

// serve runs the run task service until SIGINT or SIGTERM.
func serve(args []string, e env) int {
	st, err := serveSetup(args, e)
	if err != nil {
		var ue *usageError
		if errors.As(err, &ue) {
			return printUsageError(e.stderr, err)
		}
		fmt.Fprintf(e.stderr, "Error: %s\n", err)
		return exitError
	}
	if st.help {
		fmt.Fprint(e.stdout, serveUsage)
		return exitOK
	}
	// Child processes and later os.Getenv calls do not see the key.
	os.Unsetenv(hmacKeyEnv)
	log := slog.New(slog.NewJSONHandler(e.stderr, nil))
	st.opts.Logger = log
	srv, err := runtask.New(st.opts)
	if err != nil {
		fmt.Fprintf(e.stderr, "Error: %v\n", err)
		return exitError
	}
	ln, err := net.Listen("tcp", st.listen)
	if err != nil {
		fmt.Fprintf(e.stderr, "Error: %v\n", err)
		return exitError
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := srv.Run(ctx, ln, st.grace); err != nil {
		log.Error("server stopped", "error", err.Error())
		return exitError
	}
	return exitOK
}

// serveSetup reads serve's flags, key and policy file into the service's
// options; nothing listens yet. An error is printed as one "Error:" line.
func serveSetup(args []string, e env) (*serveSettings, error) {
	for _, a := range args {
		if n := strings.TrimLeft(a, "-"); n != a && (n == "hmac-key" || strings.HasPrefix(n, "hmac-key=")) {
			return nil, fmt.Errorf("the HMAC key is never taken from a flag (it would show in the process list); set %s or use --hmac-key-file", hmacKeyEnv)
		}
	}
	fs := flag.NewFlagSet("tfemrcheck serve", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	listen := fs.String("listen", ":8080", "")
	tfeAddress := fs.String("tfe-address", runtask.DefaultTFEAddress, "")
	var downloads stringList
	fs.Var(&downloads, "download-origin", "")
	config := fs.String("config", "", "")
	threshold := fs.String("severity-threshold", "", "")
	strict := fs.Bool("strict", false, "")
	keyFile := fs.String("hmac-key-file", "", "")
	insecure := fs.Bool("insecure-no-signature", false, "")
	workers := fs.Int("workers", 0, "")
	queue := fs.Int("queue", 0, "")
	grace := fs.Duration("shutdown-grace", 9*time.Minute, "")
	help := fs.Bool("help", false, "")
	fs.BoolVar(help, "h", false, "")
	if err := fs.Parse(args); err != nil {
		return nil, flagError(err, fs, "tfemrcheck serve")
	}
	if fs.NArg() > 0 {
		return nil, &usageError{msg: fmt.Sprintf("serve takes no arguments, got %q", fs.Arg(0)), help: "tfemrcheck serve"}
	}
	if *help {
		return &serveSettings{help: true}, nil
	}
	if *threshold != "" {
		if _, err := rules.ParseSeverity(*threshold); err != nil {
			return nil, &usageError{msg: "--severity-threshold: " + err.Error(), help: "tfemrcheck serve"}
		}
	}
	keys, err := hmacKeys(*keyFile, e.environ, *insecure)
	if err != nil {
		return nil, err
	}
	pol := policy.New()
	if *config != "" {
		p, diags := policy.Load(*config)
		if !diags.HasErrors() {
			// What depends on the day only gets more valid as days pass
			// (an exception's expiry within max_exception_days of today),
			// so checking at start is enough.
			diags = p.Validate(e.today())
		}
		if diags.HasErrors() {
			var lines []string
			for _, d := range diags {
				lines = append(lines, diagnosticError(d, *config).Line())
			}
			return nil, errors.New(strings.Join(lines, "\nError: "))
		}
		pol = p
	}
	v, _, _ := buildInfo()
	opts := runtask.Options{
		TFEAddress:  *tfeAddress,
		HMACKeys:    keys,
		Policy:      pol,
		Threshold:   resolveThreshold(*threshold, pol),
		Strict:      *strict,
		Workers:     *workers,
		Queue:       *queue,
		ToolVersion: v,
		// Without a key the requests are not verified: allowed only when
		// asked for by name (runtask.New refuses otherwise).
		AllowUnsigned: *insecure,
	}
	if len(downloads) > 0 {
		opts.DownloadOrigins = downloads
	}
	return &serveSettings{opts: opts, listen: *listen, grace: *grace}, nil
}

// hmacKeys reads the keys from --hmac-key-file (one key a line: two
// while a key is rotated) or the environment (one key); having both is
// ambiguous and an error. A key is required: the platform's HMAC key is
// optional, but a service that does not verify requests runs anyone's
// checks and answers them. An empty TFEMRCHECK_HMAC_KEY is a missing
// secret (a deployment whose secret did not resolve), not "no key wanted".
// Only insecure (--insecure-no-signature) allows no key, and then no key
// may be given.
func hmacKeys(file string, environ []string, insecure bool) ([][]byte, error) {
	var fromEnv string
	envSet := false
	for _, kv := range environ {
		if k, v, ok := strings.Cut(kv, "="); ok && k == hmacKeyEnv {
			fromEnv, envSet = v, true
		}
	}
	if insecure {
		if file != "" || fromEnv != "" {
			return nil, fmt.Errorf("--insecure-no-signature starts without a key, but a key is given (%s): drop one of them", keySource(file))
		}
		return nil, nil
	}
	if file == "" {
		switch {
		case envSet && fromEnv == "":
			return nil, fmt.Errorf("%s is set but empty (is the secret missing?): the run task needs its HMAC key to verify requests; "+
				"set it to the key given to the platform, or use --hmac-key-file (--insecure-no-signature only for a local trial)", hmacKeyEnv)
		case !envSet:
			return nil, fmt.Errorf("no HMAC key: set %s or --hmac-key-file to the key given to the platform's run task, "+
				"so that only the platform's requests are checked and answered (--insecure-no-signature only for a local trial)", hmacKeyEnv)
		}
		return [][]byte{[]byte(fromEnv)}, nil
	}
	if envSet {
		return nil, fmt.Errorf("both %s and --hmac-key-file are set: use one", hmacKeyEnv)
	}
	b, err := os.ReadFile(file)
	if err != nil {
		return nil, fmt.Errorf("--hmac-key-file: %w", errors.Unwrap(err))
	}
	var keys [][]byte
	for _, line := range bytes.Split(b, []byte("\n")) {
		// A line break (CRLF too) is never part of a key.
		if line = bytes.TrimRight(line, "\r"); len(line) > 0 {
			keys = append(keys, line)
		}
	}
	if len(keys) == 0 {
		return nil, fmt.Errorf("--hmac-key-file %s holds no key", file)
	}
	return keys, nil
}

// keySource names where a key was given.
func keySource(file string) string {
	if file != "" {
		return "--hmac-key-file"
	}
	return hmacKeyEnv
}
