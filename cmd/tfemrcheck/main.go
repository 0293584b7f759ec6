// Command tfemrcheck checks Terraform plans, state and source for insecure
// or invalid Amazon EMR configurations.
//
// Exit codes: 0 nothing fails, 1 at least one finding fails (or is
// indeterminate with --strict), 2 usage error or unreadable input.
package main

import (
	"os"
)

func main() {
	os.Exit(run(os.Args[1:], env{
		stdin:      os.Stdin,
		stdout:     os.Stdout,
		stderr:     os.Stderr,
		environ:    os.Environ(),
		isTerminal: isTerminal(os.Stdout),
	}))
}
