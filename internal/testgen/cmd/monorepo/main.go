// Command monorepo writes a generated tree of Terraform root modules, for
// the CLI timing script: monorepo DIR N.
package main

import (
	"fmt"
	"os"
	"strconv"

	"github.com/tfemrcheck/tfemrcheck/internal/testgen"
)

func main() {
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: monorepo DIR N")
		os.Exit(2)
	}
	n, err := strconv.Atoi(os.Args[2])
	if err != nil || n < 1 {
		fmt.Fprintln(os.Stderr, "monorepo: N must be a positive number")
		os.Exit(2)
	}
	if err := testgen.WriteMonorepo(os.Args[1], n); err != nil {
		fmt.Fprintln(os.Stderr, "monorepo:", err)
		os.Exit(1)
	}
}
