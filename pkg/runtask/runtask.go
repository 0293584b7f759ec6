// Package runtask is tfemrcheck as an HCP Terraform / Terraform Enterprise
// run task: an HTTP service that receives the platform's run task request,
// answers 200 at once, fetches the plan JSON (post_plan, pre_apply,
// post_apply) or the configuration version (pre_plan) with the run's
// short-lived token, checks it with the same code path as the command line
// (pkg/scan, pkg/check, the policy file and its threshold) and reports
// passed or failed, with one outcome per finding, to the task result
// callback URL.
//
// The protocol is the platform's "Run Tasks Integration API"; the request
// and callback types are those of github.com/hashicorp/go-tfe, whose
// callback client sends the result.
//
// The service holds no state between requests beyond its queue: replicas
// share nothing and can run behind a load balancer.
package runtask

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"runtime"
	"strings"
	"sync"
	"time"

	"github.com/tfemrcheck/tfemrcheck/pkg/policy"
	"github.com/tfemrcheck/tfemrcheck/pkg/rules"
)

// DefaultTFEAddress is the HCP Terraform origin.
const DefaultTFEAddress = "https://app.terraform.io"

// DefaultHCPDownloadOrigin is where HCP Terraform redirects plan JSON and
// configuration version downloads (pre-signed, short-lived URLs). It is
// allowed by default only when the platform is HCP Terraform itself.
const DefaultHCPDownloadOrigin = "https://archivist.terraform.io"

// Limits bound what one request may cost. Zero fields take the defaults of
// DefaultLimits.
type Limits struct {
	// RequestBytes bounds the run task request body.
	RequestBytes int64
	// PlanBytes bounds the plan JSON download.
	PlanBytes int64
	// ArchiveBytes bounds the (compressed) configuration version download.
	ArchiveBytes int64
	// UnpackedBytes bounds the total size of the unpacked configuration.
	UnpackedBytes int64
	// FileBytes bounds one file of the unpacked configuration.
	FileBytes int64
	// ArchiveEntries bounds the number of entries (files and directories)
	// in the configuration archive.
	ArchiveEntries int
}

// DefaultLimits returns the limits a zero Limits field takes.
func DefaultLimits() Limits {
	return Limits{
		RequestBytes:   1 << 20,
		PlanBytes:      256 << 20,
		ArchiveBytes:   64 << 20,
		UnpackedBytes:  256 << 20,
		FileBytes:      32 << 20,
		ArchiveEntries: 20000,
	}
}

// Timeouts bound the time spent on each outbound call and on each check.
// Zero fields take the defaults of DefaultTimeouts.
type Timeouts struct {
	// Fetch bounds one download (plan JSON or configuration version),
	// body included.
	Fetch time.Duration
	// Check bounds the whole evaluation of one run, download included;
	// past it the task is reported failed.
	Check time.Duration
	// Callback bounds the delivery of one result, retries included.
	Callback time.Duration
	// Attempt bounds one HTTP exchange of the callback.
	Attempt time.Duration
}

// DefaultTimeouts returns the timeouts a zero Timeouts field takes.
// Together they stay under the platform's ten minutes for a result.
func DefaultTimeouts() Timeouts {
	return Timeouts{
		Fetch:    2 * time.Minute,
		Check:    5 * time.Minute,
		Callback: 3 * time.Minute,
		Attempt:  30 * time.Second,
	}
}

// Options configure a Server.
type Options struct {
	// TFEAddress is the platform's origin (scheme, host and port), e.g.
	// https://app.terraform.io. It is the only origin the server fetches
	// from or calls back to.
	TFEAddress string
	// DownloadOrigins are further origins a download from TFEAddress may
	// be redirected to (HCP Terraform serves plan JSON and configuration
	// versions from pre-signed archivist URLs). The bearer token is never
	// sent to them. Nil means DefaultHCPDownloadOrigin when TFEAddress is
	// HCP Terraform, none otherwise.
	DownloadOrigins []string
	// HMACKeys verify X-TFC-Task-Signature: a request signed with any of
	// them is accepted (two keys while one is rotated). New refuses none
	// unless AllowUnsigned is set.
	HMACKeys [][]byte
	// AllowUnsigned lets a server without HMACKeys start; it then accepts
	// unsigned requests (anyone who reaches it can have a run checked and
	// called back). For local trials only (serve --insecure-no-signature).
	AllowUnsigned bool
	// Policy is the policy file in force (never read from the checked
	// configuration); nil means the defaults.
	Policy *policy.Policy
	// Threshold is the lowest severity whose failing findings fail the
	// task.
	Threshold rules.Severity
	// Strict makes indeterminate findings fail the task too.
	Strict bool
	// Workers is the number of checks run at once; 0 means GOMAXPROCS (the
	// CPUs available, container limits included).
	Workers int
	// Queue is the number of accepted requests waiting for a worker; when
	// it is full the server answers 503 so the platform retries. 0 means
	// 4 × Workers.
	Queue int
	// Limits and Timeouts bound the cost of one request.
	Limits   Limits
	Timeouts Timeouts
	// ToolVersion is reported in the callback message.
	ToolVersion string
	// Logger receives the structured log; nil means slog.Default().
	Logger *slog.Logger
	// Now is the clock (policy and suppression expiry dates); nil means
	// time.Now.
	Now func() time.Time
}

