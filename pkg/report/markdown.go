package report

import (
	"bufio"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/tfemrcheck/tfemrcheck/pkg/rules"
)

// Markdown writes a summary fit for a pull-request comment (GitHub or
// GitLab flavoured Markdown): a verdict line, counts by severity, a table
// of failing findings, then sections for indeterminate findings,
// suppressed findings with their reasons, and input errors. Cells are
// escaped (pipes, newlines, HTML) so that no finding text can break the
// table.
func Markdown(w io.Writer, r *Report) error {
	bw := bufio.NewWriter(w)
	s := r.Summarize()
	name := r.ToolName
	if name == "" {
		name = "tfemrcheck"
	}
	verdict := "✅ **passed**"
	if r.Incomplete(s) {
		verdict = "⚠️ **passed, incomplete**"
	}
	if s.Failed {
		verdict = "❌ **failed**"
	}
	fmt.Fprintf(bw, "## %s: %s\n\n", mdCell(name), verdict)
	fmt.Fprintf(bw, "%d finding(s): %d fail, %d indeterminate, %d suppressed, %d input error(s)",
		s.Total, s.Fail, s.Indeterminate, s.Suppressed, s.Errors)
	// The policy line below names the threshold when r has a policy.
	if r.Policy == nil {
		fmt.Fprintf(bw, "; severity threshold %s", r.Threshold)
	}
	if r.Strict {
		fmt.Fprint(bw, "; strict (indeterminate findings fail)")
	}
	fmt.Fprint(bw, ".\n\n")
	if r.Checked != nil {
		fmt.Fprintf(bw, "%s.\n\n", mdCell(r.Checked.Line()))
	}
	markdownPolicy(bw, r)

	var failing, indeterminate, suppressed []rules.Finding
	// Most severe first, in report order within a severity.
	ordered := append([]rules.Finding(nil), r.Findings...)
	sort.SliceStable(ordered, func(i, j int) bool { return ordered[i].Severity > ordered[j].Severity })
	for _, f := range ordered {
		switch {
		case f.Suppressed != nil:
			suppressed = append(suppressed, f)
		case f.Status == rules.Fail:
			failing = append(failing, f)
		default:
			indeterminate = append(indeterminate, f)
		}
	}

	sevs := []rules.Severity{rules.Critical, rules.High, rules.Medium, rules.Low, rules.Info}
	if s.Total > 0 {
		fmt.Fprint(bw, "| |")
		for _, sev := range sevs {
			fmt.Fprintf(bw, " %s |", sev)
		}
		fmt.Fprint(bw, "\n|---|")
		fmt.Fprint(bw, strings.Repeat("---:|", len(sevs)))
		fmt.Fprintln(bw)
		for _, row := range []struct {
			name string
			fs   []rules.Finding
		}{{"Fail", failing}, {"Indeterminate", indeterminate}, {"Suppressed", suppressed}} {
			counts := map[rules.Severity]int{}
			for _, f := range row.fs {
				counts[f.Severity]++
			}
			fmt.Fprintf(bw, "| %s |", row.name)
			for _, sev := range sevs {
				fmt.Fprintf(bw, " %d |", counts[sev])
			}
			fmt.Fprintln(bw)
		}
		fmt.Fprintln(bw)
	}

	if len(failing) > 0 {
		fmt.Fprintf(bw, "### Failing findings (%d)\n\n", len(failing))
		mdFindingTable(bw, r, failing)
	}
	if len(indeterminate) > 0 {
		fmt.Fprintf(bw, "### Indeterminate findings (%d)\n\n", len(indeterminate))
		fmt.Fprint(bw, "These could not be verified (a value is unknown until apply, or comes from outside the scanned input).\n\n")
		mdFindingTable(bw, r, indeterminate)
	}
	if len(suppressed) > 0 {
		fmt.Fprintf(bw, "### Suppressed findings (%d)\n\n", len(suppressed))
		fmt.Fprintln(bw, "| Severity | Rule | Resource | Suppressed by | Reason | Expires | Ticket |")
		fmt.Fprintln(bw, "|---|---|---|---|---|---|---|")
		for _, f := range suppressed {
			sp := f.Suppressed
			by := sp.Kind
			if sp.Location != nil {
				by += " " + mdCode(fmt.Sprintf("%s:%d", sp.Location.Filename, sp.Location.Start.Line))
			}
			fmt.Fprintf(bw, "| %s | %s | %s | %s | %s | %s | %s |\n", f.Severity, mdRule(f.RuleID), mdResource(f),
				by, mdCell(sp.Reason), mdCell(sp.Expires), mdCell(sp.Ticket))
		}
		fmt.Fprintln(bw)
	}
	if len(r.Errors) > 0 {
		fmt.Fprintf(bw, "### Input errors (%d)\n\n", len(r.Errors))
		fmt.Fprintln(bw, "| Input | Error |")
		fmt.Fprintln(bw, "|---|---|")
		for _, e := range r.Errors {
			fmt.Fprintf(bw, "| %s%s | %s |\n", mdCode(e.File), mdOrigin(e.Root, e.originInput()), mdCell(e.Message))
		}
		fmt.Fprintln(bw)
	}
	return bw.Flush()
}

