package runtask

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"unicode"

	tfe "github.com/hashicorp/go-tfe"

	"github.com/tfemrcheck/tfemrcheck/pkg/model"
	"github.com/tfemrcheck/tfemrcheck/pkg/report"
	"github.com/tfemrcheck/tfemrcheck/pkg/rules"
)

// Platform limits on the callback (Run Tasks Integration API, "Outcomes
// Payload Body"): a result carries up to MaxOutcomes detailed outcomes,
// and an outcome body should stay under 1 MB (5 MB at most). The service
// keeps well below: a body is cut at MaxBodyBytes and the message at
// MaxMessageBytes.
const (
	MaxOutcomes        = 10
	MaxBodyBytes       = 64 << 10
	MaxMessageBytes    = 512
	maxDescriptionSize = 256
)

// Tag levels of the Run Tasks Integration API.
const (
	levelError   = "error"
	levelWarning = "warning"
	levelInfo    = "info"
	levelNone    = "none"
)

// callbackBody turns a result into the callback: passed or failed by the
// threshold (any input error fails), a one-line message, and when the
// platform accepts them, one outcome per input error, finding and note,
// capped at MaxOutcomes with a closing outcome that says how many were
// left out. Secrets the service holds (the run's token, the HMAC key) are
// removed from every text.
func (s *Server) callbackBody(j *job, res *result) tfe.TaskResultCallbackRequestOptions {
	rep := res.report
	secrets := []string{j.req.AccessToken}
	for _, k := range s.opts.HMACKeys {
		secrets = append(secrets, string(k))
	}
	red := newRedactor(secrets...)
	red.report(rep)
	sum := rep.Summarize()
	status := tfe.TaskPassed
	if sum.Failed {
		status = tfe.TaskFailed
	}
	// The Type fields of go-tfe's callback types are JSON:API ids (the
	// "primary" tag), not the type names: they stay empty, or the outcomes
	// would be sent as references without attributes.
	opts := tfe.TaskResultCallbackRequestOptions{
		Status:  status,
		Message: red.text(oneLine(summaryMessage(rep, sum), MaxMessageBytes)),
	}
	if !j.outcomes {
		return opts
	}
	all := outcomes(rep)
	if len(all) > MaxOutcomes {
		left := len(all) - (MaxOutcomes - 1)
		all = append(all[:MaxOutcomes-1], &tfe.TaskResultOutcome{
			OutcomeID:   "tfemrcheck-more",
			Description: fmt.Sprintf("%d more result(s) not shown: the platform shows at most %d", left, MaxOutcomes),
			Body: fmt.Sprintf("The run task shows at most %d outcomes; %d more were left out. "+
				"Run `tfemrcheck` on the plan or the configuration to see every finding.", MaxOutcomes, left),
			Tags: map[string][]*tfe.TaskResultTag{"Status": {{Label: "Truncated", Level: levelWarning}}},
		})
	}
	for _, o := range all {
		o.OutcomeID = red.text(o.OutcomeID)
		o.Description = red.text(o.Description)
		o.Body = red.text(o.Body)
	}
	opts.Outcomes = all
	return opts
}

// summaryMessage is the one line the run's page shows next to the task.
func summaryMessage(rep *report.Report, sum report.Summary) string {
	verdict := "Passed"
	if sum.Failed {
		verdict = "Failed"
	}
	if len(rep.Errors) > 0 {
		msg := fmt.Sprintf("%s: not checked: %s", verdict, rep.Errors[0].Message)
		if len(rep.Errors) > 1 {
			msg += fmt.Sprintf(" (and %d more error(s))", len(rep.Errors)-1)
		}
		return msg
	}
	failing := 0
	for _, f := range rep.Findings {
		if rep.Failing(f) {
			failing++
		}
	}
	var sev []string
	for _, s := range []rules.Severity{rules.Critical, rules.High, rules.Medium, rules.Low, rules.Info} {
		if n := sum.BySeverity[s.String()]; n > 0 {
			sev = append(sev, fmt.Sprintf("%d %s", n, s))
		}
	}
	msg := fmt.Sprintf("%s: %d finding(s) fail the gate; %d in all: %d fail, %d indeterminate, %d suppressed",
		verdict, failing, sum.Total, sum.Fail, sum.Indeterminate, sum.Suppressed)
	if len(sev) > 0 {
		msg += " (" + strings.Join(sev, ", ") + ")"
	}
	msg += "; threshold " + rep.Threshold.String()
	return msg
}

