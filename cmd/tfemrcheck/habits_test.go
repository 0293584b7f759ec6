package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tfemrcheck/tfemrcheck/pkg/model"
	"github.com/tfemrcheck/tfemrcheck/pkg/rules"
)

// runEnv runs the CLI with an environment.
func runEnv(t *testing.T, environ []string, args ...string) result {
	t.Helper()
	var out, errb strings.Builder
	code := run(args, env{stdin: strings.NewReader(""), stdout: &out, stderr: &errb, environ: environ})
	return result{code, out.String(), errb.String()}
}

// insecureModule copies examples/insecure into a temporary directory.
func insecureModule(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	src, err := os.ReadFile("../../examples/insecure/main.tf")
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(filepath.Join(dir, "main.tf"), src, 0o644))
	return dir
}

// TestBaseline: --write-baseline accepts today's findings; a later run
// with --baseline passes while nothing new appears, also when the code
// moves down its file, and fails on a new finding only, which alone is
// reported as failing. A baseline entry that matches nothing is a note.
func TestBaseline(t *testing.T) {
	dir := insecureModule(t)
	base := filepath.Join(t.TempDir(), "baseline.json")
	before := decode(t, runCLI(t, "", "--format", "json", dir).stdout)
	require.True(t, before.Summary.Failed)

	r := runCLI(t, "", "--write-baseline", base, "--format", "json", dir)
	assert.Equal(t, exitOK, r.code, r.stderr)
	assert.Contains(t, r.stderr, "Baseline: ")
	var file baselineFile
	b, err := os.ReadFile(base)
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(b, &file))
	assert.Len(t, file.Findings, before.Summary.Fail+before.Summary.Indeterminate)

	r = runCLI(t, "", "--baseline", base, "--format", "json", dir)
	assert.Equal(t, exitOK, r.code, r.stderr)
	after := decode(t, r.stdout)
	assert.Equal(t, before.Summary.Total, after.Summary.Suppressed, "every finding accepted, still reported")
	for _, f := range after.Findings {
		require.NotNil(t, f.Suppression)
		assert.Equal(t, "baseline", f.Suppression.Kind)
	}

	// Lines move: still nothing new.
	src, err := os.ReadFile(filepath.Join(dir, "main.tf"))
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(filepath.Join(dir, "main.tf"), append([]byte("# moved\n\n\n"), src...), 0o644))
	assert.Equal(t, exitOK, runCLI(t, "", "--baseline", base, dir).code)

	// A new insecure cluster: it alone fails.
	require.NoError(t, os.WriteFile(filepath.Join(dir, "new.tf"), []byte(`resource "aws_emr_cluster" "fresh" {
  name          = "fresh"
  release_label = "emr-7.2.0"
  service_role  = "EMR_DefaultRole"
}
`), 0o644))
	r = runCLI(t, "", "--baseline", base, "--format", "json", dir)
	assert.Equal(t, exitFindings, r.code, r.stderr)
	for _, f := range decode(t, r.stdout).Findings {
		if f.Suppression == nil {
			assert.Equal(t, "aws_emr_cluster.fresh", f.Address, "only the new resource's findings are new")
		}
	}

	// A fixed finding leaves a stale entry: a note says so.
	require.NoError(t, os.Remove(filepath.Join(dir, "new.tf")))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "main.tf"), []byte("# nothing left\n"), 0o644))
	r = runCLI(t, "", "--baseline", base, "--format", "json", dir)
	assert.Equal(t, exitOK, r.code)
	notes := decode(t, r.stdout).Notes
	require.Len(t, notes, 1)
	assert.Contains(t, notes[0].Message, "baseline entries match no finding any more")

	// An unreadable or foreign baseline is an input error.
	r = runCLI(t, "", "--baseline", filepath.Join(dir, "nosuch.json"), dir)
	assert.Equal(t, exitError, r.code)
	assert.Contains(t, r.stderr, "nosuch.json: no such file or directory")
	require.NoError(t, os.WriteFile(filepath.Join(dir, "other.json"), []byte(`{"version": 9}`), 0o644))
	r = runCLI(t, "", "--baseline", filepath.Join(dir, "other.json"), dir)
	assert.Equal(t, exitError, r.code)
	assert.Contains(t, r.stderr, "not a tfemrcheck baseline")

	// No baseline is written from a run that could not read an input.
	broken := filepath.Join(t.TempDir(), "broken.json")
	require.NoError(t, os.WriteFile(broken, []byte("{"), 0o644))
	out := filepath.Join(t.TempDir(), "b.json")
	r = runCLI(t, "", "--write-baseline", out, broken)
	assert.Equal(t, exitError, r.code)
	assert.Contains(t, r.stderr, "not written: 1 input error(s)")
	_, err = os.Stat(out)
	assert.True(t, os.IsNotExist(err))

	r = runCLI(t, "", "--baseline", base, "--write-baseline", out, dir)
	assert.Equal(t, exitError, r.code)
}

