package policy_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tfemrcheck/tfemrcheck/pkg/model"
	"github.com/tfemrcheck/tfemrcheck/pkg/policy"
	"github.com/tfemrcheck/tfemrcheck/pkg/rules"
)

// tree makes the files and directories of layout below a new temp dir
// (a name ending in "/" is a directory) and returns the dir.
func tree(t *testing.T, layout ...string) string {
	t.Helper()
	root := t.TempDir()
	for _, name := range layout {
		p := filepath.Join(root, filepath.FromSlash(name))
		if strings.HasSuffix(name, "/") {
			require.NoError(t, os.MkdirAll(p, 0o755))
			continue
		}
		require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
		require.NoError(t, os.WriteFile(p, []byte("# policy\n"), 0o644))
	}
	return root
}

func TestDiscoverStopsAtRepositoryRoot(t *testing.T) {
	// A policy above the repository must never be read.
	root := tree(t, ".tfemrcheck.hcl", "repo/.git/", "repo/envs/prod/")
	repo := filepath.Join(root, "repo")
	prod := filepath.Join(repo, "envs", "prod")
	_, found := policy.Discover(prod)
	assert.False(t, found, "the file above the repository root is not read")
	_, found = policy.Discover(repo)
	assert.False(t, found)

	// Inside the repository, the nearest file from the working directory
	// up to the root wins.
	require.NoError(t, os.WriteFile(filepath.Join(repo, policy.FileName), []byte("#\n"), 0o644))
	path, found := policy.Discover(prod)
	require.True(t, found)
	assert.Equal(t, filepath.Join(repo, policy.FileName), path)
	near := filepath.Join(repo, "envs", policy.FileName)
	require.NoError(t, os.WriteFile(near, []byte("#\n"), 0o644))
	path, found = policy.Discover(prod)
	require.True(t, found)
	assert.Equal(t, near, path)
}

func TestDiscoverGitFileMarksTheRoot(t *testing.T) {
	// A worktree or submodule has a .git file, not a directory.
	root := tree(t, ".tfemrcheck.hcl", "wt/.git", "wt/sub/")
	_, found := policy.Discover(filepath.Join(root, "wt", "sub"))
	assert.False(t, found)
	r, ok := policy.RepositoryRoot(filepath.Join(root, "wt", "sub"))
	require.True(t, ok)
	assert.Equal(t, filepath.Join(root, "wt"), r)
}

func TestDiscoverOutsideARepositoryReadsTheWorkingDirectoryOnly(t *testing.T) {
	root := tree(t, ".tfemrcheck.hcl", "work/")
	_, found := policy.Discover(filepath.Join(root, "work"))
	assert.False(t, found, "no repository: parents are not searched")
	path, found := policy.Discover(root)
	require.True(t, found)
	assert.Equal(t, filepath.Join(root, policy.FileName), path)
}

// Whatever stands in the policy's place is found, so that loading it fails
// rather than the run going on without the policy.
func TestDiscoverFindsWhatStandsInThePolicysPlace(t *testing.T) {
	root := tree(t, ".git/", ".tfemrcheck.hcl/", "a/")
	path, found := policy.Discover(filepath.Join(root, "a"))
	require.True(t, found)
	_, diags := policy.Load(path)
	assert.True(t, diags.HasErrors(), "a directory is not a policy file")

	root = tree(t, ".git/")
	require.NoError(t, os.Symlink(filepath.Join(root, "missing"), filepath.Join(root, policy.FileName)))
	path, found = policy.Discover(root)
	require.True(t, found)
	_, diags = policy.Load(path)
	assert.True(t, diags.HasErrors(), "a dangling link is an error")
}

func TestDiscoverNamesTheFileFromARelativeWorkDir(t *testing.T) {
	root := tree(t, ".git/", ".tfemrcheck.hcl", "a/b/")
	t.Chdir(filepath.Join(root, "a", "b"))
	path, found := policy.Discover(".")
	require.True(t, found)
	assert.Equal(t, filepath.Join("..", "..", policy.FileName), path)
}

