// Command oraclegen generates the oracle's cases and plans them with
// mkplan, writing the corpus that internal/oracle's tests read
// (scripts/regen-oracle.sh runs it).
//
//	oraclegen -mkplan PATH -from 1 -n 300 -out testdata/oracle/cases [-opentofu] [-j 2]
//	oraclegen -print SEED [-opentofu]      print one case as txtar
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sync"

	"github.com/tfemrcheck/tfemrcheck/internal/oracle"
)

func main() {
	mkplan := flag.String("mkplan", "", "path to mkplan")
	from := flag.Uint64("from", 1, "first seed")
	n := flag.Int("n", 10, "number of cases")
	out := flag.String("out", "", "corpus directory")
	tofu := flag.Bool("opentofu", false, "generate OpenTofu cases (.tofu, provider for_each)")
	jobs := flag.Int("j", 2, "plans run at once")
	print := flag.Int64("print", -1, "print the case of this seed and exit")
	write := flag.String("write", "", "with -print: write the case's module into this directory instead")
	flag.Parse()
	if *print >= 0 && *write != "" {
		c := oracle.Generate(uint64(*print), *tofu)
		if err := c.WriteDir(*write); err != nil {
			fmt.Fprintln(os.Stderr, "oraclegen:", err)
			os.Exit(1)
		}
		fmt.Printf("args: %v\nenv: %v\n", c.Args, c.Env)
		return
	}
	if *print >= 0 {
		os.Stdout.Write(oracle.Generate(uint64(*print), *tofu).Archive())
		return
	}
	if *mkplan == "" || *out == "" {
		fmt.Fprintln(os.Stderr, "oraclegen: -mkplan and -out are needed")
		os.Exit(2)
	}
	if err := os.MkdirAll(*out, 0o755); err != nil {
		fmt.Fprintln(os.Stderr, "oraclegen:", err)
		os.Exit(1)
	}
	p := &oracle.Planner{MkPlan: *mkplan}
	seeds := make(chan uint64)
	var mu sync.Mutex
	failed := 0
	var wg sync.WaitGroup
	for range max(1, *jobs) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for s := range seeds {
				c := oracle.Generate(s, *tofu)
				if err := record(p, c, *out); err != nil {
					mu.Lock()
					failed++
					fmt.Fprintln(os.Stderr, "oraclegen:", err)
					mu.Unlock()
				}
			}
		}()
	}
	for i := range *n {
		seeds <- *from + uint64(i)
	}
	close(seeds)
	wg.Wait()
	if failed > 0 {
		fmt.Fprintf(os.Stderr, "oraclegen: %d of %d cases could not be planned\n", failed, *n)
		os.Exit(1)
	}
}

func record(p *oracle.Planner, c *oracle.Case, out string) error {
	o, err := p.Plan(context.Background(), c)
	if err != nil {
		return err
	}
	base := filepath.Join(out, c.Name)
	for _, ext := range []string{".plan.json.gz", ".refused.txt", ".txtar"} {
		os.Remove(base + ext)
	}
	// The configuration is gzipped too: its seed regenerates it, and
	// oraclegen -print SEED shows it.
	if err := os.WriteFile(base+".txtar.gz", oracle.Gzip(c.Archive()), 0o644); err != nil {
		return err
	}
	if o.Plan != nil {
		return os.WriteFile(base+".plan.json.gz", oracle.Gzip(o.Plan), 0o644)
	}
	return os.WriteFile(base+".refused.txt", []byte(o.Refusal), 0o644)
}
