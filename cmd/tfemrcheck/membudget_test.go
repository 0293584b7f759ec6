package main

import (
	"math"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"testing"
	"unsafe"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tfemrcheck/tfemrcheck/pkg/rules"
)

// TestBudgetLimit: the limit is the budget of the resources loaded (less
// what the process holds beside the memory the limit counts) while the
// heap fits in it, and follows the heap with a quarter's headroom (at
// least budgetHeadroom) when it does not, half (at least twice that)
// while resources are being loaded.
func TestBudgetLimit(t *testing.T) {
	const mib = 1 << 20
	assert.Equal(t, int64(budgetBase+10000*budgetPerResource-budgetOutsideHeap), budgetLimit(10000, 9*mib, 6*mib, false))
	prev := int64(0)
	for kept := int64(0); kept <= 100000; kept += 997 {
		l := budgetLimit(kept, 9*mib, 6*mib, false)
		assert.GreaterOrEqual(t, l, prev, "the limit falls as resources are loaded")
		assert.GreaterOrEqual(t, l, int64(9*mib+6*mib+budgetHeadroom))
		prev = l
	}
	// A heap past its budget: live plus other plus a quarter of live.
	assert.Equal(t, int64(400*mib+6*mib+100*mib), budgetLimit(1, 400*mib, 6*mib, false))
	assert.Equal(t, int64(400*mib+6*mib+200*mib), budgetLimit(1, 400*mib, 6*mib, true))
	// Small: the headroom's minimum.
	assert.Equal(t, int64(1*mib+6*mib+budgetHeadroom), budgetLimit(0, 1*mib, 6*mib, false))
	assert.Equal(t, int64(1*mib+6*mib+2*budgetHeadroom), budgetLimit(0, 1*mib, 6*mib, true))
}

// TestMemoryBudgetOnlyForPlans: the budget holds while a run over plans
// of 1 MiB or more (or standard input) lasts (runs in one process share
// it, and the last one to end restores the limit), and not at all for a
// small plan, when the user sets GOMEMLIMIT or when an input is Terraform
// source.
func TestMemoryBudgetOnlyForPlans(t *testing.T) {
	before := debug.SetMemoryLimit(-1)
	big := filepath.Join(t.TempDir(), "plan.json") // only its size matters here
	require.NoError(t, os.WriteFile(big, make([]byte, budgetFrom), 0o600))
	plans := []input{{path: big}}

	stop := startMemoryBudget(nil, []input{{path: "../../examples/insecure/plan.json"}})
	assert.Equal(t, before, debug.SetMemoryLimit(-1), "a small plan fits without a budget")
	stop()

	stop = startMemoryBudget([]string{"GOMEMLIMIT=1GiB"}, plans)
	assert.Equal(t, before, debug.SetMemoryLimit(-1), "GOMEMLIMIT is the user's")
	stop()
	stop = startMemoryBudget(nil, []input{{path: "examples/insecure/plan.json", source: "../../examples/insecure"}})
	assert.Equal(t, before, debug.SetMemoryLimit(-1), "a source input is not measured by its EMR resources")
	stop()

	stop1 := startMemoryBudget(nil, []input{{path: "-"}}) // standard input: of any size

	assert.Eventually(t, func() bool { return debug.SetMemoryLimit(-1) != before }, 5e9, 1e6, "no limit while a plan is checked")
	stop2 := startMemoryBudget(nil, plans)
	stop1()
	stop1() // twice: ends one run only
	assert.NotEqual(t, before, debug.SetMemoryLimit(-1), "the limit ended with another run still going")
	stop2()
	assert.Equal(t, before, debug.SetMemoryLimit(-1), "the limit was not restored")
}

// TestReclaimOnlyUnderBudget: a dropped model is collected before the
// findings are made while the budget is kept and they take more than the
// smallest headroom, and not otherwise (a small plan or Terraform source
// pays no collection).
func TestReclaimOnlyUnderBudget(t *testing.T) {
	// No collection but the ones asked for while the test counts them.
	defer debug.SetGCPercent(debug.SetGCPercent(-1))
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(math.MaxInt64))
	cycles := func() uint32 {
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		return ms.NumGC
	}
	size := int(unsafe.Sizeof(rules.Finding{}))
	many := (budgetHeadroom + size - 1) / size // the fewest that do not fit
	assert.True(t, findingsPastHeadroom(many))
	assert.False(t, findingsPastHeadroom(many-1), "findings that fit in the smallest headroom")
	assert.False(t, findingsPastHeadroom(6000), "the dense 8k plan's findings")
	assert.True(t, findingsPastHeadroom(30000), "the dense 40k plan's findings")
	n := cycles()
	reclaimDropped(many)
	assert.Equal(t, n, cycles(), "a collection without the budget")

	big := filepath.Join(t.TempDir(), "plan.json")
	require.NoError(t, os.WriteFile(big, make([]byte, budgetFrom), 0o600))
	stop := startMemoryBudget([]string{}, []input{{path: big}})
	n = cycles()
	reclaimDropped(many)
	assert.Greater(t, cycles(), n, "no collection under the budget")
	stop()
}