// TestFingerprintIgnoresPositions: the fingerprint does not change when
// the finding's position (its location, or a line:column in its message)
// does, and changes with what is wrong.
func TestFingerprintIgnoresPositions(t *testing.T) {
	at := func(line int) *model.Range {
		return &model.Range{Filename: "main.tf", Start: model.Pos{Line: line, Column: 3}}
	}
	f := rules.Finding{RuleID: "EMR-SC-001", Address: "aws_emr_security_configuration.x", Status: rules.Fail,
		Message: `EMRFS encryption mode (default) is "SSE-C" (main.tf:12:3)`, Location: at(12)}
	moved := f
	moved.Location = at(40)
	moved.Message = `EMRFS encryption mode (default) is "SSE-C" (main.tf:40:3)`
	assert.Equal(t, fingerprint(f), fingerprint(moved))
	for name, change := range map[string]func(*rules.Finding){
		"message": func(g *rules.Finding) { g.Message = `EMRFS encryption mode (default) is "SSE-S3"` },
		"status":  func(g *rules.Finding) { g.Status = rules.Indeterminate },
		"address": func(g *rules.Finding) { g.Address = "aws_emr_security_configuration.y" },
		"engine":  func(g *rules.Finding) { g.Engine = "opentofu" },
	} {
		g := f
		change(&g)
		assert.NotEqual(t, fingerprint(f), fingerprint(g), name)
	}
	// A bare document has no address: its file stands in.
	doc := rules.Finding{RuleID: "EMR-SC-015", Status: rules.Fail, Message: "m", Location: at(1)}
	other := doc
	other.Location = &model.Range{Filename: "other.json"}
	assert.NotEqual(t, fingerprint(doc), fingerprint(other))
}

// TestSoftFail: findings are reported but exit 0; an unreadable input
// still exits 2.
func TestSoftFail(t *testing.T) {
	dir := insecureModule(t)
	r := runCLI(t, "", "--soft-fail", "--format", "json", dir)
	assert.Equal(t, exitOK, r.code)
	assert.True(t, decode(t, r.stdout).Summary.Failed, "the report still says the gate fails")
	r = runCLI(t, "", "--soft-fail", filepath.Join(dir, "nosuch.json"))
	assert.Equal(t, exitError, r.code)
	assert.Equal(t, exitOK, runEnv(t, []string{"TFEMRCHECK_SOFT_FAIL=true"}, dir).code)
}

