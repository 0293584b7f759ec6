// Package report renders a scan's findings. Each output format is one file
// with one function writing to an io.Writer; all of them read the same
// Report value.
package report

import (
	"strings"

	"github.com/tfemrcheck/tfemrcheck/pkg/check"
	"github.com/tfemrcheck/tfemrcheck/pkg/model"
	"github.com/tfemrcheck/tfemrcheck/pkg/policy"
	"github.com/tfemrcheck/tfemrcheck/pkg/rules"
)

// Report is the result of one run over one or more inputs.
type Report struct {
	ToolName    string
	ToolVersion string
	// Findings in order (check.Sort).
	Findings []rules.Finding
	// Errors are inputs that could not be read.
	Errors []InputError
	// Notes are facts about the input that limit what was checked, e.g. a
	// registry module whose resources were not evaluated.
	Notes []model.Note
	// Evaluated and then Pairs list every rule × resource pair that was
	// checked (for formats that report passes, such as JUnit, and SARIF's
	// file of a finding without a location), in order. The command line
	// sets Pairs, one per model checked: a large plan has hundreds of
	// thousands of pairs.
	Evaluated []check.Evaluation
	Pairs     []*check.Pairs
	// Strict makes indeterminate findings fail (exit 1).
	Strict bool
	// Threshold is the lowest severity whose failing findings fail the
	// gate (rules.Info, the zero value, means all).
	Threshold rules.Severity
	// Policy is the policy the run used (policy.New() without a policy
	// file); every format describes it (policy.go). nil leaves it out.
	Policy *policy.Policy
	// Checked says what the run covered (nil when not known); see
	// CoverageOf.
	Checked *Coverage
}

// InputError is an input that could not be read or evaluated.
type InputError struct {
	// File is the input (or the file inside it) at fault.
	File string
	// Message says what is wrong, on one line, naming File (best at its
	// start, with line and column where there are some).
	Message string
	// Root and Input name where the error came from, as for a finding
	// (rules.Finding.Root, Input).
	Root, Input string
}

// Line is the error as one line of text for a terminal or a log: the
// message, prefixed with the file when it does not name it, and escaped
// (EscapeLine).
func (e InputError) Line() string {
	msg := e.Message
	if e.File != "" && e.File != "-" && !strings.Contains(msg, e.File) {
		msg = e.File + ": " + msg
	}
	if o := e.origin(); o != "" {
		msg += " (" + o + ")"
	}
	return EscapeLine(msg)
}

// originInput is the error's input unless it is the error's own file.
func (e InputError) originInput() string {
	if e.Input == e.File {
		return ""
	}
	return e.Input
}

// origin is Origin for the error, leaving out an input that is the
// error's own file (the message names it already).
func (e InputError) origin() string {
	input := e.Input
	if input == e.File {
		input = ""
	}
	return Origin(e.Root, input)
}

// Origin names where a finding, note or error came from, for the formats
// that say it in words: "root envs/prod", "input plan.json", "input
// envs/..., root prod"; "" when neither is set (a run of one input).
func Origin(root, input string) string {
	var parts []string
	if input != "" {
		parts = append(parts, "input "+input)
	}
	if root != "" {
		parts = append(parts, "root "+root)
	}
	return strings.Join(parts, ", ")
}

// Summary counts findings.
type Summary struct {
	Total         int            `json:"total"`
	Fail          int            `json:"fail"`
	Indeterminate int            `json:"indeterminate"`
	Suppressed    int            `json:"suppressed"`
	Errors        int            `json:"errors"`
	BySeverity    map[string]int `json:"by_severity"`
	// Failed says whether the run fails the gate (exit code 1 or 2).
	Failed bool `json:"failed"`
	// Checked is Report.Checked.
	Checked *Coverage `json:"checked,omitempty"`
}

// Summarize counts the report's findings.
func (r *Report) Summarize() Summary {
	s := Summary{BySeverity: map[string]int{}}
	for _, sev := range []rules.Severity{rules.Critical, rules.High, rules.Medium, rules.Low, rules.Info} {
		s.BySeverity[sev.String()] = 0
	}
	failing := 0
	for _, f := range r.Findings {
		s.Total++
		s.BySeverity[f.Severity.String()]++
		switch {
		case f.Suppressed != nil:
			s.Suppressed++
		case f.Status == rules.Fail:
			s.Fail++
		case f.Status == rules.Indeterminate:
			s.Indeterminate++
		}
		if r.Failing(f) {
			failing++
		}
	}
	s.Errors = len(r.Errors)
	s.Failed = s.Errors > 0 || failing > 0
	s.Checked = r.Checked
	return s
}

// Failing reports whether f makes the gate fail: it fails (or is
// indeterminate with Strict), is at or above the threshold, and is not
// suppressed.
func (r *Report) Failing(f rules.Finding) bool {
	if f.Suppressed != nil || f.Severity < r.Threshold {
		return false
	}
	return f.Status == rules.Fail || (r.Strict && f.Status == rules.Indeterminate)
}
