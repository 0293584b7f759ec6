package runtask

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"testing/iotest"

	tfe "github.com/hashicorp/go-tfe"

	"github.com/tfemrcheck/tfemrcheck/pkg/rules"
)

func newTestServer(t *testing.T, opts Options) *Server {
	t.Helper()
	if opts.TFEAddress == "" {
		opts.TFEAddress = "https://tfe.example.com"
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	if len(opts.HMACKeys) == 0 {
		// Tests of everything but request verification.
		opts.AllowUnsigned = true
	}
	s, err := New(opts)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func validRequest() []byte {
	b, _ := json.Marshal(map[string]any{
		"payload_version": 1, "stage": "post_plan", "access_token": "token-0123456789",
		"task_result_id": "taskrs-1", "run_id": "run-1",
		"task_result_callback_url": "https://tfe.example.com/api/v2/task-results/1/callback",
		"plan_json_api_url":        "https://tfe.example.com/api/v2/plans/plan-1/json-output",
	})
	return b
}

func post(s *Server, body []byte, sig string) int {
	req := httptest.NewRequest(http.MethodPost, "/", bytes.NewReader(body))
	if sig != "" {
		req.Header.Set(SignatureHeader, sig)
	}
	rec := httptest.NewRecorder()
	s.Handler().ServeHTTP(rec, req)
	return rec.Code
}

func TestSignature(t *testing.T) {
	key, body := []byte("k"), []byte(`{"a":1}`)
	sig := Sign(key, body)
	if !ValidSignature(key, body, sig) || !ValidSignature(key, body, strings.ToUpper(sig)) {
		t.Fatal("own signature refused")
	}
	for name, h := range map[string]string{
		"empty": "", "other key": Sign([]byte("j"), body), "other body": Sign(key, []byte(`{"a":2}`)),
		"not hex": strings.Repeat("z", 128), "truncated": sig[:64], "sha256 length": sig[:64],
	} {
		if ValidSignature(key, body, h) {
			t.Errorf("%s: accepted", name)
		}
	}
}

// The server's answers, before any outbound call: nothing is queued unless
// the answer is 200.
func TestHandlerAnswers(t *testing.T) {
	key := []byte("secret-key")
	s := newTestServer(t, Options{HMACKeys: [][]byte{[]byte("old-key"), key}, Workers: 1, Queue: 1})
	body := validRequest()
	if code := post(s, body, ""); code != http.StatusUnauthorized {
		t.Errorf("unsigned: %d, want 401", code)
	}
	if code := post(s, body, Sign([]byte("other"), body)); code != http.StatusUnauthorized {
		t.Errorf("wrongly signed: %d, want 401", code)
	}
	if len(s.queue) != 0 {
		t.Fatal("a refused request was queued")
	}
	// During a rotation, the previous key is still accepted.
	if code := post(s, body, Sign([]byte("old-key"), body)); code != http.StatusOK {
		t.Errorf("signed with the previous key: %d, want 200", code)
	}
	s.release(<-s.queue)
	if len(s.queue) != 0 {
		t.Fatal("a refused request was queued")
	}
	big := append([]byte(`{"x":"`), bytes.Repeat([]byte("a"), int(DefaultLimits().RequestBytes))...)
	if code := post(s, big, Sign(key, big)); code != http.StatusRequestEntityTooLarge {
		t.Errorf("oversized: %d, want 413", code)
	}
	if code := post(s, []byte("not json"), Sign(key, []byte("not json"))); code != http.StatusBadRequest {
		t.Errorf("not JSON: %d, want 400", code)
	}
	var m map[string]any
	json.Unmarshal(body, &m)
	m["task_result_callback_url"] = "https://evil.example.com/api/v2/task-results/1/callback"
	foreign, _ := json.Marshal(m)
	if code := post(s, foreign, Sign(key, foreign)); code != http.StatusBadRequest {
		t.Errorf("foreign callback: %d, want 400", code)
	}
	m["stage"], m["access_token"] = "test", "verification-token"
	verify, _ := json.Marshal(m)
	if code := post(s, verify, Sign(key, verify)); code != http.StatusOK {
		t.Errorf("verification: %d, want 200", code)
	}
	if len(s.queue) != 0 {
		t.Fatal("the verification request was queued")
	}
	// The workers are not started: the first request fills the queue of
	// one; the same request again is answered without being queued twice;
	// another finds the queue full.
	if code := post(s, body, Sign(key, body)); code != http.StatusOK {
		t.Errorf("valid: %d, want 200", code)
	}
	if code := post(s, body, Sign(key, body)); code != http.StatusOK || len(s.queue) != 1 {
		t.Errorf("sent again while queued: %d with %d queued, want 200 with 1", code, len(s.queue))
	}
	json.Unmarshal(body, &m)
	m["task_result_callback_url"] = "https://tfe.example.com/api/v2/task-results/2/callback"
	other, _ := json.Marshal(m)
	if code := post(s, other, Sign(key, other)); code != http.StatusServiceUnavailable {
		t.Errorf("queue full: %d, want 503", code)
	}
	j := <-s.queue
	s.release(j)
	if j.req.TaskResultID != "taskrs-1" || j.req.AccessToken != "token-0123456789" {
		t.Errorf("queued %+v", j.req)
	}
	s.Shutdown(context.Background())
	if code := post(s, body, Sign(key, body)); code != http.StatusServiceUnavailable {
		t.Errorf("after shutdown: %d, want 503", code)
	}
	rec := httptest.NewRecorder()
	s.Handler().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/healthz", nil))
	if rec.Code != http.StatusServiceUnavailable {
		t.Errorf("healthz while shutting down: %d, want 503", rec.Code)
	}
}

func TestOrigins(t *testing.T) {
	s := newTestServer(t, Options{TFEAddress: "https://TFE.example.com:443/some/path"})
	for _, ok := range []string{"https://tfe.example.com/api/v2/x", "https://tfe.example.com:443/x?y=1"} {
		if _, err := s.onOrigin("url", ok); err != nil {
			t.Errorf("%s refused: %v", ok, err)
		}
	}
	for _, bad := range []string{
		"", "/relative", "http://tfe.example.com/x", "https://tfe.example.com:8443/x",
		"https://tfe.example.com.evil.com/x", "https://user:pw@tfe.example.com/x", "ftp://tfe.example.com/x",
		"https://evil.com/?secret=abc",
	} {
		_, err := s.onOrigin("url", bad)
		if err == nil {
			t.Errorf("%q accepted", bad)
			continue
		}
		if strings.Contains(err.Error(), "secret=abc") || strings.Contains(err.Error(), "pw") {
			t.Errorf("the error repeats the URL's credentials: %v", err)
		}
	}
	// HCP Terraform's downloads are redirected to archivist; other
	// platforms allow no other origin unless configured.
	if hcp := newTestServer(t, Options{TFEAddress: DefaultTFEAddress}); len(hcp.downloads) != 1 || hcp.downloads[0].String() != DefaultHCPDownloadOrigin {
		t.Errorf("HCP Terraform download origins %v", hcp.downloads)
	}
	if len(s.downloads) != 0 {
		t.Errorf("Terraform Enterprise download origins %v, want none", s.downloads)
	}
	if _, err := New(Options{TFEAddress: "https://tfe.example.com", DownloadOrigins: []string{"http://plain.example.com"}}); err == nil {
		t.Error("an http download origin was accepted")
	}
}

func TestRedirectPolicy(t *testing.T) {
	s := newTestServer(t, Options{TFEAddress: "https://tfe.example.com", DownloadOrigins: []string{"https://archivist.example.com"}})
	redirect := func(to string) (*http.Request, error) {
		req := httptest.NewRequest(http.MethodGet, to, nil)
		req.Header.Set("Authorization", "Bearer token")
		return req, s.checkRedirect(req, []*http.Request{httptest.NewRequest(http.MethodGet, "https://tfe.example.com/a", nil)})
	}
	if req, err := redirect("https://tfe.example.com/b"); err != nil || req.Header.Get("Authorization") == "" {
		t.Errorf("same origin: %v (token kept: %v)", err, req.Header.Get("Authorization") != "")
	}
	if req, err := redirect("https://archivist.example.com/signed"); err != nil || req.Header.Get("Authorization") != "" {
		t.Errorf("download origin: %v (the token must be dropped: %q)", err, req.Header.Get("Authorization"))
	}
	if _, err := redirect("https://evil.example.com/"); err == nil {
		t.Error("redirect to another origin followed")
	}
	var via []*http.Request
	for range maxRedirects {
		via = append(via, httptest.NewRequest(http.MethodGet, "https://tfe.example.com/a", nil))
	}
	if err := s.checkRedirect(httptest.NewRequest(http.MethodGet, "https://tfe.example.com/b", nil), via); err == nil {
		t.Error("redirect loop followed")
	}
}

func TestLimitedBodyFailsRatherThanTruncates(t *testing.T) {
	read := func(body string, limit int64) (string, error) {
		b := &limitedBody{body: io.NopCloser(strings.NewReader(body)), left: limit, limit: limit, what: "plan JSON", cancel: func() {}}
		out, err := io.ReadAll(b)
		return string(out), err
	}
	if got, err := read("12345", 5); err != nil || got != "12345" {
		t.Errorf("exactly the limit: %q, %v", got, err)
	}
	if _, err := read("123456", 5); err == nil || !strings.Contains(err.Error(), "larger than the limit of 5 bytes") {
		t.Errorf("over the limit: %v", err)
	}
	b := &limitedBody{body: io.NopCloser(iotest.ErrReader(context.DeadlineExceeded)), left: 5, limit: 5, what: "plan JSON", cancel: func() {}}
	if _, err := io.ReadAll(b); err == nil || !strings.Contains(err.Error(), "reading the plan JSON: timed out") {
		t.Errorf("transport error: %v", err)
	}
}

func finding(id string, sev rules.Severity, st rules.Status, addr string) rules.Finding {
	return rules.Finding{RuleID: id, Title: "title of " + id, Severity: sev, Status: st, Address: addr, Message: "message of " + id, Remediation: "fix " + id}
}

func TestCallbackBody(t *testing.T) {
	s := newTestServer(t, Options{HMACKeys: [][]byte{[]byte("hmac-key-value")}})
	j := &job{outcomes: true}
	j.req.AccessToken = "run-token-value"
	rep := s.newReport()
	rep.Threshold = rules.High
	rep.Findings = []rules.Finding{
		finding("EMR-LOW-1", rules.Low, rules.Fail, "aws_emr_cluster.a"),
		finding("EMR-SUP-1", rules.Critical, rules.Fail, "aws_emr_cluster.b"),
		finding("EMR-IND-1", rules.High, rules.Indeterminate, "aws_emr_cluster.c"),
		finding("EMR-CRIT-1", rules.Critical, rules.Fail, "aws_emr_cluster.d"),
	}
	rep.Findings[1].Suppressed = &rules.Suppression{Kind: "policy", Reason: "accepted"}
	rep.Findings[3].Message = "leaks run-token-value and hmac-key-value <script>alert(1)</script> **bold**"
	opts := s.callbackBody(j, &result{report: rep})
	if opts.Status != tfe.TaskFailed {
		t.Errorf("status %s", opts.Status)
	}
	if want := "Failed: 1 finding(s) fail the gate; 4 in all: 2 fail, 1 indeterminate, 1 suppressed (2 CRITICAL, 1 HIGH, 1 LOW); threshold HIGH"; opts.Message != want {
		t.Errorf("message\n%q, want\n%q", opts.Message, want)
	}
	var ids []string
	for _, o := range opts.Outcomes {
		ids = append(ids, o.OutcomeID+"="+o.Tags["Status"][0].Label+"/"+o.Tags["Status"][0].Level)
	}
	want := "EMR-CRIT-1:aws_emr_cluster.d=Failed/error EMR-IND-1:aws_emr_cluster.c=Indeterminate/warning " +
		"EMR-LOW-1:aws_emr_cluster.a=Failed (below threshold)/warning EMR-SUP-1:aws_emr_cluster.b=Suppressed/info"
	if got := strings.Join(ids, " "); got != want {
		t.Errorf("outcomes\n%s, want\n%s", got, want)
	}
	body := opts.Outcomes[0].Body
	for _, leak := range []string{"run-token-value", "hmac-key-value", "<script>", "**bold**"} {
		if strings.Contains(body, leak) {
			t.Errorf("body holds %q:\n%s", leak, body)
		}
	}
	if !strings.Contains(body, "(redacted)") || !strings.Contains(body, "&lt;script&gt;") {
		t.Errorf("body not redacted and escaped:\n%s", body)
	}

	// Without the outcomes capability, the message alone.
	j.outcomes = false
	if o := s.callbackBody(j, &result{report: rep}); len(o.Outcomes) != 0 {
		t.Errorf("%d outcomes sent to a platform without the capability", len(o.Outcomes))
	}
}

func TestCallbackBodyFailsOnInputErrorsNeverPasses(t *testing.T) {
	s := newTestServer(t, Options{})
	res := s.failure("cannot fetch the plan JSON: the platform answered HTTP 404 Not Found")
	opts := s.callbackBody(&job{outcomes: true}, res)
	if opts.Status != tfe.TaskFailed || opts.Message != "Failed: not checked: cannot fetch the plan JSON: the platform answered HTTP 404 Not Found" {
		t.Errorf("status %s message %q", opts.Status, opts.Message)
	}
	if len(opts.Outcomes) != 1 || opts.Outcomes[0].OutcomeID != "input-error-1" {
		t.Errorf("outcomes %+v", opts.Outcomes)
	}
}

func TestCallbackBodyCapsOutcomes(t *testing.T) {
	s := newTestServer(t, Options{})
	for _, n := range []int{MaxOutcomes, MaxOutcomes + 1, 3 * MaxOutcomes} {
		rep := s.newReport()
		for i := range n {
			rep.Findings = append(rep.Findings, finding("EMR-X-1", rules.High, rules.Fail, "aws_emr_cluster.c"+strings.Repeat("x", i)))
		}
		// The most severe is shown first even when it comes last.
		rep.Findings[n-1].Severity, rep.Findings[n-1].RuleID = rules.Critical, "EMR-CRIT-1"
		opts := s.callbackBody(&job{outcomes: true}, &result{report: rep})
		if !strings.HasPrefix(opts.Outcomes[0].OutcomeID, "EMR-CRIT-1:") {
			t.Errorf("%d findings: first outcome %q, want the critical one", n, opts.Outcomes[0].OutcomeID)
		}
		if len(opts.Outcomes) != min(n, MaxOutcomes) {
			t.Fatalf("%d findings: %d outcomes", n, len(opts.Outcomes))
		}
		last := opts.Outcomes[len(opts.Outcomes)-1]
		if (n > MaxOutcomes) != (last.OutcomeID == "tfemrcheck-more") {
			t.Errorf("%d findings: last outcome %q", n, last.OutcomeID)
		}
		if n > MaxOutcomes && !strings.HasPrefix(last.Description, strconv.Itoa(n-MaxOutcomes+1)+" more result(s)") {
			t.Errorf("%d findings: closing outcome %q", n, last.Description)
		}
	}
}

func TestOneLineAndCut(t *testing.T) {
	if got := oneLine("a\n\x1b[31mb\t\tc \r\n", 100); got != "a [31mb c" {
		t.Errorf("oneLine: %q", got)
	}
	if got := cut("ééééé", 7); got != "éé…" {
		t.Errorf("cut: %q", got)
	}
	if got := mdCode("a`b"); strings.Contains(got, "`a") {
		t.Errorf("mdCode with a backtick: %q", got)
	}
}

// The report a failure builds fails the gate whatever the threshold.
func TestFailureFailsAtAnyThreshold(t *testing.T) {
	s := newTestServer(t, Options{Threshold: rules.Critical})
	if !s.failure("x").report.Summarize().Failed {
		t.Error("an input error passed")
	}
}

// TestNewRefusesNoKey: a server without an HMAC key would answer anyone;
// New refuses it unless unsigned requests are allowed by name.
func TestNewRefusesNoKey(t *testing.T) {
	_, err := New(Options{TFEAddress: "https://tfe.example.com"})
	if err == nil || !strings.Contains(err.Error(), "no HMAC key") {
		t.Fatalf("New without a key: %v, want an error", err)
	}
	_, err = New(Options{TFEAddress: "https://tfe.example.com", HMACKeys: [][]byte{}})
	if err == nil {
		t.Fatal("New with an empty key list: no error")
	}
	if _, err := New(Options{TFEAddress: "https://tfe.example.com", AllowUnsigned: true}); err != nil {
		t.Fatal(err)
	}
}

// TestStartWarnings: no key and an http:// platform are each warned
// about at start; a key and https:// give no warning.
func TestStartWarnings(t *testing.T) {
	safe := newTestServer(t, Options{TFEAddress: "https://tfe.example.com", HMACKeys: [][]byte{[]byte("k")}})
	if ws := safe.startWarnings(); len(ws) != 0 {
		t.Errorf("https with a key: %q, want no warning", ws)
	}
	plain := newTestServer(t, Options{TFEAddress: "http://tfe.example.com", HMACKeys: [][]byte{[]byte("k")}})
	if ws := plain.startWarnings(); len(ws) != 1 || !strings.Contains(ws[0], "http://tfe.example.com is plain http://") ||
		!strings.Contains(ws[0], "access token travels in clear") {
		t.Errorf("http: %q", ws)
	}
	unsigned := newTestServer(t, Options{TFEAddress: "https://tfe.example.com"})
	if ws := unsigned.startWarnings(); len(ws) != 1 || !strings.Contains(ws[0], "requests are NOT verified") {
		t.Errorf("no key: %q", ws)
	}
}
