package policy_test

import (
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/hashicorp/hcl/v2"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tfemrcheck/tfemrcheck/pkg/policy"
	"github.com/tfemrcheck/tfemrcheck/pkg/rules"
)

const goodFile = "testdata/good/.tfemrcheck.hcl"

func day(s string) time.Time {
	t, err := time.Parse(policy.DateLayout, s)
	if err != nil {
		panic(err)
	}
	return t
}

func TestLoadGood(t *testing.T) {
	p, diags := policy.Load(goodFile)
	require.False(t, diags.HasErrors(), diags.Error())
	assert.Equal(t, goodFile, p.File)

	require.NotNil(t, p.SeverityThreshold)
	assert.Equal(t, rules.High, *p.SeverityThreshold, "severity names are case-insensitive")

	require.Len(t, p.Rules, 2)
	sc1 := p.Rules["EMR-SC-001"]
	assert.True(t, sc1.Enabled, "a rule block without enabled keeps the rule enabled")
	require.NotNil(t, sc1.Severity)
	assert.Equal(t, rules.Medium, *sc1.Severity)
	assert.Equal(t, 4, sc1.Range.Start.Line)
	assert.False(t, p.Rules["EMR-CL-002"].Enabled)
	assert.Nil(t, p.Rules["EMR-CL-002"].Severity)

	want := rules.Defaults()
	want.AllowedKMSKeys = []string{"arn:aws:kms:eu-west-1:111122223333:alias/emr"}
	want.MinimumReleaseLabel = "emr-6.15.0"
	want.AllowSSES3 = true
	want.MaxIMDSHopLimit = 2
	want.AllowedCustomAMIs = []string{"ami-0123456789abcdef0"}
	want.MaxCertificateValidityDays = 365
	want.ApprovedSecurityConfigurations = []string{"org-baseline", "org-kerberos"}
	assert.Equal(t, want, p.Params)

	require.Len(t, p.Exceptions, 3)
	e := p.Exceptions[0]
	assert.Equal(t, "EMR-SC-001", e.Rule)
	assert.Equal(t, "module.legacy.*", e.Address)
	assert.Equal(t, "legacy buckets keep SSE-C until the migration", e.Reason)
	assert.Equal(t, "2027-03-31", e.Expires)
	assert.Equal(t, "SEC-123", e.Ticket)
	assert.Equal(t, goodFile, e.Range.Filename)
	assert.Equal(t, 22, e.Range.Start.Line, "range starts at the block header")
	assert.Equal(t, 28, e.Range.End.Line, "range ends at the closing brace")
	assert.Equal(t, "", p.Exceptions[2].Expires)
	assert.Equal(t, "", p.Exceptions[2].Ticket)
}

func TestParamsKeepDefaultsWhenUnset(t *testing.T) {
	p, diags := policy.Parse([]byte("parameters {\n  allow_sse_s3 = true\n}\n"), "p.hcl")
	require.False(t, diags.HasErrors(), diags.Error())
	want := rules.Defaults()
	want.AllowSSES3 = true
	assert.Equal(t, want, p.Params)
	assert.Nil(t, p.SeverityThreshold)
}

func TestEmptyPolicy(t *testing.T) {
	p, diags := policy.Parse(nil, "empty.hcl")
	require.Empty(t, diags)
	assert.Equal(t, rules.Defaults(), p.Params)
	assert.Empty(t, p.Rules)
	assert.Empty(t, p.Exceptions)
}

