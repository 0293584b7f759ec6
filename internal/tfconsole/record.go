package tfconsole

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"time"
)

// Entry is one expression and what `terraform console -plan` printed for
// it: Result when it succeeded, else the error's summary and detail.
type Entry struct {
	Expr   string `json:"expr"`
	Result string `json:"result,omitempty"`
	Error  *Error `json:"error,omitempty"`
}

// Error is a console diagnostic: its summary line and its detail, with the
// console's line wrapping undone.
type Error struct {
	Summary string `json:"summary"`
	Detail  string `json:"detail"`
}

// Recording is the file testdata/functions/recorded.json.
type Recording struct {
	Terraform string  `json:"terraform"`
	Entries   []Entry `json:"entries"`
}

// ReadExpressions reads an expressions file: one expression a line; blank
// lines and lines starting with # are skipped.
func ReadExpressions(path string) ([]string, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var out []string
	sc := bufio.NewScanner(bytes.NewReader(b))
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		out = append(out, line)
	}
	return out, sc.Err()
}

// ReadRecording reads a recording file.
func ReadRecording(path string) (*Recording, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var r Recording
	if err := json.Unmarshal(b, &r); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return &r, nil
}

// Console runs `terraform console -plan` in an initialised copy of a
// configuration directory.
type Console struct {
	Terraform string // the terraform binary
	Dir       string // the initialised working directory

	// runLine, when set, stands in for the terraform process (tests).
	runLine func(ctx context.Context, line string) (stdout, stderr string, err error)
}

// NewConsole copies the configuration in src to a temporary directory and
// runs `terraform init` there (the configuration needs only the built-in
// terraform_data resource, so this works offline). The caller removes
// c.Dir when done.
func NewConsole(ctx context.Context, terraform, src string) (*Console, error) {
	dir, err := os.MkdirTemp("", "tfconsole")
	if err != nil {
		return nil, err
	}
	if err := os.CopyFS(dir, os.DirFS(src)); err != nil {
		return nil, err
	}
	c := &Console{Terraform: terraform, Dir: dir}
	cmd := exec.CommandContext(ctx, terraform, "init", "-no-color", "-input=false")
	cmd.Dir = dir
	cmd.Env = c.env()
	if out, err := cmd.CombinedOutput(); err != nil {
		return nil, fmt.Errorf("terraform init: %v\n%s", err, out)
	}
	return c, nil
}

func (c *Console) env() []string {
	// An empty CLI configuration keeps the user's settings (and the
	// warning about a missing ~/.terraformrc) out of the output.
	cfg := filepath.Join(c.Dir, ".terraformrc-empty")
	_ = os.WriteFile(cfg, nil, 0o644)
	return append(os.Environ(), "TF_CLI_CONFIG_FILE="+cfg, "TF_IN_AUTOMATION=1", "CHECKPOINT_DISABLE=1")
}

// Eval evaluates one expression.
func (c *Console) Eval(ctx context.Context, expr string) (Entry, error) {
	stdout, stderr, runErr := c.run(ctx, expr)
	e := Entry{Expr: expr}
	if runErr == nil {
		e.Result = c.normalise(strings.TrimSuffix(stdout, "\n"))
		return e, nil
	}
	diag, ok := c.diagnostic(stderr + stdout)
	if !ok {
		return e, fmt.Errorf("terraform console %q: %v\n%s%s", expr, runErr, stdout, stderr)
	}
	e.Error = &diag
	return e, nil
}

// run gives one line to `terraform console -plan` and returns what it
// printed.
func (c *Console) run(ctx context.Context, line string) (stdout, stderr string, err error) {
	if c.runLine != nil {
		return c.runLine(ctx, line)
	}
	ctx, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, c.Terraform, "console", "-plan", "-no-color")
	cmd.Dir = c.Dir
	cmd.Env = c.env()
	cmd.Stdin = strings.NewReader(line + "\n")
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err = cmd.Run()
	return out.String(), errOut.String(), err
}

// diagnostic reads the first error diagnostic of console output, its
// detail normalised.
func (c *Console) diagnostic(out string) (Error, bool) {
	diag, ok := parseDiagnostic(out)
	diag.Detail = c.normalise(diag.Detail)
	return diag, ok
}

// normalise replaces the machine's paths in console output by placeholders,
// so that recordings do not depend on where they were made.
func (c *Console) normalise(s string) string {
	return Normalise(s, c.Dir)
}

// Normalise replaces dir (the console's working directory) by $DIR and the
// home directory by $HOME.
func Normalise(s, dir string) string {
	if dir != "" {
		s = strings.ReplaceAll(s, dir, "$DIR")
	}
	if home, err := os.UserHomeDir(); err == nil && home != "" && home != "/" {
		s = strings.ReplaceAll(s, home, "$HOME")
	}
	return s
}

var errorLine = regexp.MustCompile(`(?m)^Error: (.*)$`)

// parseDiagnostic reads the first error diagnostic of console output:
//
//	Error: SUMMARY
//
//	  on <console-input> line 1:
//	  (source code not available)
//
//	DETAIL, wrapped at 78 columns
func parseDiagnostic(out string) (Error, bool) {
	m := errorLine.FindStringSubmatchIndex(out)
	if m == nil {
		return Error{}, false
	}
	d := Error{Summary: strings.TrimSpace(out[m[2]:m[3]])}
	rest := out[m[1]:]
	paras := strings.Split(strings.TrimSpace(rest), "\n\n")
	var detail []string
	for _, p := range paras {
		p = strings.TrimSpace(p)
		if strings.HasPrefix(p, "on <console-input>") || p == "" {
			continue
		}
		if strings.HasPrefix(p, "Error: ") {
			break // a second diagnostic
		}
		detail = append(detail, p)
	}
	d.Detail = Unwrap(strings.Join(detail, "\n\n"))
	return d, true
}

// Unwrap undoes line wrapping: runs of white space, newlines included,
// become one space. Both the console's detail and an evaluator's are
// compared in this form.
func Unwrap(s string) string {
	return strings.Join(strings.Fields(s), " ")
}
