package policy

import (
	"os"
	"path/filepath"
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
	f.Fuzz(func(t *testing.T, data []byte) {
		p, diags := Parse(data, "fuzz.hcl")
		if p == nil {
			t.Fatal("nil policy")
		}
		if diags.HasErrors() {
			return
		}
		p.Catalogue(rules.Catalogue())
		fs := []rules.Finding{{RuleID: "EMR-SC-001", Address: "aws_emr_security_configuration.x", Status: rules.Fail}}
		p.Apply(fs, time.Date(2026, 11, 24, 0, 0, 0, 0, time.UTC))
	})
}