// TestLoadBadDiagnostics checks every diagnostic of the bad fixture with
// its line: unknown keys and blocks, bad values, unknown rule ids,
// duplicates, and incomplete exceptions.
func TestLoadBadDiagnostics(t *testing.T) {
	const file = "testdata/bad/.tfemrcheck.hcl"
	p, diags := policy.Load(file)
	require.True(t, diags.HasErrors())
	var got []string
	for _, d := range diags {
		require.NotNil(t, d.Subject, d.Summary)
		assert.Equal(t, file, d.Subject.Filename)
		assert.Equal(t, hcl.DiagError, d.Severity)
		got = append(got, fmt.Sprintf("%d: %s", d.Subject.Start.Line, d.Summary))
	}
	assert.Equal(t, []string{
		`1: Invalid severity`,              // severity_threshold = "SEVERE"
		`2: Unsupported argument`,          // colour
		`4: Unknown rule id`,               // rule "EMR-SC-999"
		`9: Invalid value`,                 // enabled = "maybe"
		`10: Unsupported argument`,         // priority
		`13: Duplicate rule block`,         // second rule "EMR-SC-001"
		`18: Invalid value`,                // allowed_kms_keys is a string
		`19: Invalid release label`,        // emr-6.15
		`20: Invalid value`,                // max_imds_hop_limit = 1.5
		`21: Invalid value`,                // max_certificate_validity_days = 0
		`22: Variables not allowed`,        // var.allow
		`23: Unsupported argument`,         // unknown_param
		`26: Duplicate parameters block`,   // second parameters block
		`30: Unknown rule id`,              // EMR-SC-777
		`35: Missing reason in exception`,  // no reason
		`43: Empty reason in exception`,    // reason = "  "
		`44: Invalid expiry date`,          // 31/03/2027
		`45: Unsupported argument`,         // owner
		`48: Missing rule in exception`,    // no rule
		`48: Missing address in exception`, // no address
		`52: Unsupported block type`,       // settings
	}, got)
	assert.Contains(t, diags[2].Detail, "EMR-SC-999")
	assert.Contains(t, diags[4].Detail, `"priority"`)
	assert.Empty(t, p.Exceptions, "incomplete exceptions are dropped")
}

func TestLoadMissingFile(t *testing.T) {
	p, diags := policy.Load(filepath.Join(t.TempDir(), "nope.hcl"))
	require.True(t, diags.HasErrors())
	assert.Equal(t, "Cannot read policy file", diags[0].Summary)
	// The caller names the file once; the detail is the cause alone.
	assert.NotContains(t, diags[0].Detail, "nope.hcl")
	assert.NotEmpty(t, diags[0].Detail)
	assert.NotNil(t, p)
}

func TestParseSyntaxError(t *testing.T) {
	_, diags := policy.Parse([]byte("rule \"EMR-SC-001\" {\n  enabled = \n}\n"), "x.hcl")
	require.True(t, diags.HasErrors())
	assert.Equal(t, 2, diags[0].Subject.Start.Line)
}

func TestRuleBlockNeedsOneLabel(t *testing.T) {
	_, diags := policy.Parse([]byte("rule {\n  enabled = false\n}\n"), "x.hcl")
	require.True(t, diags.HasErrors())
	assert.Equal(t, 1, diags[0].Subject.Start.Line)
}

func TestCatalogue(t *testing.T) {
	p, diags := policy.Load(goodFile)
	require.False(t, diags.HasErrors(), diags.Error())
	all := rules.Catalogue()
	got := p.Catalogue(all)

	ids := map[string]*rules.Rule{}
	for _, r := range got {
		ids[r.ID] = r
	}
	assert.Len(t, got, len(all)-1)
	assert.NotContains(t, ids, "EMR-CL-002", "disabled rule is dropped")
	require.Contains(t, ids, "EMR-SC-001")
	assert.Equal(t, rules.Medium, ids["EMR-SC-001"].Severity)
	assert.NotSame(t, rules.SC001, ids["EMR-SC-001"], "an overridden rule is a copy")
	assert.Equal(t, rules.Critical, rules.SC001.Severity, "the catalogue's rule is not modified")
	assert.Same(t, rules.SC008, ids["EMR-SC-008"], "untouched rules are returned as they are")
	// Order is kept.
	var order []string
	for _, r := range all {
		if r.ID != "EMR-CL-002" {
			order = append(order, r.ID)
		}
	}
	var gotOrder []string
	for _, r := range got {
		gotOrder = append(gotOrder, r.ID)
	}
	assert.Equal(t, order, gotOrder)
}