// Server is the run task service. Create it with New, serve it with Run.
type Server struct {
	opts      Options
	origin    origin
	downloads []origin
	catalogue []*rules.Rule
	log       *slog.Logger
	fetch     *http.Client
	callbacks *callbackClient

	queue chan *job
	// mu guards closed: once closed, no job is queued and the queue
	// channel is closed so the workers drain it and stop.
	mu      sync.RWMutex
	closed  bool
	workers sync.WaitGroup
	// inflight holds the callback URLs of the requests queued or being
	// checked, so a request the platform sends again meanwhile is not
	// called back twice. It lives in this process only: replicas share
	// nothing.
	inflightMu sync.Mutex
	inflight   map[string]bool
	// jobCtx is cancelled when a graceful shutdown runs out of time, to
	// abort the downloads and callbacks still running.
	jobCtx    context.Context
	cancelJob context.CancelFunc
}

// New checks the options and builds a server; nothing runs until Run.
func New(opts Options) (*Server, error) {
	if opts.TFEAddress == "" {
		opts.TFEAddress = DefaultTFEAddress
	}
	o, err := parseOrigin(opts.TFEAddress)
	if err != nil {
		return nil, fmt.Errorf("tfe address: %w", err)
	}
	if opts.DownloadOrigins == nil && o == mustOrigin(DefaultTFEAddress) {
		opts.DownloadOrigins = []string{DefaultHCPDownloadOrigin}
	}
	if len(opts.HMACKeys) == 0 && !opts.AllowUnsigned {
		return nil, errors.New("no HMAC key: a run task service verifies every request with the key given to the platform; " +
			"without one (AllowUnsigned, --insecure-no-signature) it accepts unsigned requests")
	}
	var downloads []origin
	for _, d := range opts.DownloadOrigins {
		do, err := parseOrigin(d)
		if err != nil {
			return nil, fmt.Errorf("download origin: %w", err)
		}
		if do.scheme != "https" {
			return nil, fmt.Errorf("download origin %s: only https origins may receive redirected downloads", do)
		}
		downloads = append(downloads, do)
	}
	if opts.Policy == nil {
		opts.Policy = policy.New()
	}
	if opts.Workers <= 0 {
		// GOMAXPROCS follows the container's CPU limit; NumCPU does not.
		opts.Workers = runtime.GOMAXPROCS(0)
	}
	if opts.Queue <= 0 {
		opts.Queue = 4 * opts.Workers
	}
	opts.Limits = withDefaultLimits(opts.Limits)
	opts.Timeouts = withDefaultTimeouts(opts.Timeouts)
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	jobCtx, cancel := context.WithCancel(context.Background())
	s := &Server{
		opts:      opts,
		origin:    o,
		downloads: downloads,
		catalogue: opts.Policy.Catalogue(rules.Catalogue()),
		log:       opts.Logger,
		queue:     make(chan *job, opts.Queue),
		inflight:  map[string]bool{},
		jobCtx:    jobCtx,
		cancelJob: cancel,
	}
	s.fetch = s.newFetchClient()
	s.callbacks = newCallbackClient(o, opts.Timeouts.Attempt, s.log)
	return s, nil
}

func withDefaultLimits(l Limits) Limits {
	d := DefaultLimits()
	l.RequestBytes = orDefault(l.RequestBytes, d.RequestBytes)
	l.PlanBytes = orDefault(l.PlanBytes, d.PlanBytes)
	l.ArchiveBytes = orDefault(l.ArchiveBytes, d.ArchiveBytes)
	l.UnpackedBytes = orDefault(l.UnpackedBytes, d.UnpackedBytes)
	l.FileBytes = orDefault(l.FileBytes, d.FileBytes)
	l.ArchiveEntries = orDefault(l.ArchiveEntries, d.ArchiveEntries)
	return l
}

func withDefaultTimeouts(t Timeouts) Timeouts {
	d := DefaultTimeouts()
	t.Fetch = orDefault(t.Fetch, d.Fetch)
	t.Check = orDefault(t.Check, d.Check)
	t.Callback = orDefault(t.Callback, d.Callback)
	t.Attempt = orDefault(t.Attempt, d.Attempt)
	return t
}

