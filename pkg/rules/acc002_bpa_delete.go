package rules

import "github.com/tfemrcheck/tfemrcheck/pkg/model"

// ACC002 explains what deleting the block-public-access resource does.
var ACC002 = &Rule{
	ID:       "EMR-ACC-002",
	Title:    "deleting block public access resets it to the default",
	Severity: Info,
	Rationale: "Destroying aws_emr_block_public_access_configuration does not turn block public access off: the provider resets it to " +
		"the AWS default, blocking on with port 22 permitted (terraform-provider-aws source, block_public_access_configuration.go).",
	Remediation: "None needed; keep the resource if the account must permit no ports at all.",
	Doc:         "Informational: reported for every aws_emr_block_public_access_configuration the plan deletes. Only plans have deletions.",
	Bad: `# terraform plan after removing this block from the configuration:
# resource "aws_emr_block_public_access_configuration" "this" {
#   block_public_security_group_rules = true
# }
`,
	Good: `resource "aws_emr_block_public_access_configuration" "this" {
  block_public_security_group_rules = true
}
`,
	Check: func(p *Pass) {
		for _, r := range p.Model.Deleted {
			if r.Type == model.TypeBlockPublicAccess {
				p.Failf(resAt(r, nil), "the plan deletes the block public access configuration: the account returns to the AWS default (blocking on, port 22 permitted), not to blocking off")
			}
		}
	},
}
