// Command heapprofile loads a plan as the CLI does, runs the catalogue on
// it, and writes heap profiles (pprof, inuse_space) after loading and
// after the check, with the live heap at each point, to say where a
// plan's memory goes (issue 22.1).
//
//	go run ./bench/heapprofile PLAN.json OUTDIR
//	go tool pprof -sample_index=inuse_space -top OUTDIR/loaded.pprof
package main

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"

	"github.com/tfemrcheck/tfemrcheck/pkg/check"
	"github.com/tfemrcheck/tfemrcheck/pkg/rules"
	"github.com/tfemrcheck/tfemrcheck/pkg/scan"
)

func main() {
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: heapprofile PLAN.json OUTDIR")
		os.Exit(2)
	}
	runtime.MemProfileRate = 4096
	m, err := scan.Open(os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	snapshot(filepath.Join(os.Args[2], "loaded.pprof"), "after loading")
	fs, err := check.Run(m, check.Options{Rules: rules.Catalogue()})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	snapshot(filepath.Join(os.Args[2], "checked.pprof"), "after the check")
	fmt.Printf("%d resources, %d findings\n", len(m.Resources), len(fs))
	runtime.KeepAlive(m)
	runtime.KeepAlive(fs)
}

// snapshot collects garbage, prints the live heap and writes a profile.
func snapshot(path, when string) {
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	fmt.Printf("%s: %.1f MiB live in %d objects\n", when, float64(ms.HeapAlloc)/(1<<20), ms.HeapObjects)
	f, err := os.Create(path)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	defer f.Close()
	if err := pprof.WriteHeapProfile(f); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
