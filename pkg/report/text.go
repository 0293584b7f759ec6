package report

import (
	"bufio"
	"cmp"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/tfemrcheck/tfemrcheck/pkg/model"
	"github.com/tfemrcheck/tfemrcheck/pkg/rules"
)

// TextOptions control the human-readable format.
type TextOptions struct {
	// Color adds ANSI colours (only on a terminal, never with NO_COLOR:
	// the caller decides).
	Color bool
	// ErrorsShownApart leaves the input errors out of the report: the
	// caller prints them on standard error, so that a terminal, which
	// shows both streams, shows each problem once. The summary still
	// counts them.
	ErrorsShownApart bool
}

const (
	ansiReset = "\x1b[0m"
	ansiBold  = "\x1b[1m"
	ansiRed   = "\x1b[31m"
	ansiYel   = "\x1b[33m"
	ansiCyan  = "\x1b[36m"
	ansiDim   = "\x1b[2m"
)

// Text writes the report for a reviewer who reads it top-down: the
// policy in use (when there is one), failing findings first, most severe first; then indeterminate ones; then
// suppressed ones; then the notes, the input errors, a summary line and
// what the run covered.
// Within a group findings are ordered by file and line, or by address
// when they have no source location. Every text that comes from the
// input is escaped (EscapeLine), so each line starts with the tool's own
// words.
func Text(w io.Writer, r *Report, opts TextOptions) error {
	t := &textWriter{w: bufio.NewWriter(w), color: opts.Color}
	writePolicyText(t.w, r, t.paint)
	for _, i := range readingOrder(r.Findings) {
		t.finding(r.Findings[i])
	}
	t.notes(r.Notes)
	if !opts.ErrorsShownApart {
		t.errors(r.Errors)
	}
	t.summary(r)
	writeCoverageText(t.w, r, "")
	return t.w.Flush()
}

// textWriter writes the parts of the text format.
type textWriter struct {
	w     *bufio.Writer
	color bool
}

// paint wraps s in an ANSI style when colours are on.
func (t *textWriter) paint(code, s string) string {
	if !t.color {
		return s
	}
	return code + s + ansiReset
}

// readingOrder returns the order in which the text format lists the
// findings, as indexes into fs (in check.Sort order, which JSON keeps):
// a large plan's findings are not copied or moved to be read in another
// order.
func readingOrder(fs []rules.Finding) []int32 {
	order := make([]int32, len(fs))
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortStableFunc(order, func(i, j int32) int {
		a, b := &fs[i], &fs[j]
		if c := cmp.Compare(textGroup(a), textGroup(b)); c != 0 {
			return c
		}
		if c := cmp.Compare(b.Severity, a.Severity); c != 0 {
			return c
		}
		if c := compareWhere(a, b); c != 0 {
			return c
		}
		if c := strings.Compare(a.RuleID, b.RuleID); c != 0 {
			return c
		}
		if c := strings.Compare(a.Input, b.Input); c != 0 {
			return c
		}
		return strings.Compare(a.Root, b.Root)
	})
	return order
}

// textGroup ranks a finding's group: failing, indeterminate, suppressed.
func textGroup(f *rules.Finding) int {
	switch {
	case f.Suppressed != nil:
		return 2
	case f.Status == rules.Fail:
		return 0
	}
	return 1
}

// compareWhere orders by file, line and column, then by address; findings
// without a source location (a plan alone) come first, by address.
func compareWhere(a, b *rules.Finding) int {
	var af, bf string
	var al, bl, ac, bc int
	if a.Location != nil {
		af, al, ac = a.Location.Filename, a.Location.Start.Line, a.Location.Start.Column
	}
	if b.Location != nil {
		bf, bl, bc = b.Location.Filename, b.Location.Start.Line, b.Location.Start.Column
	}
	if c := strings.Compare(af, bf); c != 0 {
		return c
	}
	if c := cmp.Compare(al, bl); c != 0 {
		return c
	}
	if c := cmp.Compare(ac, bc); c != 0 {
		return c
	}
	return strings.Compare(a.Address, b.Address)
}

