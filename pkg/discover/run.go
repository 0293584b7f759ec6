package discover

import (
	"context"
	"runtime"
	"sync"
)

// Run calls fn on every item, at most workers at a time (workers <= 0
// means runtime.GOMAXPROCS(0)), and returns the results in the order of
// items, whatever order the calls finish in. Once ctx is done no new call
// starts and the items not started keep T's zero value; Run still waits
// for the calls under way.
func Run[I, T any](ctx context.Context, items []I, workers int, fn func(I) T) []T {
	out := make([]T, len(items))
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	if workers > len(items) {
		workers = len(items)
	}
	next := make(chan int)
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				out[i] = fn(items[i])
			}
		}()
	}
	for i := range items {
		if ctx.Err() != nil {
			break
		}
		select {
		case next <- i:
		case <-ctx.Done():
		}
	}
	close(next)
	wg.Wait()
	return out
}
