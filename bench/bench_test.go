package bench

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/tfemrcheck/tfemrcheck/pkg/check"
	"github.com/tfemrcheck/tfemrcheck/pkg/hclconfig"
	"github.com/tfemrcheck/tfemrcheck/pkg/model"
	"github.com/tfemrcheck/tfemrcheck/pkg/plan"
	"github.com/tfemrcheck/tfemrcheck/pkg/report"
	"github.com/tfemrcheck/tfemrcheck/pkg/rules"
	"github.com/tfemrcheck/tfemrcheck/pkg/scan"
)

// planDir is where gen-plans.sh writes the large plans.
func planDir() string {
	if d := os.Getenv("TFEMRCHECK_BENCH_DIR"); d != "" {
		return d
	}
	return filepath.Join(os.TempDir(), "tfemrcheck-bench")
}

func bigPlan(b *testing.B, size string) (string, int64) {
	b.Helper()
	path := filepath.Join(planDir(), "big-"+size+".plan.json")
	st, err := os.Stat(path)
	if err != nil {
		b.Skipf("%s not found: run bash bench/gen-plans.sh first", path)
	}
	return path, st.Size()
}

// loadFile reads a plan from disk into the model, as the CLI does.
func loadFile(b *testing.B, path string) *model.Model {
	b.Helper()
	f, err := os.Open(path)
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	m, err := plan.Load(f, path)
	if err != nil {
		b.Fatal(err)
	}
	if len(m.Clusters) == 0 {
		b.Fatal("no clusters found")
	}
	return m
}

// eachPlan runs op once per loop iteration on the 8k and the 40k plan, as
// sub-benchmarks reporting bytes per second and allocations.
func eachPlan(b *testing.B, op func(b *testing.B, path string)) {
	for _, size := range []string{"8k", "40k"} {
		b.Run(size, func(b *testing.B) {
			path, n := bigPlan(b, size)
			b.SetBytes(n)
			b.ReportAllocs()
			for b.Loop() {
				op(b, path)
			}
		})
	}
}

// BenchmarkPlanLoad reads a large plan from disk into the model.
func BenchmarkPlanLoad(b *testing.B) {
	eachPlan(b, func(b *testing.B, path string) { loadFile(b, path) })
}

// BenchmarkCheck reads a large plan and runs the whole catalogue on it.
func BenchmarkCheck(b *testing.B) {
	eachPlan(b, func(b *testing.B, path string) {
		fs, err := check.Run(loadFile(b, path), check.Options{})
		if err != nil || len(fs) == 0 {
			b.Fatalf("check: %v, %d findings", err, len(fs))
		}
	})
}

// BenchmarkFloor is the floor the loader is compared with, in process:
// read the file and run encoding/json.Valid on it (what bench/floor does).
func BenchmarkFloor(b *testing.B) {
	eachPlan(b, func(b *testing.B, path string) {
		data, err := os.ReadFile(path)
		if err != nil {
			b.Fatal(err)
		}
		if !json.Valid(data) {
			b.Fatal("invalid JSON")
		}
	})
}

// BenchmarkCLIPipeline is the work after process start of a report that
// lists evaluations too (`--format sarif` or `junit`; json and text skip
// them): read the plan (scan.Open), run the catalogue, list the
// evaluations and write the JSON report to memory.
func BenchmarkCLIPipeline(b *testing.B) {
	var buf bytes.Buffer
	eachPlan(b, func(b *testing.B, path string) {
		m, err := scan.Open(path)
		if err != nil {
			b.Fatal(err)
		}
		cat := rules.Catalogue()
		fs, err := check.Run(m, check.Options{Rules: cat})
		if err != nil {
			b.Fatal(err)
		}
		rep := &report.Report{ToolName: "tfemrcheck", ToolVersion: "bench", Findings: fs, Evaluated: check.Evaluations(m, cat)}
		buf.Reset()
		if err := report.JSON(&buf, rep); err != nil {
			b.Fatal(err)
		}
	})
}

// BenchmarkHCLLoadBigTree evaluates the big-plan source with 1,000 module
// instances (blocks = 1), each a cluster, a security configuration and six
// other resources.
func BenchmarkHCLLoadBigTree(b *testing.B) {
	dir := "../../shared/bench/big-plan"
	if _, err := os.Stat(dir); err != nil {
		b.Skipf("%s not found (shared/ beside the repository)", dir)
	}
	b.ReportAllocs()
	for b.Loop() {
		m, diags := hclconfig.Load(dir, hclconfig.Options{Vars: []string{"blocks=1"}})
		if diags.HasErrors() {
			b.Fatal(diags.Error())
		}
		if len(m.Clusters) != 1000 {
			b.Fatalf("%d clusters, want 1000", len(m.Clusters))
		}
	}
}