// finding writes one finding's block.
func (t *textWriter) finding(f rules.Finding) {
	status := strings.ToUpper(string(f.Status))
	code := ansiYel
	switch {
	case f.Suppressed != nil:
		status += " (SUPPRESSED)"
		code = ansiDim
	case f.Status == rules.Fail && f.Severity >= rules.High:
		code = ansiRed
	}
	fmt.Fprintf(t.w, "%s %s %s: %s\n", t.paint(code+ansiBold, f.Severity.String()), t.paint(ansiBold, EscapeLine(f.RuleID)),
		t.paint(code, status), EscapeLine(f.Title))
	addr := EscapeLine(f.Address)
	if addr == "" {
		addr = "(security configuration document)"
	}
	fmt.Fprintf(t.w, "  %s %s\n", t.paint(ansiCyan, "resource:"), addr)
	if f.Input != "" {
		fmt.Fprintf(t.w, "  %s %s\n", t.paint(ansiCyan, "input:   "), EscapeLine(f.Input))
	}
	if f.Root != "" {
		fmt.Fprintf(t.w, "  %s %s\n", t.paint(ansiCyan, "root:    "), EscapeLine(f.Root))
	}
	if f.Location != nil {
		fmt.Fprintf(t.w, "  %s %s\n", t.paint(ansiCyan, "at:      "), position(f.Location))
	}
	fmt.Fprintf(t.w, "  %s\n", EscapeLine(f.Message))
	for _, rel := range f.Related {
		fmt.Fprintf(t.w, "  %s %s (%s)\n", t.paint(ansiDim, "related:"), EscapeLine(rel.Address), EscapeLine(rel.Message))
	}
	if sp := f.Suppressed; sp != nil {
		fmt.Fprintf(t.w, "  %s %s: %s", t.paint(ansiCyan, "suppressed:"), EscapeLine(string(sp.Kind)), EscapeLine(sp.Reason))
		if sp.Expires != "" {
			fmt.Fprintf(t.w, " (expires %s)", EscapeLine(sp.Expires))
		}
		if sp.Ticket != "" {
			fmt.Fprintf(t.w, " [%s]", EscapeLine(sp.Ticket))
		}
		if sp.Location != nil {
			fmt.Fprintf(t.w, " at %s:%d", EscapeLine(sp.Location.Filename), sp.Location.Start.Line)
		}
		fmt.Fprintln(t.w)
	}
	fmt.Fprintf(t.w, "  %s %s\n\n", t.paint(ansiCyan, "fix:"), EscapeLine(f.Remediation))
}

// position is FILE:LINE:COLUMN, escaped.
func position(r *model.Range) string {
	return fmt.Sprintf("%s:%d:%d", EscapeLine(r.Filename), r.Start.Line, r.Start.Column)
}

// notes writes one line per note.
func (t *textWriter) notes(ns []model.Note) {
	for _, n := range ns {
		at := ""
		if n.Range != nil {
			at = " (" + position(n.Range) + ")"
		}
		if o := Origin(n.Root, n.Input); o != "" {
			at += " (" + EscapeLine(o) + ")"
		}
		addr := EscapeLine(n.Address)
		if addr != "" {
			addr += ": "
		}
		fmt.Fprintf(t.w, "%s %s%s%s\n", t.paint(ansiYel+ansiBold, "NOTE"), addr, EscapeLine(n.Message), at)
	}
}

// errors writes one line per input error.
func (t *textWriter) errors(es []InputError) {
	for _, e := range es {
		fmt.Fprintf(t.w, "%s %s\n", t.paint(ansiRed+ansiBold, "Error:"), e.Line())
	}
}

// summary writes the verdict line.
func (t *textWriter) summary(r *Report) {
	s := r.Summarize()
	verdict, rest, _ := strings.Cut(SummaryLine(r), ":")
	code := ansiBold
	if s.Failed {
		code = ansiRed + ansiBold
	}
	fmt.Fprintf(t.w, "%s:%s\n", t.paint(code, verdict), rest)
}

// SummaryLine is the verdict and the counts, without colour: the last
// line of the text format, also printed on the terminal when the report
// goes to a file.
//
//	FAILED: 3 findings: 2 fail, 1 indeterminate, 0 suppressed (CRITICAL 1, HIGH 1, MEDIUM 0, LOW 1, INFO 0)
//	FAILED: 1 input error, no findings
//	PASSED: no findings
//	PASSED (INCOMPLETE): no findings
func SummaryLine(r *Report) string {
	s := r.Summarize()
	verdict := r.passWord(s)
	if s.Failed {
		verdict = "FAILED"
	}
	var b strings.Builder
	b.WriteString(verdict + ": ")
	if s.Total == 0 {
		if s.Errors > 0 {
			b.WriteString(plural(s.Errors, "input error") + ", ")
		}
		b.WriteString("no findings")
		return b.String()
	}
	fmt.Fprintf(&b, "%s: %d fail, %d indeterminate, %d suppressed (CRITICAL %d, HIGH %d, MEDIUM %d, LOW %d, INFO %d)",
		plural(s.Total, "finding"), s.Fail, s.Indeterminate, s.Suppressed, s.BySeverity["CRITICAL"], s.BySeverity["HIGH"],
		s.BySeverity["MEDIUM"], s.BySeverity["LOW"], s.BySeverity["INFO"])
	if s.Errors > 0 {
		b.WriteString(", and " + plural(s.Errors, "input error"))
	}
	return b.String()
}
