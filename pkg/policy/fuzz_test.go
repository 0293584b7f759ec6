package policy

import (
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/tfemrcheck/tfemrcheck/pkg/rules"
)

// FuzzParse feeds arbitrary text to the policy parser: it must never
// panic, and a policy it accepts must apply cleanly.
func FuzzParse(f *testing.F) {
	seeds, _ := filepath.Glob("testdata/*/*.hcl")
	for _, s := range seeds {
		if data, err := os.ReadFile(s); err == nil {
			f.Add(data)
		}
	}
	f.Add([]byte("exception {\n  rule = \"EMR-SC-001\"\n  address = \"*\"\n  reason = \"r\"\n  expires = \"2027-01-01\"\n}\n"))
	f.Add([]byte("inline_suppressions_max_severity = \"low\"\nmax_exception_days = 30\nrule \"emr-sc-001\" {\n  severity = \"info\"\n}\n"))
	f.Add([]byte("inline_suppressions = false\nrule \"EMR-META-004\" {\n  enabled = false\n}\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		p, diags := Parse(data, "fuzz.hcl")
		if p == nil {
			t.Fatal("nil policy")
		}
		if diags.HasErrors() {
			return
		}
		p.Catalogue(rules.Catalogue())
		today := time.Date(2026, 11, 24, 0, 0, 0, 0, time.UTC)
		p.Validate(today)
		fs := []rules.Finding{
			{RuleID: "EMR-SC-001", Address: "aws_emr_security_configuration.x", Status: rules.Fail},
			{RuleID: "EMR-SC-005", Address: "aws_emr_security_configuration.x", Status: rules.Fail, Severity: rules.High,
				Suppressed: &rules.Suppression{Kind: "inline", Reason: "r", Expires: "2026-12-01"}},
		}
		before := slices.Clone(fs)
		out, _ := p.Apply(fs, today)
		if !reflect.DeepEqual(before, fs) {
			t.Fatalf("Apply modified its input: %+v became %+v", before, fs)
		}
		if len(out) > len(fs) {
			t.Fatalf("Apply added findings: %d > %d", len(out), len(fs))
		}
		p.Disabled()
		p.Overrides()
		p.Parameters()
	})
}
