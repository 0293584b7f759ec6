package report

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tfemrcheck/tfemrcheck/pkg/policy"
	"github.com/tfemrcheck/tfemrcheck/pkg/rules"
)

// orgPolicy sets everything a policy can: it disables two rules,
// re-grades one, grants two exceptions, sets the threshold, restricts
// inline suppressions and expiries, and sets two parameters; one policy
// file next to the scanned code was not read.
const orgPolicy = `severity_threshold = "HIGH"
inline_suppressions_max_severity = "MEDIUM"
max_exception_days = 90

rule "EMR-CL-006" {
  enabled = false
}
rule "emr-net-005" {
  enabled = false
}
rule "EMR-SC-007" {
  severity = "CRITICAL"
}

parameters {
  allow_sse_s3     = true
  allowed_kms_keys = ["arn:aws:kms:eu-west-1:111122223333:alias/emr"]
}

exception {
  rule    = "EMR-SC-005"
  address = "module.legacy.*"
  reason  = "legacy buckets move to SSE-KMS in Q1"
  expires = "2027-03-31"
  ticket  = "SEC-123"
}
exception {
  rule    = "EMR-CL-002"
  address = "aws_emr_cluster.shared"
  reason  = "security configuration managed by the platform | team"
}
`

func orgPolicyReport(t *testing.T) *Report {
	t.Helper()
	p, diags := policy.Parse([]byte(orgPolicy), ".tfemrcheck.hcl")
	require.False(t, diags.HasErrors(), diags.Error())
	p.Ignored = []string{"infra/emr/.tfemrcheck.hcl"}
	r := fixtureReport()
	r.Policy = p
	r.Threshold = rules.High
	return r
}

// wantFacts are what every format must show of orgPolicy.
var wantFacts = []string{
	".tfemrcheck.hcl", "EMR-CL-006", "EMR-NET-005", "EMR-SC-007", "EMR-SC-005", "module.legacy.*",
	"legacy buckets move to SSE-KMS in Q1", "2027-03-31", "SEC-123", "EMR-CL-002", "aws_emr_cluster.shared",
	"HIGH", "MEDIUM", "90", "allow_sse_s3", "infra/emr/.tfemrcheck.hcl",
}

func render(t *testing.T, name string, r *Report) string {
	t.Helper()
	for _, f := range formats {
		if f.name == name {
			var buf bytes.Buffer
			require.NoError(t, f.write(&buf, r))
			return buf.String()
		}
	}
	t.Fatalf("no format %s", name)
	return ""
}

func TestPolicyShownInEveryFormat(t *testing.T) {
	r := orgPolicyReport(t)
	for _, f := range formats {
		t.Run(f.name, func(t *testing.T) {
			out := render(t, f.name, r)
			if f.name == "markdown" {
				// Markdown escapes, and a reader sees the text unescaped.
				out = strings.NewReplacer(`\_`, "_", `\*`, "*", `\[`, "[", `\]`, "]", `\|`, "|", "&gt;", ">").Replace(out)
			}
			for _, w := range wantFacts {
				assert.Contains(t, out, w)
			}
		})
	}
}

