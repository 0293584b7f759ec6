package report

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/tfemrcheck/tfemrcheck/pkg/rules"
)

// Every format names the policy a run used and what it changes: the rules
// it disables or re-grades, the exceptions it grants, the threshold and
// the limits on suppressions it sets, its parameters, and the policy files
// next to the scanned code that were not read. A policy is the
// organisation's, and a change to it must be visible wherever the result
// is read, not only in the policy file's own diff.
//
// Report.Policy is nil when the caller says nothing about a policy (the
// library's own users); the formats then print nothing about it. The CLI
// always sets it, to policy.New() when no policy file is in use.

// policyFact is one thing a policy sets. key names it in machine-read
// formats (JUnit properties), label in the text ones.
type policyFact struct {
	key, label, value string
}

// policyFacts lists what r.Policy sets, in a fixed order; nil when r has no
// policy. The first fact is always the file.
func policyFacts(r *Report) []policyFact {
	p := r.Policy
	if p == nil {
		return nil
	}
	file := p.File
	if file == "" {
		file = "none"
	}
	facts := []policyFact{{"file", "file", file}}
	add := func(key, label, value string) { facts = append(facts, policyFact{key, label, value}) }
	if p.RulesEnabled() == 0 {
		add("rules", "rules", "none ran: the policy disables every rule")
	}
	// The threshold in force is always shown, with where it comes from:
	// a run's verdict cannot be read without it.
	v := r.Threshold.String()
	switch src := ThresholdSourceOf(r); {
	case src == ThresholdFromCommandLine && p.SeverityThreshold != nil:
		v = fmt.Sprintf("%s (--severity-threshold %s applies)", *p.SeverityThreshold, r.Threshold)
	case src == ThresholdFromCommandLine:
		v += " (--severity-threshold)"
	case src == ThresholdFromDefault:
		v += " (default)"
	}
	add("severity_threshold", "severity threshold", v)
	if d := p.Disabled(); len(d) > 0 {
		add("disabled", "disabled", strings.Join(d, ", "))
	}
	if ovs := p.Overrides(); len(ovs) > 0 {
		var s []string
		for _, o := range ovs {
			s = append(s, fmt.Sprintf("%s %s -> %s", o.Rule, o.From, o.To))
		}
		add("severity_overrides", "severity changed", strings.Join(s, ", "))
	}
	for _, e := range p.Exceptions {
		v := e.Rule + " on " + e.Where()
		if e.Expires != "" {
			v += " until " + e.Expires
		}
		if e.Ticket != "" {
			v += " [" + e.Ticket + "]"
		}
		v += fmt.Sprintf(" (%s:%d): %s", e.Range.Filename, e.Range.Start.Line, e.Reason)
		add("exception", "exception", v)
	}
	switch {
	case p.Inline.Forbidden:
		add("inline_suppressions", "inline suppressions", "forbidden")
	case p.Inline.MaxSeverity != nil:
		add("inline_suppressions", "inline suppressions", "findings up to "+p.Inline.MaxSeverity.String())
	}
	if p.MaxExceptionDays > 0 {
		add("max_exception_days", "suppressions expire within", fmt.Sprintf("%d days", p.MaxExceptionDays))
	}
	for _, prm := range p.Parameters() {
		add("parameter", "parameter", prm.Name+" = "+paramText(prm.Value))
	}
	if len(p.ExcludeRoots) > 0 {
		add("exclude_roots", "roots excluded", paramText(p.ExcludeRoots))
	}
	for _, f := range p.Ignored {
		add("ignored_file", "not read", f+" (a policy file next to the scanned code is read only with --config)")
	}
	return facts
}

func paramText(v any) string {
	switch v := v.(type) {
	case string:
		return strconv.Quote(v)
	case []string:
		q := make([]string, len(v))
		for i, s := range v {
			q[i] = strconv.Quote(s)
		}
		return "[" + strings.Join(q, ", ") + "]"
	}
	return fmt.Sprint(v)
}

// writePolicyText writes the text format's policy header: a line naming
// the file, then one indented line per fact, then a blank line.
func writePolicyText(w io.Writer, r *Report, paint func(code, s string) string) {
	facts := policyFacts(r)
	if facts == nil {
		return
	}
	fmt.Fprintf(w, "%s %s\n", paint(ansiBold, "Policy:"), plainText(facts[0].value))
	for _, f := range facts[1:] {
		fmt.Fprintf(w, "  %s %s\n", paint(ansiCyan, f.label+":"), plainText(f.value))
	}
	fmt.Fprintln(w)
}

