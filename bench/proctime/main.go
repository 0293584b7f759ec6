// Command proctime runs a command N times and prints, for each run, its
// wall time in seconds (from fork to exit, measured in this process, so
// that no shell or time(1) start is counted) and its peak resident set in
// KiB (the kernel's ru_maxrss of the child):
//
//	proctime [-n N] CMD [ARG...]     # one "seconds kib" line a run
//
// The command's output is discarded and its exit status is not judged
// (tfemrcheck exits 1 when a finding fails); a command that cannot be
// started is an error.
package main

import (
	"flag"
	"fmt"
	"os"
	"os/exec"
	"syscall"
	"time"
)

func main() {
	n := flag.Int("n", 1, "how many runs")
	flag.Parse()
	if flag.NArg() == 0 || *n < 1 {
		fmt.Fprintln(os.Stderr, "usage: proctime [-n N] CMD [ARG...]")
		os.Exit(2)
	}
	for range *n {
		cmd := exec.Command(flag.Arg(0), flag.Args()[1:]...)
		start := time.Now()
		if err := cmd.Start(); err != nil {
			fmt.Fprintln(os.Stderr, "proctime:", err)
			os.Exit(2)
		}
		_ = cmd.Wait() // a non-zero exit is a result, not an error here
		wall := time.Since(start)
		var kib int64
		if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
			kib = ru.Maxrss
		}
		fmt.Printf("%.6f %d\n", wall.Seconds(), kib)
	}
}