func TestPolicyText(t *testing.T) {
	out := render(t, "text", orgPolicyReport(t))
	want := `Policy: .tfemrcheck.hcl
  severity threshold: HIGH
  disabled: EMR-CL-006, EMR-NET-005
  severity changed: EMR-SC-007 HIGH -> CRITICAL
  exception: EMR-SC-005 on module.legacy.* until 2027-03-31 [SEC-123] (.tfemrcheck.hcl:20): legacy buckets move to SSE-KMS in Q1
  exception: EMR-CL-002 on aws_emr_cluster.shared (.tfemrcheck.hcl:27): security configuration managed by the platform | team
  inline suppressions: findings up to MEDIUM
  suppressions expire within: 90 days
  parameter: allow_sse_s3 = true
  parameter: allowed_kms_keys = ["arn:aws:kms:eu-west-1:111122223333:alias/emr"]
  not read: infra/emr/.tfemrcheck.hcl (a policy file next to the scanned code is read only with --config)

`
	assert.True(t, strings.HasPrefix(out, want), "the header comes first:\n%s", out)

	// Without a policy file the header says so, and names the threshold
	// in force: the default, or the one the command line gives.
	r := fixtureReport()
	r.Policy = policy.New()
	r.Threshold = rules.DefaultThreshold
	out = render(t, "text", r)
	assert.True(t, strings.HasPrefix(out, "Policy: none\n  severity threshold: "+rules.DefaultThreshold.String()+" (default)\n\n"), out)
	r.Threshold = rules.Info
	out = render(t, "text", r)
	assert.True(t, strings.HasPrefix(out, "Policy: none\n  severity threshold: INFO (--severity-threshold)\n\n"), out)

	// The threshold given on the command line wins and the header says so.
	r = orgPolicyReport(t)
	r.Threshold = rules.Low
	assert.Contains(t, render(t, "text", r), "severity threshold: HIGH (--severity-threshold LOW applies)\n")
}

func TestPolicyJSON(t *testing.T) {
	out := render(t, "json", orgPolicyReport(t))
	var doc struct {
		Policy json.RawMessage `json:"policy"`
	}
	require.NoError(t, json.Unmarshal([]byte(out), &doc))
	want := `{
  "file": ".tfemrcheck.hcl",
  "rules_enabled": ` + itoa(len(rules.Catalogue())-2) + `,
  "severity_threshold": "HIGH",
  "severity_threshold_source": "policy_file",
  "disabled": ["EMR-CL-006", "EMR-NET-005"],
  "severity_overrides": [{"rule_id": "EMR-SC-007", "from": "HIGH", "to": "CRITICAL"}],
  "exceptions": [
    {"rule_id": "EMR-SC-005", "address": "module.legacy.*", "reason": "legacy buckets move to SSE-KMS in Q1",
     "expires": "2027-03-31", "ticket": "SEC-123", "location": {"file": ".tfemrcheck.hcl", "line": 20, "column": 1}},
    {"rule_id": "EMR-CL-002", "address": "aws_emr_cluster.shared", "reason": "security configuration managed by the platform | team",
     "location": {"file": ".tfemrcheck.hcl", "line": 27, "column": 1}}
  ],
  "inline_suppressions": true,
  "inline_suppressions_max_severity": "MEDIUM",
  "max_exception_days": 90,
  "parameters": {"allow_sse_s3": true, "allowed_kms_keys": ["arn:aws:kms:eu-west-1:111122223333:alias/emr"]},
  "ignored_files": ["infra/emr/.tfemrcheck.hcl"]
}`
	assert.JSONEq(t, want, string(doc.Policy))

	// No policy file: file is null, lists are empty, not null; the
	// threshold is the one in force, never null.
	r := fixtureReport()
	r.Policy = policy.New()
	r.Threshold = rules.DefaultThreshold
	require.NoError(t, json.Unmarshal([]byte(render(t, "json", r)), &doc))
	assert.JSONEq(t, `{"file": null, "rules_enabled": `+itoa(len(rules.Catalogue()))+`, "severity_threshold": "`+rules.DefaultThreshold.String()+`",
	  "severity_threshold_source": "default",
	  "disabled": [], "severity_overrides": [], "exceptions": [], "inline_suppressions": true,
	  "inline_suppressions_max_severity": null, "max_exception_days": null, "parameters": {}, "ignored_files": []}`, string(doc.Policy))

	// The command line's threshold wins over the policy file's: the JSON
	// names the one in force.
	r = orgPolicyReport(t)
	r.Threshold = rules.Medium
	var got struct {
		Policy jsonPolicy `json:"policy"`
	}
	require.NoError(t, json.Unmarshal([]byte(render(t, "json", r)), &got))
	require.NotNil(t, got.Policy.SeverityThreshold)
	assert.Equal(t, "MEDIUM", *got.Policy.SeverityThreshold)
	assert.Equal(t, "command_line", got.Policy.SeverityThresholdSource)

	// A report without a policy has no policy field (library callers).
	assert.NotContains(t, render(t, "json", fixtureReport()), "\n  \"policy\": ")
}

