package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// result is one run of the command.
type result struct {
	code           int
	stdout, stderr string
}

func runCLI(t *testing.T, stdin string, args ...string) result {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(args, env{stdin: strings.NewReader(stdin), stdout: &out, stderr: &errb})
	return result{code, out.String(), errb.String()}
}

// jsonOut mirrors the documented JSON contract; decoding with
// DisallowUnknownFields makes any undocumented change fail.
type jsonOut struct {
	Version int `json:"version"`
	Tool    struct {
		Name    string `json:"name"`
		Version string `json:"version"`
	} `json:"tool"`
	Policy *struct {
		File              *string  `json:"file"`
		RulesEnabled      int      `json:"rules_enabled"`
		SeverityThreshold *string  `json:"severity_threshold"`
		ThresholdSource   string   `json:"severity_threshold_source"`
		Disabled          []string `json:"disabled"`
		SeverityOverrides []struct {
			RuleID string `json:"rule_id"`
			From   string `json:"from"`
			To     string `json:"to"`
		} `json:"severity_overrides"`
		Exceptions []struct {
			RuleID   string          `json:"rule_id"`
			Address  string          `json:"address"`
			Root     string          `json:"root"`
			Reason   string          `json:"reason"`
			Expires  string          `json:"expires"`
			Ticket   string          `json:"ticket"`
			Location json.RawMessage `json:"location"`
		} `json:"exceptions"`
		InlineSuppressions            bool           `json:"inline_suppressions"`
		InlineSuppressionsMaxSeverity *string        `json:"inline_suppressions_max_severity"`
		MaxExceptionDays              *int           `json:"max_exception_days"`
		Parameters                    map[string]any `json:"parameters"`
		IgnoredFiles                  []string       `json:"ignored_files"`
		ExcludeRoots                  []string       `json:"exclude_roots"`
	} `json:"policy"`
	Findings []struct {
		RuleID      string `json:"rule_id"`
		Title       string `json:"title"`
		Severity    string `json:"severity"`
		Status      string `json:"status"`
		Address     string `json:"address"`
		Engine      string `json:"engine"`
		Root        string `json:"root"`
		Input       string `json:"input"`
		Message     string `json:"message"`
		Remediation string `json:"remediation"`
		Location    *struct {
			File   string `json:"file"`
			Line   int    `json:"line"`
			Column int    `json:"column"`
		} `json:"location"`
		Related []struct {
			Address  string `json:"address"`
			Message  string `json:"message"`
			Location *struct {
				File   string `json:"file"`
				Line   int    `json:"line"`
				Column int    `json:"column"`
			} `json:"location"`
		} `json:"related"`
		Suppression *struct {
			Kind     string          `json:"kind"`
			Reason   string          `json:"reason"`
			Expires  string          `json:"expires"`
			Ticket   string          `json:"ticket"`
			Location json.RawMessage `json:"location"`
		} `json:"suppression"`
	} `json:"findings"`
	Errors []struct {
		File    string `json:"file"`
		Root    string `json:"root"`
		Input   string `json:"input"`
		Message string `json:"message"`
	} `json:"errors"`
	Notes []struct {
		Address  string          `json:"address"`
		Root     string          `json:"root"`
		Input    string          `json:"input"`
		Message  string          `json:"message"`
		Location json.RawMessage `json:"location"`
	} `json:"notes"`
	Summary struct {
		Total         int            `json:"total"`
		Fail          int            `json:"fail"`
		Indeterminate int            `json:"indeterminate"`
		Suppressed    int            `json:"suppressed"`
		Errors        int            `json:"errors"`
		BySeverity    map[string]int `json:"by_severity"`
		Failed        bool           `json:"failed"`
		Checked       struct {
			Clusters               int `json:"clusters"`
			SecurityConfigurations int `json:"security_configurations"`
			Documents              int `json:"documents"`
			OtherEMRResources      int `json:"other_emr_resources"`
			UnknownInstances       int `json:"unknown_instances"`
			ModulesEvaluated       int `json:"modules_evaluated"`
			ModulesNotEvaluated    []struct {
				Address      string `json:"address"`
				Root         string `json:"root"`
				Input        string `json:"input"`
				Source       string `json:"source"`
				Reason       string `json:"reason"`
				MayCreateEMR bool   `json:"may_create_emr"`
			} `json:"modules_not_evaluated"`
			Workspaces []struct {
				Name   string `json:"name"`
				Source string `json:"source"`
			} `json:"workspaces"`
			Roots []struct {
				Root                   string `json:"root"`
				Input                  string `json:"input"`
				Clusters               int    `json:"clusters"`
				SecurityConfigurations int    `json:"security_configurations"`
				Documents              int    `json:"documents"`
				OtherEMRResources      int    `json:"other_emr_resources"`
				UnknownInstances       int    `json:"unknown_instances"`
				ModulesEvaluated       int    `json:"modules_evaluated"`
				ModulesNotEvaluated    int    `json:"modules_not_evaluated"`
			} `json:"roots"`
		} `json:"checked"`
	} `json:"summary"`
}

