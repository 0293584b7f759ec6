package plan

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
)

// largestPlan returns the biggest plan JSON available to the tests.
func largestPlan(b *testing.B) (string, []byte) {
	b.Helper()
	files, _ := filepath.Glob(filepath.Join(examplesDir, "*.plan.json"))
	more, _ := filepath.Glob("testdata/*/plan.json")
	var best string
	var data []byte
	for _, f := range append(files, more...) {
		d, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		if len(d) > len(data) {
			best, data = f, d
		}
	}
	if data == nil {
		b.Fatal("no plan found")
	}
	return best, data
}

// BenchmarkLoad loads the largest available plan.
func BenchmarkLoad(b *testing.B) {
	name, data := largestPlan(b)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Load(bytes.NewReader(data), name); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkValid is the baseline for BenchmarkLoad: encoding/json.Valid
// on the same file.
func BenchmarkValid(b *testing.B) {
	_, data := largestPlan(b)
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if !json.Valid(data) {
			b.Fatal("invalid")
		}
	}
}
