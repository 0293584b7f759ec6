package discover

import (
	"context"
	"fmt"
	"runtime"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

func TestRunKeepsInputOrder(t *testing.T) {
	items := make([]string, 200)
	for i := range items {
		items[i] = fmt.Sprint(i)
	}
	// Later items finish first.
	got := Run(context.Background(), items, 8, func(s string) string {
		var n int
		fmt.Sscan(s, &n)
		time.Sleep(time.Duration(200-n) * 10 * time.Microsecond)
		return "r" + s
	})
	for i, r := range got {
		assert.Equal(t, "r"+items[i], r)
	}
}

func TestRunBoundsConcurrency(t *testing.T) {
	for _, workers := range []int{1, 3, 0} {
		limit := int64(workers)
		if workers == 0 {
			limit = int64(runtime.GOMAXPROCS(0))
		}
		var cur, peak atomic.Int64
		items := make([]string, 50)
		Run(context.Background(), items, workers, func(string) int {
			n := cur.Add(1)
			for {
				p := peak.Load()
				if n <= p || peak.CompareAndSwap(p, n) {
					break
				}
			}
			time.Sleep(time.Millisecond)
			cur.Add(-1)
			return 0
		})
		assert.LessOrEqual(t, peak.Load(), limit, "workers=%d", workers)
		assert.GreaterOrEqual(t, peak.Load(), int64(1))
	}
}

func TestRunEmptyAndCancelled(t *testing.T) {
	assert.Empty(t, Run(context.Background(), nil, 4, func(string) int { return 1 }))

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var calls atomic.Int64
	got := Run(ctx, []string{"a", "b", "c"}, 1, func(string) int { calls.Add(1); return 1 })
	assert.Len(t, got, 3)
	assert.Equal(t, int64(0), calls.Load(), "no call starts once ctx is done")
	assert.Equal(t, []int{0, 0, 0}, got)
}
