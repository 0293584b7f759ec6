package plan

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// FuzzLoad feeds arbitrary bytes to the plan reader: it must return a
// model or an error, never panic, and never both or neither.
func FuzzLoad(f *testing.F) {
	seeds, _ := filepath.Glob("../../testdata/plans/*/plan.json")
	for i, s := range seeds {
		if i >= 6 { // the corpus stays small; the fuzzer mutates from these
			break
		}
		if data, err := os.ReadFile(s); err == nil {
			f.Add(data)
		}
	}
	bad, _ := filepath.Glob("testdata/bad/*")
	for _, b := range bad {
		if data, err := os.ReadFile(b); err == nil {
			f.Add(data)
		}
	}
	f.Add([]byte(`{"format_version":"1.2","resource_changes":[]}`))
	f.Add([]byte(`{"format_version":"1.0","values":{"root_module":{}}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := Load(bytes.NewReader(data), "fuzz.json")
		if (m == nil) == (err == nil) {
			t.Fatalf("want exactly one of model and error, got %v and %v", m, err)
		}
		if err != nil && !bytes.HasPrefix([]byte(err.Error()), []byte("fuzz.json")) {
			t.Fatalf("error does not name the file: %v", err)
		}
	})
}
