package rules

import (
	"strings"

	"github.com/tfemrcheck/tfemrcheck/pkg/model"
)

// SVC003 requires EMR Serverless applications to run in a VPC.
var SVC003 = &Rule{
	ID:       "EMR-SVC-003",
	Title:    "EMR Serverless application must run in a VPC",
	Severity: Medium,
	Rationale: "Without network_configuration an EMR Serverless application has no path to private data sources and no security groups " +
		"controlling its traffic; subnets and security groups keep data access on private paths (derived from the Terraform " +
		"aws_emrserverless_application schema).",
	Remediation: "Add network_configuration with subnet_ids and security_group_ids.",
	Doc: "Fails when network_configuration is absent, or lacks subnet_ids or security_group_ids (an empty set does not count). Values " +
		"known only after apply count as set.",
	Bad: `resource "aws_emrserverless_application" "example" {
  name          = "example"
  release_label = "emr-7.2.0"
  type          = "spark"
}
`,
	Good: `resource "aws_emrserverless_application" "example" {
  name          = "example"
  release_label = "emr-7.2.0"
  type          = "spark"

  network_configuration {
    subnet_ids         = ["subnet-0123456789abcdef0"]
    security_group_ids = ["sg-0123456789abcdef1"]
  }

  monitoring_configuration {
    cloudwatch_logging_configuration {
      enabled            = true
      encryption_key_arn = "arn:aws:kms:eu-west-1:111122223333:key/00000000-0000-0000-0000-000000000005"
    }
  }
}
`,
	Check: func(p *Pass) {
		for _, r := range p.Model.ByType(model.TypeServerlessApplication) {
			nc := blockOf(r, "network_configuration")
			if nc.IsUnknown() {
				continue
			}
			if !nc.IsSet() {
				p.Failf(resAt(r, nil), "the application has no network_configuration: it does not run in your VPC")
				continue
			}
			var missing []string
			for _, a := range []string{"subnet_ids", "security_group_ids"} {
				v := nc.Get(a)
				if !v.IsUnknown() && len(elems(v)) == 0 {
					missing = append(missing, a)
				}
			}
			if len(missing) > 0 {
				p.Failf(resAt(r, nc), "network_configuration lacks %s", strings.Join(missing, " and "))
			}
		}
	},
}
