package report

import (
	"bufio"
	"encoding/xml"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"

	"github.com/tfemrcheck/tfemrcheck/pkg/check"
	"github.com/tfemrcheck/tfemrcheck/pkg/rules"
)

// JUnit layout, as Jenkins (junit step), GitLab (artifacts:reports:junit)
// and the GitHub test-report actions read it:
//
//	<testsuites name="tfemrcheck" tests failures errors skipped>
//	  <testsuite name="EMR-SC-001" …>            one suite per rule
//	    <testcase classname="EMR-SC-001" name="aws_emr_security_configuration.x"/>
//	  …
//	  <testsuite name="input" …>                 inputs that could not be read
//	    <testcase classname="input" name="plan.json"><error …/></testcase>
//	  <testsuite name="policy" tests="0" …>      the policy in use (policy.go)
//	    <properties><property name="policy.file" value=".tfemrcheck.hcl"/>…

type junitSuite struct {
	Name       string           `xml:"name,attr"`
	Tests      int              `xml:"tests,attr"`
	Failures   int              `xml:"failures,attr"`
	Errors     int              `xml:"errors,attr"`
	Skipped    int              `xml:"skipped,attr"`
	Time       string           `xml:"time,attr"`
	Properties *junitProperties `xml:"properties,omitempty"`
	Cases      []junitCase      `xml:"testcase"`
}

type junitCase struct {
	ClassName string        `xml:"classname,attr"`
	Name      string        `xml:"name,attr"`
	Time      string        `xml:"time,attr"`
	Failure   *junitProblem `xml:"failure,omitempty"`
	Error     *junitProblem `xml:"error,omitempty"`
	Skipped   *junitSkipped `xml:"skipped,omitempty"`
	SystemOut string        `xml:"system-out,omitempty"`
}

type junitProblem struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr"`
	Body    string `xml:",chardata"`
}

type junitSkipped struct {
	Message string `xml:"message,attr"`
}

// junitInputSuite names the suite of input errors.
const junitInputSuite = "input"

// JUnit writes the report as JUnit XML: one test suite per rule, one test
// case per rule × resource pair evaluated (Report.Evaluated and
// Report.Pairs, plus any pair that has a finding but was not listed). A
// pair with a failing finding has a <failure> whose type is the highest
// severity and whose body lists every finding of the pair; an
// indeterminate one is <skipped> (a <failure> with Report.Strict); a
// suppressed finding leaves its pair passing, with the suppression and its
// reason in <system-out>. The severity threshold is not applied: it
// decides the exit code, while the test cases show what each rule found.
// Input errors are test cases with an <error> in the suite "input".
//
// The document is written as it is built, one test case at a time, through
// a buffer: a large plan has hundreds of thousands of pairs. The pairs are
// walked twice, to count each suite's tests and then to write them, and
// only the findings and the cases of one rule at a time are held. The
// bytes are exactly what encoding/xml with two-space indentation gives for
// the document as structs (junitref_test.go checks it).
func JUnit(w io.Writer, r *Report) error {
	return writeJUnit(w, r, false)
}