func decode(t *testing.T, s string) jsonOut {
	t.Helper()
	dec := json.NewDecoder(strings.NewReader(s))
	dec.DisallowUnknownFields()
	var out jsonOut
	require.NoError(t, dec.Decode(&out), s)
	return out
}

func ruleIDs(o jsonOut) []string {
	var ids []string
	for _, f := range o.Findings {
		ids = append(ids, f.RuleID+" "+f.Status)
	}
	return ids
}

const docs = "../../testdata/docs/"

func TestDocumentFindingsAndLocations(t *testing.T) {
	r := runCLI(t, "", "--format", "json", docs+"sse-c.json")
	assert.Equal(t, 1, r.code, r.stderr)
	o := decode(t, r.stdout)
	assert.Equal(t, 1, o.Version)
	assert.Equal(t, "tfemrcheck", o.Tool.Name)
	assert.ElementsMatch(t, []string{"EMR-SC-001 fail", "EMR-SC-002 fail"}, ruleIDs(o)[:2])
	for _, f := range o.Findings {
		if f.RuleID == "EMR-SC-001" {
			require.NotNil(t, f.Location)
			assert.Equal(t, docs+"sse-c.json", f.Location.File)
			assert.Equal(t, 7, f.Location.Line, "line of the EncryptionMode key")
		}
	}
	assert.True(t, o.Summary.Failed)
	assert.Empty(t, o.Errors)
}

func TestCompliantDocumentPassesSeedRules(t *testing.T) {
	r := runCLI(t, "", "--format", "json", docs+"compliant.json")
	o := decode(t, r.stdout)
	for _, f := range o.Findings {
		assert.NotEqual(t, "fail", f.Status, "%s: %s", f.RuleID, f.Message)
	}
	assert.Equal(t, 0, r.code, r.stdout)
}

func TestInvalidJSONDocumentIsFindingNotInputError(t *testing.T) {
	r := runCLI(t, "", "--format", "json", docs+"invalid.json")
	assert.Equal(t, 1, r.code)
	o := decode(t, r.stdout)
	require.Len(t, o.Findings, 1)
	assert.Equal(t, "EMR-SC-000", o.Findings[0].RuleID)
	assert.Contains(t, o.Findings[0].Message, "line 8")
}

func TestTextFormat(t *testing.T) {
	r := runCLI(t, "", docs+"sse-c.json")
	assert.Equal(t, 1, r.code)
	assert.Contains(t, r.stdout, "CRITICAL EMR-SC-001 FAIL: SSE-C is not a valid EMRFS encryption mode")
	assert.Contains(t, r.stdout, "at:       "+docs+"sse-c.json:7:")
	assert.Contains(t, r.stdout, "fix:")
	assert.Contains(t, r.stdout, "FAILED:")
	assert.NotContains(t, r.stdout, "\x1b[", "no colour when not on a terminal")
}

