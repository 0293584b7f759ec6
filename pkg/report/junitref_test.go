package report

// This file holds the reference implementation for the JUnit tests: the
// document built whole as structs and written by encoding/xml, as the
// format was written before it was streamed.

import (
	"encoding/xml"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/tfemrcheck/tfemrcheck/pkg/check"
	"github.com/tfemrcheck/tfemrcheck/pkg/rules"
)

type junitSuites struct {
	XMLName  xml.Name     `xml:"testsuites"`
	Name     string       `xml:"name,attr"`
	Tests    int          `xml:"tests,attr"`
	Failures int          `xml:"failures,attr"`
	Errors   int          `xml:"errors,attr"`
	Skipped  int          `xml:"skipped,attr"`
	Time     string       `xml:"time,attr"`
	Suites   []junitSuite `xml:"testsuite"`
}

// pairCase gathers the findings of one rule × resource pair.
type pairCase struct {
	ruleID, name string
	findings     []rules.Finding
}

// junitReflect writes the report as JUnit XML: one test suite per rule, one test
// case per rule × resource pair evaluated (Report.Evaluated, plus any pair
// that has a finding but was not listed). A pair with a failing finding
// has a <failure> whose type is the highest severity and whose body lists
// every finding of the pair; an indeterminate one is <skipped> (a
// <failure> with Report.Strict); a suppressed finding leaves its pair
// passing, with the suppression and its reason in <system-out>. The
// severity threshold is not applied: it decides the exit code, while the
// test cases show what each rule found. Input errors are test cases with
// an <error> in the suite "input".
func junitReflect(w io.Writer, r *Report) error {
	var cases []*pairCase
	byKey := map[string]*pairCase{}
	// A bare security-configuration document has no address; its pairs
	// are told apart by the file they came from.
	// The same rule and address in two roots (or inputs) are two cases.
	evalKey := func(ruleID, address, origin, root, input string) string {
		k := ruleID + "\x00" + address
		if address == "" {
			k = ruleID + "\x00\x00" + origin
		}
		if root != "" || input != "" {
			k += "\x00" + input + "\x00" + root
		}
		return k
	}
	firstBare := map[string]*pairCase{}
	for _, ev := range evaluations(r) {
		k := evalKey(ev.RuleID, ev.Address, ev.Origin, ev.Root, ev.Input)
		if byKey[k] != nil {
			continue
		}
		c := &pairCase{ruleID: ev.RuleID, name: withOrigin(refCaseName(ev), ev.Root, ev.Input)}
		byKey[k] = c
		cases = append(cases, c)
		if bk := evalKey(ev.RuleID, "", "", ev.Root, ev.Input); ev.Address == "" && firstBare[bk] == nil {
			firstBare[bk] = c
		}
	}
	for _, f := range r.Findings {
		var c *pairCase
		if f.Address != "" {
			c = byKey[evalKey(f.RuleID, f.Address, "", f.Root, f.Input)]
		} else {
			if f.Location != nil {
				c = byKey[evalKey(f.RuleID, "", f.Location.Filename, f.Root, f.Input)]
			}
			if c == nil {
				c = firstBare[evalKey(f.RuleID, "", "", f.Root, f.Input)]
			}
		}
		if c == nil {
			c = &pairCase{ruleID: f.RuleID, name: f.Address}
			if c.name == "" && f.Location != nil {
				c.name = f.Location.Filename
			}
			k := evalKey(f.RuleID, f.Address, c.name, f.Root, f.Input)
			c.name = withOrigin(c.name, f.Root, f.Input)
			byKey[k] = c
			cases = append(cases, c)
			if bk := evalKey(f.RuleID, "", "", f.Root, f.Input); f.Address == "" && firstBare[bk] == nil {
				firstBare[bk] = c
			}
		}
		c.findings = append(c.findings, f)
	}

	suites := map[string]*junitSuite{}
	var names []string
	for _, c := range cases {
		s := suites[c.ruleID]
		if s == nil {
			s = &junitSuite{Name: c.ruleID, Time: "0"}
			suites[c.ruleID] = s
			names = append(names, c.ruleID)
		}
		tc := refJUnitCaseOf(c, r.Strict)
		s.Tests++
		if tc.Failure != nil {
			s.Failures++
		}
		if tc.Skipped != nil {
			s.Skipped++
		}
		s.Cases = append(s.Cases, tc)
	}
	sort.Strings(names)
	out := junitSuites{Name: r.ToolName, Time: "0", Suites: []junitSuite{}}
	if out.Name == "" {
		out.Name = "tfemrcheck"
	}
	for _, n := range names {
		out.Suites = append(out.Suites, *suites[n])
	}
	if len(r.Errors) > 0 {
		s := junitSuite{Name: junitInputSuite, Time: "0"}
		for _, e := range r.Errors {
			s.Cases = append(s.Cases, junitCase{
				ClassName: junitInputSuite, Name: withOrigin(e.File, e.Root, e.originInput()), Time: "0",
				Error: &junitProblem{Message: e.Message, Type: "InputError", Body: e.Message},
			})
			s.Tests++
			s.Errors++
		}
		out.Suites = append(out.Suites, s)
	}
	if s := junitPolicySuite(r); s != nil {
		out.Suites = append(out.Suites, *s)
	}
	if s := junitCoverageSuite(r.Checked); s != nil {
		out.Suites = append(out.Suites, *s)
	}
	for _, s := range out.Suites {
		out.Tests += s.Tests
		out.Failures += s.Failures
		out.Errors += s.Errors
		out.Skipped += s.Skipped
	}

	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(out); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}

