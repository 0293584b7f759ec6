package ruledoc_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/tfemrcheck/tfemrcheck/pkg/ruledoc"
	"github.com/tfemrcheck/tfemrcheck/pkg/rules"
)

func TestMarkdownSections(t *testing.T) {
	md := ruledoc.Markdown(rules.SC004)
	for _, want := range []string{
		"# EMR-SC-004: at-rest encryption must be enabled and effective\n",
		"Severity: **HIGH**",
		"## What it checks\n\n" + rules.SC004.Doc,
		"## Why\n\n" + rules.SC004.Rationale,
		"## Failing example\n\n```hcl\n" + rules.SC004.Bad,
		"## Passing example\n\n```hcl\n" + rules.SC004.Good,
		"## How to fix\n\n" + rules.SC004.Remediation,
		"## References\n\n- [EMR Management Guide: create a security configuration](https://docs.aws.amazon.com/emr/latest/ManagementGuide/emr-create-security-configuration.html)",
		"Security Hub controls for Amazon EMR",
	} {
		assert.Contains(t, md, want)
	}
}

func TestRuleWithoutExamples(t *testing.T) {
	r := *rules.SC000
	r.Bad, r.Good, r.Doc = "", "", ""
	md := ruledoc.Markdown(&r)
	assert.NotContains(t, md, "## Failing example")
	assert.Contains(t, md, "## What it checks\n\nSecurity configuration is not valid JSON.")
}

func TestText(t *testing.T) {
	txt := ruledoc.Text(rules.NET002)
	assert.True(t, strings.HasPrefix(txt, "EMR-NET-002: cluster must not be in a public-IP subnet\nSeverity: HIGH\n"))
	assert.Contains(t, txt, "\nHow to fix:\n  "+rules.NET002.Remediation)
	assert.Contains(t, txt, "\nFailing example:\n  resource \"aws_subnet\" \"public\" {")
	assert.Contains(t, txt, "Documentation: "+rules.NET002.DocURL())
	assert.NotContains(t, txt, "```")
}

func TestEveryRuleCitesASource(t *testing.T) {
	for _, r := range rules.Catalogue() {
		if strings.HasPrefix(r.ID, "EMR-META-") || r.ID == "EMR-CL-002" || r.ID == "EMR-SC-000" {
			continue // tool-level rules with derived rationale
		}
		assert.NotEmpty(t, ruledoc.References(r), "%s: rationale names no known source", r.ID)
	}
}

// TestDocumentationIsSelfContained: a rule's page and `explain` cite AWS
// documentation and the project's own docs only, never a file the user
// does not have (the project's internal reference, its sections) or a Go
// package.
func TestDocumentationIsSelfContained(t *testing.T) {
	for _, r := range rules.Catalogue() {
		for _, text := range []string{ruledoc.Markdown(r), ruledoc.Text(r)} {
			lower := strings.ToLower(text)
			for _, bad := range []string{"§", "the reference ", "the reference.", "the reference)", "the reference,", "(package ", "secconf", "pkg/", "emr-security-reference"} {
				assert.NotContains(t, lower, bad, "%s documentation", r.ID)
			}
		}
	}
}
