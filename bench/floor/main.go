// Command floor is the performance floor for tfemrcheck's plan reader: it
// reads a file and runs encoding/json.Valid on it, nothing more. The
// timing script compares tfemrcheck against it.
package main

import (
	"encoding/json"
	"fmt"
	"os"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: floor FILE")
		os.Exit(2)
	}
	data, err := os.ReadFile(os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	if !json.Valid(data) {
		fmt.Fprintln(os.Stderr, "invalid JSON")
		os.Exit(1)
	}
}
