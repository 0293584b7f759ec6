package report

import (
	"bufio"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/tfemrcheck/tfemrcheck/pkg/rules"
)

// GitHub writes the report as GitHub Actions workflow commands
// (https://docs.github.com/actions/reference/workflow-commands-for-github-actions),
// one annotation per finding:
//
//	::error file=infra/main.tf,line=12,col=3,endLine=12,endColumn=40,title=EMR-SC-001%3A title::address: message%0Afix: remediation
//
// A failing finding is an error at HIGH and CRITICAL and a warning below;
// an indeterminate one is a notice. A finding without a source location
// (plan only) has no file property and shows in the run summary only.
// File names are printed as in the findings, with forward slashes; run
// the tool from the repository root so that they are relative to it.
//
// Suppressed findings are not annotated: annotations are capped per step,
// and accepted findings should not crowd out open ones. They are listed,
// with kind and reason, as plain log lines in a collapsed group
// ("::group::"). Input errors are error annotations on the input. A
// summary line ends the output; a notice before the annotations names the
// policy in use (policy.go). Every value is escaped as workflow
// commands require, so no finding text can start a command of its own.
func GitHub(w io.Writer, r *Report) error {
	bw := bufio.NewWriter(w)
	githubPolicy(bw, r)
	var suppressed []rules.Finding
	for _, f := range r.Findings {
		if f.Suppressed != nil {
			suppressed = append(suppressed, f)
			continue
		}
		var props []string
		if f.Location != nil && f.Location.Filename != "" {
			l := f.Location
			props = append(props, "file="+ghProperty(filepath.ToSlash(l.Filename)))
			if l.Start.Line > 0 {
				props = append(props, fmt.Sprintf("line=%d", l.Start.Line))
				if l.Start.Column > 0 {
					props = append(props, fmt.Sprintf("col=%d", l.Start.Column))
				}
				if l.End.Line >= l.Start.Line {
					props = append(props, fmt.Sprintf("endLine=%d", l.End.Line))
					if l.End.Line == l.Start.Line && l.End.Column > l.Start.Column {
						props = append(props, fmt.Sprintf("endColumn=%d", l.End.Column))
					}
				}
			}
		}
		title := f.RuleID + ": " + f.Title
		if o := Origin(f.Root, f.Input); o != "" {
			// Two roots calling one module annotate the same line.
			title += " (" + o + ")"
		}
		props = append(props, "title="+ghProperty(title))
		msg := findingText(f) + "\nfix: " + f.Remediation
		if f.Status != rules.Fail {
			msg = "cannot verify (" + string(f.Status) + "): " + msg
		}
		fmt.Fprintf(bw, "::%s %s::%s\n", ghLevel(f), strings.Join(props, ","), ghData(msg))
	}
	for _, e := range r.Errors {
		var props []string
		if e.File != "" {
			props = append(props, "file="+ghProperty(filepath.ToSlash(e.File)))
		}
		props = append(props, "title="+ghProperty("tfemrcheck: input error"))
		msg := e.Message
		if o := e.origin(); o != "" {
			msg += " (" + o + ")"
		}
		fmt.Fprintf(bw, "::error %s::%s\n", strings.Join(props, ","), ghData(msg))
	}
	if len(suppressed) > 0 {
		fmt.Fprintf(bw, "::group::%s\n", ghData(fmt.Sprintf("tfemrcheck: %d suppressed finding(s)", len(suppressed))))
		for _, f := range suppressed {
			sp := f.Suppressed
			line := fmt.Sprintf("%s %s %s suppressed (%s): %s; reason: %s", f.Severity, f.RuleID, ghWhere(f), sp.Kind, f.Message, sp.Reason)
			if sp.Expires != "" {
				line += "; expires " + sp.Expires
			}
			if sp.Ticket != "" {
				line += "; ticket " + sp.Ticket
			}
			// Indented and escaped: a log line that starts with "::" would
			// be read as a command.
			fmt.Fprintf(bw, "  %s\n", ghData(line))
		}
		fmt.Fprintln(bw, "::endgroup::")
	}
	s := r.Summarize()
	verdict := r.passWord(s)
	if s.Failed {
		verdict = "FAILED"
	}
	fmt.Fprintf(bw, "tfemrcheck %s: %d finding(s): %d fail, %d indeterminate, %d suppressed, %d input error(s)\n",
		verdict, s.Total, s.Fail, s.Indeterminate, s.Suppressed, s.Errors)
	writeCoverageText(bw, r, "tfemrcheck ")
	return bw.Flush()
}

func ghLevel(f rules.Finding) string {
	switch {
	case f.Status != rules.Fail:
		return "notice"
	case f.Severity >= rules.High:
		return "error"
	}
	return "warning"
}

// ghWhere names a finding's resource and source position for a log line,
// and where it came from when the run has several roots or inputs.
func ghWhere(f rules.Finding) string {
	where := ghPlace(f)
	if o := Origin(f.Root, f.Input); o != "" {
		where += " (" + o + ")"
	}
	return where
}

func ghPlace(f rules.Finding) string {
	where := f.Address
	if f.Location != nil {
		pos := fmt.Sprintf("%s:%d:%d", filepath.ToSlash(f.Location.Filename), f.Location.Start.Line, f.Location.Start.Column)
		if where == "" {
			return pos
		}
		return where + " (" + pos + ")"
	}
	if where == "" {
		return "(security configuration document)"
	}
	return where
}

// ghData escapes a workflow command's message. Control characters other
// than line breaks (ESC and the like, which the log viewer would
// interpret) are written as Go escapes first.
func ghData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(escapeKeepNewlines(s))
}

// ghProperty escapes a workflow command's property value.
func ghProperty(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(escapeKeepNewlines(s))
}
