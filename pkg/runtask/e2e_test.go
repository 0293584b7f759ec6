package runtask_test

import (
	"archive/tar"
	"errors"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/tfemrcheck/tfemrcheck/pkg/runtask"
)

const (
	e2eToken = "atlasv1.e2e-run-token-0123456789abcdef"
	e2eKey   = "e2e-hmac-key-which-must-never-appear"
	within   = 20 * time.Second
)

// findOutcome returns the outcome whose id starts with prefix.
func findOutcome(cb callback, prefix string) (outcomeAttrs, bool) {
	for _, o := range cb.Outcomes {
		if strings.HasPrefix(o.OutcomeID, prefix) {
			return o, true
		}
	}
	return outcomeAttrs{}, false
}

// TestServeEndToEnd runs the built binary as `tfemrcheck serve` against a
// stand-in platform and follows each kind of request to its callback.
func TestServeEndToEnd(t *testing.T) {
	p := newPlatform(t, e2eToken)
	foreign := newPlatform(t, e2eToken) // another origin: must never be contacted
	p.addPlan(t, "plan-insecure", "../../examples/insecure/plan.json")
	p.addPlan(t, "plan-compliant", "../../examples/compliant/plan.json")
	p.addPlan(t, "plan-ssec", "../../testdata/plans/sc001-sse-c/plan.json")
	foreign.addPlan(t, "plan-insecure", "../../examples/insecure/plan.json")
	p.addArchive("cv-insecure", dirArchive(t, "../../examples/insecure", ""))
	p.addArchive("cv-subdir", dirArchive(t, "../../examples/insecure", "infra/emr/"))
	p.addArchive("cv-symlink", targz(t, []tarEntry{
		{name: "main.tf", body: "# nothing\n"},
		{name: "secrets.tf", typeflag: tar.TypeSymlink, linkname: "/etc/passwd"},
	}))
	p.addArchive("cv-escape", targz(t, []tarEntry{{name: "../../escape.tf", body: "# out\n"}}))
	p.addArchive("cv-garbage", []byte("this is not a tar.gz archive"))
	mainTF, err := os.ReadFile("../../examples/insecure/main.tf")
	if err != nil {
		t.Fatal(err)
	}
	p.addArchive("cv-own-policy", targz(t, []tarEntry{
		{name: "main.tf", body: string(mainTF)},
		{name: ".tfemrcheck.hcl", body: "rule \"EMR-SC-001\" {\n  enabled = false\n}\nseverity_threshold = \"CRITICAL\"\n"},
	}))

	svc := startService(t, p.srv.URL, []byte(e2eKey), "--workers", "2", "--queue", "32")
	key := []byte(e2eKey)
	plan := func(id, planID string) map[string]any {
		r := p.request(runtask.StagePostPlan, id)
		r["plan_json_api_url"] = p.srv.URL + "/api/v2/plans/" + planID + "/json-output"
		return r
	}
	prePlan := func(id, cvID, wd string) map[string]any {
		r := p.request(runtask.StagePrePlan, id)
		r["configuration_version_id"] = cvID
		r["configuration_version_download_url"] = p.srv.URL + "/api/v2/configuration-versions/" + cvID + "/download"
		r["workspace_working_directory"] = wd
		return r
	}

	t.Run("healthz", func(t *testing.T) {
		resp, err := http.Get(svc.url + "/healthz")
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("GET /healthz: %d", resp.StatusCode)
		}
	})

	// Requests that are answered at once; their callbacks are awaited below.
	verification := p.request(runtask.StageTest, "taskrs-verify")
	verification["access_token"] = runtask.VerificationToken
	accepted := map[string]map[string]any{
		"taskrs-insecure":  plan("taskrs-insecure", "plan-insecure"),
		"taskrs-ssec":      plan("taskrs-ssec", "plan-ssec"),
		"taskrs-compliant": plan("taskrs-compliant", "plan-compliant"),
		"taskrs-preapply":  plan("taskrs-preapply", "plan-compliant"),
		"taskrs-missing":   plan("taskrs-missing", "plan-does-not-exist"),
		"taskrs-foreign":   plan("taskrs-foreign", "plan-insecure"),
		"taskrs-redirect":  plan("taskrs-redirect", "plan-insecure"),
		"taskrs-preplan":   prePlan("taskrs-preplan", "cv-insecure", ""),
		"taskrs-subdir":    prePlan("taskrs-subdir", "cv-subdir", "/infra/emr"),
		"taskrs-policy":    prePlan("taskrs-policy", "cv-own-policy", ""),
		"taskrs-symlink":   prePlan("taskrs-symlink", "cv-symlink", ""),
		"taskrs-escape":    prePlan("taskrs-escape", "cv-escape", ""),
		"taskrs-garbage":   prePlan("taskrs-garbage", "cv-garbage", ""),
		"taskrs-wd-out":    prePlan("taskrs-wd-out", "cv-insecure", "../../etc"),
		"taskrs-stage":     p.request("post_destroy", "taskrs-stage"),
		"taskrs-retry":     plan("taskrs-retry", "plan-compliant"),
	}
	p.failFirst["taskrs-retry"] = 1 // the platform answers the first callback 503
	accepted["taskrs-preapply"]["stage"] = runtask.StagePreApply
	accepted["taskrs-foreign"]["plan_json_api_url"] = foreign.srv.URL + "/api/v2/plans/plan-insecure/json-output"
	accepted["taskrs-redirect"]["plan_json_api_url"] = p.srv.URL + "/api/v2/plans/x/redirect/" +
		strings.TrimPrefix(foreign.srv.URL, "http://") + "/api/v2/plans/plan-insecure/json-output"
	delete(accepted["taskrs-preplan"], "plan_json_api_url")

	if code := svc.post(t, verification, key); code != http.StatusOK {
		t.Fatalf("verification request: %d, want 200", code)
	}
	for id, body := range accepted {
		if code := svc.post(t, body, key); code != http.StatusOK {
			t.Fatalf("%s: %d, want 200", id, code)
		}
	}
	// Refused at once, with nothing else happening.
	badSig := plan("taskrs-badsig", "plan-insecure")
	if code := svc.post(t, badSig, []byte("not the key")); code != http.StatusUnauthorized {
		t.Errorf("bad signature: %d, want 401", code)
	}
	noSig := plan("taskrs-nosig", "plan-insecure")
	if code := svc.post(t, noSig, nil); code != http.StatusUnauthorized {
		t.Errorf("missing signature: %d, want 401", code)
	}
	foreignCB := plan("taskrs-foreign-cb", "plan-insecure")
	foreignCB["task_result_callback_url"] = foreign.srv.URL + "/api/v2/task-results/taskrs-foreign-cb/callback"
	if code := svc.post(t, foreignCB, key); code != http.StatusBadRequest {
		t.Errorf("callback URL outside --tfe-address: %d, want 400", code)
	}

	t.Run("post_plan SSE-C plan fails naming EMR-SC-001 and the address", func(t *testing.T) {
		cb := p.waitCallback(t, "taskrs-ssec", within)
		if cb.Status != "failed" {
			t.Fatalf("status %q, want failed (message %q)", cb.Status, cb.Message)
		}
		o, ok := findOutcome(cb, "EMR-SC-001:aws_emr_security_configuration.")
		if !ok {
			t.Fatalf("no EMR-SC-001 outcome in %+v", cb.Outcomes)
		}
		if !strings.Contains(o.Body, "SSE-C") || !strings.Contains(o.Description, "aws_emr_security_configuration.") {
			t.Errorf("outcome does not explain the finding: %+v", o)
		}
		if got := o.Tags["Severity"]; len(got) != 1 || got[0].Label != "CRITICAL" || got[0].Level != "error" {
			t.Errorf("Severity tag %+v, want CRITICAL/error", got)
		}
		if got := o.Tags["Status"]; len(got) != 1 || got[0].Label != "Failed" || got[0].Level != "error" {
			t.Errorf("Status tag %+v, want Failed/error", got)
		}
		if cb.ContentType != "application/vnd.api+json" {
			t.Errorf("callback Content-Type %q", cb.ContentType)
		}
	})

	t.Run("post_plan with more findings than the platform shows is capped", func(t *testing.T) {
		cb := p.waitCallback(t, "taskrs-insecure", within)
		if cb.Status != "failed" || !strings.HasPrefix(cb.Message, "Failed: 10 finding(s) fail the gate") {
			t.Fatalf("status %q message %q", cb.Status, cb.Message)
		}
		if len(cb.Outcomes) != runtask.MaxOutcomes {
			t.Fatalf("%d outcomes, want %d", len(cb.Outcomes), runtask.MaxOutcomes)
		}
		if _, ok := findOutcome(cb, "EMR-SC-001:aws_emr_security_configuration.legacy"); !ok {
			t.Errorf("no EMR-SC-001 outcome for aws_emr_security_configuration.legacy")
		}
		last := cb.Outcomes[len(cb.Outcomes)-1]
		if last.OutcomeID != "tfemrcheck-more" || !strings.HasPrefix(last.Description, "4 more result(s) not shown") {
			t.Errorf("closing outcome %+v", last)
		}
	})

	t.Run("compliant plan passes", func(t *testing.T) {
		for _, id := range []string{"taskrs-compliant", "taskrs-preapply", "taskrs-retry"} {
			cb := p.waitCallback(t, id, within)
			if cb.Status != "passed" || !strings.HasPrefix(cb.Message, "Passed: 0 finding(s)") {
				t.Errorf("%s: status %q message %q", id, cb.Status, cb.Message)
			}
		}
	})

	t.Run("pre_plan is checked from the configuration archive", func(t *testing.T) {
		for _, id := range []string{"taskrs-preplan", "taskrs-subdir", "taskrs-policy"} {
			cb := p.waitCallback(t, id, within)
			if cb.Status != "failed" {
				t.Fatalf("%s: status %q message %q", id, cb.Status, cb.Message)
			}
			o, ok := findOutcome(cb, "EMR-SC-001:aws_emr_security_configuration.legacy")
			if !ok {
				t.Fatalf("%s: no EMR-SC-001 outcome in %+v", id, cb.Outcomes)
			}
			// Source mode adds the location, relative to the configuration.
			if !strings.Contains(o.Body, "Location: `main.tf:") && !strings.Contains(o.Body, "Location: `infra/emr/main.tf:") {
				t.Errorf("%s: no source location in %q", id, o.Body)
			}
			if strings.Contains(o.Body, "tfemrcheck-cv-") {
				t.Errorf("%s: the service's temporary directory leaks into %q", id, o.Body)
			}
		}
	})

	t.Run("a policy file in the configuration is not read, and says so", func(t *testing.T) {
		cb := p.waitCallback(t, "taskrs-policy", within)
		if !strings.Contains(cb.Message, "Failed: 10 finding(s) fail the gate") {
			t.Errorf("the configuration's own policy changed the result: %q", cb.Message)
		}
		// The note is past the cap here; the message counts every finding.
		if !strings.Contains(cb.Message, "13 in all") {
			t.Errorf("message %q", cb.Message)
		}
	})

	t.Run("unreadable input fails with the reason", func(t *testing.T) {
		cases := map[string]string{
			"taskrs-missing":  "cannot fetch the plan JSON: the platform answered HTTP 404",
			"taskrs-foreign":  "plan_json_api_url is on " + foreign.srv.URL + ", not on the platform address " + p.srv.URL + ": refused",
			"taskrs-redirect": "redirected to " + foreign.srv.URL + ", which is neither the platform address nor an allowed download origin: refused",
			"taskrs-symlink":  `archive entry "secrets.tf" is a symbolic link, not a regular file or directory: refused`,
			"taskrs-escape":   `archive entry "../../escape.tf" leaves the configuration directory: refused`,
			"taskrs-garbage":  "configuration version: not a gzip-compressed archive",
			"taskrs-wd-out":   `workspace_working_directory "../../etc" leaves the configuration: refused`,
			"taskrs-stage":    `run stage "post_destroy" is not supported`,
		}
		for id, want := range cases {
			cb := p.waitCallback(t, id, within)
			if cb.Status != "failed" {
				t.Errorf("%s: status %q, want failed", id, cb.Status)
			}
			if !strings.Contains(cb.Message, want) {
				t.Errorf("%s: message %q does not say %q", id, cb.Message, want)
			}
			if o, ok := findOutcome(cb, "input-error-1"); !ok || o.Tags["Status"][0].Level != "error" {
				t.Errorf("%s: no input error outcome in %+v", id, cb.Outcomes)
			}
		}
	})

	// Every accepted request has been called back once by now; the refused
	// ones and the verification request never are.
	t.Run("exactly one callback per accepted request, none otherwise", func(t *testing.T) {
		for id := range accepted {
			p.waitCallback(t, id, within)
		}
		time.Sleep(200 * time.Millisecond)
		for id := range accepted {
			if n := len(p.callbacksFor(id)); n != 1 {
				t.Errorf("%s: %d callbacks, want 1", id, n)
			}
		}
		for _, id := range []string{"taskrs-verify", "taskrs-badsig", "taskrs-nosig", "taskrs-foreign-cb"} {
			if n := len(p.callbacksFor(id)); n != 0 {
				t.Errorf("%s: %d callbacks, want none", id, n)
			}
		}
		if n := foreign.downloads.Load(); n != 0 {
			t.Errorf("the service fetched from an origin outside --tfe-address %d time(s)", n)
		}
		if n := len(foreign.callbacksFor("taskrs-foreign-cb")); n != 0 {
			t.Errorf("the service called back outside --tfe-address")
		}
	})

	t.Run("graceful shutdown finishes accepted work", func(t *testing.T) {
		p.addPlan(t, "plan-slow", "../../examples/insecure/plan.json")
		p.mu.Lock()
		p.slow["plan-slow"] = 700 * time.Millisecond
		p.mu.Unlock()
		if code := svc.post(t, plan("taskrs-slow", "plan-slow"), key); code != http.StatusOK {
			t.Fatalf("slow request: %d", code)
		}
		time.Sleep(100 * time.Millisecond)
		svc.stop(t)
		if cbs := p.callbacksFor("taskrs-slow"); len(cbs) != 1 || cbs[0].Status != "failed" {
			t.Fatalf("request accepted before SIGTERM: callbacks %+v, want one failed", cbs)
		}
	})

	t.Run("logs carry ids, never the token, the key or a plan value", func(t *testing.T) {
		log := svc.rawLog()
		for _, secret := range []string{e2eToken, e2eKey, "SSE-C", "emr-5.23.0"} {
			if strings.Contains(log, secret) {
				t.Errorf("the log holds %q", secret)
			}
		}
		if !svc.logsContain(`"msg":"callback retry"`) {
			t.Errorf("the callback answered 503 was not logged as retried")
		}
		if !svc.logsContain(`"task_result_id":"taskrs-insecure"`) || !svc.logsContain(`"run_id":"run-taskrs-insecure"`) {
			t.Errorf("the log does not name the run and task result:\n%s", log)
		}
	})
}