// policyLine is the policy in one line, for the markdown and github
// formats; "" when r has no policy.
func policyLine(r *Report) string {
	facts := policyFacts(r)
	if facts == nil {
		return ""
	}
	parts := make([]string, 0, len(facts)-1)
	for _, f := range facts[1:] {
		parts = append(parts, f.label+": "+f.value)
	}
	line := "Policy: " + facts[0].value
	if len(parts) > 0 {
		line += "; " + strings.Join(parts, "; ")
	}
	return line
}

// markdownPolicy writes the policy line of the markdown format.
func markdownPolicy(w io.Writer, r *Report) {
	if line := policyLine(r); line != "" {
		fmt.Fprintf(w, "%s\n\n", mdCell(line))
	}
}

// githubPolicy writes the policy as one notice of the github format.
func githubPolicy(w io.Writer, r *Report) {
	if line := policyLine(r); line != "" {
		fmt.Fprintf(w, "::notice title=%s::%s\n", ghProperty("tfemrcheck policy"), ghData(line))
	}
}

// junitPolicySuite is a test suite without test cases whose properties
// describe the policy (JUnit has properties on suites only); nil when r
// has no policy.
func junitPolicySuite(r *Report) *junitSuite {
	facts := policyFacts(r)
	if facts == nil {
		return nil
	}
	s := &junitSuite{Name: "policy", Time: "0", Properties: &junitProperties{}}
	for _, f := range facts {
		s.Properties.List = append(s.Properties.List, junitProperty{Name: "policy." + f.key, Value: f.value})
	}
	return s
}

type junitProperties struct {
	List []junitProperty `xml:"property"`
}

type junitProperty struct {
	Name  string `xml:"name,attr"`
	Value string `xml:"value,attr"`
}

// jsonPolicy is the JSON format's top-level "policy" object and the SARIF
// run property of the same name.
type jsonPolicy struct {
	// File is null when no policy file is in use.
	File         *string `json:"file"`
	RulesEnabled int     `json:"rules_enabled"`
	// SeverityThreshold is the threshold in force, never null.
	SeverityThreshold *string `json:"severity_threshold"`
	// SeverityThresholdSource says where it comes from: "default",
	// "policy_file" or "command_line" (a flag, the Action's input).
	SeverityThresholdSource       string          `json:"severity_threshold_source"`
	Disabled                      []string        `json:"disabled"`
	SeverityOverrides             []jsonOverride  `json:"severity_overrides"`
	Exceptions                    []jsonException `json:"exceptions"`
	InlineSuppressions            bool            `json:"inline_suppressions"`
	InlineSuppressionsMaxSeverity *string         `json:"inline_suppressions_max_severity"`
	MaxExceptionDays              *int            `json:"max_exception_days"`
	Parameters                    map[string]any  `json:"parameters"`
	IgnoredFiles                  []string        `json:"ignored_files"`
	// ExcludeRoots are the policy's exclude_roots (left out when unset).
	ExcludeRoots []string `json:"exclude_roots,omitempty"`
}

type jsonOverride struct {
	RuleID string `json:"rule_id"`
	From   string `json:"from"`
	To     string `json:"to"`
}

type jsonException struct {
	RuleID   string        `json:"rule_id"`
	Address  string        `json:"address"`
	Root     string        `json:"root,omitempty"`
	Reason   string        `json:"reason"`
	Expires  string        `json:"expires,omitempty"`
	Ticket   string        `json:"ticket,omitempty"`
	Location jsonPolicyLoc `json:"location"`
}

type jsonPolicyLoc struct {
	File   string `json:"file"`
	Line   int    `json:"line"`
	Column int    `json:"column"`
}

// Where the threshold in force comes from (the JSON format's
// policy.severity_threshold_source).
const (
	ThresholdFromDefault     = "default"
	ThresholdFromPolicyFile  = "policy_file"
	ThresholdFromCommandLine = "command_line"
)

