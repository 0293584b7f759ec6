package main

import (
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tfemrcheck/tfemrcheck/internal/testgen"
)

// Determinism (issue 6, item 7): the same input gives byte-identical
// output in every format, run after run, including --output files and
// monorepo scans checked in parallel.

// determinismRuns is how many times each input is checked: 5, or 2 with
// -short (the quick loop of the README; .ci/run runs the full test).
func determinismRuns() int {
	if testing.Short() {
		return 2
	}
	return 5
}

func TestOutputIsByteIdenticalRunAfterRun(t *testing.T) {
	mono := t.TempDir()
	// Three roots for each of DIR/...'s parallel workers (one a CPU), so
	// that workers finish out of order on any machine; no fewer than 6.
	roots := max(6, 3*runtime.GOMAXPROCS(0))
	require.NoError(t, testgen.WriteMonorepo(mono, roots))

	inputs := map[string][]string{
		"plan":           {"../../examples/insecure/plan.json"},
		"dir":            {"../../examples/module-kms"},
		"plan+dir":       {"../../examples/module-kms/plan.json", "../../examples/module-kms"},
		"multiple paths": {"../../examples/insecure/plan.json", docs + "sse-c.json", "../../testdata/plans/module-nested", docs + "invalid.json", "../../examples/module-kms/plan.json", "../../examples/module-kms"},
		"with errors":    {"../../examples/insecure", "../../testdata/bad/hcl-syntax", "../../testdata/bad/empty.json", "../../testdata/bad/locals-cycle"},
		"monorepo":       {mono + "/..."},
	}
	for _, name := range []string{"plan", "dir", "plan+dir", "multiple paths", "with errors", "monorepo"} {
		for _, format := range allFormats {
			t.Run(name+"/"+format, func(t *testing.T) {
				args := append([]string{"--format", format}, inputs[name]...)
				first := runCLI(t, "", args...)
				require.NotEmpty(t, first.stdout)
				require.Contains(t, []int{exitFindings, exitError}, first.code, first.stderr)
				for i := 1; i < determinismRuns(); i++ {
					r := runCLI(t, "", args...)
					assert.Equal(t, first.code, r.code, "run %d: exit code", i+1)
					assert.Equal(t, first.stdout, r.stdout, "run %d: stdout", i+1)
					assert.Equal(t, first.stderr, r.stderr, "run %d: stderr", i+1)
				}

				var files [][]byte
				for i := range 2 {
					out := filepath.Join(t.TempDir(), "report")
					r := runCLI(t, "", append([]string{"--output", out}, args...)...)
					assert.Equal(t, first.code, r.code, "--output run %d: exit code", i+1)
					b, err := os.ReadFile(out)
					require.NoError(t, err)
					files = append(files, b)
				}
				assert.Equal(t, files[0], files[1], "--output files differ")
				file := string(files[0])
				if format == "text" {
					// A text report file lists the input errors, which
					// on a terminal only standard error shows.
					var kept []string
					for _, line := range strings.SplitAfter(file, "\n") {
						if !strings.HasPrefix(line, "Error: ") {
							kept = append(kept, line)
						}
					}
					file = strings.Join(kept, "")
				}
				assert.Equal(t, first.stdout, file, "--output file differs from stdout")
			})
		}
	}
}
