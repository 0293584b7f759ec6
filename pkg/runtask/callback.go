package runtask

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"sync"
	"time"

	tfe "github.com/hashicorp/go-tfe"
)

// clientPlaceholderToken is the token go-tfe's client is built with. The
// client insists on one, and sends it only to the platform's ping endpoint
// when it is built; every callback replaces it with the run's own token.
const clientPlaceholderToken = "tfemrcheck-run-task"

// callbackClient sends results with go-tfe's RunTasksIntegration.Callback.
// The go-tfe client pings the platform when it is built, so it is built on
// the first callback (a platform unreachable at start-up does not stop
// the service) and kept: it is safe for concurrent use.
type callbackClient struct {
	origin origin
	http   *http.Client
	log    *slog.Logger

	mu     sync.Mutex
	client *tfe.Client
}

func newCallbackClient(o origin, attempt time.Duration, log *slog.Logger) *callbackClient {
	dialer := &net.Dialer{Timeout: 10 * time.Second, KeepAlive: 30 * time.Second}
	hc := &http.Client{
		Timeout: attempt,
		Transport: &http.Transport{
			Proxy:                 http.ProxyFromEnvironment,
			DialContext:           dialer.DialContext,
			TLSHandshakeTimeout:   10 * time.Second,
			ResponseHeaderTimeout: attempt,
			MaxIdleConns:          64,
			MaxIdleConnsPerHost:   32,
			IdleConnTimeout:       90 * time.Second,
			ForceAttemptHTTP2:     true,
		},
		// A callback carries the run's token: it is never redirected.
		CheckRedirect: func(*http.Request, []*http.Request) error {
			return errors.New("the platform redirected a callback: refused")
		},
	}
	return &callbackClient{origin: o, http: hc, log: log}
}

// get returns the go-tfe client, building it on first use.
func (c *callbackClient) get() (*tfe.Client, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.client != nil {
		return c.client, nil
	}
	cl, err := tfe.NewClient(&tfe.Config{
		Address:    c.origin.String(),
		Token:      clientPlaceholderToken,
		HTTPClient: c.http,
		// Retries with backoff on connection errors, 5xx and 429 (go-tfe's
		// own policy), bounded by the callback's deadline.
		RetryServerErrors: true,
		// Called before each retry's wait; attempt counts from 0.
		RetryLogHook: func(attempt int, resp *http.Response) {
			status := 0
			if resp != nil {
				status = resp.StatusCode
			}
			c.log.Warn("callback retry", "retry", attempt+1, "http_status", status)
		},
	})
	if err != nil {
		return nil, err
	}
	c.client = cl
	return cl, nil
}

// deliver sends the result to the task result callback URL (checked to be
// on the platform's origin when the request was accepted), retrying within
// Timeouts.Callback. It is called once per accepted request.
func (s *Server) deliver(j *job, opts tfe.TaskResultCallbackRequestOptions) {
	ctx := s.jobCtx
	if ctx.Err() != nil {
		// Shutting down past the grace period: one short, last try.
		ctx = context.Background()
	}
	ctx, cancel := context.WithTimeout(ctx, s.opts.Timeouts.Callback)
	defer cancel()
	start := time.Now()
	err := s.callback(ctx, j, opts)
	if err != nil {
		j.log.Error("callback failed", "error", err.Error(), "status", string(opts.Status),
			"callback_ms", time.Since(start).Milliseconds())
		return
	}
	j.log.Info("callback sent", "status", string(opts.Status), "callback_ms", time.Since(start).Milliseconds(),
		"total_ms", time.Since(j.accepted).Milliseconds())
}

func (s *Server) callback(ctx context.Context, j *job, opts tfe.TaskResultCallbackRequestOptions) error {
	u, err := s.onOrigin("task_result_callback_url", j.req.TaskResultCallbackURL)
	if err != nil {
		return err
	}
	// Building the client needs the platform; retry that with backoff too.
	backoff := 500 * time.Millisecond
	for {
		cl, err := s.callbacks.get()
		if err == nil {
			err = cl.RunTasksIntegration.Callback(ctx, u.String(), j.req.AccessToken, opts)
			if err != nil {
				return fmt.Errorf("the platform refused the result: %s", fetchError(err))
			}
			return nil
		}
		j.log.Warn("platform unreachable", "error", fetchError(err))
		select {
		case <-ctx.Done():
			return fmt.Errorf("platform unreachable: %s", fetchError(err))
		case <-time.After(backoff):
		}
		backoff = min(2*backoff, 15*time.Second)
	}
}