// TestRuleSelection: --rule runs only the rules named, --skip-rule all
// but them; ids in any case, comma-separated or repeated; an unknown id
// is a usage error with the closest id.
func TestRuleSelection(t *testing.T) {
	dir := insecureModule(t)
	ids := func(r result) map[string]bool {
		m := map[string]bool{}
		for _, f := range decode(t, r.stdout).Findings {
			m[f.RuleID] = true
		}
		return m
	}
	all := ids(runCLI(t, "", "--format", "json", dir))
	require.True(t, all["EMR-SC-001"] && all["EMR-CL-001"], "%v", all)

	only := runCLI(t, "", "--format", "json", "--rule", "emr-sc-001", dir)
	assert.Equal(t, map[string]bool{"EMR-SC-001": true}, ids(only))
	o := decode(t, only.stdout)
	assert.Equal(t, 1, o.Policy.RulesEnabled, "the report says what ran")

	two := ids(runCLI(t, "", "--format", "json", "--rule", "EMR-SC-001,EMR-CL-001", dir))
	assert.Equal(t, map[string]bool{"EMR-SC-001": true, "EMR-CL-001": true}, two)

	skipped := ids(runCLI(t, "", "--format", "json", "--skip-rule", "EMR-SC-001", "--skip-rule", "EMR-CL-001", dir))
	assert.False(t, skipped["EMR-SC-001"] || skipped["EMR-CL-001"])
	assert.Equal(t, len(all)-2, len(skipped))

	r := runCLI(t, "", "--rule", "EMR-SC-01", dir)
	assert.Equal(t, exitError, r.code)
	assert.Contains(t, r.stderr, "Error: --rule EMR-SC-01: no such rule; did you mean EMR-SC-001?")
	r = runEnv(t, []string{"TFEMRCHECK_SKIP_RULE=EMR-CL-01"}, dir)
	assert.Equal(t, exitError, r.code)
	assert.Contains(t, r.stderr, "Error: TFEMRCHECK_SKIP_RULE EMR-CL-01: no such rule; did you mean EMR-CL-001?")
}

// TestRulesFilter: 'tfemrcheck rules' by severity and by text.
func TestRulesFilter(t *testing.T) {
	lines := func(r result) []string { return strings.Split(strings.TrimSpace(r.stdout), "\n") }
	all := lines(runCLI(t, "", "rules"))
	high := lines(runCLI(t, "", "rules", "--severity", "high,CRITICAL"))
	require.NotEmpty(t, high)
	assert.Less(t, len(high), len(all))
	for _, l := range high {
		f := strings.Fields(l)
		assert.Contains(t, []string{"HIGH", "CRITICAL"}, f[1], l)
	}
	kerb := lines(runCLI(t, "", "rules", "KERBEROS"))
	require.NotEmpty(t, kerb)
	assert.Less(t, len(kerb), len(all))
	both := lines(runCLI(t, "", "rules", "-f", "text", "--severity", "LOW", "kerberos"))
	assert.Equal(t, []string{"EMR-CL-006   LOW      in-transit encryption should come with Kerberos"}, both)
	r := runCLI(t, "", "rules", "no-such-text-anywhere")
	assert.Equal(t, exitOK, r.code)
	assert.Empty(t, r.stdout)
	assert.Contains(t, r.stderr, "No rule matches.")
	r = runCLI(t, "", "rules", "--severity", "SEVERE")
	assert.Equal(t, exitError, r.code)
}

