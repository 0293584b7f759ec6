package plan

import "sync/atomic"

// keptCount counts the resources every load of this process has kept (the EMR
// resources of plans and states), for a caller that sizes its memory by
// them (the CLI's memory budget, issue 22.1).
var keptCount atomic.Int64

// KeptResources returns the number of resources the loads of this process
// have kept so far: a read on a second processor that turns out wrong
// (speculate.go) takes back what it counted.
func KeptResources() int64 { return keptCount.Load() }

func countKept() { keptCount.Add(1) }

func uncountKept(n int) { keptCount.Add(-int64(n)) }
