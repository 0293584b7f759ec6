package runtask

import (
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"time"

	tfe "github.com/hashicorp/go-tfe"
)

// SignatureHeader carries the hex HMAC-SHA512 of the request body.
const SignatureHeader = "X-TFC-Task-Signature"

// VerificationToken is the access token of the request the platform sends
// when a run task is created or updated, to check that the URL answers
// (its stage is "test"). It is answered 200 and never called back.
const VerificationToken = "verification-token"

// Run stages of the Run Tasks Integration API.
const (
	StagePrePlan   = "pre_plan"
	StagePostPlan  = "post_plan"
	StagePreApply  = "pre_apply"
	StagePostApply = "post_apply"
	// StageTest is the stage of the verification request.
	StageTest = "test"
)

// job is one accepted run task request.
type job struct {
	req tfe.RunTaskRequest
	// outcomes is whether the platform accepts detailed outcomes.
	outcomes bool
	accepted time.Time
	log      *slog.Logger
}

// requestCapabilities reads the capabilities object under both spellings:
// go-tfe's RunTaskRequest decodes the historical "capabilitites", the
// current documentation spells it "capabilities".
type requestCapabilities struct {
	Capabilities *struct {
		Outcomes bool `json:"outcomes"`
	} `json:"capabilities"`
}

// Handler serves POST (a run task request, on any path) and GET /healthz.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", s.healthz)
	mux.HandleFunc("POST /", s.runTask)
	return mux
}

func (s *Server) healthz(w http.ResponseWriter, _ *http.Request) {
	s.mu.RLock()
	closed := s.closed
	s.mu.RUnlock()
	w.Header().Set("Content-Type", "application/json")
	if closed {
		w.WriteHeader(http.StatusServiceUnavailable)
		io.WriteString(w, `{"status":"shutting down"}`+"\n")
		return
	}
	io.WriteString(w, `{"status":"ok"}`+"\n")
}

// runTask verifies, decodes and queues one request. It answers before any
// outbound call: 200 when the request is queued (or is the verification
// request), 401 on a bad signature, 400 when no callback is possible, 413
// when the body is too large, 503 when the queue is full.
func (s *Server) runTask(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, s.opts.Limits.RequestBytes))
	if err != nil {
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			s.log.Warn("request refused: body too large", "limit_bytes", s.opts.Limits.RequestBytes)
			http.Error(w, "request body too large", http.StatusRequestEntityTooLarge)
			return
		}
		http.Error(w, "cannot read request body", http.StatusBadRequest)
		return
	}
	if len(s.opts.HMACKeys) > 0 && !s.signed(body, r.Header.Get(SignatureHeader)) {
		s.log.Warn("request refused: missing or invalid signature", "remote", r.RemoteAddr)
		http.Error(w, "invalid signature", http.StatusUnauthorized)
		return
	}
	var req tfe.RunTaskRequest
	var caps requestCapabilities
	if err := json.Unmarshal(body, &req); err != nil {
		s.log.Warn("request refused: not a run task request", "remote", r.RemoteAddr)
		http.Error(w, "not a run task request", http.StatusBadRequest)
		return
	}
	_ = json.Unmarshal(body, &caps) // the same text decoded once already
	log := s.log.With("run_id", req.RunID, "task_result_id", req.TaskResultID, "stage", req.Stage,
		"organization", req.OrganizationName, "workspace", req.WorkspaceName)

	if req.Stage == StageTest || req.AccessToken == VerificationToken {
		log.Info("verification request answered")
		w.WriteHeader(http.StatusOK)
		return
	}
	if req.AccessToken == "" {
		log.Warn("request refused: no access token, so no callback is possible")
		http.Error(w, "no access_token", http.StatusBadRequest)
		return
	}
	if _, err := s.onOrigin("task_result_callback_url", req.TaskResultCallbackURL); err != nil {
		// Calling anything outside the platform would hand its token to a
		// stranger: the result cannot be delivered, so it is only logged.
		log.Error("request refused: result cannot be delivered", "reason", err.Error())
		http.Error(w, "task_result_callback_url refused", http.StatusBadRequest)
		return
	}
	j := &job{
		req:      req,
		outcomes: req.Capabilitites.Outcomes || (caps.Capabilities != nil && caps.Capabilities.Outcomes),
		accepted: time.Now(),
		log:      log,
	}
	if !s.claim(j) {
		log.Info("request already being checked: answered, not queued again")
		w.WriteHeader(http.StatusOK)
		return
	}
	if !s.enqueue(j) {
		s.release(j)
		log.Warn("request refused: queue full", "queue", s.opts.Queue)
		w.Header().Set("Retry-After", "5")
		http.Error(w, "busy, retry later", http.StatusServiceUnavailable)
		return
	}
	log.Info("request accepted")
	w.WriteHeader(http.StatusOK)
}

// signed reports whether header signs body under one of the keys.
func (s *Server) signed(body []byte, header string) bool {
	ok := false
	for _, k := range s.opts.HMACKeys {
		// Every key is tried, so the time taken does not tell which matched.
		ok = ValidSignature(k, body, header) || ok
	}
	return ok
}

// claim marks j's task result as in flight; false when it already is.
func (s *Server) claim(j *job) bool {
	s.inflightMu.Lock()
	defer s.inflightMu.Unlock()
	if s.inflight[j.req.TaskResultCallbackURL] {
		return false
	}
	s.inflight[j.req.TaskResultCallbackURL] = true
	return true
}

// release ends what claim started.
func (s *Server) release(j *job) {
	s.inflightMu.Lock()
	defer s.inflightMu.Unlock()
	delete(s.inflight, j.req.TaskResultCallbackURL)
}

// enqueue queues j without waiting; false when the queue is full or the
// server is shutting down.
func (s *Server) enqueue(j *job) bool {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if s.closed {
		return false
	}
	select {
	case s.queue <- j:
		return true
	default:
		return false
	}
}
