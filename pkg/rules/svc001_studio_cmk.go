package rules

import "github.com/tfemrcheck/tfemrcheck/pkg/model"

// SVC001 requires EMR Studio to use a customer managed key.
var SVC001 = &Rule{
	ID:       "EMR-SVC-001",
	Title:    "EMR Studio must be encrypted with a customer KMS key",
	Severity: Medium,
	Rationale: "aws_emr_studio exposes encryption_key_arn (Terraform AWS provider v6 schema) to encrypt Studio data with a customer managed " +
		"key; without it AWS-owned keys are used. Exactly what the key protects (workspace and notebook storage) follows the AWS Studio " +
		"documentation (EMR Management Guide, EMR Studio).",
	Remediation: "Set encryption_key_arn to a KMS key ARN.",
	Doc:         "Fails when encryption_key_arn is absent, null or empty; a value known only after apply counts as set.",
	Bad: `resource "aws_emr_studio" "example" {
  name                        = "example"
  auth_mode                   = "SSO"
  default_s3_location         = "s3://example-studio/"
  engine_security_group_id    = "sg-0123456789abcdef1"
  workspace_security_group_id = "sg-0123456789abcdef2"
  vpc_id                      = "vpc-0123456789abcdef0"
  subnet_ids                  = ["subnet-0123456789abcdef0"]
  service_role                = "arn:aws:iam::111122223333:role/emr-studio-service"
  user_role                   = "arn:aws:iam::111122223333:role/emr-studio-user"
}
`,
	Good: `resource "aws_emr_studio" "example" {
  name                        = "example"
  auth_mode                   = "SSO"
  default_s3_location         = "s3://example-studio/"
  engine_security_group_id    = "sg-0123456789abcdef1"
  workspace_security_group_id = "sg-0123456789abcdef2"
  vpc_id                      = "vpc-0123456789abcdef0"
  subnet_ids                  = ["subnet-0123456789abcdef0"]
  service_role                = "arn:aws:iam::111122223333:role/emr-studio-service"
  user_role                   = "arn:aws:iam::111122223333:role/emr-studio-user"
  encryption_key_arn          = "arn:aws:kms:eu-west-1:111122223333:key/00000000-0000-0000-0000-000000000004"
}
`,
	Check: func(p *Pass) {
		for _, r := range p.Model.ByType(model.TypeStudio) {
			v := r.Attr("encryption_key_arn")
			if emptyOrAbsent(v) {
				p.Failf(resAt(r, v), "EMR Studio has no encryption_key_arn: its data is encrypted with AWS-owned keys")
			}
		}
	},
}