// TestEnvironmentSettings: TFEMRCHECK_* set what their flag sets; the
// flag wins over the variable, the variable over the policy file.
func TestEnvironmentSettings(t *testing.T) {
	dir := insecureModule(t)
	r := runEnv(t, []string{"TFEMRCHECK_FORMAT=json"}, dir)
	assert.Equal(t, exitFindings, r.code)
	decode(t, r.stdout)
	r = runEnv(t, []string{"TFEMRCHECK_FORMAT=json"}, "--format", "text", dir)
	assert.True(t, strings.HasPrefix(r.stdout, "Policy: "), "the flag wins")
	r = runEnv(t, []string{"TFEMRCHECK_FORMAT=json"}, "-f", "text", dir)
	assert.True(t, strings.HasPrefix(r.stdout, "Policy: "), "the short flag wins too")
	r = runEnv(t, []string{"TFEMRCHECK_FORMAT="}, dir)
	assert.True(t, strings.HasPrefix(r.stdout, "Policy: "), "an empty variable sets nothing")

	pol := filepath.Join(t.TempDir(), "p.hcl")
	require.NoError(t, os.WriteFile(pol, []byte("severity_threshold = \"CRITICAL\"\n"), 0o644))
	o := decode(t, runEnv(t, []string{"TFEMRCHECK_CONFIG=" + pol, "TFEMRCHECK_SEVERITY_THRESHOLD=medium"}, "-f", "json", dir).stdout)
	assert.Equal(t, pol, *o.Policy.File)
	assert.Equal(t, "MEDIUM", *o.Policy.SeverityThreshold, "the variable wins over the policy file")
	o = decode(t, runEnv(t, []string{"TFEMRCHECK_CONFIG=" + pol, "TFEMRCHECK_SEVERITY_THRESHOLD=medium"},
		"-f", "json", "--severity-threshold", "HIGH", dir).stdout)
	assert.Equal(t, "HIGH", *o.Policy.SeverityThreshold, "the flag wins over the variable")
	o = decode(t, runEnv(t, []string{"TFEMRCHECK_CONFIG=" + pol}, "-f", "json", dir).stdout)
	assert.Equal(t, "CRITICAL", *o.Policy.SeverityThreshold)

	out := filepath.Join(t.TempDir(), "r.sarif")
	r = runEnv(t, []string{"TFEMRCHECK_OUTPUT=" + out, "TFEMRCHECK_FORMAT=sarif"}, dir)
	assert.Contains(t, r.stdout, "sarif report written to "+out)
	r = runEnv(t, nil, "-o", out, "-f", "json", dir)
	assert.Contains(t, r.stdout, "json report written to "+out)

	for env, want := range map[string]string{
		"TFEMRCHECK_FORMAT=xml":             `unknown format "xml" for TFEMRCHECK_FORMAT`,
		"TFEMRCHECK_STRICT=maybe":           `TFEMRCHECK_STRICT="maybe": want true or false`,
		"TFEMRCHECK_TIMEOUT=soon":           `TFEMRCHECK_TIMEOUT="soon"`,
		"TFEMRCHECK_SEVERITY_THRESHOLD=big": `TFEMRCHECK_SEVERITY_THRESHOLD: unknown severity "big"`,
		"TFEMRCHECK_ENGINE=pulumi":          `unknown engine "pulumi" for TFEMRCHECK_ENGINE`,
	} {
		r := runEnv(t, []string{env}, dir)
		assert.Equal(t, exitError, r.code, env)
		assert.Contains(t, r.stderr, want, env)
	}
	assert.Equal(t, exitOK, runEnv(t, []string{"TFEMRCHECK_STRICT=1", "TFEMRCHECK_SOFT_FAIL=1"}, dir).code)
}

// TestHabitsAreDocumented: every flag and variable above is in --help and
// in the README.
func TestHabitsAreDocumented(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	require.NoError(t, err)
	words := []string{"-f, --format", "-o, --output", "--soft-fail", "--baseline FILE", "--write-baseline FILE",
		"--rule ID[,ID]", "--skip-rule ID[,ID]", "--severity LEVEL,...]"}
	for _, ef := range envFlags {
		words = append(words, ef.env, "--"+ef.flag)
		// The variable's name is the flag's.
		assert.Equal(t, "TFEMRCHECK_"+strings.ToUpper(strings.ReplaceAll(ef.flag, "-", "_")), ef.env)
	}
	for _, w := range words {
		assert.Contains(t, usage, w, "--help")
		assert.True(t, strings.Contains(string(readme), w), "README.md lacks %s", w)
	}
	assert.Contains(t, string(readme), "**flag > environment variable > policy\nfile > default**")
	assert.Contains(t, rulesUsage, "--severity LEVEL")
}