// outcomes lists input errors first, then the findings that fail the gate,
// then the other findings, then notes; findings by severity within their
// group, then in report order.
func outcomes(rep *report.Report) []*tfe.TaskResultOutcome {
	var out []*tfe.TaskResultOutcome
	for i, e := range rep.Errors {
		body := "**The input could not be read, so nothing was checked.**\n\n" + mdText(e.Message)
		if e.File != "" {
			body += "\n\nFile: " + mdCode(e.File)
		}
		out = append(out, &tfe.TaskResultOutcome{
			OutcomeID:   fmt.Sprintf("input-error-%d", i+1),
			Description: oneLine("Input error: "+e.Message, maxDescriptionSize),
			Body:        cut(body, MaxBodyBytes),
			Tags:        map[string][]*tfe.TaskResultTag{"Status": {{Label: "Error", Level: levelError}}},
		})
	}
	type ranked struct {
		f    rules.Finding
		rank int
	}
	var fs []ranked
	for _, f := range rep.Findings {
		fs = append(fs, ranked{f, findingRank(rep, f)})
	}
	// The most severe first within each group: when the list is capped,
	// what is cut is the least severe.
	slices.SortStableFunc(fs, func(a, b ranked) int {
		return cmp.Or(cmp.Compare(a.rank, b.rank), cmp.Compare(b.f.Severity, a.f.Severity))
	})
	for _, r := range fs {
		out = append(out, findingOutcome(rep, r.f))
	}
	for i, n := range rep.Notes {
		body := mdText(n.Message)
		if n.Address != "" {
			body = "Resource: " + mdCode(n.Address) + "\n\n" + body
		}
		if n.Range != nil {
			body += "\n\nLocation: " + mdCode(position(n.Range))
		}
		out = append(out, &tfe.TaskResultOutcome{
			OutcomeID:   fmt.Sprintf("note-%d", i+1),
			Description: oneLine("Not checked: "+n.Message, maxDescriptionSize),
			Body:        cut(body, MaxBodyBytes),
			Tags:        map[string][]*tfe.TaskResultTag{"Status": {{Label: "Note", Level: levelInfo}}},
		})
	}
	return out
}

// findingRank orders findings for the outcome list: failing the gate,
// indeterminate, failing below the threshold, suppressed.
func findingRank(rep *report.Report, f rules.Finding) int {
	switch {
	case rep.Failing(f):
		return 0
	case f.Suppressed != nil:
		return 3
	case f.Status == rules.Indeterminate:
		return 1
	}
	return 2
}

// findingOutcome is one finding as an outcome: its id is the rule and the
// address, the description one line, the body Markdown with message,
// location, related resources, suppression and remediation.
func findingOutcome(rep *report.Report, f rules.Finding) *tfe.TaskResultOutcome {
	id := f.RuleID
	if f.Address != "" {
		id += ":" + f.Address
	}
	if o := report.Origin(f.Root, f.Input); o != "" {
		id += " (" + o + ")"
	}
	where := f.Address
	if where == "" {
		where = "security configuration document"
	}
	var b strings.Builder
	fmt.Fprintf(&b, "**%s** %s\n\n", mdText(f.RuleID), mdText(f.Title))
	b.WriteString(mdText(f.Message))
	b.WriteString("\n\n")
	if f.Address != "" {
		fmt.Fprintf(&b, "- Resource: %s\n", mdCode(f.Address))
	}
	if f.Root != "" {
		fmt.Fprintf(&b, "- Root: %s\n", mdCode(f.Root))
	}
	if f.Location != nil {
		fmt.Fprintf(&b, "- Location: %s\n", mdCode(position(f.Location)))
	}
	fmt.Fprintf(&b, "- Severity: %s; status: %s\n", f.Severity, statusWord(rep, f))
	for _, r := range f.Related {
		fmt.Fprintf(&b, "- Related: %s: %s\n", mdCode(r.Address), mdText(r.Message))
	}
	if sp := f.Suppressed; sp != nil {
		fmt.Fprintf(&b, "- Suppressed (%s): %s", mdText(sp.Kind), mdText(sp.Reason))
		if sp.Expires != "" {
			fmt.Fprintf(&b, ", until %s", mdText(sp.Expires))
		}
		if sp.Ticket != "" {
			fmt.Fprintf(&b, ", ticket %s", mdText(sp.Ticket))
		}
		b.WriteString("\n")
	}
	if f.Remediation != "" {
		fmt.Fprintf(&b, "\n**Remediation:** %s\n", mdText(f.Remediation))
	}
	o := &tfe.TaskResultOutcome{
		OutcomeID:   oneLine(id, maxDescriptionSize),
		Description: oneLine(fmt.Sprintf("%s %s: %s", f.RuleID, f.Title, where), maxDescriptionSize),
		Body:        cut(b.String(), MaxBodyBytes),
		Tags: map[string][]*tfe.TaskResultTag{
			"Severity": {{Label: f.Severity.String(), Level: severityLevel(f.Severity)}},
			"Status":   {{Label: statusWord(rep, f), Level: statusLevel(rep, f)}},
		},
	}
	if r := rules.ByID(f.RuleID); r != nil {
		o.URL = r.DocURL()
	}
	return o
}

