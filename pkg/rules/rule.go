// Package rules holds tfemrcheck's rule catalogue. A rule is a value with
// an id, a title, a severity, its rationale and remediation, and a Check
// function that reads only the model (pkg/model) and reports findings
// through a Pass. Catalogue returns the explicit list; nothing registers
// itself.
package rules

import (
	"fmt"
	"regexp"
	"strings"
	"sync/atomic"

	"github.com/tfemrcheck/tfemrcheck/pkg/model"
)

// Severity orders findings by impact.
type Severity int

const (
	// Info is informational.
	Info Severity = iota
	// Low severity.
	Low
	// Medium severity.
	Medium
	// High severity.
	High
	// Critical: the deployment breaks or data is directly exposed.
	Critical
)

var severityNames = [...]string{"INFO", "LOW", "MEDIUM", "HIGH", "CRITICAL"}

func (s Severity) String() string {
	if s < Info || s > Critical {
		return fmt.Sprintf("SEVERITY(%d)", int(s))
	}
	return severityNames[s]
}

// ParseSeverity parses a severity name, case-insensitively.
func ParseSeverity(s string) (Severity, error) {
	for i, n := range severityNames {
		if strings.EqualFold(s, n) {
			return Severity(i), nil
		}
	}
	return 0, fmt.Errorf("unknown severity %q (want one of %s)", s, strings.Join(severityNames[:], ", "))
}

// Status is the outcome of a finding. Passing checks produce no finding.
type Status string

const (
	// Fail: the rule's condition holds.
	Fail Status = "fail"
	// Indeterminate: the rule's input is unknown (at plan time, or from a
	// source that was not evaluated), so it cannot be verified.
	Indeterminate Status = "indeterminate"
)

// Rule is one check of the catalogue.
type Rule struct {
	// ID is stable and never reused ("EMR-SC-001").
	ID string
	// Title is lower-case, without a final period, at most 60 characters.
	Title    string
	Severity Severity
	// Rationale says why the rule matters, with its sources.
	Rationale string
	// Remediation says what to change, in one line.
	Remediation string
	// Doc is longer guidance for the rule's documentation page (optional):
	// how unknown values are treated, open questions, severity changes.
	Doc string
	// Targets are the resource types the rule evaluates (one JUnit test
	// case per rule and resource); nil means the family's default, see
	// TargetTypes.
	Targets []string
	// Bad and Good are short HCL examples for the documentation: a
	// configuration the rule fails, and the corrected one. Tests check
	// that the rule really fails Bad and passes Good.
	Bad, Good string
	// Check reports findings for the model in the pass.
	Check func(*Pass)
}

// DocURL is where the rule's documentation lives, derived from its id,
// in the documentation of the tool version in use (SetDocVersion): the
// rule as this build checks it, not as a later release may.
func (r *Rule) DocURL() string {
	ref := DevDocRef
	if p := docRef.Load(); p != nil {
		ref = *p
	}
	return "https://github.com/tfemrcheck/tfemrcheck/blob/" + ref + "/docs/rules/" + r.ID + ".md"
}

// DevDocRef is the git ref rule links use when the version is not known
// (a development build, "dev"): the main branch, the documentation
// closest to an unreleased build. (A local build's commit may never have
// been pushed, so it is not linked.)
const DevDocRef = "main"

// docRef is the ref DocURL uses; nil means DevDocRef.
var docRef atomic.Pointer[string]

// SetDocVersion makes DocURL point at the documentation of tool version
// v (see DocRef). The command line and the provider call it once at start.
func SetDocVersion(v string) {
	ref := DocRef(v)
	docRef.Store(&ref)
}

var (
	releaseVersion = regexp.MustCompile(`^v?(\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?)(?:\+[0-9A-Za-z.-]+)?$`)
	// A Go pseudo-version ends in a 14-digit UTC time and a 12-digit
	// commit prefix: v0.0.0-20261201093000-abcdef123456.
	pseudoVersion = regexp.MustCompile(`[.-](\d{14})-([0-9a-f]{12})(?:\+[0-9A-Za-z.-]+)?$`)
)

// DocRef is the git ref of version v's documentation: a Go pseudo-version
// (go install …@commit) its commit, a release (v1.2.3, 1.2.3,
// v1.3.0-rc.1; build metadata such as +dirty dropped) its tag v1.2.3,
// anything else (dev, (devel), "") DevDocRef.
func DocRef(v string) string {
	if m := pseudoVersion.FindStringSubmatch(v); m != nil {
		return m[2]
	}
	if m := releaseVersion.FindStringSubmatch(v); m != nil {
		return "v" + m[1]
	}
	return DevDocRef
}

// TargetTypes returns the resource types the rule evaluates.
func (r *Rule) TargetTypes() []string {
	if r.Targets != nil {
		return r.Targets
	}
	switch {
	case strings.HasPrefix(r.ID, "EMR-SC-"):
		return []string{model.TypeSecurityConfiguration}
	case strings.HasPrefix(r.ID, "EMR-ACC-"):
		return []string{model.TypeBlockPublicAccess}
	case strings.HasPrefix(r.ID, "EMR-SVC-"):
		return []string{model.TypeStudio, model.TypeServerlessApplication}
	}
	return []string{model.TypeCluster}
}

var idPattern = regexp.MustCompile(`^EMR-(SC|CL|REL|LOG|NET|ACC|SVC|MOD|META)-\d{3}$`)

