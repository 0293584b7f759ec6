package report

import (
	"bytes"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/tfemrcheck/tfemrcheck/pkg/model"
	"github.com/tfemrcheck/tfemrcheck/pkg/rules"
)

var ghCommand = regexp.MustCompile(`^::(error|warning|notice)( [^:]*)?::(.*)$`)

func TestGitHubAnnotations(t *testing.T) {
	r := fixtureReport()
	var buf bytes.Buffer
	require.NoError(t, GitHub(&buf, r))
	lines := strings.Split(strings.TrimSuffix(buf.String(), "\n"), "\n")

	annotations := map[string]string{} // rule id → line
	for _, l := range lines {
		if m := ghCommand.FindStringSubmatch(l); m != nil {
			for _, p := range strings.Split(strings.TrimSpace(m[2]), ",") {
				if strings.HasPrefix(p, "title=") {
					annotations[strings.SplitN(strings.TrimPrefix(p, "title="), "%3A", 2)[0]] = l
				}
			}
		}
		// No line outside our own commands may look like a command.
		if strings.HasPrefix(l, "::") {
			require.Regexp(t, `^::(error|warning|notice|group|endgroup)[ :]`, l)
		}
	}
	for _, f := range r.Findings {
		l, ok := annotations[f.RuleID]
		if f.Suppressed != nil {
			require.False(t, ok, "suppressed %s is not annotated", f.RuleID)
			require.Contains(t, buf.String(), f.Suppressed.Reason)
			continue
		}
		require.True(t, ok, "%s annotated", f.RuleID)
		if f.Location != nil {
			require.Contains(t, l, "file="+f.Location.Filename+",")
			require.Contains(t, l, ",line="+strconv.Itoa(f.Location.Start.Line)+",")
			require.Contains(t, l, ",col="+strconv.Itoa(f.Location.Start.Column)+",")
		} else {
			require.NotContains(t, l, "file=")
		}
		want := "::warning "
		switch {
		case f.Status == rules.Indeterminate:
			want = "::notice "
		case f.Severity >= rules.High:
			want = "::error "
		}
		require.True(t, strings.HasPrefix(l, want), "%s: %s", f.RuleID, l)
	}
	require.Contains(t, buf.String(), "::error file=plans/broken.json,title=tfemrcheck%3A input error::")
	require.True(t, strings.HasPrefix(lines[len(lines)-1], "tfemrcheck FAILED: "))
}

func TestGitHubEscaping(t *testing.T) {
	require.Equal(t, "a%25b%0D%0Ac:d,e", ghData("a%b\r\nc:d,e"))
	require.Equal(t, "a%25b%0D%0Ac%3Ad%2Ce", ghProperty("a%b\r\nc:d,e"))

	// A finding cannot inject a workflow command through its message or
	// its file name.
	r := &Report{Findings: []rules.Finding{{
		RuleID: "EMR-SC-001", Title: "t", Severity: rules.High, Status: rules.Fail, Address: "a.b",
		Message:  "x\n::add-mask::y\n::set-env name=A::B",
		Location: &model.Range{Filename: "dir,evil:x/m.tf", Start: model.Pos{Line: 2, Column: 1}},
	}}}
	var buf bytes.Buffer
	require.NoError(t, GitHub(&buf, r))
	lines := strings.Split(strings.TrimSuffix(buf.String(), "\n"), "\n")
	require.Len(t, lines, 2, "one annotation and the summary")
	require.Contains(t, lines[0], "file=dir%2Cevil%3Ax/m.tf,line=2,col=1,")
	require.Contains(t, lines[0], "x%0A::add-mask::y%0A::set-env")
}
