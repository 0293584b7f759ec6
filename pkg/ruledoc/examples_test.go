package ruledoc_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tfemrcheck/tfemrcheck/pkg/check"
	"github.com/tfemrcheck/tfemrcheck/pkg/hclconfig"
	"github.com/tfemrcheck/tfemrcheck/pkg/rules"
)

// planOnlyBad lists rules whose failing case cannot be written as HCL:
// EMR-ACC-002 reports a deletion, which only a plan has; EMR-REL-005
// fails only with a policy parameter (tested in pkg/rules).
var planOnlyBad = map[string]bool{"EMR-ACC-002": true, "EMR-REL-005": true}

// loadExample writes src with a provider block into a temporary root
// module and loads it with the HCL loader.
func loadExample(t *testing.T, src string) []rules.Finding {
	t.Helper()
	dir := t.TempDir()
	main := "provider \"aws\" {\n  region = \"eu-west-1\"\n}\n\n" + src
	require.NoError(t, os.WriteFile(filepath.Join(dir, "main.tf"), []byte(main), 0o644))
	m, diags := hclconfig.Load(dir, hclconfig.Options{})
	require.False(t, diags.HasErrors(), "example does not load: %s\n%s", diags.Error(), src)
	fs, err := check.Run(m, check.Options{})
	require.NoError(t, err)
	return fs
}

func statuses(fs []rules.Finding, id string) (fail, other int) {
	for _, f := range fs {
		if f.RuleID != id {
			continue
		}
		if f.Status == rules.Fail {
			fail++
		} else {
			other++
		}
	}
	return fail, other
}

// indeterminateOnly lists rules whose findings are always indeterminate.
var indeterminateOnly = map[string]bool{"EMR-CL-002": true, "EMR-MOD-001": true}

// TestExamples checks, through the HCL loader, that every rule fails its
// Bad example (or, for a rule that is indeterminate by nature, reports
// it) and does not fail its Good one.
func TestExamples(t *testing.T) {
	for _, r := range rules.Catalogue() {
		if r.Bad == "" && r.Good == "" {
			continue // the suppression meta rules have no resource examples
		}
		t.Run(r.ID, func(t *testing.T) {
			if !planOnlyBad[r.ID] {
				fail, other := statuses(loadExample(t, r.Bad), r.ID)
				if indeterminateOnly[r.ID] {
					fail += other
				}
				assert.Positive(t, fail, "%s does not fail its Bad example", r.ID)
			}
			fail, _ := statuses(loadExample(t, r.Good), r.ID)
			assert.Zero(t, fail, "%s fails its Good example", r.ID)
		})
	}
}
