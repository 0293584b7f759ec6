package hclconfig

import (
	"os"
	"path/filepath"
	"testing"
)

// FuzzLoad writes arbitrary text as a root module's main.tf and loads it:
// the loader must return diagnostics or a model, never panic or hang.
func FuzzLoad(f *testing.F) {
	seeds, _ := filepath.Glob("../../testdata/plans/*/main.tf")
	for i, s := range seeds {
		if i >= 8 {
			break
		}
		if data, err := os.ReadFile(s); err == nil {
			f.Add(data)
		}
	}
	f.Add([]byte("locals {\n  a = local.b\n  b = local.a\n}\n"))
	f.Add([]byte("module \"self\" {\n  source = \"./\"\n}\n"))
	f.Add([]byte("resource \"aws_emr_security_configuration\" \"x\" {\n  configuration = <<EOT\n{\"a\": \"${var.x}\"}\nEOT\n}\nvariable \"x\" {}\n"))
	// One directory per fuzzing process, rewritten for each input (a
	// process runs its inputs one at a time): a new directory per input
	// made the target ten times slower.
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, data []byte) {
		if err := os.WriteFile(filepath.Join(dir, "main.tf"), data, 0o644); err != nil {
			t.Fatal(err)
		}
		m, diags := Load(dir, Options{})
		if m == nil {
			t.Fatalf("nil model (diags: %v)", diags)
		}
		for _, d := range diags {
			if d.Summary == "" {
				t.Fatalf("diagnostic without summary: %#v", d)
			}
		}
	})
}