// ThresholdSourceOf tells where r.Threshold comes from: the policy file
// when it sets that value, the default (rules.DefaultThreshold) when
// neither sets another, else the command line (or the service's flag).
func ThresholdSourceOf(r *Report) string {
	var fromPolicy *rules.Severity
	if r.Policy != nil {
		fromPolicy = r.Policy.SeverityThreshold
	}
	switch {
	case fromPolicy != nil && *fromPolicy == r.Threshold:
		return ThresholdFromPolicyFile
	case fromPolicy == nil && r.Threshold == rules.DefaultThreshold:
		return ThresholdFromDefault
	}
	return ThresholdFromCommandLine
}

// policyObject builds the "policy" object; nil when r has no policy.
func policyObject(r *Report) *jsonPolicy {
	p := r.Policy
	if p == nil {
		return nil
	}
	o := &jsonPolicy{
		RulesEnabled:       p.RulesEnabled(),
		Disabled:           p.Disabled(),
		SeverityOverrides:  []jsonOverride{},
		Exceptions:         []jsonException{},
		InlineSuppressions: !p.Inline.Forbidden,
		Parameters:         map[string]any{},
		IgnoredFiles:       append([]string{}, p.Ignored...),
	}
	if p.File != "" {
		f := p.File
		o.File = &f
	}
	th := r.Threshold.String()
	o.SeverityThreshold = &th
	o.SeverityThresholdSource = ThresholdSourceOf(r)
	for _, ov := range p.Overrides() {
		o.SeverityOverrides = append(o.SeverityOverrides, jsonOverride{RuleID: ov.Rule, From: ov.From.String(), To: ov.To.String()})
	}
	for _, e := range p.Exceptions {
		o.Exceptions = append(o.Exceptions, jsonException{
			RuleID: e.Rule, Address: e.Address, Root: e.Root, Reason: e.Reason, Expires: e.Expires, Ticket: e.Ticket,
			Location: jsonPolicyLoc{File: e.Range.Filename, Line: e.Range.Start.Line, Column: e.Range.Start.Column},
		})
	}
	if m := p.Inline.MaxSeverity; m != nil {
		s := m.String()
		o.InlineSuppressionsMaxSeverity = &s
	}
	if p.MaxExceptionDays > 0 {
		n := p.MaxExceptionDays
		o.MaxExceptionDays = &n
	}
	for _, prm := range p.Parameters() {
		o.Parameters[prm.Name] = prm.Value
	}
	o.ExcludeRoots = append([]string(nil), p.ExcludeRoots...)
	return o
}

// writePolicyJSON writes `"policy": {...},` at the top level of the JSON
// format, indented as encoding/json indents it there; nothing when r has
// no policy.
func (jw *jsonWriter) writePolicyJSON(r *Report) {
	o := policyObject(r)
	if o == nil {
		return
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("  ", "  ")
	if err := enc.Encode(o); err != nil {
		// Only strings, numbers, booleans and lists of them: cannot fail.
		panic(err)
	}
	jw.field(1, "policy")
	jw.buf = append(jw.buf, bytes.TrimSuffix(b.Bytes(), []byte("\n"))...)
	jw.raw(",\n")
}

// sarifRunProps are the run's properties: the policy.
type sarifRunProps struct {
	Policy *jsonPolicy `json:"policy"`
	// Checked is what the run covered (coverage.go).
	Checked *Coverage `json:"checked,omitempty"`
}

// sarifRunProperties returns the run's property bag; nil when r has no
// policy.
func sarifRunProperties(r *Report) *sarifRunProps {
	o := policyObject(r)
	if o == nil {
		return nil
	}
	return &sarifRunProps{Policy: o}
}

// plainText escapes what must not reach a terminal or a CI log raw from a
// policy file: control characters (ESC, CR, LF…), Unicode format
// characters (bidirectional overrides) and invalid UTF-8 are written as
// \x.. or \u.... escapes, so a value cannot start a line or rewrite the
// screen. Written here because the text format has no escaping of its
// own for these values; it is deliberately small.
func plainText(s string) string {
	clean := true
	for _, r := range s {
		if r == utf8.RuneError || r == '\\' || unicode.IsControl(r) || unicode.Is(unicode.Cf, r) {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size <= 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case r == '\\':
			b.WriteString(`\\`)
		case r < 0x80 && unicode.IsControl(r):
			fmt.Fprintf(&b, `\x%02x`, r)
		case unicode.IsControl(r) || unicode.Is(unicode.Cf, r):
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteRune(r)
		}
		i += size
	}
	return b.String()
}
