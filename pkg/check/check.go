// Package check runs the rule catalogue over a model: it collects the
// findings, adds the clusters a security-configuration finding concerns,
// and puts everything in a deterministic order.
package check

import (
	"fmt"
	"runtime"
	"slices"
	"strings"
	"sync"

	"github.com/tfemrcheck/tfemrcheck/pkg/model"
	"github.com/tfemrcheck/tfemrcheck/pkg/rules"
)

// Options select and parameterise the rules.
type Options struct {
	// Rules to run; nil means rules.Catalogue().
	Rules []*rules.Rule
	// Params for the organisation rules; the zero value means rules.Defaults().
	Params *rules.Params
}

// Run evaluates the rules on m and returns the sorted findings. A rule that
// panics is reported as an error rather than crashing the run.
func Run(m *model.Model, opts Options) (findings []rules.Finding, err error) {
	rs := opts.Rules
	if rs == nil {
		rs = rules.Catalogue()
	}
	params := rules.Defaults()
	if opts.Params != nil {
		params = *opts.Params
	}
	scUsers := map[string][]*model.Cluster{}
	for _, sc := range m.SecurityConfigs {
		if a := sc.Address(); a != "" {
			scUsers[a] = sc.Clusters
		}
	}
	scrub := newScrubber(m)
	notes := newAnnotator(m)
	// Rules only read the model, so they run in parallel; each writes its
	// own slice, and the slices are joined in catalogue order before the
	// sort, so the result does not depend on scheduling.
	perRule := make([][]rules.Finding, len(rs))
	errs := make([]error, len(rs))
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(rs)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				errs[i] = runRule(rs[i], m, params, func(f rules.Finding) {
					scrub.finding(&f)
					notes.finding(&f)
					for _, c := range scUsers[f.Address] {
						f.Related = append(f.Related, rules.Related{
							Address:  c.Resource.Address,
							Message:  "cluster uses this security configuration",
							Location: c.SCName.Range,
						})
					}
					perRule[i] = append(perRule[i], f)
				})
			}
		}()
	}
	for i := range rs {
		next <- i
	}
	close(next)
	wg.Wait()
	n := 0
	for _, fs := range perRule {
		n += len(fs)
	}
	findings = make([]rules.Finding, 0, n)
	for i := range rs {
		findings = append(findings, perRule[i]...)
		if errs[i] != nil && err == nil {
			err = errs[i]
		}
	}
	Sort(findings)
	return findings, err
}

func runRule(r *rules.Rule, m *model.Model, params rules.Params, sink func(rules.Finding)) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("internal error in rule %s: %v", r.ID, p)
		}
	}()
	r.Check(rules.NewPass(r, m, params, sink))
	return nil
}

// Sort orders findings by address, rule id, source position and message.
// The sort is stable.
func Sort(fs []rules.Finding) {
	slices.SortStableFunc(fs, compareFindings)
}

func compareFindings(a, b rules.Finding) int {
	if c := strings.Compare(a.Address, b.Address); c != 0 {
		return c
	}
	if c := strings.Compare(a.RuleID, b.RuleID); c != 0 {
		return c
	}
	if pa, pb := pos(a.Location), pos(b.Location); pa != pb {
		if less(pa, pb) {
			return -1
		}
		return 1
	}
	if c := strings.Compare(a.Message, b.Message); c != 0 {
		return c
	}
	// Findings of two roots (or inputs) that share a module differ only
	// here: ordered, so that the output does not depend on which root
	// finished first.
	if c := strings.Compare(a.Input, b.Input); c != 0 {
		return c
	}
	return strings.Compare(a.Root, b.Root)
}

type position struct {
	file      string
	line, col int
}

func pos(r *model.Range) position {
	if r == nil {
		return position{}
	}
	return position{r.Filename, r.Start.Line, r.Start.Column}
}

func less(a, b position) bool {
	if a.file != b.file {
		return a.file < b.file
	}
	if a.line != b.line {
		return a.line < b.line
	}
	return a.col < b.col
}
