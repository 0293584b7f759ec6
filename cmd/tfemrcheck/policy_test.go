package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tfemrcheck/tfemrcheck/pkg/rules"
)

// Policy you can trust (issue 11, item 4): the policy comes from the
// working directory up to the repository root, never from the scanned
// code, and every format says which policy was used and what it changes.

// sseCPlan is a real plan (and its source) with SSE-C security
// configurations: EMR-SC-001 fails on it.
const sseCPlan = "../../testdata/plans/sc001-sse-c/"

// loosening disables the rule an SSE-C configuration fails and raises the
// threshold above every failure: what a pull request would plant.
const loosening = `severity_threshold = "CRITICAL"
rule "EMR-SC-001" {
  enabled = false
}
`

// repo makes a repository (a directory holding .git) with files below it,
// changes the working directory to it for the test and returns it.
func repo(t *testing.T, files map[string]string) string {
	t.Helper()
	root := t.TempDir()
	require.NoError(t, os.Mkdir(filepath.Join(root, ".git"), 0o755))
	for name, text := range files {
		p := filepath.Join(root, filepath.FromSlash(name))
		require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
		require.NoError(t, os.WriteFile(p, []byte(text), 0o644))
	}
	t.Chdir(root)
	return root
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	return string(b)
}

func hasFinding(o jsonOut, id string) bool {
	for _, f := range o.Findings {
		if f.RuleID == id && f.Suppression == nil {
			return true
		}
	}
	return false
}

// A .tfemrcheck.hcl planted next to the scanned code is not read, for
// every kind of input, and the run says so.
func TestPlantedPolicyIsIgnoredAndNoted(t *testing.T) {
	planted := filepath.Join("infra", "emr", ".tfemrcheck.hcl")
	repo(t, map[string]string{
		"infra/emr/main.tf":         readFile(t, sseCPlan+"main.tf"),
		"infra/emr/plan.json":       readFile(t, sseCPlan+"plan.json"),
		"infra/emr/.tfemrcheck.hcl": loosening,
		"infra/.tfemrcheck.hcl":     loosening,
	})
	parent := filepath.Join("infra", ".tfemrcheck.hcl")
	for name, args := range map[string][]string{
		"directory":     {"infra/emr"},
		"DIR/...":       {"infra/..."},
		"plan":          {"infra/emr/plan.json"},
		"plan+source":   {"infra/emr/plan.json", "infra/emr"},
		"absolute path": {filepath.Join(mustGetwd(t), "infra", "emr")},
	} {
		t.Run(name, func(t *testing.T) {
			r := runCLI(t, "", append([]string{"--format", "json"}, args...)...)
			require.Equal(t, 1, r.code, r.stderr)
			o := decode(t, r.stdout)
			assert.True(t, hasFinding(o, "EMR-SC-001"), "the planted policy does not disable the rule")
			require.NotNil(t, o.Policy)
			assert.Nil(t, o.Policy.File, "no policy in use")
			assert.Equal(t, []string{parent, planted}, o.Policy.IgnoredFiles)
			var notes []string
			for _, n := range o.Notes {
				if strings.Contains(n.Message, ".tfemrcheck.hcl was not read") {
					notes = append(notes, n.Message)
				}
			}
			require.Len(t, notes, 2)
			assert.Contains(t, notes[1], "policy file "+planted+" was not read")
			assert.Contains(t, notes[1], "--config "+planted)
		})
	}

	// Every format names the ignored file.
	for _, format := range []string{"text", "sarif", "junit", "github", "markdown"} {
		r := runCLI(t, "", "--format", format, "infra/emr")
		assert.Equal(t, 1, r.code, format)
		assert.Contains(t, strings.ReplaceAll(r.stdout, `\_`, "_"), "infra/emr/.tfemrcheck.hcl", format)
	}

	// Named with --config, it is read (and the other one is still noted).
	r := runCLI(t, "", "--format", "json", "--config", planted, "infra/emr")
	assert.Equal(t, 0, r.code, r.stdout)
	o := decode(t, r.stdout)
	require.NotNil(t, o.Policy.File)
	assert.Equal(t, planted, *o.Policy.File)
	assert.Equal(t, []string{"EMR-SC-001"}, o.Policy.Disabled)
	assert.Equal(t, []string{parent}, o.Policy.IgnoredFiles)
}

// The same attack through the built command in a child process: exit 1,
// no crash, and the SSE-C failure is still reported.
func TestPlantedPolicyChildProcess(t *testing.T) {
	repo(t, map[string]string{
		"emr/main.tf":         readFile(t, sseCPlan+"main.tf"),
		"emr/.tfemrcheck.hcl": loosening,
	})
	r := runChild(t, "emr")
	require.False(t, r.hung)
	require.False(t, r.crashed(), r.stderr)
	assert.Equal(t, 1, r.code, r.stdout+r.stderr)
	assert.Contains(t, r.stdout, "EMR-SC-001")
	assert.Contains(t, r.stdout, "policy file emr/.tfemrcheck.hcl was not read")
}