func TestIgnoredListsPoliciesNextToTheScannedCode(t *testing.T) {
	root := tree(t, ".git/", ".tfemrcheck.hcl",
		"infra/.tfemrcheck.hcl", "infra/emr/.tfemrcheck.hcl", "infra/emr/main.tf",
		"other/main.tf", "outside/")
	used := filepath.Join(root, policy.FileName)
	got := policy.Ignored(root, []string{
		filepath.Join(root, "infra", "emr"), filepath.Join(root, "other"), filepath.Join(root, "infra", "emr"),
	}, used)
	assert.Equal(t, []string{
		filepath.Join(root, "infra", policy.FileName),
		filepath.Join(root, "infra", "emr", policy.FileName),
	}, got, "every file an upward search from the scanned code would meet, once; not the one in use")

	// The file in use is not listed, even when it is the scanned
	// directory's (given with --config).
	got = policy.Ignored(root, []string{filepath.Join(root, "infra", "emr")}, filepath.Join(root, "infra", "emr", policy.FileName))
	assert.Equal(t, []string{filepath.Join(root, "infra", policy.FileName)}, got)

	// Scanning the working directory itself ignores nothing.
	assert.Empty(t, policy.Ignored(root, []string{root}, used))
}

func TestIgnoredStopsAtTheScannedRepositoryRoot(t *testing.T) {
	// The scanned code is another repository below a directory holding a
	// policy: the search from it stops at its own root.
	root := tree(t, ".tfemrcheck.hcl", "work/.git/", "vendor/.git/", "vendor/.tfemrcheck.hcl", "vendor/m/")
	got := policy.Ignored(filepath.Join(root, "work"), []string{filepath.Join(root, "vendor", "m")}, "")
	assert.Equal(t, []string{filepath.Join(root, "vendor", policy.FileName)}, got)
}

func TestRuleIDsAreCaseInsensitive(t *testing.T) {
	src := `
rule "emr-sc-005" {
  severity = "low"
}
rule "Emr-Cl-006" {
  enabled = false
}
exception {
  rule    = "emr-net-005"
  address = "*"
  reason  = "bastion key"
}
`
	p, diags := policy.Parse([]byte(src), "p.hcl")
	require.False(t, diags.HasErrors(), diags.Error())
	require.Contains(t, p.Rules, "EMR-SC-005")
	require.Contains(t, p.Rules, "EMR-CL-006")
	assert.False(t, p.Rules["EMR-CL-006"].Enabled)
	assert.Equal(t, "EMR-NET-005", p.Exceptions[0].Rule)
	out, _ := p.Apply([]rules.Finding{finding("EMR-NET-005", "aws_emr_cluster.c")}, day("2026-01-01"))
	assert.NotNil(t, out[0].Suppressed)

	// The same rule in two spellings is a duplicate.
	_, diags = policy.Parse([]byte("rule \"EMR-SC-005\" {}\nrule \"emr-sc-005\" {}\n"), "p.hcl")
	require.True(t, diags.HasErrors())
	assert.Contains(t, diags.Error(), "Duplicate rule block")

	// Only ASCII letters fold: a look-alike spelling is not a rule.
	_, diags = policy.Parse([]byte("rule \"EMR-\u017fC-005\" {}\n"), "p.hcl")
	require.True(t, diags.HasErrors())
	assert.Contains(t, diags.Error(), "Unknown rule id")
	assert.Equal(t, "EMR-SC-005", policy.CanonicalRuleID("emr-sc-005"))
	assert.Equal(t, "EMR-\u017fC-005", policy.CanonicalRuleID("emr-\u017fc-005"))
}

