package report

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"github.com/tfemrcheck/tfemrcheck/pkg/rules"
)

// TextOptions control the human-readable format.
type TextOptions struct {
	// Color adds ANSI colours (only on a terminal, never with NO_COLOR:
	// the caller decides).
	Color bool
}

const (
	ansiReset = "\x1b[0m"
	ansiBold  = "\x1b[1m"
	ansiRed   = "\x1b[31m"
	ansiYel   = "\x1b[33m"
	ansiCyan  = "\x1b[36m"
	ansiDim   = "\x1b[2m"
)

// Text writes one block per finding, then the errors and a summary.
func Text(w io.Writer, r *Report, opts TextOptions) error {
	bw := bufio.NewWriter(w)
	paint := func(code, s string) string {
		if !opts.Color {
			return s
		}
		return code + s + ansiReset
	}
	writePolicyText(bw, r, paint)
	for _, f := range r.Findings {
		sev := f.Severity.String()
		status := strings.ToUpper(string(f.Status))
		code := ansiYel
		switch {
		case f.Suppressed != nil:
			status += " (SUPPRESSED)"
			code = ansiDim
		case f.Status == rules.Fail && f.Severity >= rules.High:
			code = ansiRed
		}
		fmt.Fprintf(bw, "%s %s %s: %s\n", paint(code+ansiBold, sev), paint(ansiBold, f.RuleID), paint(code, status), f.Title)
		addr := f.Address
		if addr == "" {
			addr = "(security configuration document)"
		}
		fmt.Fprintf(bw, "  %s %s\n", paint(ansiCyan, "resource:"), addr)
		if f.Location != nil {
			fmt.Fprintf(bw, "  %s %s:%d:%d\n", paint(ansiCyan, "at:      "), f.Location.Filename, f.Location.Start.Line, f.Location.Start.Column)
		}
		fmt.Fprintf(bw, "  %s\n", f.Message)
		for _, rel := range f.Related {
			fmt.Fprintf(bw, "  %s %s (%s)\n", paint(ansiDim, "related:"), rel.Address, rel.Message)
		}
		if sp := f.Suppressed; sp != nil {
			fmt.Fprintf(bw, "  %s %s: %s", paint(ansiCyan, "suppressed:"), sp.Kind, sp.Reason)
			if sp.Expires != "" {
				fmt.Fprintf(bw, " (expires %s)", sp.Expires)
			}
			if sp.Ticket != "" {
				fmt.Fprintf(bw, " [%s]", sp.Ticket)
			}
			if sp.Location != nil {
				fmt.Fprintf(bw, " at %s:%d", sp.Location.Filename, sp.Location.Start.Line)
			}
			fmt.Fprintln(bw)
		}
		fmt.Fprintf(bw, "  %s %s\n\n", paint(ansiCyan, "fix:"), f.Remediation)
	}
	for _, n := range r.Notes {
		at := ""
		if n.Range != nil {
			at = fmt.Sprintf(" (%s:%d:%d)", n.Range.Filename, n.Range.Start.Line, n.Range.Start.Column)
		}
		addr := n.Address
		if addr != "" {
			addr += ": "
		}
		fmt.Fprintf(bw, "%s %s%s%s\n", paint(ansiYel+ansiBold, "NOTE"), addr, n.Message, at)
	}
	for _, e := range r.Errors {
		msg := e.Message
		if !strings.HasPrefix(msg, e.File+":") {
			msg = e.File + ": " + msg
		}
		fmt.Fprintf(bw, "%s %s\n", paint(ansiRed+ansiBold, "ERROR"), msg)
	}
	s := r.Summarize()
	verdict := paint(ansiBold, r.passWord(s))
	if s.Failed {
		verdict = paint(ansiRed+ansiBold, "FAILED")
	}
	fmt.Fprintf(bw, "%s: %d finding(s): %d fail, %d indeterminate, %d suppressed (CRITICAL %d, HIGH %d, MEDIUM %d, LOW %d, INFO %d)",
		verdict, s.Total, s.Fail, s.Indeterminate, s.Suppressed, s.BySeverity["CRITICAL"], s.BySeverity["HIGH"],
		s.BySeverity["MEDIUM"], s.BySeverity["LOW"], s.BySeverity["INFO"])
	if s.Errors > 0 {
		fmt.Fprintf(bw, ", %d input error(s)", s.Errors)
	}
	fmt.Fprintln(bw)
	writeCoverageText(bw, r, "")
	return bw.Flush()
}
