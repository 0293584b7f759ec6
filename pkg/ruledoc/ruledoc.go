// Package ruledoc renders a rule's documentation from the rule itself: the
// Markdown page under docs/rules and the plain text of `tfemrcheck
// explain`. Both come from the same fields (Doc, Rationale, Bad, Good,
// Remediation), so they cannot drift apart.
package ruledoc

import (
	"fmt"
	"strings"

	"github.com/tfemrcheck/tfemrcheck/pkg/rules"
)

// Source is a public document a rationale cites.
type Source struct {
	Title string
	URL   string
	// match lists lower-case phrases that, found in the rationale or the
	// doc text, mean the source is cited.
	match []string
}

// sources are the public documents the rules cite, in display order.
func sources() []Source {
	const mg = "https://docs.aws.amazon.com/emr/latest/ManagementGuide/"
	return []Source{
		{"EMR Management Guide: create a security configuration", mg + "emr-create-security-configuration.html", []string{"create a security configuration"}},
		{"EMR Management Guide: encryption options", mg + "emr-data-encryption-options.html", []string{"encryption options"}},
		{"EMR Management Guide: encrypt data at rest and in transit", mg + "emr-data-encryption.html", []string{"data encryption"}},
		{"EMR Management Guide: understanding in-transit encryption", mg + "emr-encryption-support-matrix.html", []string{"understanding in-transit encryption"}},
		{"EMR Management Guide: create keys and certificates", mg + "emr-encryption-enable.html", []string{"keys and certificates"}},
		{"EMR Management Guide: Kerberos", mg + "emr-kerberos.html", []string{"guide, kerberos", "guide: kerberos", "management guide, kerberos"}},
		{"EMR Management Guide: IAM roles for EMRFS requests", mg + "emr-emrfs-iam-roles.html", []string{"iam roles for emrfs"}},
		{"EMR Management Guide: Apache Ranger integration", mg + "emr-ranger-security-config.html", []string{"ranger integration"}},
		{"EMR Management Guide: Lake Formation integration", mg + "emr-lf-enable.html", []string{"lake formation integration"}},
		{"EMR Management Guide: runtime roles for steps", mg + "emr-steps-runtime-roles.html", []string{"runtime roles;", "runtime roles)", "runtime roles."}},
		{"EMR Management Guide: IAM Identity Center integration", mg + "emr-idc.html", []string{"identity center)", "guide, identity center"}},
		{"EMR Management Guide: block public access", mg + "emr-block-public-access.html", []string{"block public access)", "guide, block public access"}},
		{"EMR Management Guide: clusters in a VPC", mg + "emr-clusters-in-a-vpc.html", []string{"clusters in a vpc", "clusters \nin a vpc"}},
		{"EMR Management Guide: custom AMI", mg + "emr-custom-ami.html", []string{"custom ami)", "guide, custom ami", "; custom ami"}},
		{"EMR Management Guide: EMR Studio", mg + "emr-studio.html", []string{"emr studio)"}},
		{"EMR Management Guide", mg + "emr-what-is-emr.html", []string{"(emr management guide)"}},
		{"EMR API Reference", "https://docs.aws.amazon.com/emr/latest/APIReference/Welcome.html", []string{"emr api reference)"}},
		{"EMR API Reference: RunJobFlow", "https://docs.aws.amazon.com/emr/latest/APIReference/API_RunJobFlow.html", []string{"runjobflow"}},
		{"EMR API Reference: KerberosAttributes", "https://docs.aws.amazon.com/emr/latest/APIReference/API_KerberosAttributes.html", []string{"kerberosattributes"}},
		{"AWS Control Tower proactive controls for Amazon EMR", "https://docs.aws.amazon.com/controltower/latest/controlreference/emr-rules.html", []string{"control tower"}},
		{"Security Hub controls for Amazon EMR", "https://docs.aws.amazon.com/securityhub/latest/userguide/emr-controls.html", []string{"security hub"}},
		{"AWS Config managed rules", "https://docs.aws.amazon.com/config/latest/developerguide/managed-rules-by-aws-config.html", []string{"aws config"}},
		{"EMR Serverless User Guide: disk encryption with a customer managed key", "https://docs.aws.amazon.com/emr/latest/EMR-Serverless-UserGuide/disk-encryption-cmk.html", []string{"emr serverless user guide"}},
		{"Terraform aws_emr_cluster documentation", "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/emr_cluster", []string{"terraform aws_emr_cluster"}},
		{"Terraform aws_emr_studio documentation", "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/emr_studio", []string{"terraform aws_emr_studio", "provider v6 schema"}},
		{"Terraform aws_emrserverless_application documentation", "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/emrserverless_application", []string{"aws_emrserverless_application schema"}},
		{"terraform-provider-aws source (internal/service/emr)", "https://github.com/hashicorp/terraform-provider-aws/tree/main/internal/service/emr", []string{"terraform-provider-aws source"}},
		{"terraform-provider-aws issue #41712 / pull request #41716", "https://github.com/hashicorp/terraform-provider-aws/pull/41716", []string{"#41716"}},
		{"Terraform CLI: terraform init (child module installation)", "https://developer.hashicorp.com/terraform/cli/commands/init#child-module-installation", []string{"terraform init documentation"}},
		{"Terraform JSON output format", "https://developer.hashicorp.com/terraform/internals/json-format", []string{"terraform json output format"}},
	}
}

