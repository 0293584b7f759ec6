// Command record evaluates every expression of an expressions file with
// the real `terraform console -plan` and writes what it printed as a
// recording (JSON). scripts/record-functions.sh runs it.
//
//	go run ./internal/tfconsole/record -config DIR -o recorded.json expressions.txt...
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"regexp"
	"sync"

	"github.com/tfemrcheck/tfemrcheck/internal/tfconsole"
)

func main() {
	config := flag.String("config", "testdata/functions/console", "configuration the console runs in")
	out := flag.String("o", "testdata/functions/recorded.json", "recording to write")
	jobs := flag.Int("j", 2, "consoles run at once")
	reuse := flag.Bool("reuse", false, "keep the entries the output file already holds for the same expressions (same terraform version); evaluate only the new ones")
	flag.Parse()
	if err := run(*config, *out, *jobs, *reuse, flag.Args()); err != nil {
		fmt.Fprintln(os.Stderr, "record:", err)
		os.Exit(1)
	}
}

func run(config, out string, jobs int, reuse bool, files []string) error {
	tf, err := exec.LookPath("terraform")
	if err != nil {
		return err
	}
	ver, err := exec.Command(tf, "version").Output()
	if err != nil {
		return err
	}
	var exprs []string
	for _, f := range files {
		e, err := tfconsole.ReadExpressions(f)
		if err != nil {
			return err
		}
		exprs = append(exprs, e...)
	}
	version := regexp.MustCompile(`v[0-9][^\s]*`).FindString(string(ver))
	entries := make([]tfconsole.Entry, len(exprs))
	done := make([]bool, len(exprs))
	if reuse {
		if old, err := tfconsole.ReadRecording(out); err == nil && old.Terraform == version {
			byExpr := map[string]tfconsole.Entry{}
			for _, e := range old.Entries {
				byExpr[e.Expr] = e
			}
			for i, x := range exprs {
				if e, ok := byExpr[x]; ok {
					entries[i], done[i] = e, true
				}
			}
		}
	}
	// One console directory a worker: consoles sharing a directory
	// contend for its state lock.
	ctx := context.Background()
	errs := make([]error, len(exprs))
	next := make(chan int)
	var wg sync.WaitGroup
	for w := 0; w < jobs; w++ {
		c, err := tfconsole.NewConsole(ctx, tf, config)
		if err != nil {
			return err
		}
		defer os.RemoveAll(c.Dir)
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				entries[i], errs[i] = c.Eval(ctx, exprs[i])
			}
		}()
	}
	for i := range exprs {
		if !done[i] {
			next <- i
		}
	}
	close(next)
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	rec := tfconsole.Recording{
		Terraform: version,
		Entries:   entries,
	}
	b, err := json.MarshalIndent(rec, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(out, append(b, '\n'), 0o644)
}
