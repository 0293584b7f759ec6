// Command tfemrcheck checks Terraform plans, state and source for insecure
// or invalid Amazon EMR configurations.
//
// Exit codes: 0 nothing fails, 1 at least one finding fails (or is
// indeterminate with --strict), 2 usage error or unreadable input.
package main

import (
	"os"
	"runtime"
)

func main() {
	// No heap profile is ever written: sampling allocations for one
	// costs time and 1.4 MiB of stack records on a large plan.
	runtime.MemProfileRate = 0
	os.Exit(run(os.Args[1:], env{
		stdin:      os.Stdin,
		stdout:     os.Stdout,
		stderr:     os.Stderr,
		environ:    os.Environ(),
		isTerminal: isTerminal(os.Stdout),
	}))
}
