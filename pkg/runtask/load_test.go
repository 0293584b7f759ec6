package runtask_test

import (
	"fmt"
	"math/rand/v2"
	"net/http"
	"os"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/tfemrcheck/tfemrcheck/pkg/runtask"
)

// TestServeLoad sends 200 concurrent signed run task requests to the built
// binary on loopback and checks that every one is answered and called back
// exactly once. Like the platform, the client retries a 503 after a pause.
// It runs only with TFEMRCHECK_LOAD_TEST=1 (it takes tens of seconds);
// TFEMRCHECK_LOAD_QUEUE sets --queue. The figures it logs are in
// docs/run-task.md.
func TestServeLoad(t *testing.T) {
	if os.Getenv("TFEMRCHECK_LOAD_TEST") != "1" {
		t.Skip("set TFEMRCHECK_LOAD_TEST=1 to run the load test")
	}
	const n = 200
	key := []byte("load-test-hmac-key")
	p := newPlatform(t, e2eToken)
	p.addPlan(t, "insecure", "../../examples/insecure/plan.json")
	p.addPlan(t, "compliant", "../../examples/compliant/plan.json")
	p.addArchive("cv", dirArchive(t, "../../examples/insecure", ""))
	var extra []string
	if q := os.Getenv("TFEMRCHECK_LOAD_QUEUE"); q != "" {
		extra = append(extra, "--queue", q)
	}
	svc := startService(t, p.srv.URL, key, extra...)

	requests := make([]map[string]any, n)
	for i := range requests {
		id := fmt.Sprintf("taskrs-load-%03d", i)
		switch i % 4 {
		case 0:
			requests[i] = p.request(runtask.StagePrePlan, id)
			requests[i]["configuration_version_download_url"] = p.srv.URL + "/api/v2/configuration-versions/cv/download"
		case 1:
			requests[i] = p.request(runtask.StagePostPlan, id)
			requests[i]["plan_json_api_url"] = p.srv.URL + "/api/v2/plans/compliant/json-output"
		default:
			requests[i] = p.request(runtask.StagePostPlan, id)
			requests[i]["plan_json_api_url"] = p.srv.URL + "/api/v2/plans/insecure/json-output"
		}
	}

	var busy atomic.Int64
	answered := make([]time.Duration, n)
	start := time.Now()
	var wg sync.WaitGroup
	release := make(chan struct{})
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-release
			for attempt := 0; ; attempt++ {
				code := svc.post(t, requests[i], key)
				if code == http.StatusOK {
					answered[i] = time.Since(start)
					return
				}
				if code != http.StatusServiceUnavailable || attempt > 200 {
					t.Errorf("request %d: HTTP %d", i, code)
					return
				}
				busy.Add(1)
				time.Sleep(time.Duration(200+rand.IntN(300)) * time.Millisecond)
			}
		}()
	}
	close(release)
	wg.Wait()
	allAnswered := time.Since(start)

	var last time.Duration
	for i := range n {
		id := fmt.Sprintf("taskrs-load-%03d", i)
		cb := p.waitCallback(t, id, 5*time.Minute)
		want := map[int]string{0: "failed", 1: "passed", 2: "failed", 3: "failed"}[i%4]
		if cb.Status != want {
			t.Errorf("%s: %s, want %s (%s)", id, cb.Status, want, cb.Message)
		}
	}
	last = time.Since(start)
	time.Sleep(500 * time.Millisecond) // room for a duplicate to show up
	total := 0
	for i := range n {
		id := fmt.Sprintf("taskrs-load-%03d", i)
		if c := len(p.callbacksFor(id)); c != 1 {
			t.Errorf("%s: %d callbacks, want exactly 1", id, c)
		}
		total += len(p.callbacksFor(id))
	}
	peak := peakRSS(svc.cmd.Process.Pid)
	svc.stop(t)

	slices.Sort(answered)
	t.Logf("%d requests (%d pre_plan, %d post_plan): %d answered 200, %d answers 503 retried; %d callbacks",
		n, n/4, n-n/4, n, busy.Load(), total)
	t.Logf("all answered %.2fs after the start (answer p50 %s, p95 %s); all called back after %.2fs (%.1f runs/s); service peak RSS %s",
		allAnswered.Seconds(), answered[n/2].Round(time.Millisecond), answered[n*95/100].Round(time.Millisecond),
		last.Seconds(), float64(n)/last.Seconds(), peak)
}

// peakRSS reads a process's peak resident set size from /proc (Linux).
func peakRSS(pid int) string {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return "unknown"
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			return strings.TrimSpace(v)
		}
	}
	return "unknown"
}