// writeJUnit is JUnit; exact makes every suite take the general way of
// matching findings to pairs (junitBuilder), which a test compares with
// the quick one.
func writeJUnit(w io.Writer, r *Report, exact bool) error {
	jb := newJUnitBuilder(r, exact)
	type counts struct{ tests, failures, errors, skipped int }
	var suites []string
	var per []counts
	var total counts
	for _, id := range jb.ruleIDs {
		var c counts
		jb.suite(id, func(_ junitPair, fs []*rules.Finding) {
			c.tests++
			switch junitOutcome(fs, r.Strict) {
			case junitFailed:
				c.failures++
			case junitSkippedCase:
				c.skipped++
			}
		})
		if c.tests > 0 {
			suites = append(suites, id)
			per = append(per, c)
			total.tests += c.tests
			total.failures += c.failures
			total.skipped += c.skipped
		}
	}
	var tail []*junitSuite
	if len(r.Errors) > 0 {
		s := &junitSuite{Name: junitInputSuite, Time: "0"}
		for _, e := range r.Errors {
			s.Cases = append(s.Cases, junitCase{
				ClassName: junitInputSuite, Name: withOrigin(e.File, e.Root, e.originInput()), Time: "0",
				Error: &junitProblem{Message: e.Message, Type: "InputError", Body: e.Message},
			})
			s.Tests++
			s.Errors++
		}
		tail = append(tail, s)
	}
	if s := junitPolicySuite(r); s != nil {
		tail = append(tail, s)
	}
	if s := junitCoverageSuite(r.Checked); s != nil {
		tail = append(tail, s)
	}
	for _, s := range tail {
		total.tests += s.Tests
		total.failures += s.Failures
		total.errors += s.Errors
		total.skipped += s.Skipped
	}

	xw := &xmlWriter{w: bufio.NewWriterSize(w, 64<<10)}
	name := r.ToolName
	if name == "" {
		name = "tfemrcheck"
	}
	xw.raw(xml.Header)
	xw.raw("<testsuites")
	xw.attr("name", name)
	xw.intAttr("tests", total.tests)
	xw.intAttr("failures", total.failures)
	xw.intAttr("errors", total.errors)
	xw.intAttr("skipped", total.skipped)
	xw.raw(` time="0">`)
	for i, id := range suites {
		c := per[i]
		xw.raw("\n  <testsuite")
		xw.attr("name", id)
		xw.intAttr("tests", c.tests)
		xw.intAttr("failures", c.failures)
		xw.raw(` errors="0"`)
		xw.intAttr("skipped", c.skipped)
		xw.raw(` time="0">`)
		// A passing case: prefix, its name, passEnd.
		prefix := appendXMLText([]byte("\n    <testcase classname=\""), id)
		prefix = append(prefix, `" name="`...)
		const passEnd = `" time="0"></testcase>`
		jb.suite(id, func(p junitPair, fs []*rules.Finding) {
			name := withOrigin(p.base, p.root, p.input)
			if len(fs) == 0 {
				xw.buf = append(xw.buf, prefix...)
				xw.text(name)
				xw.raw(passEnd)
			} else {
				xw.findingCase(id, name, fs, r.Strict)
			}
			xw.spill()
		})
		xw.raw("\n  </testsuite>")
	}
	for _, s := range tail {
		xw.raw("\n")
		if err := xw.encodeSuite(s); err != nil {
			return err
		}
	}
	if len(suites) > 0 || len(tail) > 0 {
		xw.raw("\n")
	}
	xw.raw("</testsuites>\n")
	return xw.flush()
}

// junitPair is a test case: its name is base, with root and input when
// set (withOrigin).
type junitPair struct {
	base, root, input string
}

// junitBuilder finds the test cases of each rule and the findings of
// each, as the cases were first made for every pair listed (in order, the
// same rule and key once) and each finding then put in the case of its
// rule and key, else in the first case of a bare document of its rule,
// root and input when it has no address, else in a case of its own:
//
//   - the key of a pair is its address, or for a bare security-configuration
//     document (no address) its origin; with its root and input;
//   - the key of a finding is its address, or its file when it has none.
//
// Quick way: when no two of Report.Pairs have the same root and input and
// no name holds a NUL, a finding's case is found by looking its pair up in
// the one Pairs of its root and input, and the pairs of a rule are walked
// once per pass without a map (a Pairs lists a rule's pairs by address and
// origin, so repeats are neighbours). Otherwise (Report.Evaluated, two
// views of one input, hostile names) the cases of a rule are made in a map
// by the key joined with NUL bytes, as JUnit always did.
type junitBuilder struct {
	r       *Report
	ruleIDs []string
	// findings and listed index Report.Findings and Report.Evaluated by
	// rule.
	findings, listed map[string][]int
	exact            bool
	byTags           map[[2]string]*check.Pairs
}

func newJUnitBuilder(r *Report, exact bool) *junitBuilder {
	jb := &junitBuilder{r: r, findings: map[string][]int{}, listed: map[string][]int{}, exact: exact || len(r.Evaluated) > 0,
		byTags: map[[2]string]*check.Pairs{}}
	ids := map[string]bool{}
	nul := func(ss ...string) {
		for _, s := range ss {
			if strings.IndexByte(s, 0) >= 0 {
				jb.exact = true
			}
		}
	}
	for i, f := range r.Findings {
		jb.findings[f.RuleID] = append(jb.findings[f.RuleID], i)
		ids[f.RuleID] = true
		nul(f.RuleID, f.Address, f.Root, f.Input)
		if f.Location != nil {
			nul(f.Location.Filename)
		}
	}
	for i, e := range r.Evaluated {
		jb.listed[e.RuleID] = append(jb.listed[e.RuleID], i)
		ids[e.RuleID] = true
	}
	for _, p := range r.Pairs {
		for _, id := range p.RuleIDs() {
			ids[id] = true
		}
		t := [2]string{p.Root, p.Input}
		if jb.byTags[t] != nil || p.HasNUL() {
			jb.exact = true
		}
		jb.byTags[t] = p
		nul(p.Root, p.Input)
	}
	for id := range ids {
		jb.ruleIDs = append(jb.ruleIDs, id)
	}
	sort.Strings(jb.ruleIDs)
	return jb
}

