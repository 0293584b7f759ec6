package runtask

import (
	"context"
	"fmt"
	"time"
)

// start launches the workers. Each takes jobs from the queue until it is
// closed and drained.
func (s *Server) start() {
	for range s.opts.Workers {
		s.workers.Add(1)
		go func() {
			defer s.workers.Done()
			for j := range s.queue {
				s.process(j)
			}
		}()
	}
}

// Shutdown stops queueing new requests and waits until every accepted
// request has been checked and called back. When ctx ends first, the work
// still running is aborted (downloads and callbacks see a cancelled
// context) and Shutdown waits for the workers to notice.
func (s *Server) Shutdown(ctx context.Context) error {
	s.mu.Lock()
	if !s.closed {
		s.closed = true
		close(s.queue)
	}
	s.mu.Unlock()
	done := make(chan struct{})
	go func() {
		s.workers.Wait()
		close(done)
	}()
	select {
	case <-done:
		return nil
	case <-ctx.Done():
	}
	pending := len(s.queue)
	s.cancelJob()
	// Aborted jobs still try to report (with a short deadline of their
	// own); wait for them, but not forever.
	select {
	case <-done:
	case <-time.After(s.opts.Timeouts.Attempt + 5*time.Second):
	}
	return fmt.Errorf("grace period over: aborted the running checks, %d queued request(s) reported failed", pending)
}

// process runs one job to its callback. It never panics out: a panic in
// the check is reported as a failed task.
func (s *Server) process(j *job) {
	start := time.Now()
	j.log.Info("check started", "queued_ms", start.Sub(j.accepted).Milliseconds())
	var res *result
	if err := s.jobCtx.Err(); err != nil {
		res = s.failure("the service shut down before this run could be checked")
	} else {
		res = s.evaluate(s.jobCtx, j)
	}
	opts := s.callbackBody(j, res)
	j.log.Info("check finished", "status", string(opts.Status), "findings", len(res.report.Findings),
		"errors", len(res.report.Errors), "outcomes", len(opts.Outcomes), "check_ms", time.Since(start).Milliseconds())
	s.deliver(j, opts)
	s.release(j)
	if res.wait != nil {
		res.wait()
	}
}