func itoa(n int) string {
	b, _ := json.Marshal(n)
	return string(b)
}

func TestPolicySARIFRunProperties(t *testing.T) {
	out := render(t, "sarif", orgPolicyReport(t))
	var log struct {
		Runs []struct {
			Properties struct {
				Policy jsonPolicy `json:"policy"`
			} `json:"properties"`
		} `json:"runs"`
	}
	require.NoError(t, json.Unmarshal([]byte(out), &log))
	p := log.Runs[0].Properties.Policy
	require.NotNil(t, p.File)
	assert.Equal(t, ".tfemrcheck.hcl", *p.File)
	assert.Equal(t, []string{"EMR-CL-006", "EMR-NET-005"}, p.Disabled)
	assert.Equal(t, []jsonOverride{{RuleID: "EMR-SC-007", From: "HIGH", To: "CRITICAL"}}, p.SeverityOverrides)
	require.Len(t, p.Exceptions, 2)
	assert.Equal(t, "EMR-SC-005", p.Exceptions[0].RuleID)
	assert.Equal(t, "HIGH", *p.SeverityThreshold)

	assert.NotContains(t, render(t, "sarif", fixtureReport()), `"properties": {
        "policy"`)

	// The run's property bag keeps the log valid SARIF.
	sch := compileSARIFSchema(t)
	validateSARIF(t, sch, []byte(out))
	r := fixtureReport()
	r.Policy = policy.New()
	validateSARIF(t, sch, []byte(render(t, "sarif", r)))
}

func TestPolicyJUnitProperties(t *testing.T) {
	out := render(t, "junit", orgPolicyReport(t))
	var doc struct {
		Tests  int `xml:"tests,attr"`
		Suites []struct {
			Name       string `xml:"name,attr"`
			Tests      int    `xml:"tests,attr"`
			Properties []struct {
				Name  string `xml:"name,attr"`
				Value string `xml:"value,attr"`
			} `xml:"properties>property"`
		} `xml:"testsuite"`
	}
	require.NoError(t, xml.Unmarshal([]byte(out), &doc))
	var props []string
	for _, s := range doc.Suites {
		if s.Name != "policy" {
			assert.Empty(t, s.Properties)
			continue
		}
		assert.Equal(t, 0, s.Tests, "the policy suite adds no test")
		for _, p := range s.Properties {
			props = append(props, p.Name+"="+p.Value)
		}
	}
	assert.Equal(t, []string{
		"policy.file=.tfemrcheck.hcl",
		"policy.severity_threshold=HIGH",
		"policy.disabled=EMR-CL-006, EMR-NET-005",
		"policy.severity_overrides=EMR-SC-007 HIGH -> CRITICAL",
		"policy.exception=EMR-SC-005 on module.legacy.* until 2027-03-31 [SEC-123] (.tfemrcheck.hcl:20): legacy buckets move to SSE-KMS in Q1",
		"policy.exception=EMR-CL-002 on aws_emr_cluster.shared (.tfemrcheck.hcl:27): security configuration managed by the platform | team",
		"policy.inline_suppressions=findings up to MEDIUM",
		"policy.max_exception_days=90 days",
		"policy.parameter=allow_sse_s3 = true",
		`policy.parameter=allowed_kms_keys = ["arn:aws:kms:eu-west-1:111122223333:alias/emr"]`,
		"policy.ignored_file=infra/emr/.tfemrcheck.hcl (a policy file next to the scanned code is read only with --config)",
	}, props)

	// The test counts are those of the report without a policy.
	var plain struct {
		Tests int `xml:"tests,attr"`
	}
	require.NoError(t, xml.Unmarshal([]byte(render(t, "junit", fixtureReport())), &plain))
	assert.Equal(t, plain.Tests, doc.Tests)
}

