package scan_test

import (
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tfemrcheck/tfemrcheck/pkg/hclconfig"
	"github.com/tfemrcheck/tfemrcheck/pkg/model"
	"github.com/tfemrcheck/tfemrcheck/pkg/scan"
)

// sharedState is what a shared value holds.
type sharedState struct {
	state     model.State
	sensitive bool
	hasRange  bool
	taint     string
	blockers  int
}

func stateOf(v *model.Value) sharedState {
	return sharedState{v.State, v.Sensitive, v.Range != nil, v.Taint(), len(v.Blockers())}
}

// TestMergeLeavesSharedValuesAlone: the plan loader puts one shared value
// in the place of every plain null and of every unknown attribute the
// configuration does not write (model.NewShared). Merging the source into
// the plan gives such a place the source's range, and must do it in a
// copy: changing the shared value would move every other null of the plan
// to that line.
func TestMergeLeavesSharedValuesAlone(t *testing.T) {
	shared, ranged := 0, 0
	for _, dir := range fixtureDirs(t) {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			plan, err := scan.Open(filepath.Join(dir, "plan.json"))
			require.NoError(t, err)
			before := map[*model.Value]sharedState{}
			for _, r := range plan.Resources {
				r.Attrs.Walk(func(_ string, v *model.Value) {
					if v.IsShared() {
						before[v] = stateOf(v)
					}
				})
			}
			shared += len(before)
			src, err := scan.Dir(dir, hclconfig.Options{})
			require.NoError(t, err)
			merged := scan.Merge(plan, src)
			for v, want := range before {
				assert.Equal(t, sharedState{state: want.state}, stateOf(v), "a shared value has something of its own")
				assert.Equal(t, want, stateOf(v), "the merge changed a shared value")
			}
			for _, r := range merged.Resources {
				r.Attrs.Walk(func(_ string, v *model.Value) {
					if (v.State == model.Null || v.State == model.Absent) && v.Range != nil {
						assert.False(t, v.IsShared())
						ranged++
					}
				})
			}
		})
	}
	// Not vacuous: the fixtures have shared values, and nulls the source
	// locates.
	assert.NotZero(t, shared)
	assert.NotZero(t, ranged)
}