func TestDisablingEveryRuleRunsNone(t *testing.T) {
	var b strings.Builder
	for _, r := range rules.Catalogue() {
		b.WriteString("rule \"" + strings.ToLower(r.ID) + "\" {\n  enabled = false\n}\n")
	}
	p, diags := policy.Parse([]byte(b.String()), "p.hcl")
	require.False(t, diags.HasErrors(), diags.Error())
	got := p.Catalogue(rules.Catalogue())
	assert.NotNil(t, got, "nil would mean every rule to check.Run")
	assert.Empty(t, got)
	assert.Equal(t, 0, p.RulesEnabled())
	assert.Len(t, p.Disabled(), len(rules.Catalogue()))

	// The suppression meta rules are disabled too: their findings are
	// dropped by Apply.
	meta := rules.SuppressionProblem(rules.META002, "x", nil, "unused")
	out, problems := p.Apply([]rules.Finding{meta}, day("2026-01-01"))
	assert.Empty(t, out)
	assert.Empty(t, problems)
}

func TestApplyGradesMetaFindings(t *testing.T) {
	p, diags := policy.Parse([]byte("rule \"EMR-META-002\" {\n  severity = \"HIGH\"\n}\n"), "p.hcl")
	require.False(t, diags.HasErrors(), diags.Error())
	out, _ := p.Apply([]rules.Finding{rules.SuppressionProblem(rules.META002, "x", nil, "unused")}, day("2026-01-01"))
	require.Len(t, out, 1)
	assert.Equal(t, rules.High, out[0].Severity)
	assert.Equal(t, []policy.Override{{Rule: "EMR-META-002", From: rules.Low, To: rules.High}}, p.Overrides())
}

func inlineFinding(rule string, sev rules.Severity, expires string) rules.Finding {
	f := finding(rule, "aws_emr_security_configuration.sc")
	f.Severity = sev
	f.Suppressed = &rules.Suppression{Kind: "inline", Reason: "accepted", Expires: expires,
		Location: &model.Range{Filename: "main.tf", Start: model.Pos{Line: 7, Column: 3}}}
	return f
}

func metaOf(fs []rules.Finding, id string) []rules.Finding {
	var out []rules.Finding
	for _, f := range fs {
		if f.RuleID == id {
			out = append(out, f)
		}
	}
	return out
}

func TestInlineSuppressionsForbidden(t *testing.T) {
	p, diags := policy.Parse([]byte("# org policy\ninline_suppressions = false\n"), "org.hcl")
	require.False(t, diags.HasErrors(), diags.Error())
	in := []rules.Finding{inlineFinding("EMR-SC-005", rules.Low, "")}
	out, problems := p.Apply(in, day("2026-01-01"))
	assert.Nil(t, out[0].Suppressed, "the comment is not honoured: the finding fails")
	assert.NotNil(t, in[0].Suppressed, "input is not modified")
	m := metaOf(problems, "EMR-META-004")
	require.Len(t, m, 1)
	assert.Equal(t, "aws_emr_security_configuration.sc", m[0].Address)
	assert.Equal(t, "main.tf", m[0].Location.Filename, "located at the comment")
	assert.Equal(t, 7, m[0].Location.Start.Line)
	assert.Contains(t, m[0].Message, "forbids inline suppressions (org.hcl:2)")
	assert.Contains(t, m[0].Message, "EMR-SC-005")

	// A policy exception still suppresses it.
	p, diags = policy.Parse([]byte("inline_suppressions = false\nexception {\n  rule = \"EMR-SC-005\"\n  address = \"*\"\n  reason = \"r\"\n}\n"), "org.hcl")
	require.False(t, diags.HasErrors(), diags.Error())
	out, _ = p.Apply(in, day("2026-01-01"))
	require.NotNil(t, out[0].Suppressed)
	assert.Equal(t, "policy", out[0].Suppressed.Kind)
}

