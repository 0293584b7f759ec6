package scan_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tfemrcheck/tfemrcheck/pkg/check"
	"github.com/tfemrcheck/tfemrcheck/pkg/hclconfig"
	"github.com/tfemrcheck/tfemrcheck/pkg/scan"
)

// TestIndeterminateNamesTheValueOnItsPath: the subnet of
// testdata/source/blocker-on-path comes from module.vpc through
// element(), a typed object variable and a dynamic block; the
// indeterminate names module.vpc (issue 20.3).
func TestIndeterminateNamesTheValueOnItsPath(t *testing.T) {
	m, err := scan.Dir("../../testdata/source/blocker-on-path", hclconfig.Options{})
	require.NoError(t, err)
	fs, err := check.Run(m, check.Options{})
	require.NoError(t, err)
	found := false
	for _, f := range fs {
		if f.RuleID == "EMR-NET-002" {
			found = true
			assert.Contains(t, f.Message, "module.vpc")
		}
	}
	assert.True(t, found, "no EMR-NET-002 finding")
}
