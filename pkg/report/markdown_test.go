package report

import (
	"bytes"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/tfemrcheck/tfemrcheck/pkg/rules"
)

// cells counts a table row's cells, ignoring escaped pipes.
func cells(row string) int {
	return strings.Count(strings.ReplaceAll(row, `\|`, ""), "|") - 1
}

func TestMarkdownTablesHold(t *testing.T) {
	var buf bytes.Buffer
	require.NoError(t, Markdown(&buf, fixtureReport()))
	out := buf.String()
	var header int
	rows := 0
	for _, l := range strings.Split(out, "\n") {
		if !strings.HasPrefix(l, "|") {
			header = 0
			continue
		}
		if header == 0 {
			header = cells(l)
			continue
		}
		require.Equal(t, header, cells(l), "row breaks its table: %s", l)
		rows++
	}
	require.Greater(t, rows, 10)
	require.NotContains(t, out, "<script>", "HTML in findings is escaped")
	require.Contains(t, out, "❌ **failed**")
	for _, section := range []string{"### Failing findings (5)", "### Indeterminate findings (1)", "### Suppressed findings (2)", "### Input errors (1)"} {
		require.Contains(t, out, section)
	}
}

func TestMarkdownPassed(t *testing.T) {
	r := &Report{ToolName: "tfemrcheck", Threshold: rules.High, Findings: []rules.Finding{
		{RuleID: "EMR-SC-013", Severity: rules.Low, Status: rules.Fail, Address: "a.b", Message: "below threshold"},
	}}
	var buf bytes.Buffer
	require.NoError(t, Markdown(&buf, r))
	require.Contains(t, buf.String(), "✅ **passed**")
	require.Contains(t, buf.String(), "severity threshold HIGH")
	require.Contains(t, buf.String(), "| LOW |", "below the threshold: not bold")
}

func TestMarkdownCellEscaping(t *testing.T) {
	require.Equal(t, `a \| b<br>c &lt;d&gt; \*e\* \_f\_`, mdCell("a | b\nc <d> *e* _f_"))
	require.Equal(t, "`x.y`", mdCode("x.y"))
	require.Equal(t, "a \\| \\`b\\`", mdCode("a | `b`"))
}

// TestMarkdownSuppressionReasonIsInert: a suppression reason written by
// the pull request's author must not ping people, link away or strike
// text out in the PR comment.
func TestMarkdownSuppressionReasonIsInert(t *testing.T) {
	r := &Report{ToolName: "tfemrcheck", Threshold: rules.Low, Findings: []rules.Finding{{
		RuleID: "EMR-SC-001", Severity: rules.High, Status: rules.Fail, Address: "a.b", Message: "m",
		Suppressed: &rules.Suppression{Kind: "inline", Reason: "approved by @security-team, see https://evil.example/x and www.evil.example ~~not reviewed~~",
			Ticket: "http://t.example/1"},
	}}}
	var buf bytes.Buffer
	require.NoError(t, Markdown(&buf, r))
	out := buf.String()
	require.NotContains(t, out, "@security-team")
	require.Contains(t, out, "@\u2060security-team")
	require.NotContains(t, out, "https://evil")
	require.NotContains(t, out, "http://t.example")
	require.NotContains(t, out, "www.evil")
	require.NotContains(t, out, "~~not")
	require.Contains(t, out, `\~\~not reviewed\~\~`)
}