// suite calls emit for each test case of the rule, in order, with its
// findings.
func (jb *junitBuilder) suite(ruleID string, emit func(junitPair, []*rules.Finding)) {
	if jb.exact {
		jb.exactSuite(ruleID, emit)
	} else {
		jb.quickSuite(ruleID, emit)
	}
}

// junitKey is a case's key for the quick way.
type junitKey struct {
	address, origin, root, input string
}

// caseOf is a case made for findings that no pair has.
type caseOf struct {
	pair     junitPair
	findings []*rules.Finding
}

func (jb *junitBuilder) quickSuite(ruleID string, emit func(junitPair, []*rules.Finding)) {
	attached := map[junitKey][]*rules.Finding{}
	var made []caseOf
	madeAt := map[junitKey]int{}
	firstBare := map[[2]string]int{}
	for _, i := range jb.findings[ruleID] {
		f := &jb.r.Findings[i]
		t := [2]string{f.Root, f.Input}
		p := jb.byTags[t]
		k := junitKey{address: f.Address, root: f.Root, input: f.Input}
		listed, at := false, -1
		if f.Address != "" {
			if p != nil {
				_, listed = p.First(ruleID, f.Address, false)
			}
			if j, ok := madeAt[k]; ok && !listed {
				at = j
			}
		} else {
			if f.Location != nil {
				k.origin = f.Location.Filename
				listed = p != nil && p.Has(ruleID, "", k.origin)
				if j, ok := madeAt[k]; ok && !listed {
					at = j
				}
			}
			if !listed && at < 0 {
				if p != nil {
					if o, ok := p.First(ruleID, "", false); ok {
						k.origin, listed = o, true
					}
				}
				if j, ok := firstBare[t]; ok && !listed {
					at = j
				}
			}
		}
		if listed {
			attached[k] = append(attached[k], f)
			continue
		}
		if at < 0 {
			name := f.Address
			if name == "" && f.Location != nil {
				name = f.Location.Filename
			}
			k = junitKey{address: f.Address, root: f.Root, input: f.Input}
			if f.Address == "" {
				k.origin = name
				if _, ok := firstBare[t]; !ok {
					firstBare[t] = len(made)
				}
			}
			at = len(made)
			madeAt[k] = at
			made = append(made, caseOf{pair: junitPair{name, f.Root, f.Input}})
		}
		made[at].findings = append(made[at].findings, f)
	}
	for _, p := range jb.r.Pairs {
		first := true
		var prev check.Evaluation
		for ev := range p.OfRule(ruleID) {
			if !first && ev.Address == prev.Address && (ev.Address != "" || ev.Origin == prev.Origin) {
				continue
			}
			first, prev = false, ev
			var fs []*rules.Finding
			if len(attached) > 0 {
				k := junitKey{address: ev.Address, root: p.Root, input: p.Input}
				if ev.Address == "" {
					k.origin = ev.Origin
				}
				fs = attached[k]
			}
			emit(junitPair{caseName(ev), p.Root, p.Input}, fs)
		}
	}
	for _, c := range made {
		emit(c.pair, c.findings)
	}
}

// junitEvalKey is a case's key for the general way: a bare document's
// pairs are told apart by the file they came from, and the same rule and
// address in two roots (or inputs) are two cases.
func junitEvalKey(ruleID, address, origin, root, input string) string {
	k := ruleID + "\x00" + address
	if address == "" {
		k = ruleID + "\x00\x00" + origin
	}
	if root != "" || input != "" {
		k += "\x00" + input + "\x00" + root
	}
	return k
}

