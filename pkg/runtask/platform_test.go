package runtask_test

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// platform is a stand-in for HCP Terraform that follows the Run Tasks
// Integration API: it serves plan JSON and configuration version archives
// behind the run's bearer token, and records the result callbacks
// (JSON:API PATCH, same token). It listens on 127.0.0.1 only.
type platform struct {
	srv   *httptest.Server
	token string

	mu        sync.Mutex
	plans     map[string][]byte
	archives  map[string][]byte
	slow      map[string]time.Duration
	failFirst map[string]int // task result id -> callbacks to answer 503
	callbacks map[string][]callback
	arrived   chan string

	downloads atomic.Int64
}

// callback is one recorded PATCH to a task result callback URL.
type callback struct {
	Status      string
	Message     string
	ContentType string
	Outcomes    []outcomeAttrs
}

type outcomeAttrs struct {
	OutcomeID   string                `json:"outcome-id"`
	Description string                `json:"description"`
	Body        string                `json:"body"`
	URL         string                `json:"url"`
	Tags        map[string][]tagAttrs `json:"tags"`
}

type tagAttrs struct {
	Label string `json:"label"`
	Level string `json:"level"`
}

// callbackDocument is the documented callback body.
type callbackDocument struct {
	Data struct {
		Type       string `json:"type"`
		Attributes struct {
			Status  string `json:"status"`
			Message string `json:"message"`
			URL     string `json:"url"`
		} `json:"attributes"`
		Relationships struct {
			Outcomes struct {
				Data []struct {
					Type       string       `json:"type"`
					Attributes outcomeAttrs `json:"attributes"`
				} `json:"data"`
			} `json:"outcomes"`
		} `json:"relationships"`
	} `json:"data"`
}

func listenLoopback(t testing.TB) net.Listener {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	return ln
}

func newPlatform(t testing.TB, token string) *platform {
	p := &platform{
		token: token, plans: map[string][]byte{}, archives: map[string][]byte{},
		slow: map[string]time.Duration{}, failFirst: map[string]int{}, callbacks: map[string][]callback{}, arrived: make(chan string, 1024),
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /api/v2/ping", func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusNoContent) })
	mux.HandleFunc("GET /api/v2/plans/{id}/json-output", p.authorized(func(w http.ResponseWriter, r *http.Request) {
		p.serve(w, r, p.plans, "application/json")
	}))
	mux.HandleFunc("GET /api/v2/plans/{id}/redirect/{to...}", p.authorized(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "http://"+r.PathValue("to"), http.StatusTemporaryRedirect)
	}))
	mux.HandleFunc("GET /api/v2/configuration-versions/{id}/download", p.authorized(func(w http.ResponseWriter, r *http.Request) {
		p.serve(w, r, p.archives, "application/octet-stream")
	}))
	mux.HandleFunc("PATCH /api/v2/task-results/{id}/callback", p.authorized(p.record))
	p.srv = &httptest.Server{Listener: listenLoopback(t), Config: &http.Server{Handler: mux}}
	p.srv.Start()
	t.Cleanup(p.srv.Close)
	return p
}

// authorized answers 401 unless the request carries the run's token.
func (p *platform) authorized(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "Bearer "+p.token {
			w.Header().Set("Content-Type", "application/vnd.api+json")
			w.WriteHeader(http.StatusUnauthorized)
			io.WriteString(w, `{"errors":[{"status":"401","title":"unauthorized"}]}`)
			return
		}
		h(w, r)
	}
}

func (p *platform) serve(w http.ResponseWriter, r *http.Request, from map[string][]byte, contentType string) {
	id := r.PathValue("id")
	p.mu.Lock()
	b, ok := from[id]
	delay := p.slow[id]
	p.mu.Unlock()
	p.downloads.Add(1)
	if !ok {
		http.NotFound(w, r)
		return
	}
	time.Sleep(delay)
	w.Header().Set("Content-Type", contentType)
	w.Write(b)
}