// orDefault is v, or d when v is zero or negative (not set).
func orDefault[T int | int64 | time.Duration](v, d T) T {
	if v <= 0 {
		return d
	}
	return v
}

// Run starts the workers and serves HTTP on ln until ctx is cancelled,
// then shuts down gracefully: it stops accepting requests, finishes every
// request it has accepted (checks and callbacks), and returns. Work still
// running after grace is aborted and reported failed where a callback is
// still possible.
func (s *Server) Run(ctx context.Context, ln net.Listener, grace time.Duration) error {
	s.start()
	hs := &http.Server{
		Handler:           s.Handler(),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      30 * time.Second,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(s.log.Handler(), slog.LevelWarn),
	}
	s.log.Info("listening", "address", ln.Addr().String(), "tfe_address", s.origin.String(),
		"workers", s.opts.Workers, "queue", s.opts.Queue, "hmac_keys", len(s.opts.HMACKeys))
	for _, w := range s.startWarnings() {
		s.log.Warn(w)
	}
	served := make(chan error, 1)
	go func() { served <- hs.Serve(ln) }()
	var serveErr error
	select {
	case serveErr = <-served:
	case <-ctx.Done():
	}
	s.log.Info("shutting down", "grace", grace.String())
	sctx, cancel := context.WithTimeout(context.Background(), grace)
	defer cancel()
	if err := hs.Shutdown(sctx); err != nil {
		s.log.Warn("http shutdown", "error", err.Error())
	}
	if err := s.Shutdown(sctx); err != nil {
		s.log.Warn("work left unfinished at shutdown", "error", err.Error())
	}
	s.log.Info("stopped")
	if serveErr != nil && !errors.Is(serveErr, http.ErrServerClosed) {
		return serveErr
	}
	return nil
}

// startWarnings are what Run logs at start about an unsafe set-up: no
// request verification, and a platform reached over plain HTTP.
func (s *Server) startWarnings() []string {
	var ws []string
	if len(s.opts.HMACKeys) == 0 {
		ws = append(ws, "INSECURE: no HMAC key (--insecure-no-signature): run task requests are NOT verified; "+
			"anyone who can reach this service can have runs checked and called back. For local trials only: "+
			"set TFEMRCHECK_HMAC_KEY or --hmac-key-file")
	}
	if s.origin.scheme == "http" {
		ws = append(ws, "INSECURE: the platform address "+s.origin.String()+" is plain http://: each run's access token "+
			"travels in clear to it, on every download and callback; use https:// (plain HTTP only for a local stand-in platform)")
	}
	return ws
}

// origin is a URL's scheme, host and port: the unit of trust.
type origin struct {
	scheme, host, port string
}

func (o origin) String() string {
	def := map[string]string{"https": "443", "http": "80"}[o.scheme]
	if o.port == def {
		return o.scheme + "://" + o.host
	}
	return o.scheme + "://" + net.JoinHostPort(o.host, o.port)
}

// parseOrigin reads an origin from an absolute http(s) URL with no user
// information.
func parseOrigin(raw string) (origin, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return origin{}, fmt.Errorf("not a URL")
	}
	return originOf(u)
}

func originOf(u *url.URL) (origin, error) {
	scheme := strings.ToLower(u.Scheme)
	if scheme != "https" && scheme != "http" {
		return origin{}, fmt.Errorf("not an http or https URL")
	}
	if u.User != nil {
		return origin{}, fmt.Errorf("URL carries user information")
	}
	host := strings.ToLower(u.Hostname())
	if host == "" {
		return origin{}, fmt.Errorf("URL has no host")
	}
	port := u.Port()
	if port == "" {
		port = map[string]string{"https": "443", "http": "80"}[scheme]
	}
	return origin{scheme: scheme, host: host, port: port}, nil
}

func mustOrigin(raw string) origin {
	o, err := parseOrigin(raw)
	if err != nil {
		panic(err)
	}
	return o
}

// onOrigin checks that raw is an absolute URL on the platform's origin. The
// error names only the origin it found, never the path or query, which
// may carry a credential.
func (s *Server) onOrigin(field, raw string) (*url.URL, error) {
	if raw == "" {
		return nil, fmt.Errorf("the request has no %s", field)
	}
	u, err := url.Parse(raw)
	if err != nil {
		return nil, fmt.Errorf("%s is not a URL", field)
	}
	o, err := originOf(u)
	if err != nil {
		return nil, fmt.Errorf("%s: %v", field, err)
	}
	if o != s.origin {
		return nil, fmt.Errorf("%s is on %s, not on the platform address %s: refused", field, o, s.origin)
	}
	return u, nil
}
