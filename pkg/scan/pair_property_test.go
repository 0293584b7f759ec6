package scan_test

import (
	"path/filepath"
	"sort"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tfemrcheck/tfemrcheck/pkg/check"
	"github.com/tfemrcheck/tfemrcheck/pkg/hclconfig"
	"github.com/tfemrcheck/tfemrcheck/pkg/model"
	"github.com/tfemrcheck/tfemrcheck/pkg/rules"
	"github.com/tfemrcheck/tfemrcheck/pkg/scan"
)

// rank orders what a finding reports: nothing < indeterminate < fail.
func rank(s rules.Status) int {
	switch s {
	case rules.Fail:
		return 2
	case rules.Indeterminate:
		return 1
	}
	return 0
}

// statuses is the strongest status of each rule × address of a model.
func statuses(t *testing.T, m *model.Model) map[string]int {
	t.Helper()
	fs, err := check.Run(m, check.Options{})
	require.NoError(t, err)
	out := map[string]int{}
	for _, f := range fs {
		k := f.RuleID + " " + f.Address
		if r := rank(f.Status); r > out[k] {
			out[k] = r
		}
	}
	return out
}

// TestPairNeverReportsLess: a plan checked with its source never reports
// less than the plan alone or the source alone, for any rule and resource
// of the plan: a failure of either is never a pass of both together (issue
// 20.1: a dynamic block's unknown attributes, read as set, lost a failure
// the source alone found). An indeterminate of one may become a pass when
// the other knows the value: that is what pairing them is for. Resources
// only in the source (a count the plan evaluated to 0) do not exist, so
// they do not count.
func TestPairNeverReportsLess(t *testing.T) {
	for _, dir := range fixtureDirs(t) {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			planModel, err := scan.Open(filepath.Join(dir, "plan.json"))
			require.NoError(t, err)
			plan := statuses(t, planModel)
			srcModel, err := scan.Dir(dir, hclconfig.Options{})
			require.NoError(t, err)
			src := statuses(t, srcModel)
			planModel, err = scan.Open(filepath.Join(dir, "plan.json"))
			require.NoError(t, err)
			inPlan := map[string]bool{}
			for _, r := range planModel.Resources {
				inPlan[r.Address] = true
			}
			srcModel, err = scan.Dir(dir, hclconfig.Options{})
			require.NoError(t, err)
			pair := statuses(t, scan.Merge(planModel, srcModel))
			var less []string
			for k, r := range plan {
				if r == rank(rules.Fail) && pair[k] == 0 {
					less = append(less, k+" (plan alone reports more)")
				}
			}
			for k, r := range src {
				addr := k[len("EMR-XXX-000 "):]
				if inPlan[addr] && r == rank(rules.Fail) && pair[k] == 0 {
					less = append(less, k+" (source alone reports more)")
				}
			}
			sort.Strings(less)
			assert.Empty(t, less)
		})
	}
}