func (jb *junitBuilder) exactSuite(ruleID string, emit func(junitPair, []*rules.Finding)) {
	var cases []caseOf
	byKey := map[string]int{}
	firstBare := map[string]int{}
	add := func(ev check.Evaluation) {
		k := junitEvalKey(ev.RuleID, ev.Address, ev.Origin, ev.Root, ev.Input)
		if _, ok := byKey[k]; ok {
			return
		}
		byKey[k] = len(cases)
		if bk := junitEvalKey(ev.RuleID, "", "", ev.Root, ev.Input); ev.Address == "" {
			if _, ok := firstBare[bk]; !ok {
				firstBare[bk] = len(cases)
			}
		}
		cases = append(cases, caseOf{pair: junitPair{caseName(ev), ev.Root, ev.Input}})
	}
	for _, i := range jb.listed[ruleID] {
		add(jb.r.Evaluated[i])
	}
	for _, p := range jb.r.Pairs {
		for ev := range p.OfRule(ruleID) {
			add(ev)
		}
	}
	for _, i := range jb.findings[ruleID] {
		f := &jb.r.Findings[i]
		at, ok := -1, false
		if f.Address != "" {
			at, ok = byKey[junitEvalKey(f.RuleID, f.Address, "", f.Root, f.Input)]
		} else {
			if f.Location != nil {
				at, ok = byKey[junitEvalKey(f.RuleID, "", f.Location.Filename, f.Root, f.Input)]
			}
			if !ok {
				at, ok = firstBare[junitEvalKey(f.RuleID, "", "", f.Root, f.Input)]
			}
		}
		if !ok {
			name := f.Address
			if name == "" && f.Location != nil {
				name = f.Location.Filename
			}
			at = len(cases)
			byKey[junitEvalKey(f.RuleID, f.Address, name, f.Root, f.Input)] = at
			if bk := junitEvalKey(f.RuleID, "", "", f.Root, f.Input); f.Address == "" {
				if _, ok := firstBare[bk]; !ok {
					firstBare[bk] = at
				}
			}
			cases = append(cases, caseOf{pair: junitPair{name, f.Root, f.Input}})
		}
		cases[at].findings = append(cases[at].findings, f)
	}
	for _, c := range cases {
		emit(c.pair, c.findings)
	}
}

// junitOutcome is what a test case with these findings shows.
type junitResult int

const (
	junitPassed junitResult = iota
	junitFailed
	junitSkippedCase
)

func junitOutcome(fs []*rules.Finding, strict bool) junitResult {
	skipped := false
	for _, f := range fs {
		switch {
		case isFailing(f, strict):
			return junitFailed
		case f.Suppressed == nil:
			skipped = true
		}
	}
	if skipped {
		return junitSkippedCase
	}
	return junitPassed
}

// withOrigin adds to a test case's name where it came from, when the run
// has several roots or inputs: "aws_emr_cluster.c (root envs/prod)".
func withOrigin(name, root, input string) string {
	if o := Origin(root, input); o != "" {
		return name + " (" + o + ")"
	}
	return name
}

func caseName(ev check.Evaluation) string {
	if ev.Address != "" {
		return ev.Address
	}
	return ev.Origin
}

// isFailing says whether a finding fails its test case (rather than
// skipping it, or being a note when suppressed).
func isFailing(f *rules.Finding, strict bool) bool {
	return f.Suppressed == nil && (f.Status == rules.Fail || strict && f.Status == rules.Indeterminate)
}