func TestInlineSuppressionsMaxSeverity(t *testing.T) {
	p, diags := policy.Parse([]byte(`inline_suppressions_max_severity = "medium"`+"\n"), "org.hcl")
	require.False(t, diags.HasErrors(), diags.Error())
	in := []rules.Finding{
		inlineFinding("EMR-SC-001", rules.Critical, ""),
		inlineFinding("EMR-SC-007", rules.High, ""),
		inlineFinding("EMR-SC-005", rules.Medium, ""),
		inlineFinding("EMR-NET-005", rules.Low, ""),
	}
	out, problems := p.Apply(in, day("2026-01-01"))
	assert.Nil(t, out[0].Suppressed)
	assert.Nil(t, out[1].Suppressed)
	assert.NotNil(t, out[2].Suppressed, "MEDIUM is within the cap")
	assert.NotNil(t, out[3].Suppressed)
	m := metaOf(problems, "EMR-META-004")
	require.Len(t, m, 2)
	assert.Contains(t, m[0].Message, "this CRITICAL finding")
	assert.Contains(t, m[0].Message, "up to MEDIUM only (org.hcl:1)")

	// The cap applies to the severity the policy gives the rule.
	p, diags = policy.Parse([]byte("inline_suppressions_max_severity = \"MEDIUM\"\nrule \"EMR-NET-005\" {\n  severity = \"HIGH\"\n}\n"), "org.hcl")
	require.False(t, diags.HasErrors(), diags.Error())
	out, problems = p.Apply(in[3:], day("2026-01-01"))
	assert.Nil(t, out[0].Suppressed, "re-graded to HIGH, above the cap")
	assert.Len(t, metaOf(problems, "EMR-META-004"), 1)

	// Contradictory settings are an error.
	_, diags = policy.Parse([]byte("inline_suppressions = false\ninline_suppressions_max_severity = \"LOW\"\n"), "org.hcl")
	require.True(t, diags.HasErrors())
	assert.Equal(t, 2, diags[0].Subject.Start.Line)
	_, diags = policy.Parse([]byte("inline_suppressions_max_severity = \"SEVERE\"\n"), "org.hcl")
	require.True(t, diags.HasErrors())
}

func TestMaxExceptionDays(t *testing.T) {
	src := `max_exception_days = 90

exception {
  rule    = "EMR-SC-005"
  address = "a.b"
  reason  = "within the cap"
  expires = "2026-04-01"
}
exception {
  rule    = "EMR-SC-007"
  address = "a.b"
  reason  = "too far ahead"
  expires = "2026-04-02"
}
exception {
  rule    = "EMR-SC-008"
  address = "a.b"
  reason  = "never expires"
}
exception {
  rule    = "EMR-SC-009"
  address = "a.b"
  reason  = "already expired: EMR-META-001's business"
  expires = "2025-01-01"
}
`
	p, diags := policy.Parse([]byte(src), "org.hcl")
	require.False(t, diags.HasErrors(), diags.Error())
	today := day("2026-01-01") // + 90 days = 2026-04-01
	diags = p.Validate(today)
	require.Len(t, diags, 2, diags.Error())
	assert.Equal(t, "Exception expires too far ahead", diags[0].Summary)
	assert.Equal(t, "org.hcl", diags[0].Subject.Filename)
	assert.Equal(t, 13, diags[0].Subject.Start.Line, "the expires argument")
	assert.Contains(t, diags[0].Detail, "max_exception_days = 90 (org.hcl:1)")
	assert.Contains(t, diags[0].Detail, `"2026-04-01" or earlier`)
	assert.Equal(t, "Exception without expiry", diags[1].Summary)
	assert.Equal(t, 15, diags[1].Subject.Start.Line, "the exception block")

	// The boundary: today + 90 days is allowed, one more is not.
	diags = p.Validate(day("2026-01-02"))
	require.Len(t, diags, 1, "2026-04-02 is 90 days after 2026-01-02")
	assert.Equal(t, "Exception without expiry", diags[0].Summary)

	// Without the cap, nothing to validate.
	p, _ = policy.Parse([]byte("exception {\n  rule = \"EMR-SC-005\"\n  address = \"*\"\n  reason = \"r\"\n}\n"), "org.hcl")
	assert.Empty(t, p.Validate(today))

	_, diags = policy.Parse([]byte("max_exception_days = 0\n"), "org.hcl")
	assert.True(t, diags.HasErrors())
}

