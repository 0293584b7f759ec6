package main

import (
	"math"
	"os"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"strings"
	"sync"
	"time"
	"unsafe"

	"github.com/tfemrcheck/tfemrcheck/pkg/plan"
	"github.com/tfemrcheck/tfemrcheck/pkg/rules"
)

// The memory budget of a run over plans and states (issue 22.1): peak
// memory at most 16 MiB plus 2 KiB per EMR resource. What the model and
// the findings keep is well under 2 KiB a resource (docs/performance.md);
// what passes the budget is the garbage collector's headroom, which lets
// the heap grow to twice what is live before it collects. The run
// therefore keeps Go's soft memory limit at the budget of the resources
// loaded so far, less what the process holds beside the memory the limit
// counts (the binary's pages), so that the collector works harder only
// near the budget. The limit is never below what the heap holds live,
// plus what the limit counts beside the heap, plus a headroom: a plan
// whose content needs more than its budget (one huge attribute, say)
// costs at most what GOGC=25 would, never a collector that runs all the
// time. While resources are being loaded the headroom is half of what is
// live (at least 2 × budgetHeadroom): loading holds more per resource
// than the model keeps (the raw resources, the unknown values before
// their blockers), the peak comes after it, and a collection every
// 2 MiB of a growing heap cost the dense 40k plan a third of its time.
// Once the count stops growing, a quarter (at least budgetHeadroom).
const (
	budgetBase        = 16 << 20
	budgetPerResource = 2 << 10
	// budgetOutsideHeap is what a run's resident memory holds beside the
	// memory Go's limit counts: the binary's text and data, about 9-10
	// MiB for this binary (peak RSS less GOMEMLIMIT, measured on the
	// dense bench plans).
	budgetOutsideHeap = 10 << 20
	budgetHeadroom    = 5 << 19 // 2.5 MiB
	// budgetFrom is the total size of the inputs from which the budget
	// is kept: below it, a plan holds at most a few hundred EMR
	// resources, and the collector's minimum heap (4 MiB) keeps the run
	// within the budget anyway.
	budgetFrom = 1 << 20
	// budgetEvery is how often the limit follows the loading.
	budgetEvery = 2 * time.Millisecond
)

// budgetLimit is the soft memory limit for kept resources loaded, live
// bytes of heap and other bytes the limit counts beside the heap's
// objects and free pages (stacks, the runtime's metadata, fragmentation),
// while resources are being loaded or not.
func budgetLimit(kept int64, live, other uint64, loading bool) int64 {
	limit := budgetBase + budgetPerResource*kept - budgetOutsideHeap
	headroom := max(live/4, budgetHeadroom)
	if loading {
		headroom = max(live/2, 2*budgetHeadroom)
	}
	if floor := int64(min(live+other+headroom, math.MaxInt64/2)); limit < floor {
		limit = floor
	}
	return limit
}

// budget is the process's memory budget; runs share it (the tests run
// the command in one process, concurrently).
var budget struct {
	sync.Mutex
	users  int
	start  int64 // plan.KeptResources when the first user started
	before int64 // the limit before it
	stop   chan struct{}
	done   chan struct{}
}

// startMemoryBudget keeps the budget while a run over inputs lasts and
// returns the function that ends it. The budget is kept only when every
// input is a plan, a state or a document (the evaluation of Terraform
// source uses memory the EMR resources do not measure), the inputs hold
// budgetFrom bytes or more (standard input counts as large) and the
// environment does not set GOMEMLIMIT (the user's choice, which the Go
// runtime applies).
func startMemoryBudget(environ []string, inputs []input) (stop func()) {
	for _, kv := range environ {
		if strings.HasPrefix(kv, "GOMEMLIMIT=") {
			return func() {}
		}
	}
	var size int64
	for _, in := range inputs {
		if in.sourceDir() != "" {
			return func() {}
		}
		if fi, err := os.Stat(in.path); in.path == "-" || err != nil || !fi.Mode().IsRegular() {
			size = budgetFrom // standard input, or whatever the loader will say it is
		} else {
			size += fi.Size()
		}
	}
	if size < budgetFrom {
		// Small plans fit within the budget with the collector's own
		// pacing; the goroutine and its samples would only cost time.
		return func() {}
	}
	budget.Lock()
	defer budget.Unlock()
	budget.users++
	if budget.users == 1 {
		budget.start = plan.KeptResources()
		budget.before = debug.SetMemoryLimit(-1)
		budget.stop, budget.done = make(chan struct{}), make(chan struct{})
		go keepBudget(budget.start, budget.stop, budget.done)
	}
	var once sync.Once
	return func() { once.Do(endMemoryBudget) }
}

// reclaimDropped collects the garbage once a plan's model is dropped and
// before its n findings are made, while the budget is kept and the
// findings will not fit in the collector's smallest headroom. Otherwise
// the model (9 MiB on the dense 40k plan) is still in the heap, unmarked,
// when the findings (30,000 of them, 6 MiB) are allocated beside it; the
// soft limit then starts a collection, but allocation goes on while it
// marks, and one run in ten or twenty passed the budget by 1-2.5 MiB
// there. What is live at this point is the findings' compact records, so
// the collection costs about a millisecond; on a plan with fewer findings
// (6,000 on the dense 8k plan, 1.2 MiB) the millisecond or two is all it
// would do.
func reclaimDropped(n int) {
	if !findingsPastHeadroom(n) {
		return
	}
	budget.Lock()
	active := budget.users > 0
	budget.Unlock()
	if active {
		runtime.GC()
	}
}

// findingsPastHeadroom says whether n findings take more than the
// collector's smallest headroom under the budget.
func findingsPastHeadroom(n int) bool {
	return uint64(n)*uint64(unsafe.Sizeof(rules.Finding{})) >= budgetHeadroom
}

func endMemoryBudget() {
	budget.Lock()
	defer budget.Unlock()
	budget.users--
	if budget.users > 0 {
		return
	}
	close(budget.stop)
	<-budget.done
	debug.SetMemoryLimit(budget.before)
}

// keepBudget sets the limit as resources are loaded, until stop closes.
func keepBudget(start int64, stop, done chan struct{}) {
	defer close(done)
	sample := []metrics.Sample{
		{Name: "/gc/heap/live:bytes"},
		{Name: "/memory/classes/total:bytes"},
		{Name: "/memory/classes/heap/released:bytes"},
		{Name: "/memory/classes/heap/objects:bytes"},
		{Name: "/memory/classes/heap/free:bytes"},
	}
	value := func(i int) uint64 {
		if sample[i].Value.Kind() == metrics.KindUint64 {
			return sample[i].Value.Uint64()
		}
		return 0
	}
	tick := time.NewTicker(budgetEvery)
	defer tick.Stop()
	last, lastKept := int64(-1), int64(-1)
	for {
		metrics.Read(sample)
		counted := value(1) - min(value(1), value(2))      // what the limit counts
		other := counted - min(counted, value(3)+value(4)) // beside objects and free pages
		kept := plan.KeptResources() - start
		loading := kept != lastKept
		lastKept = kept
		if limit := budgetLimit(kept, value(0), other, loading); limit != last {
			debug.SetMemoryLimit(limit)
			last = limit
		}
		select {
		case <-stop:
			return
		case <-tick.C:
		}
	}
}
