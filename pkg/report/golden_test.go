package report

import (
	"bytes"
	"flag"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/tfemrcheck/tfemrcheck/pkg/model"
	"github.com/tfemrcheck/tfemrcheck/pkg/rules"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// formats renders the fixture in every format, as the CLI would.
var formats = []struct {
	name, golden string
	write        func(io.Writer, *Report) error
}{
	{"text", "findings.txt", func(w io.Writer, r *Report) error { return Text(w, r, TextOptions{}) }},
	{"json", "findings.json", JSON},
	{"sarif", "findings.sarif", func(w io.Writer, r *Report) error {
		return SARIF(w, r, SARIFOptions{BaseDir: "/repo", WorkDir: "/repo", Rules: fixtureRules()})
	}},
	{"junit", "findings.junit.xml", JUnit},
	{"github", "findings.github.txt", GitHub},
	{"markdown", "findings.md", Markdown},
}

func TestGolden(t *testing.T) {
	for _, f := range formats {
		t.Run(f.name, func(t *testing.T) {
			var buf bytes.Buffer
			require.NoError(t, f.write(&buf, fixtureReport()))
			path := filepath.Join("testdata", "golden", f.golden)
			if *update {
				require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
				require.NoError(t, os.WriteFile(path, buf.Bytes(), 0o644))
			}
			want, err := os.ReadFile(path)
			require.NoError(t, err, "run go test ./pkg/report -update to create the golden files")
			require.Equal(t, string(want), buf.String(), "output differs from %s (go test ./pkg/report -update rewrites it)", path)
		})
	}
}

// Every format must render an empty report, and say so.
func TestEmptyReport(t *testing.T) {
	for _, f := range formats {
		t.Run(f.name, func(t *testing.T) {
			var buf bytes.Buffer
			require.NoError(t, f.write(&buf, &Report{ToolName: "tfemrcheck", ToolVersion: "dev"}))
			require.NotEmpty(t, buf.String())
		})
	}
}

// Every suppressed finding shows in every format with its reason.
func TestSuppressionsShownWithReason(t *testing.T) {
	r := fixtureReport()
	for _, f := range formats {
		t.Run(f.name, func(t *testing.T) {
			var buf bytes.Buffer
			require.NoError(t, f.write(&buf, r))
			for _, fd := range r.Findings {
				if fd.Suppressed == nil {
					continue
				}
				require.Contains(t, buf.String(), fd.Suppressed.Reason, "%s of %s", fd.RuleID, fd.Address)
			}
		})
	}
}

// The formats print finding fields only: rule documentation, examples and
// model values are never copied into a report.
func TestNoCanaryLeaks(t *testing.T) {
	const canary = "CANARY-7f3a9c-secret"
	r := fixtureReport()
	r.Findings = append(r.Findings, rules.Finding{
		RuleID: "EMR-SC-001", Title: "S3 encryption does not use SSE-C", Severity: rules.High, Status: rules.Fail,
		Address: "aws_emr_security_configuration.x", Message: "plain message", Remediation: "fix it",
		Location: &model.Range{Filename: "x.tf", Start: model.Pos{Line: 1, Column: 1, Byte: 0}, End: model.Pos{Line: 1, Column: 2}},
	})
	rs := fixtureRules()
	for _, rule := range rs {
		rule.Doc, rule.Bad, rule.Good = canary, canary, canary
	}
	for _, f := range formats {
		t.Run(f.name, func(t *testing.T) {
			var buf bytes.Buffer
			write := f.write
			if f.name == "sarif" {
				write = func(w io.Writer, r *Report) error {
					return SARIF(w, r, SARIFOptions{BaseDir: "/repo", WorkDir: "/repo", Rules: rs})
				}
			}
			require.NoError(t, write(&buf, r))
			require.NotContains(t, buf.String(), canary)
			require.False(t, strings.Contains(buf.String(), "CANARY"))
		})
	}
}
