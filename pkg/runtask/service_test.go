package runtask_test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/tfemrcheck/tfemrcheck/pkg/runtask"
)

var (
	buildOnce sync.Once
	builtBin  string
	buildErr  error
	buildLog  []byte
)

// TestMain removes the binary the tests built.
func TestMain(m *testing.M) {
	code := m.Run()
	if builtBin != "" {
		os.RemoveAll(filepath.Dir(builtBin))
	}
	os.Exit(code)
}

// binary builds cmd/tfemrcheck once per test process.
func binary(t testing.TB) string {
	t.Helper()
	if testing.Short() {
		t.Skip("end-to-end: builds and runs the tfemrcheck binary; run without -short (.ci/run does)")
	}
	buildOnce.Do(func() {
		dir, err := os.MkdirTemp("", "tfemrcheck-serve-test-")
		if err != nil {
			buildErr = err
			return
		}
		builtBin = filepath.Join(dir, "tfemrcheck")
		gobin := filepath.Join(runtime.GOROOT(), "bin", "go")
		if _, err := os.Stat(gobin); err != nil {
			gobin = "go"
		}
		cmd := exec.Command(gobin, "build", "-o", builtBin, "./cmd/tfemrcheck")
		cmd.Dir = filepath.Join("..", "..")
		buildLog, buildErr = cmd.CombinedOutput()
	})
	if buildErr != nil {
		t.Fatalf("building tfemrcheck: %v\n%s", buildErr, buildLog)
	}
	return builtBin
}

// service is a running `tfemrcheck serve` child process.
type service struct {
	cmd  *exec.Cmd
	url  string
	key  []byte
	done chan error

	mu   sync.Mutex
	logs []map[string]any
	raw  bytes.Buffer
}

// startService starts the built binary as `tfemrcheck serve` against the
// platform at tfeAddress, with key (unless nil) in TFEMRCHECK_HMAC_KEY, listening on a
// free loopback port it reads from the "listening" log line.
func startService(t testing.TB, tfeAddress string, key []byte, extra ...string) *service {
	t.Helper()
	args := append([]string{"serve", "--listen", "127.0.0.1:0", "--tfe-address", tfeAddress, "--shutdown-grace", "20s"}, extra...)
	cmd := exec.Command(binary(t), args...)
	cmd.Env = []string{"PATH=" + os.Getenv("PATH"), "HOME=" + t.TempDir(), "TMPDIR=" + t.TempDir()}
	if key != nil {
		cmd.Env = append(cmd.Env, "TFEMRCHECK_HMAC_KEY="+string(key))
	}
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	s := &service{cmd: cmd, key: key, done: make(chan error, 1)}
	addr := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stderr)
		sc.Buffer(make([]byte, 1<<20), 1<<20)
		for sc.Scan() {
			line := sc.Bytes()
			var rec map[string]any
			s.mu.Lock()
			s.raw.Write(line)
			s.raw.WriteByte('\n')
			if json.Unmarshal(line, &rec) == nil {
				s.logs = append(s.logs, rec)
				if rec["msg"] == "listening" {
					addr <- rec["address"].(string)
				}
			}
			s.mu.Unlock()
		}
		s.done <- cmd.Wait()
	}()
	select {
	case a := <-addr:
		s.url = "http://" + a
	case err := <-s.done:
		t.Fatalf("tfemrcheck serve exited at start: %v\n%s", err, s.rawLog())
	case <-time.After(30 * time.Second):
		cmd.Process.Kill()
		t.Fatalf("tfemrcheck serve did not start\n%s", s.rawLog())
	}
	t.Cleanup(func() {
		if s.cmd.ProcessState == nil {
			s.cmd.Process.Kill()
			<-s.done
		}
	})
	return s
}

func (s *service) rawLog() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.raw.String()
}

// stop sends SIGTERM and waits for a clean exit.
func (s *service) stop(t testing.TB) {
	t.Helper()
	if err := s.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-s.done:
		if err != nil {
			t.Fatalf("tfemrcheck serve exited with %v\n%s", err, s.rawLog())
		}
	case <-time.After(30 * time.Second):
		s.cmd.Process.Kill()
		t.Fatalf("tfemrcheck serve did not stop\n%s", s.rawLog())
	}
}

// post sends a run task request, signed with key unless key is nil.
func (s *service) post(t testing.TB, body any, key []byte) int {
	t.Helper()
	b, err := json.Marshal(body)
	if err != nil {
		t.Fatal(err)
	}
	req, err := http.NewRequest(http.MethodPost, s.url+"/", bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "TFC/1.0 (+https://app.terraform.io; TFC)")
	if key != nil {
		req.Header.Set(runtask.SignatureHeader, runtask.Sign(key, b))
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp.StatusCode
}

// logsContain reports whether any log line holds s.
func (s *service) logsContain(sub string) bool {
	return strings.Contains(s.rawLog(), sub)
}