func mustGetwd(t *testing.T) string {
	t.Helper()
	wd, err := os.Getwd()
	require.NoError(t, err)
	return wd
}

// A policy above the repository root is never read; the repository's own
// is found from a subdirectory.
func TestPolicyDiscoveryStopsAtRepositoryRoot(t *testing.T) {
	outer := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(outer, ".tfemrcheck.hcl"), []byte(loosening), 0o644))
	root := filepath.Join(outer, "repo")
	require.NoError(t, os.MkdirAll(filepath.Join(root, ".git"), 0o755))
	require.NoError(t, os.MkdirAll(filepath.Join(root, "emr"), 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(root, "emr", "main.tf"), []byte(readFile(t, sseCPlan+"main.tf")), 0o644))
	t.Chdir(root)

	r := runCLI(t, "", "--format", "json", "emr")
	assert.Equal(t, 1, r.code)
	o := decode(t, r.stdout)
	assert.Nil(t, o.Policy.File, "the file above the repository is not read")
	assert.True(t, hasFinding(o, "EMR-SC-001"))
	assert.Empty(t, o.Policy.IgnoredFiles, "the file above the repository is not next to the scanned code either")

	// The repository's policy is found from a subdirectory, and named
	// from the working directory.
	require.NoError(t, os.WriteFile(filepath.Join(root, ".tfemrcheck.hcl"), []byte("rule \"EMR-SC-001\" {\n  severity = \"LOW\"\n}\n"), 0o644))
	t.Chdir(filepath.Join(root, "emr"))
	r = runCLI(t, "", "--format", "json", ".")
	o = decode(t, r.stdout)
	require.NotNil(t, o.Policy.File)
	assert.Equal(t, filepath.Join("..", ".tfemrcheck.hcl"), *o.Policy.File)
	require.Len(t, o.Policy.SeverityOverrides, 1)
	assert.Equal(t, "LOW", o.Policy.SeverityOverrides[0].To)

	// Outside any repository only the working directory is searched.
	t.Chdir(outer)
	require.NoError(t, os.Mkdir(filepath.Join(outer, "sub"), 0o755))
	t.Chdir(filepath.Join(outer, "sub"))
	r = runCLI(t, "", "--format", "json", filepath.Join(root, "emr"))
	o = decode(t, r.stdout)
	assert.Nil(t, o.Policy.File)
}

// Every format names the policy file and what it disables, re-grades and
// excepts.
func TestPolicyNamedInEveryFormat(t *testing.T) {
	repo(t, map[string]string{
		"emr/main.tf": readFile(t, sseCPlan+"main.tf"),
		".tfemrcheck.hcl": `severity_threshold = "HIGH"
rule "emr-cl-006" {
  enabled = false
}
rule "EMR-SC-007" {
  severity = "LOW"
}
exception {
  rule    = "EMR-SC-001"
  address = "aws_emr_security_configuration.default_ssec"
  reason  = "tracked in SEC-1"
}
`,
	})
	for _, format := range []string{"text", "json", "sarif", "junit", "github", "markdown"} {
		r := runCLI(t, "", "--format", format, "emr")
		out := strings.NewReplacer(`\_`, "_", `\*`, "*", "&gt;", ">").Replace(r.stdout)
		for _, want := range []string{".tfemrcheck.hcl", "EMR-CL-006", "EMR-SC-007", "EMR-SC-001", "aws_emr_security_configuration.default_ssec", "tracked in SEC-1"} {
			assert.Contains(t, out, want, format)
		}
	}
	r := runCLI(t, "", "emr")
	assert.True(t, strings.HasPrefix(r.stdout, "Policy: .tfemrcheck.hcl\n  severity threshold: HIGH\n  disabled: EMR-CL-006\n  severity changed: EMR-SC-007 HIGH -> LOW\n  exception: EMR-SC-001 on aws_emr_security_configuration.default_ssec (.tfemrcheck.hcl:8): tracked in SEC-1\n"), r.stdout)

	// Without a policy file the run says none.
	t.Chdir(t.TempDir())
	r = runCLI(t, "", filepath.Join("..", filepath.Base(mustGetwd(t))))
	assert.True(t, strings.HasPrefix(r.stdout, "Policy: none\n"), r.stdout)
}