// References returns the sources the rule's rationale cites, in a fixed order.
func References(r *rules.Rule) []Source {
	text := strings.ToLower(r.Rationale)
	var out []Source
	for _, s := range sources() {
		for _, m := range s.match {
			if strings.Contains(text, m) {
				out = append(out, Source{Title: s.Title, URL: s.URL})
				break
			}
		}
	}
	return out
}

// what is the rule's "what it checks" text.
func what(r *rules.Rule) string {
	if r.Doc != "" {
		return r.Doc
	}
	t := r.Title
	return strings.ToUpper(t[:1]) + t[1:] + "."
}

// Markdown renders the rule's documentation page.
func Markdown(r *rules.Rule) string {
	var b strings.Builder
	fmt.Fprintf(&b, "# %s: %s\n\n", r.ID, r.Title)
	fmt.Fprintf(&b, "Severity: **%s**\n\n", r.Severity)
	fmt.Fprintf(&b, "## What it checks\n\n%s\n\n", what(r))
	fmt.Fprintf(&b, "## Why\n\n%s\n\n", r.Rationale)
	if r.Bad != "" {
		fmt.Fprintf(&b, "## Failing example\n\n```hcl\n%s```\n\n", withNewline(r.Bad))
	}
	if r.Good != "" {
		fmt.Fprintf(&b, "## Passing example\n\n```hcl\n%s```\n\n", withNewline(r.Good))
	}
	fmt.Fprintf(&b, "## How to fix\n\n%s\n", r.Remediation)
	if refs := References(r); len(refs) > 0 {
		b.WriteString("\n## References\n\n")
		for _, s := range refs {
			fmt.Fprintf(&b, "- [%s](%s)\n", s.Title, s.URL)
		}
	}
	return b.String()
}

// Text renders the rule's documentation as plain text for `tfemrcheck explain`.
func Text(r *rules.Rule) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s: %s\nSeverity: %s\n", r.ID, r.Title, r.Severity)
	section := func(title, body string) {
		fmt.Fprintf(&b, "\n%s:\n%s", title, indent(body, "  "))
	}
	section("What it checks", what(r))
	section("Why", r.Rationale)
	if r.Bad != "" {
		section("Failing example", r.Bad)
	}
	if r.Good != "" {
		section("Passing example", r.Good)
	}
	section("How to fix", r.Remediation)
	if refs := References(r); len(refs) > 0 {
		var lines []string
		for _, s := range refs {
			lines = append(lines, s.Title+" <"+s.URL+">")
		}
		section("References", strings.Join(lines, "\n"))
	}
	fmt.Fprintf(&b, "\nDocumentation: %s\n", r.DocURL())
	return b.String()
}

func withNewline(s string) string {
	if strings.HasSuffix(s, "\n") {
		return s
	}
	return s + "\n"
}

func indent(s, pre string) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	for i, l := range lines {
		if l != "" {
			lines[i] = pre + l
		}
	}
	return strings.Join(lines, "\n") + "\n"
}