// Validate checks that a rule is well formed.
func (r *Rule) Validate() error {
	switch {
	case !idPattern.MatchString(r.ID):
		return fmt.Errorf("rule id %q is not of the form EMR-FAMILY-NNN", r.ID)
	case r.Title == "" || len(r.Title) > 60:
		return fmt.Errorf("%s: title must be 1 to 60 characters", r.ID)
	case strings.HasSuffix(r.Title, "."):
		return fmt.Errorf("%s: title ends with a period", r.ID)
	case capitalised(r.Title):
		return fmt.Errorf("%s: title must start lower-case (acronyms excepted)", r.ID)
	case r.Rationale == "":
		return fmt.Errorf("%s: no rationale", r.ID)
	case r.Remediation == "":
		return fmt.Errorf("%s: no remediation", r.ID)
	case r.Check == nil:
		return fmt.Errorf("%s: no check function", r.ID)
	case r.Severity < Info || r.Severity > Critical:
		return fmt.Errorf("%s: bad severity", r.ID)
	}
	return nil
}

// Finding is one result of a rule on one resource.
type Finding struct {
	RuleID      string
	Title       string
	Severity    Severity
	Status      Status
	Address     string
	Message     string
	Remediation string
	// Location is where the fault is written, when the input has source.
	Location *model.Range
	// Related names other resources involved (e.g. the clusters that use
	// a faulty security configuration).
	Related []Related
	// Suppressed is set when an inline comment or a policy exception
	// accepts the finding; it is still reported, but never fails.
	Suppressed *Suppression
	// Engine is set when the finding concerns one engine's view of the
	// source only: "terraform" (Terraform ignores .tofu files) or
	// "opentofu" (OpenTofu reads x.tofu instead of x.tf). Empty: both,
	// or the input is not source.
	Engine string
	// Root is the root directory the finding came from under DIR/...,
	// relative to DIR, slash-separated ("." for DIR itself); empty
	// otherwise. Two roots calling one module give findings that differ
	// only by it.
	Root string
	// Input is the command-line input the finding came from when the run
	// has several (a plan's path, DIR/..., "-" for standard input); empty
	// with a single input.
	Input string
}

// Suppression records who accepted a finding and why.
type Suppression struct {
	// Kind is "inline" (a tfemrcheck:ignore comment) or "policy" (an
	// exception in the policy file).
	Kind    string
	Reason  string
	Expires string // YYYY-MM-DD, or ""
	Ticket  string
	// Location is where the suppression is written.
	Location *model.Range
}

// Related is a secondary location of a finding.
type Related struct {
	Address  string
	Message  string
	Location *model.Range
}

// Pass is what a rule's Check sees: the model, the parameters, and the
// way to report.
type Pass struct {
	Model  *model.Model
	Params Params
	rule   *Rule
	sink   func(Finding)

	// buf is where messages are formatted, and messages the distinct
	// ones already reported: a rule says the same thing about many
	// resources (a 40,000-resource plan gives 30,000 findings with 1,005
	// distinct messages), and each is kept once (issue 22.1).
	buf      []byte
	messages map[string]string
}

// maxMessages bounds the messages a pass remembers, so that a plan whose
// every finding says something else costs no more than without them.
const maxMessages = 4096

// NewPass makes a pass for one rule; findings go to sink with the rule's
// id, title, severity and remediation filled in. A pass is used by one
// goroutine.
func NewPass(r *Rule, m *model.Model, params Params, sink func(Finding)) *Pass {
	return &Pass{Model: m, Params: params, rule: r, sink: sink}
}

// At says where a finding is: a resource address and the value at fault.
type At struct {
	Address string
	// Value is the attribute or JSON key at fault; its Range locates the
	// finding. Fallback is used when Value has no range.
	Value    *model.Value
	Fallback *model.Range
}

func (a At) location() *model.Range {
	if a.Value != nil && a.Value.Range != nil {
		return a.Value.Range
	}
	return a.Fallback
}

// Failf reports a failing finding.
func (p *Pass) Failf(at At, format string, args ...any) {
	p.report(Fail, at, p.sprintf(format, args), p.rule.Severity)
}

// FailSeverityf reports a failing finding with a severity other than the
// rule's own (for rules whose severity depends on the case, e.g. SSE-S3
// when the organisation allows it). The rule's doc must say when.
func (p *Pass) FailSeverityf(sev Severity, at At, format string, args ...any) {
	p.report(Fail, at, p.sprintf(format, args), sev)
}

// Indeterminatef reports that the rule cannot be verified.
func (p *Pass) Indeterminatef(at At, format string, args ...any) {
	p.report(Indeterminate, at, p.sprintf(format, args), p.rule.Severity)
}

// sprintf is fmt.Sprintf, returning the string of an earlier message
// with the same text.
func (p *Pass) sprintf(format string, args []any) string {
	p.buf = fmt.Appendf(p.buf[:0], format, args...)
	if s, ok := p.messages[string(p.buf)]; ok {
		return s
	}
	s := string(p.buf)
	if p.messages == nil {
		p.messages = map[string]string{}
	}
	if len(p.messages) < maxMessages {
		p.messages[s] = s
	}
	return s
}

func (p *Pass) report(st Status, at At, msg string, sev Severity) {
	p.sink(Finding{
		RuleID:      p.rule.ID,
		Title:       p.rule.Title,
		Severity:    sev,
		Status:      st,
		Address:     at.Address,
		Message:     msg,
		Remediation: p.rule.Remediation,
		Location:    at.location(),
	})
}

// capitalised reports whether the first word is a capitalised ordinary
// word ("Cluster"), as opposed to lower-case or an acronym ("SSE-C").
func capitalised(title string) bool {
	word, _, _ := strings.Cut(title, " ")
	if word == "" || strings.ToUpper(word[:1]) != word[:1] || strings.ToLower(word[:1]) == word[:1] {
		return false
	}
	return strings.ToUpper(word) != word
}