// TestServeHMACKeyFile: the key file holds one key a line, and during a
// rotation both keys are accepted; a key is never taken from a flag, and
// a key both in the environment and in a file is ambiguous.
func TestServeHMACKeyFile(t *testing.T) {
	p := newPlatform(t, e2eToken)
	file := filepath.Join(t.TempDir(), "hmac")
	if err := os.WriteFile(file, []byte("old-key\r\nnew-key\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	svc := startService(t, p.srv.URL, nil, "--hmac-key-file", file)
	verify := p.request(runtask.StageTest, "taskrs-verify")
	verify["access_token"] = runtask.VerificationToken
	for key, want := range map[string]int{"old-key": 200, "new-key": 200, "old-key\r": 401, "other": 401} {
		if code := svc.post(t, verify, []byte(key)); code != want {
			t.Errorf("signed with %q: %d, want %d", key, code, want)
		}
	}
	svc.stop(t)

	for name, c := range map[string]struct {
		args []string
		env  string
		want string
	}{
		"key as a flag":  {[]string{"serve", "--hmac-key=abc"}, "", "the HMAC key is never taken from a flag"},
		"key as a flag2": {[]string{"serve", "-hmac-key", "abc"}, "", "the HMAC key is never taken from a flag"},
		"env and file":   {[]string{"serve", "--hmac-key-file", file}, "TFEMRCHECK_HMAC_KEY=k", "both TFEMRCHECK_HMAC_KEY and --hmac-key-file are set"},
		"missing file":   {[]string{"serve", "--hmac-key-file", file + ".missing"}, "", "--hmac-key-file: no such file"},
		"bad address":    {[]string{"serve", "--tfe-address", "ftp://x"}, "TFEMRCHECK_HMAC_KEY=k", "tfe address: not an http or https URL"},
		"no key":         {[]string{"serve"}, "", "no HMAC key: set TFEMRCHECK_HMAC_KEY or --hmac-key-file"},
		"empty key":      {[]string{"serve"}, "TFEMRCHECK_HMAC_KEY=", "TFEMRCHECK_HMAC_KEY is set but empty (is the secret missing?)"},
		"insecure + key": {[]string{"serve", "--insecure-no-signature"}, "TFEMRCHECK_HMAC_KEY=k", "--insecure-no-signature starts without a key, but a key is given"},
	} {
		cmd := exec.Command(binary(t), c.args...)
		cmd.Env = []string{c.env}
		out, err := cmd.CombinedOutput()
		var ee *exec.ExitError
		if !errors.As(err, &ee) || ee.ExitCode() != 2 || !strings.Contains(string(out), c.want) {
			t.Errorf("%s: %v\n%s", name, err, out)
		}
	}
}

// TestServeInsecureNoSignature: without a key, serve starts only with
// --insecure-no-signature, says loudly that requests are not verified,
// and answers an unsigned request; an http:// platform address is warned
// about (the run's token travels in clear), and so is no key.
func TestServeInsecureNoSignature(t *testing.T) {
	p := newPlatform(t, e2eToken)
	svc := startService(t, p.srv.URL, nil, "--insecure-no-signature")
	verify := p.request(runtask.StageTest, "taskrs-verify")
	verify["access_token"] = runtask.VerificationToken
	if code := svc.post(t, verify, nil); code != http.StatusOK {
		t.Errorf("unsigned request with --insecure-no-signature: %d, want 200", code)
	}
	svc.stop(t)
	log := svc.rawLog()
	for _, want := range []string{
		`"level":"WARN","msg":"INSECURE: no HMAC key (--insecure-no-signature): run task requests are NOT verified`,
		`"level":"WARN","msg":"INSECURE: the platform address ` + p.srv.URL + ` is plain http://: each run's access token travels in clear`,
	} {
		if !strings.Contains(log, want) {
			t.Errorf("the log lacks %s\n%s", want, log)
		}
	}
}
