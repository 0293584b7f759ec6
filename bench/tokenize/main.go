// Command tokenize is the raw tokenising step of the benchmarks: it reads
// a file through pkg/plan's streaming scanner and keeps nothing
// (plan.Validate), the part of tfemrcheck's load that every byte of a
// plan costs, compared with bench/floor (os.ReadFile and json.Valid).
//
//	tokenize FILE
//	GOEXPERIMENT=jsonv2 go build ./bench/tokenize && tokenize -jsontext tokens|skip FILE
//
// -jsontext tokenises with encoding/json/jsontext instead (the tokenizer
// of go-json-experiment, which Go 1.25 and 1.26 ship behind
// GOEXPERIMENT=jsonv2): the alternative issue 22.2 asked to measure,
// token by token (ReadToken, what a loader that picks keys needs) or with
// SkipValue (its fastest path, what skipping costs).
package main

import (
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/tfemrcheck/tfemrcheck/pkg/plan"
)

// jsontextModes are set by jsontext.go when built with GOEXPERIMENT=jsonv2.
var jsontextModes = map[string]func(io.Reader) error{}

func main() {
	mode := flag.String("jsontext", "", "tokenise with encoding/json/jsontext: tokens or skip (needs GOEXPERIMENT=jsonv2)")
	flag.Parse()
	if flag.NArg() != 1 {
		fmt.Fprintln(os.Stderr, "usage: tokenize [-jsontext tokens|skip] FILE")
		os.Exit(2)
	}
	validate := plan.Validate
	if *mode != "" {
		v, ok := jsontextModes[*mode]
		if !ok {
			fmt.Fprintln(os.Stderr, "tokenize: -jsontext tokens|skip, in a build with GOEXPERIMENT=jsonv2")
			os.Exit(2)
		}
		validate = v
	}
	f, err := os.Open(flag.Arg(0))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	defer f.Close()
	if err := validate(f); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
