package runtask

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"time"
)

// maxRedirects bounds the redirects one download may follow.
const maxRedirects = 3

// newFetchClient is the HTTP client for downloads. The plan JSON and the
// configuration version are fetched with net/http rather than go-tfe's
// Plans.ReadJSONOutput and ConfigurationVersions.Download: those read the
// whole body into memory without a limit and take an ID rather than the
// URL the platform sent, so neither the size limit nor the origin check
// could be applied.
func (s *Server) newFetchClient() *http.Client {
	dialer := &net.Dialer{Timeout: 10 * time.Second, KeepAlive: 30 * time.Second}
	transport := &http.Transport{
		Proxy:                 http.ProxyFromEnvironment,
		DialContext:           dialer.DialContext,
		TLSHandshakeTimeout:   10 * time.Second,
		ResponseHeaderTimeout: 30 * time.Second,
		ExpectContinueTimeout: time.Second,
		MaxIdleConns:          64,
		MaxIdleConnsPerHost:   16,
		IdleConnTimeout:       90 * time.Second,
		ForceAttemptHTTP2:     true,
	}
	return &http.Client{Transport: transport, CheckRedirect: s.checkRedirect}
}

// checkRedirect follows a download's redirect only to the platform's
// origin, or (over https) to a configured download origin, and never sends
// the bearer token anywhere but the platform.
func (s *Server) checkRedirect(req *http.Request, via []*http.Request) error {
	if len(via) >= maxRedirects {
		return fmt.Errorf("more than %d redirects", maxRedirects)
	}
	o, err := originOf(req.URL)
	if err != nil {
		return fmt.Errorf("redirected to an unusable URL: %v", err)
	}
	if o == s.origin {
		return nil
	}
	for _, d := range s.downloads {
		if o == d {
			req.Header.Del("Authorization")
			return nil
		}
	}
	return fmt.Errorf("redirected to %s, which is neither the platform address nor an allowed download origin: refused", o)
}

// download GETs u with the run's token and returns the body, which fails
// with an error past limit bytes. The whole exchange, body included, must
// end within Timeouts.Fetch. Errors name what was fetched and why it
// failed, never the URL's path or query nor the token.
func (s *Server) download(ctx context.Context, u *url.URL, token string, limit int64, what string) (io.ReadCloser, error) {
	ctx, cancel := context.WithTimeout(ctx, s.opts.Timeouts.Fetch)
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		cancel()
		return nil, fmt.Errorf("cannot fetch the %s: %v", what, err)
	}
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("User-Agent", "tfemrcheck-run-task")
	resp, err := s.fetch.Do(req)
	if err != nil {
		cancel()
		return nil, fmt.Errorf("cannot fetch the %s: %s", what, fetchError(err))
	}
	if resp.StatusCode != http.StatusOK {
		resp.Body.Close()
		cancel()
		return nil, fmt.Errorf("cannot fetch the %s: the platform answered HTTP %d %s", what, resp.StatusCode, http.StatusText(resp.StatusCode))
	}
	if resp.ContentLength > limit {
		resp.Body.Close()
		cancel()
		return nil, fmt.Errorf("the %s is %d bytes, more than the limit of %d", what, resp.ContentLength, limit)
	}
	return &limitedBody{body: resp.Body, left: limit, limit: limit, what: what, cancel: cancel}, nil
}

// fetchError describes a transport error without the URL (url.Error
// prints it whole, query included).
func fetchError(err error) string {
	var ue *url.Error
	if errors.As(err, &ue) {
		err = ue.Err
	}
	switch {
	case errors.Is(err, context.DeadlineExceeded):
		return "timed out"
	case errors.Is(err, context.Canceled):
		return "cancelled"
	}
	return err.Error()
}

// limitedBody reads a response body and fails, rather than truncating,
// when it is longer than limit: a cut plan must never look complete.
type limitedBody struct {
	body   io.ReadCloser
	left   int64
	limit  int64
	what   string
	cancel context.CancelFunc
}

func (b *limitedBody) Read(p []byte) (int, error) {
	if b.left <= 0 {
		// One byte more tells a body of exactly limit bytes from a longer one.
		var one [1]byte
		n, err := b.body.Read(one[:])
		if n > 0 {
			return 0, fmt.Errorf("the %s is larger than the limit of %d bytes", b.what, b.limit)
		}
		return 0, err
	}
	if int64(len(p)) > b.left {
		p = p[:b.left]
	}
	n, err := b.body.Read(p)
	b.left -= int64(n)
	if err != nil && !errors.Is(err, io.EOF) {
		err = fmt.Errorf("reading the %s: %s", b.what, fetchError(err))
	}
	return n, err
}

func (b *limitedBody) Close() error {
	err := b.body.Close()
	b.cancel()
	return err
}