func finding(rule, addr string) rules.Finding {
	return rules.Finding{RuleID: rule, Address: addr, Status: rules.Fail, Severity: rules.High, Message: "m"}
}

func TestApply(t *testing.T) {
	p, diags := policy.Load(goodFile)
	require.False(t, diags.HasErrors(), diags.Error())
	in := []rules.Finding{
		finding("EMR-SC-001", `module.legacy.aws_emr_security_configuration.sc`),
		finding("EMR-SC-001", `module.legacy["eu"].aws_emr_security_configuration.sc`), // "*" needs the dot: no match
		finding("EMR-SC-001", `module.legacy.module.inner["a"].aws_emr_security_configuration.sc`),
		finding("EMR-SC-003", `module.legacy.aws_emr_security_configuration.sc`), // other rule
		finding("EMR-SC-008", `aws_emr_security_configuration.old`),              // expired exception
	}
	out, problems := p.Apply(in, day("2026-06-01"))
	require.Len(t, out, len(in))
	for i := range in {
		assert.Nil(t, in[i].Suppressed, "input is not modified")
	}

	s := out[0].Suppressed
	require.NotNil(t, s)
	assert.Equal(t, "policy", s.Kind)
	assert.Equal(t, "legacy buckets keep SSE-C until the migration", s.Reason)
	assert.Equal(t, "2027-03-31", s.Expires)
	assert.Equal(t, "SEC-123", s.Ticket)
	require.NotNil(t, s.Location)
	assert.Equal(t, 22, s.Location.Start.Line)
	assert.Nil(t, out[1].Suppressed)
	assert.NotNil(t, out[2].Suppressed, "* matches dots and brackets")
	assert.Nil(t, out[3].Suppressed)
	assert.Nil(t, out[4].Suppressed, "an expired exception does not suppress")

	require.Len(t, problems, 2)
	assert.Equal(t, "EMR-META-001", problems[0].RuleID)
	assert.Equal(t, rules.Medium, problems[0].Severity)
	assert.Equal(t, rules.Fail, problems[0].Status)
	assert.Equal(t, "aws_emr_security_configuration.old", problems[0].Address)
	assert.Contains(t, problems[0].Message, "expired on 2024-01-31")
	assert.Contains(t, problems[0].Message, "1 finding")
	assert.Equal(t, 30, problems[0].Location.Start.Line)
	assert.Equal(t, "EMR-META-002", problems[1].RuleID)
	assert.Equal(t, rules.Low, problems[1].Severity)
	assert.Equal(t, "aws_emr_cluster.gone", problems[1].Address)
	assert.Contains(t, problems[1].Message, "matched nothing")
	assert.Equal(t, 37, problems[1].Location.Start.Line)
}

func TestApplyExpiryBoundary(t *testing.T) {
	p, diags := policy.Load(goodFile)
	require.False(t, diags.HasErrors(), diags.Error())
	in := []rules.Finding{finding("EMR-SC-001", "module.legacy.x")}

	out, problems := p.Apply(in, day("2027-03-31"))
	assert.NotNil(t, out[0].Suppressed, "an exception holds through its expiry date")
	for _, pr := range problems {
		assert.NotEqual(t, "module.legacy.*", pr.Address)
	}

	out, problems = p.Apply(in, day("2027-04-01"))
	assert.Nil(t, out[0].Suppressed, "the day after, it no longer suppresses")
	var expired []string
	for _, pr := range problems {
		if pr.RuleID == "EMR-META-001" {
			expired = append(expired, pr.Address)
		}
	}
	assert.Equal(t, []string{"module.legacy.*", "aws_emr_security_configuration.old"}, expired)
}