func mdFindingTable(w io.Writer, r *Report, fs []rules.Finding) {
	fmt.Fprintln(w, "| Severity | Rule | Resource | Location | Message |")
	fmt.Fprintln(w, "|---|---|---|---|---|")
	for _, f := range fs {
		sev := f.Severity.String()
		if r.Failing(f) {
			sev = "**" + sev + "**"
		}
		loc := ""
		if f.Location != nil {
			loc = mdCode(fmt.Sprintf("%s:%d:%d", f.Location.Filename, f.Location.Start.Line, f.Location.Start.Column))
		}
		msg := mdCell(f.Message)
		for _, rel := range f.Related {
			msg += "<br>related: " + mdCode(rel.Address)
			if rel.Message != "" {
				msg += " (" + mdCell(rel.Message) + ")"
			}
		}
		msg += "<br>fix: " + mdCell(f.Remediation)
		fmt.Fprintf(w, "| %s | %s | %s | %s | %s |\n", sev, mdRule(f.RuleID), mdResource(f), loc, msg)
	}
	fmt.Fprintln(w)
}

// mdRule links a rule id to its documentation when it is in the
// catalogue.
func mdRule(id string) string {
	if rule := rules.ByID(id); rule != nil {
		return fmt.Sprintf("[%s](%s)", mdCell(id), rule.DocURL())
	}
	return mdCell(id)
}

// mdResource is the Resource cell: the address, and below it where the
// finding came from when the run has several roots or inputs.
func mdResource(f rules.Finding) string {
	cell := "(security configuration document)"
	if f.Address != "" {
		cell = mdCode(f.Address)
	}
	return cell + mdOrigin(f.Root, f.Input)
}

// mdOrigin is "<br>input: `plan.json`<br>root: `envs/prod`" for what is
// set.
func mdOrigin(root, input string) string {
	var s string
	if input != "" {
		s += "<br>input: " + mdCode(input)
	}
	if root != "" {
		s += "<br>root: " + mdCode(root)
	}
	return s
}

// mdCell escapes text for a table cell: HTML and Markdown metacharacters
// are neutralised, pipes escaped, line breaks turned into <br> and other
// control characters written as Go escapes. What a pull-request comment
// would make live is broken too: an @mention (it would notify, or
// pretend an approval) gets a word joiner after the @, a bare URL or
// www. address (autolinked) one after its scheme's colon or the www, and
// ~ (strikethrough) is escaped. The text reads the same.
func mdCell(s string) string {
	return mdInert.Replace(mdCellReplacer.Replace(escapeKeepNewlines(s)))
}

// wordJoiner is U+2060: invisible, and it breaks GitHub's mention and
// autolink detection.
const wordJoiner = "\u2060"

var mdInert = strings.NewReplacer(
	"@", "@"+wordJoiner,
	"://", ":"+wordJoiner+"//",
	"www.", "www"+wordJoiner+".",
	"WWW.", "WWW"+wordJoiner+".",
)

var mdCellReplacer = strings.NewReplacer(
	"\\", "\\\\",
	"&", "&amp;",
	"<", "&lt;",
	">", "&gt;",
	"|", "\\|",
	"`", "\\`",
	"*", "\\*",
	"_", "\\_",
	"[", "\\[",
	"]", "\\]",
	"\r\n", "<br>",
	"\n", "<br>",
	"\r", "<br>",
	"~", "\\~",
)

// mdCode puts text in a code span for a table cell. Inside a code span
// backslash escapes do not work, so a text holding a backtick, a pipe or
// a line break is written as escaped plain text instead.
func mdCode(s string) string {
	if s == "" {
		return ""
	}
	if strings.ContainsAny(s, "`|\r\n") || needsEscape(s, true) {
		return mdCell(s)
	}
	return "`" + s + "`"
}