// findingCase writes the test case of a pair with findings, from the line
// break before it on: a failure when one fails (the failing findings'
// texts, then the others'), else skipped (the texts go to system-out);
// suppressed findings are notes in system-out. The texts are escaped as
// they are written, never built as strings first: escaping is a byte at a
// time and the pieces are joined by ASCII, so the result is the escaped
// text whole (TestJUnitMatchesEncodingXML compares with encoding/xml).
func (xw *xmlWriter) findingCase(ruleID, name string, fs []*rules.Finding, strict bool) {
	xw.raw("\n    <testcase")
	xw.attr("classname", ruleID)
	xw.attr("name", name)
	xw.raw(` time="0">`)
	var failing, skipped, notes int
	var firstFailing, firstSkipped *rules.Finding
	var worst rules.Severity
	for _, f := range fs {
		switch {
		case f.Suppressed != nil:
			notes++
		case isFailing(f, strict):
			if failing == 0 || f.Severity > worst {
				worst = f.Severity
			}
			if failing++; firstFailing == nil {
				firstFailing = f
			}
		default:
			if skipped++; firstSkipped == nil {
				firstSkipped = f
			}
		}
	}
	sep := false
	texts := func(failed bool) {
		for _, f := range fs {
			if f.Suppressed == nil && isFailing(f, strict) == failed {
				if sep {
					xw.raw("&#xA;&#xA;")
				}
				xw.findingText(f)
				sep = true
			}
		}
	}
	switch {
	case failing > 0:
		xw.raw("\n      <failure")
		xw.attr("message", caseMessage(failing, firstFailing))
		xw.attr("type", worst.String())
		xw.raw(">")
		texts(true)
		texts(false)
		xw.raw("</failure>")
		sep = false
	case skipped > 0:
		xw.raw("\n      <skipped")
		xw.attr("message", caseMessage(skipped, firstSkipped))
		xw.raw("></skipped>")
	}
	if (failing == 0 && skipped > 0) || notes > 0 {
		xw.raw("\n      <system-out>")
		if failing == 0 {
			texts(false)
		}
		for _, f := range fs {
			if f.Suppressed != nil {
				if sep {
					xw.raw("&#xA;&#xA;")
				}
				xw.text(suppressionNote(*f))
				sep = true
			}
		}
		xw.raw("</system-out>")
	}
	if failing > 0 || skipped > 0 || notes > 0 {
		xw.raw("\n    ")
	}
	xw.raw("</testcase>")
}

// caseMessage is the message of a test case with n findings of a kind,
// the first of them first.
func caseMessage(n int, first *rules.Finding) string {
	if n == 1 {
		return first.Message
	}
	return fmt.Sprintf("%d findings: %s (and %d more)", n, first.Message, n-1)
}

// findingText writes a finding, escaped, in the plain-text block layout
// of the text format: "SEVERITY RULE STATUS: title", then resource, at,
// the message, related resources and the fix, one a line.
func (xw *xmlWriter) findingText(f *rules.Finding) {
	const nl = "&#xA;"
	xw.text(f.Severity.String())
	xw.raw(" ")
	xw.text(f.RuleID)
	xw.raw(" ")
	xw.text(upperStatus(f.Status))
	xw.raw(": ")
	xw.text(f.Title)
	xw.raw(nl)
	if f.Address != "" {
		xw.raw("resource: ")
		xw.text(f.Address)
		xw.raw(nl)
	}
	if f.Location != nil {
		xw.raw("at: ")
		xw.text(f.Location.Filename)
		xw.raw(":")
		xw.buf = strconv.AppendInt(xw.buf, int64(f.Location.Start.Line), 10)
		xw.raw(":")
		xw.buf = strconv.AppendInt(xw.buf, int64(f.Location.Start.Column), 10)
		xw.raw(nl)
	}
	xw.text(f.Message)
	xw.raw(nl)
	for _, rel := range f.Related {
		xw.raw("related: ")
		xw.text(rel.Address)
		xw.raw(" (")
		xw.text(rel.Message)
		xw.raw(")" + nl)
	}
	xw.raw("fix: ")
	xw.text(f.Remediation)
}

// upperStatus is strings.ToUpper of a status, without allocating for the
// statuses findings have.
func upperStatus(s rules.Status) string {
	switch s {
	case rules.Fail:
		return "FAIL"
	case rules.Indeterminate:
		return "INDETERMINATE"
	}
	return strings.ToUpper(string(s))
}

// suppressionNote says which finding was accepted, how and why.
func suppressionNote(f rules.Finding) string {
	sp := f.Suppressed
	var b strings.Builder
	fmt.Fprintf(&b, "suppressed (%s) %s %s %s: %s\nreason: %s", sp.Kind, f.Severity, f.RuleID, strings.ToUpper(string(f.Status)), f.Message, sp.Reason)
	if sp.Expires != "" {
		fmt.Fprintf(&b, "\nexpires: %s", sp.Expires)
	}
	if sp.Ticket != "" {
		fmt.Fprintf(&b, "\nticket: %s", sp.Ticket)
	}
	if sp.Location != nil {
		fmt.Fprintf(&b, "\nsuppressed at: %s:%d:%d", sp.Location.Filename, sp.Location.Start.Line, sp.Location.Start.Column)
	}
	return b.String()
}