func TestColourOnlyOnTerminalWithoutNoColor(t *testing.T) {
	var out bytes.Buffer
	run([]string{docs + "sse-c.json"}, env{stdout: &out, stderr: &bytes.Buffer{}, isTerminal: true})
	assert.Contains(t, out.String(), "\x1b[")
	out.Reset()
	run([]string{docs + "sse-c.json"}, env{stdout: &out, stderr: &bytes.Buffer{}, isTerminal: true, environ: []string{"NO_COLOR=1"}})
	assert.NotContains(t, out.String(), "\x1b[")
}

func TestUsageAndInputErrorsExit2(t *testing.T) {
	dir := t.TempDir()
	empty := filepath.Join(dir, "empty.json")
	require.NoError(t, os.WriteFile(empty, nil, 0o644))
	notPlan := filepath.Join(dir, "other.json")
	require.NoError(t, os.WriteFile(notPlan, []byte(`{"hello": "world"}`), 0o644))
	cases := map[string][]string{
		"no path":      {},
		"bad flag":     {"--nope", docs + "compliant.json"},
		"bad format":   {"--format", "xml", docs + "compliant.json"},
		"missing file": {filepath.Join(dir, "missing.json")},
		"empty file":   {empty},
		"not a plan":   {notPlan},
		"directory":    {dir},
	}
	for name, args := range cases {
		t.Run(name, func(t *testing.T) {
			r := runCLI(t, "", args...)
			assert.Equal(t, 2, r.code, "stdout=%s stderr=%s", r.stdout, r.stderr)
			assert.NotEmpty(t, r.stderr)
			// One "Error:" line per problem, and at most a pointer to the
			// usage; the report on stdout does not repeat it.
			lines := strings.Split(strings.TrimSuffix(r.stderr, "\n"), "\n")
			assert.True(t, strings.HasPrefix(lines[0], "Error: "), r.stderr)
			for _, l := range lines[1:] {
				assert.True(t, strings.HasPrefix(l, "Run 'tfemrcheck --help' for usage."), r.stderr)
			}
			assert.NotContains(t, r.stdout, "Error")
			if len(args) == 1 {
				assert.Equal(t, 1, strings.Count(r.stderr, args[0]), "the message names the file once: %s", r.stderr)
			}
		})
	}
}

func TestUnreadableInputIsReportedEvenWithOtherFindings(t *testing.T) {
	r := runCLI(t, "", "--format", "json", docs+"sse-c.json", filepath.Join(t.TempDir(), "missing.json"))
	assert.Equal(t, 2, r.code)
	o := decode(t, r.stdout)
	require.Len(t, o.Errors, 1)
	assert.NotEmpty(t, o.Findings)
}

func TestStdinAndFlagsAfterPaths(t *testing.T) {
	data, err := os.ReadFile(docs + "sse-c.json")
	require.NoError(t, err)
	r := runCLI(t, string(data), "-", "--format", "json")
	assert.Equal(t, 1, r.code, r.stderr)
	o := decode(t, r.stdout)
	assert.NotEmpty(t, o.Findings)
}

func TestVersionAndHelp(t *testing.T) {
	r := runCLI(t, "", "--version")
	assert.Equal(t, 0, r.code)
	assert.Regexp(t, `^tfemrcheck \S+ \(commit \S+, built \S+\)\ngo\S+ \S+/\S+\n$`, r.stdout)
	r = runCLI(t, "", "--help")
	assert.Equal(t, 0, r.code)
	assert.Contains(t, r.stdout, "usage: tfemrcheck")
}

func TestDeterministicOutput(t *testing.T) {
	a := runCLI(t, "", "--format", "json", docs+"sse-c.json", docs+"invalid.json")
	b := runCLI(t, "", "--format", "json", docs+"invalid.json", docs+"sse-c.json")
	assert.Equal(t, a.stdout, b.stdout)
}
