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
	res, err := Collect(m, opts)
	return res.Findings(), err
}

// Results are the findings of a run, sorted, in a compact form that does
// not refer to the model: a caller done with the model drops it before it
// asks for the findings, so that the two are not in memory together
// (issue 22.1: a plan with 10,000 EMR resources has 30,000 findings).
type Results struct {
	rules   []*rules.Rule
	records []*record // sorted, in their chunks
	// related are the clusters of each security configuration that has
	// some, for the findings on it.
	related map[string][]rules.Related
}

// Collect evaluates the rules on m as Run does and returns the results
// it has not yet turned into findings; the error is Run's.
func Collect(m *model.Model, opts Options) (res *Results, err error) {
	rs := opts.Rules
	if rs == nil {
		rs = rules.Catalogue()
	}
	params := rules.Defaults()
	if opts.Params != nil {
		params = *opts.Params
	}
	related := map[string][]rules.Related{}
	for _, sc := range m.SecurityConfigs {
		if a := sc.Address(); a != "" {
			var rel []rules.Related
			for _, c := range sc.Clusters {
				rel = append(rel, rules.Related{
					Address:  c.Resource.Address,
					Message:  "cluster uses this security configuration",
					Location: c.SCName.Range,
				})
			}
			related[a] = rel
		}
	}
	scrub := newScrubber(m)
	notes := newAnnotator(m)
	// Rules only read the model, so they run in parallel; each writes its
	// own records, which are joined in catalogue order before the sort,
	// so the result does not depend on scheduling. A finding is kept as
	// a record of what differs from one to the next, and written out
	// once, at its place, by Findings.
	perRule := make([]records, len(rs))
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
					perRule[i].add(record{
						rule:     int32(i),
						severity: int32(f.Severity),
						status:   f.Status,
						address:  f.Address,
						message:  f.Message,
						location: f.Location,
					})
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
	for _, rr := range perRule {
		n += rr.n
	}
	// The records stay in their chunks; pointers to them are sorted
	// (joined in catalogue order, a stable sort: ties keep that order).
	all := make([]*record, 0, n)
	for i := range rs {
		for _, c := range perRule[i].chunks {
			for j := range c {
				all = append(all, &c[j])
			}
		}
		if errs[i] != nil && err == nil {
			err = errs[i]
		}
	}
	slices.SortStableFunc(all, func(a, b *record) int { return compareRecords(rs, a, b) })
	return &Results{rules: rs, records: all, related: related}, err
}

// Len is the number of findings (0 for nil results).
func (res *Results) Len() int {
	if res == nil {
		return 0
	}
	return len(res.records)
}

// Findings returns the sorted findings (nil for nil results). Each call
// makes them anew.
func (res *Results) Findings() []rules.Finding {
	if res == nil {
		return nil
	}
	findings := make([]rules.Finding, len(res.records))
	for j := range res.records {
		f := res.records[j].finding(res.rules)
		if rel := res.related[f.Address]; len(rel) > 0 {
			f.Related = slices.Clone(rel) // (a finding's own: callers change them)
		}
		findings[j] = f
	}
	return findings
}

// record is a finding as a rule reported it, with what its rule says
// of every finding (id, title, remediation) left to the rule.
type record struct {
	address  string
	message  string
	status   rules.Status
	location *model.Range
	rule     int32
	severity int32
}

// records are the records of one rule, in chunks that are filled, not
// grown (growing one slice would copy the records of a large plan about
// five times over).
type records struct {
	chunks [][]record
	n      int
}

// recordChunk is the number of records in a chunk.
const recordChunk = 512

func (rr *records) add(r record) {
	if k := len(rr.chunks); k == 0 || len(rr.chunks[k-1]) == cap(rr.chunks[k-1]) {
		size := recordChunk
		if k == 0 {
			size = 16 // most rules find little
		}
		rr.chunks = append(rr.chunks, make([]record, 0, size))
	}
	last := &rr.chunks[len(rr.chunks)-1]
	*last = append(*last, r)
	rr.n++
}

// finding is the finding r stands for, without Related.
func (r *record) finding(rs []*rules.Rule) rules.Finding {
	rule := rs[r.rule]
	return rules.Finding{
		RuleID:      rule.ID,
		Title:       rule.Title,
		Severity:    rules.Severity(r.severity),
		Status:      r.status,
		Address:     r.address,
		Message:     r.message,
		Remediation: rule.Remediation,
		Location:    r.location,
	}
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
	if slices.IsSortedFunc(fs, compareFindings) {
		return // (Run's findings usually are: no stable sort's moves)
	}
	slices.SortStableFunc(fs, compareFindings)
}

// compareRecords orders records as compareFindings orders their findings
// (which have no Input or Root yet).
func compareRecords(rs []*rules.Rule, a, b *record) int {
	if c := strings.Compare(a.address, b.address); c != 0 {
		return c
	}
	if c := strings.Compare(rs[a.rule].ID, rs[b.rule].ID); c != 0 {
		return c
	}
	if pa, pb := pos(a.location), pos(b.location); pa != pb {
		if less(pa, pb) {
			return -1
		}
		return 1
	}
	return strings.Compare(a.message, b.message)
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
