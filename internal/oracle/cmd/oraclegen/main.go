// Command oraclegen generates the oracle's cases and plans them with
// mkplan, writing the corpus that internal/oracle's tests read
// (scripts/regen-oracle.sh runs it).
//
//	oraclegen -mkplan PATH -from 1 -n 300 -out testdata/oracle/terraform.jsonl.gz [-opentofu] [-j 2]
//	oraclegen -print SEED [-opentofu]      print one case as txtar
//	oraclegen -print SEED -write DIR       write one case's module into DIR
//
// The corpus file keeps the records of other seeds it already holds: a
// run replaces the records of its seeds and adds the new ones.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"sync"

	"github.com/tfemrcheck/tfemrcheck/internal/oracle"
)

func main() {
	mkplan := flag.String("mkplan", "", "path to mkplan")
	from := flag.Uint64("from", 1, "first seed")
	n := flag.Int("n", 10, "number of cases")
	out := flag.String("out", "", "corpus file (gzipped JSON lines)")
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
	records := map[string]oracle.Record{}
	if old, err := oracle.ReadCorpus(*out, 1<<30); err == nil {
		for _, r := range old {
			records[r.Case] = r
		}
	} else if !os.IsNotExist(err) {
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
				r, err := record(p, c)
				mu.Lock()
				if err != nil {
					failed++
					fmt.Fprintln(os.Stderr, "oraclegen:", err)
				} else {
					records[r.Case] = r
				}
				mu.Unlock()
			}
		}()
	}
	for i := range *n {
		seeds <- *from + uint64(i)
	}
	close(seeds)
	wg.Wait()
	if failed > 0 {
		fmt.Fprintf(os.Stderr, "oraclegen: %d of %d cases could not be planned; %s is unchanged\n", failed, *n, *out)
		os.Exit(1)
	}
	all := make([]oracle.Record, 0, len(records))
	for _, r := range records {
		all = append(all, r)
	}
	if err := oracle.WriteCorpus(*out, all); err != nil {
		fmt.Fprintln(os.Stderr, "oraclegen:", err)
		os.Exit(1)
	}
	fmt.Fprintf(os.Stderr, "oraclegen: %d cases planned, %d in %s\n", *n, len(all), *out)
}

func record(p *oracle.Planner, c *oracle.Case) (oracle.Record, error) {
	o, err := p.Plan(context.Background(), c)
	if err != nil {
		return oracle.Record{}, err
	}
	return oracle.NewRecord(c, o)
}