// severityLevel maps a severity onto the platform's tag levels.
func severityLevel(s rules.Severity) string {
	switch s {
	case rules.Critical, rules.High:
		return levelError
	case rules.Medium:
		return levelWarning
	case rules.Low:
		return levelInfo
	}
	return levelNone
}

func statusWord(rep *report.Report, f rules.Finding) string {
	switch {
	case f.Suppressed != nil:
		return "Suppressed"
	case f.Status == rules.Indeterminate:
		return "Indeterminate"
	case rep.Failing(f):
		return "Failed"
	}
	return "Failed (below threshold)"
}

// statusLevel: error when the finding fails the gate, warning when it is
// indeterminate or fails below the threshold, info when suppressed.
func statusLevel(rep *report.Report, f rules.Finding) string {
	switch {
	case rep.Failing(f):
		return levelError
	case f.Suppressed != nil:
		return levelInfo
	}
	return levelWarning
}

func position(r *model.Range) string {
	if r.Start.Line > 0 {
		return fmt.Sprintf("%s:%d:%d", r.Filename, r.Start.Line, r.Start.Column)
	}
	return r.Filename
}

// oneLine makes text fit one line of the platform's UI: control
// characters become spaces, runs of space collapse, and the result is cut
// at max bytes on a rune boundary.
func oneLine(s string, max int) string {
	var b strings.Builder
	space := false
	for _, r := range s {
		if unicode.IsControl(r) || unicode.IsSpace(r) {
			space = true
			continue
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(r)
	}
	return cut(b.String(), max)
}

// cut shortens s to at most max bytes on a rune boundary, marking the cut.
func cut(s string, max int) string {
	if len(s) <= max {
		return s
	}
	const mark = "…"
	end := max - len(mark)
	for end > 0 && !utf8RuneStart(s[end]) {
		end--
	}
	return s[:end] + mark
}

func utf8RuneStart(b byte) bool { return b&0xC0 != 0x80 }

// mdText escapes text from the checked input for a Markdown body: HTML and
// Markdown metacharacters are neutralised and control characters other
// than line breaks dropped, so the input cannot format the platform's page
// or inject markup.
func mdText(s string) string {
	s = strings.Map(func(r rune) rune {
		if r == '\n' || r == '\t' {
			return r
		}
		if unicode.IsControl(r) {
			return -1
		}
		return r
	}, s)
	return strings.NewReplacer(
		"\\", "\\\\",
		"&", "&amp;",
		"<", "&lt;",
		">", "&gt;",
		"`", "\\`",
		"*", "\\*",
		"_", "\\_",
		"[", "\\[",
		"]", "\\]",
		"#", "\\#",
		"|", "\\|",
		"!", "\\!",
		"\n", "  \n",
	).Replace(s)
}

// mdCode puts a name in a code span, or escapes it as text when it holds
// a backtick or a line break (which a code span cannot carry).
func mdCode(s string) string {
	if s == "" {
		return ""
	}
	if strings.ContainsAny(s, "`\r\n") || strings.ContainsFunc(s, unicode.IsControl) {
		return mdText(s)
	}
	return "`" + s + "`"
}

// redactor removes the secrets the service holds from outbound text.
// Checked input can read files and the environment (issue 11 restricts
// that); whatever it reads, the run's token and the HMAC key never leave
// through a callback.
type redactor struct{ r *strings.Replacer }

func newRedactor(secrets ...string) redactor {
	var pairs []string
	for _, s := range secrets {
		if len(s) >= 8 {
			pairs = append(pairs, s, "(redacted)")
		}
	}
	if len(pairs) == 0 {
		return redactor{}
	}
	return redactor{strings.NewReplacer(pairs...)}
}

// report redacts every text of rep that comes from the input.
func (r redactor) report(rep *report.Report) {
	if r.r == nil {
		return
	}
	for i := range rep.Findings {
		f := &rep.Findings[i]
		f.Address, f.Message = r.text(f.Address), r.text(f.Message)
		for k := range f.Related {
			f.Related[k].Address = r.text(f.Related[k].Address)
			f.Related[k].Message = r.text(f.Related[k].Message)
		}
		if sp := f.Suppressed; sp != nil {
			sp.Reason, sp.Ticket = r.text(sp.Reason), r.text(sp.Ticket)
		}
	}
	for i := range rep.Errors {
		rep.Errors[i].File = r.text(rep.Errors[i].File)
		rep.Errors[i].Message = r.text(rep.Errors[i].Message)
	}
	for i := range rep.Notes {
		rep.Notes[i].Address = r.text(rep.Notes[i].Address)
		rep.Notes[i].Message = r.text(rep.Notes[i].Message)
	}
}

func (r redactor) text(s string) string {
	if r.r == nil {
		return s
	}
	return r.r.Replace(s)
}
