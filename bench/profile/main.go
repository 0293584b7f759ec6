// Command profile loads a plan as the CLI does and runs the catalogue on
// it. It writes heap profiles (pprof, inuse_space) after loading and
// after the check, with the live heap at each point, to say where a
// plan's memory goes (issue 22.1), and a CPU profile of RUNS loads and
// checks, to say where the time goes (issue 22.2).
//
//	go run ./bench/profile PLAN.json OUTDIR [RUNS]
//	go tool pprof -sample_index=inuse_space -top OUTDIR/loaded.pprof
//	go tool pprof -top OUTDIR/cpu.pprof
package main

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"strconv"

	"github.com/tfemrcheck/tfemrcheck/pkg/check"
	"github.com/tfemrcheck/tfemrcheck/pkg/rules"
	"github.com/tfemrcheck/tfemrcheck/pkg/scan"
)

func main() {
	if len(os.Args) != 3 && len(os.Args) != 4 {
		fmt.Fprintln(os.Stderr, "usage: profile PLAN.json OUTDIR [RUNS]")
		os.Exit(2)
	}
	runs := 5
	if len(os.Args) == 4 {
		n, err := strconv.Atoi(os.Args[3])
		if err != nil || n < 1 {
			fmt.Fprintln(os.Stderr, "profile: RUNS must be a positive number")
			os.Exit(2)
		}
		runs = n
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
	m, fs = nil, nil
	runtime.MemProfileRate = 512 * 1024 // the default: sampling every 4 KiB costs CPU
	cpuProfile(filepath.Join(os.Args[2], "cpu.pprof"), os.Args[1], runs)
}

// cpuProfile profiles runs loads and checks of a plan.
func cpuProfile(path, plan string, runs int) {
	f, err := os.Create(path)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	defer f.Close()
	if err := pprof.StartCPUProfile(f); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	defer pprof.StopCPUProfile()
	for range runs {
		m, err := scan.Open(plan)
		if err == nil {
			_, err = check.Run(m, check.Options{Rules: rules.Catalogue()})
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
	}
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