func TestPolicyOneLineFormats(t *testing.T) {
	r := orgPolicyReport(t)
	gh := render(t, "github", r)
	first, _, _ := strings.Cut(gh, "\n")
	assert.True(t, strings.HasPrefix(first, "::notice title=tfemrcheck policy::Policy: .tfemrcheck.hcl; severity threshold: HIGH; disabled: EMR-CL-006, EMR-NET-005;"), first)
	assert.Equal(t, 1, strings.Count(gh, "tfemrcheck policy::"), "one notice line")

	md := render(t, "markdown", r)
	assert.Contains(t, md, "\n\nPolicy: .tfemrcheck.hcl; severity threshold: HIGH; disabled: EMR-CL-006, EMR-NET-005; severity changed: EMR-SC-007 HIGH -&gt; CRITICAL;")
	assert.Contains(t, md, `the platform \| team`, "cells are escaped")

	for _, name := range []string{"github", "markdown"} {
		assert.NotContains(t, render(t, name, fixtureReport()), "Policy:", name)
	}
}

func TestPolicyDisablingEveryRuleSaysNoRuleRan(t *testing.T) {
	var b strings.Builder
	for _, r := range rules.Catalogue() {
		b.WriteString("rule \"" + r.ID + "\" {\n  enabled = false\n}\n")
	}
	p, diags := policy.Parse([]byte(b.String()), "all-off.hcl")
	require.False(t, diags.HasErrors(), diags.Error())
	r := &Report{ToolName: "tfemrcheck", ToolVersion: "dev", Policy: p}
	for _, name := range []string{"text", "junit", "github", "markdown"} {
		assert.Contains(t, render(t, name, r), "none ran: the policy disables every rule", name)
	}
	var doc struct {
		Policy jsonPolicy `json:"policy"`
	}
	require.NoError(t, json.Unmarshal([]byte(render(t, "json", r)), &doc))
	assert.Equal(t, 0, doc.Policy.RulesEnabled)
	assert.Len(t, doc.Policy.Disabled, len(rules.Catalogue()))
	var log struct {
		Runs []struct {
			Properties struct {
				Policy jsonPolicy `json:"policy"`
			} `json:"properties"`
		} `json:"runs"`
	}
	require.NoError(t, json.Unmarshal([]byte(render(t, "sarif", r)), &log))
	assert.Equal(t, 0, log.Runs[0].Properties.Policy.RulesEnabled)
}

// Text from the policy file cannot reach the terminal raw: control
// characters and bidirectional overrides are escaped in the text header;
// the other formats escape as their consumers need.
func TestPolicyTextIsEscaped(t *testing.T) {
	src := "exception {\n  rule = \"EMR-SC-005\"\n  address = \"*\"\n  reason = \"ok\\n::error file=x::owned \\u001b[2J \\u202e\"\n}\n"
	p, diags := policy.Parse([]byte(src), "p.hcl")
	require.False(t, diags.HasErrors(), diags.Error())
	r := &Report{ToolName: "tfemrcheck", Policy: p}
	out := render(t, "text", r)
	assert.Contains(t, out, `ok\x0a::error file=x::owned \x1b[2J \u202e`)
	for _, line := range strings.Split(out, "\n") {
		assert.False(t, strings.HasPrefix(line, "::"), line)
	}
	gh := render(t, "github", r)
	for _, line := range strings.Split(gh, "\n") {
		assert.False(t, strings.HasPrefix(line, "::error"), line)
	}
	assert.Equal(t, `a\\b`, plainText(`a\b`), "a backslash is escaped too, so escapes are unambiguous")
}

// randPolicy is a policy with random names, reasons and files, for the
// JSON reference test.
func randPolicy(rng *rand.Rand) *policy.Policy {
	p := policy.New()
	if rng.IntN(2) == 0 {
		p.File = randString(rng)
	}
	for range rng.IntN(3) {
		e := policy.Exception{Rule: randString(rng), Address: randString(rng), Reason: randString(rng)}
		if rng.IntN(2) == 0 {
			e.Expires = randString(rng)
		}
		e.Range.Filename = randString(rng)
		p.Exceptions = append(p.Exceptions, e)
	}
	for range rng.IntN(3) {
		p.Ignored = append(p.Ignored, randString(rng))
	}
	return p
}
