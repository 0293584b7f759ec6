package discover

import (
	"context"
	"testing"

	"github.com/tfemrcheck/tfemrcheck/internal/testgen"
	"github.com/tfemrcheck/tfemrcheck/pkg/check"
	"github.com/tfemrcheck/tfemrcheck/pkg/hclconfig"
)

// monorepoSize is the number of root modules in the benchmark tree.
const monorepoSize = 1000

func monorepo(b *testing.B) string {
	b.Helper()
	dir := b.TempDir()
	if err := testgen.WriteMonorepo(dir, monorepoSize); err != nil {
		b.Fatal(err)
	}
	return dir
}

// BenchmarkRootModules1000 finds the 1,000 root modules of a generated tree.
func BenchmarkRootModules1000(b *testing.B) {
	dir := monorepo(b)
	b.ResetTimer()
	for b.Loop() {
		roots, err := RootModules(dir)
		if err != nil {
			b.Fatal(err)
		}
		if len(roots) != monorepoSize {
			b.Fatalf("found %d root modules, want %d", len(roots), monorepoSize)
		}
	}
}

// BenchmarkCheck1000 finds, loads and checks the 1,000 root modules of a
// generated tree in parallel (the "1,000 root modules in seconds" target).
func BenchmarkCheck1000(b *testing.B) {
	dir := monorepo(b)
	b.ResetTimer()
	for b.Loop() {
		roots, err := RootModules(dir)
		if err != nil {
			b.Fatal(err)
		}
		counts := Run(context.Background(), roots, 0, func(root string) int {
			m, diags := hclconfig.Load(root, hclconfig.Options{})
			if diags.HasErrors() {
				b.Error(diags)
				return -1
			}
			fs, err := check.Run(m, check.Options{})
			if err != nil {
				b.Error(err)
				return -1
			}
			return len(fs)
		})
		total := 0
		for _, n := range counts {
			if n <= 0 {
				b.Fatalf("a root module gave %d findings, want > 0", n)
			}
			total += n
		}
		b.ReportMetric(float64(total), "findings/op")
	}
}