func (p *platform) record(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	var doc callbackDocument
	if err := json.Unmarshal(body, &doc); err != nil || doc.Data.Type != "task-results" {
		http.Error(w, `{"errors":[{"status":"422"}]}`, http.StatusUnprocessableEntity)
		return
	}
	cb := callback{Status: doc.Data.Attributes.Status, Message: doc.Data.Attributes.Message, ContentType: r.Header.Get("Content-Type")}
	for _, o := range doc.Data.Relationships.Outcomes.Data {
		if o.Type != "task-result-outcomes" {
			http.Error(w, `{"errors":[{"status":"422"}]}`, http.StatusUnprocessableEntity)
			return
		}
		cb.Outcomes = append(cb.Outcomes, o.Attributes)
	}
	id := r.PathValue("id")
	p.mu.Lock()
	if p.failFirst[id] > 0 {
		p.failFirst[id]--
		p.mu.Unlock()
		http.Error(w, `{"errors":[{"status":"503"}]}`, http.StatusServiceUnavailable)
		return
	}
	p.callbacks[id] = append(p.callbacks[id], cb)
	p.mu.Unlock()
	p.arrived <- id
	w.WriteHeader(http.StatusOK)
}

func (p *platform) addPlan(t testing.TB, id, file string) {
	t.Helper()
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	p.mu.Lock()
	p.plans[id] = b
	p.mu.Unlock()
}

func (p *platform) addArchive(id string, b []byte) {
	p.mu.Lock()
	p.archives[id] = b
	p.mu.Unlock()
}

func (p *platform) callbacksFor(id string) []callback {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]callback(nil), p.callbacks[id]...)
}

// waitCallback waits for the first callback of task result id.
func (p *platform) waitCallback(t testing.TB, id string, within time.Duration) callback {
	t.Helper()
	deadline := time.Now().Add(within)
	for time.Now().Before(deadline) {
		if cbs := p.callbacksFor(id); len(cbs) > 0 {
			return cbs[0]
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("no callback for %s within %s", id, within)
	return callback{}
}

// request is a run task request as the platform sends it (documented
// field names, "capabilities" as the current documentation spells it).
func (p *platform) request(stage, taskResultID string) map[string]any {
	base := p.srv.URL
	return map[string]any{
		"payload_version":               1,
		"stage":                         stage,
		"access_token":                  p.token,
		"capabilities":                  map[string]any{"outcomes": true},
		"is_speculative":                false,
		"organization_name":             "bank",
		"run_app_url":                   base + "/app/bank/emr/runs/run-" + taskResultID,
		"run_created_at":                "2026-11-30T01:00:00.000Z",
		"run_created_by":                "someone",
		"run_id":                        "run-" + taskResultID,
		"run_message":                   "Triggered via UI",
		"task_result_callback_url":      base + "/api/v2/task-results/" + taskResultID + "/callback",
		"task_result_enforcement_level": "mandatory",
		"task_result_id":                taskResultID,
		"vcs_branch":                    "main",
		"vcs_commit_url":                nil,
		"vcs_pull_request_url":          nil,
		"vcs_repo_url":                  nil,
		"workspace_app_url":             base + "/app/bank/emr",
		"workspace_id":                  "ws-emr",
		"workspace_name":                "emr",
		"workspace_working_directory":   "",
	}
}

// tarEntry is one entry of a test archive.
type tarEntry struct {
	name     string
	body     string
	typeflag byte
	linkname string
}

func targz(t testing.TB, entries []tarEntry) []byte {
	t.Helper()
	var buf bytes.Buffer
	gz := gzip.NewWriter(&buf)
	tw := tar.NewWriter(gz)
	for _, e := range entries {
		tf := e.typeflag
		if tf == 0 {
			tf = tar.TypeReg
		}
		hdr := &tar.Header{Name: e.name, Typeflag: tf, Linkname: e.linkname, Mode: 0o644, ModTime: time.Unix(0, 0)}
		if tf == tar.TypeReg {
			hdr.Size = int64(len(e.body))
		}
		if tf == tar.TypeDir {
			hdr.Mode = 0o755
		}
		if err := tw.WriteHeader(hdr); err != nil {
			t.Fatal(err)
		}
		if tf == tar.TypeReg {
			if _, err := io.WriteString(tw, e.body); err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := tw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := gz.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// dirArchive archives the regular files of dir (one level) under prefix.
func dirArchive(t testing.TB, dir, prefix string) []byte {
	t.Helper()
	des, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var entries []tarEntry
	for _, de := range des {
		if !de.Type().IsRegular() || strings.HasSuffix(de.Name(), ".json") {
			continue
		}
		b, err := os.ReadFile(dir + "/" + de.Name())
		if err != nil {
			t.Fatal(err)
		}
		entries = append(entries, tarEntry{name: prefix + de.Name(), body: string(b)})
	}
	return targz(t, entries)
}