// A policy that disables every rule runs none, and says so.
func TestPolicyDisablingEveryRuleRunsNone(t *testing.T) {
	var b strings.Builder
	for _, r := range rules.Catalogue() {
		b.WriteString("rule \"" + strings.ToLower(r.ID) + "\" {\n  enabled = false\n}\n")
	}
	repo(t, map[string]string{
		"emr/main.tf":     strings.Replace(readFile(t, sseCPlan+"main.tf"), "resource", "# tfemrcheck:ignore EMR-SC-999 reason=\"x\"\nresource", 1),
		".tfemrcheck.hcl": b.String(),
	})
	r := runCLI(t, "", "--format", "json", "emr")
	assert.Equal(t, 0, r.code, r.stdout)
	o := decode(t, r.stdout)
	assert.Empty(t, o.Findings, "no rule ran; the suppression meta rules are disabled too")
	assert.Equal(t, 0, o.Policy.RulesEnabled)
	r = runCLI(t, "", "emr")
	assert.Contains(t, r.stdout, "  rules: none ran: the policy disables every rule\n")
}

// The policy's limits on inline suppressions.
func TestPolicyGovernsInlineSuppressions(t *testing.T) {
	module := `resource "aws_emr_security_configuration" "sc" {
  name = "sc"
  configuration = jsonencode({
    EncryptionConfiguration = {
      EnableInTransitEncryption = false
      EnableAtRestEncryption    = true
      AtRestEncryptionConfiguration = {
        # tfemrcheck:ignore emr-sc-001 reason="migration in SEC-42" expires=2026-12-31
        S3EncryptionConfiguration = { EncryptionMode = "SSE-C" }
      }
    }
  })
}
`
	now := func() time.Time { return time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC) }
	runAt := func(args ...string) (int, jsonOut) {
		var out, errb bytes.Buffer
		code := run(append([]string{"--format", "json"}, args...), env{stdout: &out, stderr: &errb, now: now})
		return code, decode(t, out.String())
	}
	suppressed := func(o jsonOut) bool {
		for _, f := range o.Findings {
			if f.RuleID == "EMR-SC-001" {
				return f.Suppression != nil
			}
		}
		t.Fatal("no EMR-SC-001 finding")
		return false
	}
	meta := func(o jsonOut) []string {
		var out []string
		for _, f := range o.Findings {
			if f.RuleID == "EMR-META-004" {
				out = append(out, f.Message)
			}
		}
		return out
	}
	root := repo(t, map[string]string{"emr/main.tf": module})

	// No policy: the lower-case id is honoured.
	code, o := runAt("emr")
	assert.True(t, suppressed(o))
	assert.Empty(t, meta(o))
	_ = code

	write := func(src string) {
		require.NoError(t, os.WriteFile(filepath.Join(root, ".tfemrcheck.hcl"), []byte(src), 0o644))
	}
	write("inline_suppressions = false\n")
	code, o = runAt("emr")
	assert.Equal(t, 1, code)
	assert.False(t, suppressed(o))
	require.Len(t, meta(o), 1)
	assert.Contains(t, meta(o)[0], "forbids inline suppressions (.tfemrcheck.hcl:1)")

	write("inline_suppressions_max_severity = \"MEDIUM\"\n")
	code, o = runAt("emr")
	assert.Equal(t, 1, code)
	assert.False(t, suppressed(o), "EMR-SC-001 is CRITICAL")
	require.Len(t, meta(o), 1)
	assert.Contains(t, meta(o)[0], "this CRITICAL finding")

	write("inline_suppressions_max_severity = \"CRITICAL\"\nmax_exception_days = 20\n")
	code, o = runAt("emr")
	assert.Equal(t, 1, code)
	assert.False(t, suppressed(o), "2026-12-31 is 30 days ahead")
	require.Len(t, meta(o), 1)
	assert.Contains(t, meta(o)[0], "more than 20 days ahead")

	write("max_exception_days = 30\n")
	_, o = runAt("emr")
	assert.True(t, suppressed(o), "30 days ahead is within the cap")
	assert.Empty(t, meta(o))
}

// An exception that expires beyond max_exception_days is a policy error
// naming the file and line.
func TestPolicyExceptionExpiryCap(t *testing.T) {
	repo(t, map[string]string{
		"emr/main.tf": readFile(t, sseCPlan+"main.tf"),
		".tfemrcheck.hcl": `max_exception_days = 90

exception {
  rule    = "EMR-SC-001"
  address = "*"
  reason  = "accepted for ever"
  expires = "2099-12-31"
}
`,
	})
	var out, errb bytes.Buffer
	now := func() time.Time { return time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC) }
	code := run([]string{"emr"}, env{stdout: &out, stderr: &errb, now: now})
	assert.Equal(t, 2, code)
	assert.Contains(t, errb.String(), ".tfemrcheck.hcl:7:3: ")
	assert.Contains(t, errb.String(), "expires too far ahead")
	assert.Contains(t, errb.String(), `"2027-03-01" or earlier`)
}