func refCaseName(ev check.Evaluation) string {
	if ev.Address != "" {
		return ev.Address
	}
	return ev.Origin
}

// refJUnitCaseOf turns a pair's findings into its test case.
func refJUnitCaseOf(c *pairCase, strict bool) junitCase {
	tc := junitCase{ClassName: c.ruleID, Name: c.name, Time: "0"}
	var failing, skipped []rules.Finding
	var notes []string
	for _, f := range c.findings {
		switch {
		case f.Suppressed != nil:
			notes = append(notes, suppressionNote(f))
		case f.Status == rules.Fail, strict && f.Status == rules.Indeterminate:
			failing = append(failing, f)
		default:
			skipped = append(skipped, f)
		}
	}
	switch {
	case len(failing) > 0:
		worst := failing[0].Severity
		for _, f := range failing {
			worst = max(worst, f.Severity)
		}
		var body []string
		for _, f := range append(failing, skipped...) {
			body = append(body, refJUnitFindingText(f))
		}
		tc.Failure = &junitProblem{Message: refProblemMessage(failing), Type: worst.String(), Body: strings.Join(body, "\n\n")}
	case len(skipped) > 0:
		tc.Skipped = &junitSkipped{Message: refProblemMessage(skipped)}
		var body []string
		for _, f := range skipped {
			body = append(body, refJUnitFindingText(f))
		}
		notes = append(body, notes...)
	}
	tc.SystemOut = strings.Join(notes, "\n\n")
	return tc
}

func refProblemMessage(fs []rules.Finding) string {
	if len(fs) == 1 {
		return fs[0].Message
	}
	return fmt.Sprintf("%d findings: %s (and %d more)", len(fs), fs[0].Message, len(fs)-1)
}

// refJUnitFindingText is a finding in the plain-text block layout of the
// text format.
func refJUnitFindingText(f rules.Finding) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s %s: %s\n", f.Severity, f.RuleID, strings.ToUpper(string(f.Status)), f.Title)
	if f.Address != "" {
		fmt.Fprintf(&b, "resource: %s\n", f.Address)
	}
	if f.Location != nil {
		fmt.Fprintf(&b, "at: %s:%d:%d\n", f.Location.Filename, f.Location.Start.Line, f.Location.Start.Column)
	}
	fmt.Fprintf(&b, "%s\n", f.Message)
	for _, rel := range f.Related {
		fmt.Fprintf(&b, "related: %s (%s)\n", rel.Address, rel.Message)
	}
	fmt.Fprintf(&b, "fix: %s", f.Remediation)
	return b.String()
}
