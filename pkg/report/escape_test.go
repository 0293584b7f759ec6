package report

import (
	"bytes"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tfemrcheck/tfemrcheck/pkg/model"
	"github.com/tfemrcheck/tfemrcheck/pkg/rules"
)

func TestEscapeLine(t *testing.T) {
	cases := map[string]string{
		"plain":                     "plain",
		`quotes "stay" and \ stays`: `quotes "stay" and \ stays`,
		"a\nb":                      `a\nb`,
		"a\r\nb":                    `a\r\nb`,
		"tab\there":                 `tab\there`,
		"\x1b[31mred":               `\x1b[31mred`,
		"nul\x00del\x7f":            `nul\x00del\x7f`,
		"c1\u009bx":                 `c1\u009bx`,
		"rtl\u202eoverride\u2066":   `rtl\u202eoverride\u2066`,
		"sep\u2028par\u2029":        `sep\u2028par\u2029`,
		"bad\xffutf8":               `bad\xffutf8`,
		"unicode stays: é ü 中文 emoji 🙂 ‍": "unicode stays: é ü 中文 emoji 🙂 ‍",
	}
	for in, want := range cases {
		assert.Equal(t, want, EscapeLine(in), "%q", in)
		assert.NotContains(t, EscapeLine(in), "\n")
	}
}

// hostile is text an attacker can put in the checked code: a file name,
// module source, JSON key, configurations_json classification or
// suppression reason that tries to start a GitHub workflow command on a
// line of its own, colour or clear the terminal, and reorder what it shows.
const hostile = "x\n::error file=evil.tf,line=1::pwned\r::warning::pwned2\x1b[2J\x1b]0;title\x07\u202eevil\u2028::notice::pwned3"

// hostileReport puts the hostile text in every field that comes from the
// input.
func hostileReport() *Report {
	loc := &model.Range{Filename: "dir" + hostile + ".tf", Start: model.Pos{Line: 1, Column: 1}, End: model.Pos{Line: 1, Column: 5}}
	mk := func(status rules.Status, sev rules.Severity, sp *rules.Suppression) rules.Finding {
		return rules.Finding{
			RuleID: "EMR-SC-001", Title: "title", Severity: sev, Status: status,
			Address:     `module.m["` + hostile + `"].aws_emr_cluster.c`,
			Message:     "classification " + hostile,
			Remediation: "fix",
			Location:    loc,
			Related:     []rules.Related{{Address: "aws_emr_cluster." + hostile, Message: hostile, Location: loc}},
			Suppressed:  sp,
		}
	}
	return &Report{
		ToolName: "tfemrcheck", ToolVersion: "dev",
		Findings: []rules.Finding{
			mk(rules.Fail, rules.Critical, nil),
			mk(rules.Indeterminate, rules.High, nil),
			mk(rules.Fail, rules.Low, &rules.Suppression{Kind: "inline", Reason: hostile, Expires: "2099-01-01", Ticket: hostile, Location: loc}),
		},
		Notes:  []model.Note{{Address: "module." + hostile, Message: "module source " + hostile + " is not local", Range: loc}},
		Errors: []InputError{{File: "plan" + hostile + ".json", Message: "plan" + hostile + ".json: invalid JSON"}},
	}
}

// Every format escapes the hostile text as its consumer needs: no line of
// any output starts (after leading blanks, which the GitHub runner skips)
// with a workflow command that the tool did not write, no ESC or BEL byte
// reaches a terminal, and the formats read as plain text (text, github,
// markdown) carry no raw line separator or bidirectional override.
func TestHostileTextIsEscapedInEveryFormat(t *testing.T) {
	for _, f := range formats {
		t.Run(f.name, func(t *testing.T) {
			var buf bytes.Buffer
			require.NoError(t, f.write(&buf, hostileReport()))
			out := buf.String()
			require.Contains(t, out, "pwned", "the hostile text is reported, escaped")
			for _, line := range strings.Split(out, "\n") {
				trimmed := strings.TrimLeft(line, " \t")
				for _, cmd := range []string{"::error file=evil", "::warning::pwned", "::notice::pwned", "\r"} {
					assert.False(t, strings.HasPrefix(trimmed, cmd), "line starts with attacker text: %q", line)
				}
				assert.NotContains(t, line, "\r", "a carriage return starts a new line in a CI log")
			}
			assert.False(t, strings.Contains(out, "\x1b"), "ESC reaches the terminal")
			assert.False(t, strings.Contains(out, "\x07"), "BEL reaches the terminal")
			if f.name == "text" || f.name == "github" || f.name == "markdown" {
				assert.False(t, strings.Contains(out, "\u202e"), "raw right-to-left override")
				assert.False(t, strings.Contains(out, "\u2028"), "raw line separator")
			}
		})
	}
}

// In the text format every line starts with the tool's own words: a
// severity, two spaces of indentation followed by a field name or the
// message, a note, an error or the summary.
func TestTextLinesStartWithTheToolsWords(t *testing.T) {
	var buf bytes.Buffer
	require.NoError(t, Text(&buf, hostileReport(), TextOptions{}))
	lines := strings.Split(strings.TrimSuffix(buf.String(), "\n"), "\n")
	for i, line := range lines {
		ok := line == "" || strings.HasPrefix(line, "NOTE ") || strings.HasPrefix(line, "Error: ") || strings.HasPrefix(line, "FAILED: ")
		for _, sev := range []string{"CRITICAL ", "HIGH ", "MEDIUM ", "LOW ", "INFO "} {
			ok = ok || strings.HasPrefix(line, sev)
		}
		if strings.HasPrefix(line, "  ") && i > 0 && lines[i-1] != "" {
			ok = true // a field or the message of the finding above
		}
		assert.True(t, ok, "line %d: %q", i+1, line)
	}
	// Each finding's block holds exactly its six lines and a blank one
	// (header, resource, at, message, related, fix; the suppressed one
	// adds its suppression), then come one note, one error and the
	// summary: the hostile line breaks added none.
	assert.Len(t, lines, 3*7+1+3, buf.String())
}
