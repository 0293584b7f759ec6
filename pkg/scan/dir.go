package scan

import (
	"fmt"
	"os"
	"strings"

	"github.com/hashicorp/hcl/v2"

	"github.com/tfemrcheck/tfemrcheck/pkg/hclconfig"
	"github.com/tfemrcheck/tfemrcheck/pkg/model"
)

// DirError is a root module that could not be evaluated: its diagnostics
// are errors with file and line.
type DirError struct {
	Dir   string
	Diags hcl.Diagnostics
}

func (e *DirError) Error() string {
	var parts []string
	for _, d := range e.Diags {
		if d.Severity == hcl.DiagError {
			parts = append(parts, FormatDiagnostic(d))
		}
	}
	return fmt.Sprintf("%s: %s", e.Dir, strings.Join(parts, "\n"))
}

// FormatDiagnostic renders a diagnostic the way Terraform does, on one
// logical entry: "Error: summary", where it is, and the detail.
func FormatDiagnostic(d *hcl.Diagnostic) string {
	var b strings.Builder
	if d.Severity == hcl.DiagWarning {
		b.WriteString("Warning: ")
	} else {
		b.WriteString("Error: ")
	}
	b.WriteString(d.Summary)
	if d.Subject != nil {
		fmt.Fprintf(&b, "\n  on %s line %d, column %d", d.Subject.Filename, d.Subject.Start.Line, d.Subject.Start.Column)
	}
	if d.Detail != "" {
		b.WriteString("\n  ")
		b.WriteString(strings.ReplaceAll(d.Detail, "\n", "\n  "))
	}
	return b.String()
}

// Dir evaluates the Terraform root module in dir.
func Dir(dir string, opts hclconfig.Options) (*model.Model, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	found := false
	for _, e := range entries {
		if n := e.Name(); !e.IsDir() && (strings.HasSuffix(n, ".tf") || strings.HasSuffix(n, ".tf.json") ||
			strings.HasSuffix(n, ".tofu") || strings.HasSuffix(n, ".tofu.json")) {
			found = true
			break
		}
	}
	if !found {
		return nil, fmt.Errorf("%s: no Terraform configuration files (.tf, .tf.json, .tofu, .tofu.json) in this directory", dir)
	}
	m, diags := hclconfig.Load(dir, opts)
	if diags.HasErrors() {
		return nil, &DirError{Dir: dir, Diags: diags}
	}
	return m, nil
}
