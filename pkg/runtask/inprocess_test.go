package runtask_test

import (
	"context"
	"io"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/tfemrcheck/tfemrcheck/pkg/runtask"
)

// A check that overruns its time is reported failed, in time, and the
// server still shuts down cleanly once it ends.
func TestCheckTimeoutFails(t *testing.T) {
	p := newPlatform(t, e2eToken)
	p.addPlan(t, "slow", "../../examples/insecure/plan.json")
	p.slow["slow"] = 400 * time.Millisecond
	srv, err := runtask.New(runtask.Options{
		TFEAddress: p.srv.URL, HMACKeys: [][]byte{[]byte(e2eKey)}, Workers: 1,
		Timeouts: runtask.Timeouts{Check: 50 * time.Millisecond},
		Logger:   slog.New(slog.NewJSONHandler(io.Discard, nil)),
	})
	if err != nil {
		t.Fatal(err)
	}
	ln := listenLoopback(t)
	ctx, cancel := context.WithCancel(context.Background())
	stopped := make(chan error, 1)
	go func() { stopped <- srv.Run(ctx, ln, 10*time.Second) }()
	svc := &service{url: "http://" + ln.Addr().String()}
	req := p.request(runtask.StagePostPlan, "taskrs-slow")
	req["plan_json_api_url"] = p.srv.URL + "/api/v2/plans/slow/json-output"
	if code := svc.post(t, req, []byte(e2eKey)); code != 200 {
		t.Fatalf("HTTP %d", code)
	}
	cb := p.waitCallback(t, "taskrs-slow", 5*time.Second)
	if cb.Status != "failed" || !strings.Contains(cb.Message, "the check did not finish within 50ms") {
		t.Errorf("status %q message %q", cb.Status, cb.Message)
	}
	cancel()
	if err := <-stopped; err != nil {
		t.Fatal(err)
	}
	if n := len(p.callbacksFor("taskrs-slow")); n != 1 {
		t.Errorf("%d callbacks, want 1", n)
	}
}