func TestApplyKeepsInlineSuppression(t *testing.T) {
	p, diags := policy.Load(goodFile)
	require.False(t, diags.HasErrors(), diags.Error())
	f := finding("EMR-SC-001", "module.legacy.x")
	f.Suppressed = &rules.Suppression{Kind: "inline", Reason: "r"}
	out, problems := p.Apply([]rules.Finding{f}, day("2026-01-01"))
	assert.Equal(t, "inline", out[0].Suppressed.Kind)
	for _, pr := range problems {
		assert.NotEqual(t, "module.legacy.*", pr.Address, "the exception still counts as used")
	}
}

func TestMatchAddress(t *testing.T) {
	cases := []struct {
		pattern, addr string
		want          bool
	}{
		{"aws_emr_cluster.a", "aws_emr_cluster.a", true},
		{"aws_emr_cluster.a", "aws_emr_cluster.ab", false},
		{"aws_emr_cluster.a", "module.m.aws_emr_cluster.a", false},
		{"*", "anything[0].at.all", true},
		{"*", "", true},
		{"aws_emr_cluster.*", `aws_emr_cluster.a["x"]`, true},
		{`module.emr["*"].aws_emr_cluster.this`, `module.emr["prod"].aws_emr_cluster.this`, true},
		{`module.emr["*"].aws_emr_cluster.this`, `module.emr[0].aws_emr_cluster.this`, false},
		{"*.aws_emr_cluster.main", "module.a.module.b.aws_emr_cluster.main", true},
		{"*.aws_emr_cluster.main", "aws_emr_cluster.main", false},
		{"a*b*c", "aXXbYYc", true},
		{"a*b*c", "aXXcYYb", false},
		{"a**", "a", true},
		{"aws_emr_cluster.a[0]", "aws_emr_cluster.a[0]", true},
		{"aws_emr_cluster.a?", "aws_emr_cluster.ab", false},
	}
	for _, c := range cases {
		assert.Equal(t, c.want, policy.MatchAddress(c.pattern, c.addr), "%q ~ %q", c.pattern, c.addr)
	}
}

func TestOddInputsDoNotPanic(t *testing.T) {
	for _, src := range []string{
		`rule "EMR-SC-001" "extra" {}`,
		`rule {}`,
		`exception "label" {}`,
		`parameters { allowed_kms_keys = [null] }`,
		`parameters { allowed_kms_keys = [1, true] }`,
		`parameters { max_imds_hop_limit = 1e400 }`,
		`severity_threshold = null`,
		`severity_threshold = upper("high")`,
		`exception { rule = ["EMR-SC-001"] address = 1 reason = {} }`,
		"\x00\xff{",
	} {
		p, diags := policy.Parse([]byte(src), "odd.hcl")
		assert.NotNil(t, p, src)
		assert.True(t, diags.HasErrors() || src == `parameters { allowed_kms_keys = [1, true] }`, src)
	}
}

// TestApplyCopiesOnlyWhatChanges: the default policy changes no finding,
// and Apply gives the findings back without copying them (a large plan
// has tens of thousands); a policy that changes one copies them first,
// leaving the input as it was (TestApply, FuzzParse).
func TestApplyCopiesOnlyWhatChanges(t *testing.T) {
	in := []rules.Finding{finding("EMR-SC-001", "aws_emr_security_configuration.a"), finding("EMR-SC-003", "aws_emr_security_configuration.a")}
	out, problems := policy.New().Apply(in, day("2026-06-01"))
	assert.Empty(t, problems)
	require.Len(t, out, len(in))
	assert.Same(t, &in[0], &out[0], "an unchanged list was copied")

	p, diags := policy.Load(goodFile)
	require.False(t, diags.HasErrors(), diags.Error())
	in = []rules.Finding{finding("EMR-SC-001", `module.legacy.aws_emr_security_configuration.sc`)}
	out, _ = p.Apply(in, day("2026-06-01"))
	require.Len(t, out, 1)
	assert.NotNil(t, out[0].Suppressed)
	assert.Nil(t, in[0].Suppressed, "input is not modified")
	assert.NotSame(t, &in[0], &out[0])
}
