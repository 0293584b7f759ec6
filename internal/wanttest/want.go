// Package wanttest reads the expectations written into fixture sources as
// comments and compares them with findings:
//
//	# want RULE-ID STATUS ADDRESS        expected from the plan and the source
//	# want-plan RULE-ID STATUS ADDRESS   expected only when reading the plan
//	# want-hcl RULE-ID STATUS ADDRESS    expected only when reading the source
//	# check RULE-ID...                   rules in scope besides the seed rules
//
// Only findings of rules in scope are compared, so a fixture states every
// finding of those rules and nothing else.
package wanttest

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/tfemrcheck/tfemrcheck/pkg/rules"
)

// SeedRules are in scope for every fixture.
var SeedRules = []string{
	"EMR-SC-000", "EMR-SC-001", "EMR-SC-002", "EMR-SC-003", "EMR-SC-008", "EMR-SC-009",
	"EMR-REL-001", "EMR-REL-002", "EMR-CL-001", "EMR-CL-002", "EMR-META-003",
}

// Mode selects which expectations apply.
type Mode int

const (
	// Plan: findings from the plan alone.
	Plan Mode = iota
	// Source: findings from the .tf source, or from the plan with its
	// source (which sees through the same unknowns).
	Source
)

// Expectations are a fixture's wanted findings.
type Expectations struct {
	Scope map[string]bool
	plan  []string
	hcl   []string
}

// Read collects the expectations from every .tf file below dir.
func Read(dir string) (*Expectations, error) {
	e := &Expectations{Scope: map[string]bool{}}
	for _, id := range SeedRules {
		e.Scope[id] = true
	}
	err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && strings.HasPrefix(d.Name(), ".") && path != dir {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".tf") {
			return nil
		}
		return e.readFile(path)
	})
	return e, err
}

func (e *Expectations) readFile(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	line := 0
	for sc.Scan() {
		line++
		text := strings.TrimSpace(sc.Text())
		if !strings.HasPrefix(text, "#") {
			continue
		}
		fields := strings.Fields(strings.TrimSpace(strings.TrimPrefix(text, "#")))
		if len(fields) == 0 {
			continue
		}
		switch fields[0] {
		case "check":
			for _, id := range fields[1:] {
				e.Scope[id] = true
			}
		case "want", "want-plan", "want-hcl":
			if len(fields) != 4 || (fields[2] != "fail" && fields[2] != "indeterminate") {
				return fmt.Errorf("%s:%d: want line must be '# %s RULE-ID fail|indeterminate ADDRESS'", path, line, fields[0])
			}
			key := strings.Join(fields[1:], " ")
			if fields[0] != "want-hcl" {
				e.plan = append(e.plan, key)
			}
			if fields[0] != "want-plan" {
				e.hcl = append(e.hcl, key)
			}
		}
	}
	return sc.Err()
}

// Want returns the expected "RULE STATUS ADDRESS" lines for a mode, sorted.
func (e *Expectations) Want(m Mode) []string {
	src := e.plan
	if m == Source {
		src = e.hcl
	}
	out := append([]string{}, src...)
	sort.Strings(out)
	return dedupe(out)
}

// Got renders the in-scope findings as "RULE STATUS ADDRESS" lines, sorted
// and de-duplicated (expectations are a set).
func (e *Expectations) Got(fs []rules.Finding) []string {
	var out []string
	for _, f := range fs {
		if e.Scope[f.RuleID] {
			out = append(out, fmt.Sprintf("%s %s %s", f.RuleID, f.Status, f.Address))
		}
	}
	sort.Strings(out)
	return dedupe(out)
}

func dedupe(s []string) []string {
	out := s[:0]
	for i, x := range s {
		if i == 0 || x != s[i-1] {
			out = append(out, x)
		}
	}
	return out
}