func TestMaxExceptionDaysInline(t *testing.T) {
	p, diags := policy.Parse([]byte("max_exception_days = 30\n"), "org.hcl")
	require.False(t, diags.HasErrors(), diags.Error())
	in := []rules.Finding{
		inlineFinding("EMR-SC-005", rules.Low, "2026-01-31"),
		inlineFinding("EMR-SC-007", rules.Low, "2026-02-01"),
		inlineFinding("EMR-SC-008", rules.Low, ""),
	}
	out, problems := p.Apply(in, day("2026-01-01"))
	assert.NotNil(t, out[0].Suppressed, "30 days ahead is within the cap")
	assert.Nil(t, out[1].Suppressed)
	assert.Nil(t, out[2].Suppressed)
	m := metaOf(problems, "EMR-META-004")
	require.Len(t, m, 2)
	assert.Contains(t, m[0].Message, "expires on 2026-02-01, more than 30 days ahead")
	assert.Contains(t, m[0].Message, "set expires=2026-01-31 or earlier")
	assert.Contains(t, m[1].Message, "has no expires date")
}

func TestParametersListEveryArgument(t *testing.T) {
	p, diags := policy.Load(goodFile)
	require.False(t, diags.HasErrors(), diags.Error())
	var names []string
	for _, prm := range p.Parameters() {
		names = append(names, prm.Name)
		assert.NotNil(t, prm.Value, prm.Name)
	}
	assert.Equal(t, []string{"allowed_kms_keys", "minimum_release_label", "allow_sse_s3", "max_imds_hop_limit",
		"allowed_custom_amis", "max_certificate_validity_days", "approved_security_configurations"}, names)

	// Every argument of the parameters block has a value to show.
	all := `parameters {
  allowed_kms_keys = []
  minimum_release_label = "emr-6.15.0"
  allow_sse_s3 = true
  max_imds_hop_limit = 2
  allowed_custom_amis = []
  max_certificate_validity_days = 30
  approved_security_configurations = []
  bpa_no_permitted_ranges = true
  studio_require_sso = false
}
`
	p, diags = policy.Parse([]byte(all), "p.hcl")
	require.False(t, diags.HasErrors(), diags.Error())
	assert.Len(t, p.Parameters(), 9)
	assert.Equal(t, policy.Parameter{Name: "studio_require_sso", Value: false}, p.Parameters()[8])
}

func TestLoadRefusesOversizedAndSpecialFiles(t *testing.T) {
	dir := t.TempDir()
	big := filepath.Join(dir, "big.hcl")
	require.NoError(t, os.WriteFile(big, []byte(strings.Repeat("#\n", policy.MaxFileSize/2+1)), 0o644))
	_, diags := policy.Load(big)
	require.True(t, diags.HasErrors())
	assert.Contains(t, diags.Error(), "larger than")

	_, diags = policy.Load(dir)
	require.True(t, diags.HasErrors())
	if _, err := os.Stat("/dev/zero"); err == nil {
		_, diags = policy.Load("/dev/zero")
		require.True(t, diags.HasErrors())
		assert.Contains(t, diags.Error(), "not a regular file")
	}
}

func TestIgnoredNamesFilesFromTheWorkingDirectory(t *testing.T) {
	root := tree(t, ".git/", "work/", "work/emr/.tfemrcheck.hcl", "elsewhere/.tfemrcheck.hcl")
	t.Chdir(filepath.Join(root, "work"))
	got := policy.Ignored(".", []string{"emr", filepath.Join(root, "elsewhere")}, "")
	assert.Equal(t, []string{
		filepath.Join(root, "elsewhere", policy.FileName), // outside the working directory: absolute
		filepath.Join("emr", policy.FileName),
	}, got)
}
