package rules

// kerberosSecrets are the sensitive kerberos_attributes.
var kerberosSecrets = []string{"kdc_admin_password", "cross_realm_trust_principal_password", "ad_domain_join_password"}

// CL005 forbids Kerberos secrets written in code.
var CL005 = &Rule{
	ID:       "EMR-CL-005",
	Title:    "cluster Kerberos secrets must not be literals in code",
	Severity: Critical,
	Rationale: "kdc_admin_password, cross_realm_trust_principal_password and ad_domain_join_password written as literals (or as a " +
		"variable's literal default) end up in version control, and the plan JSON and state hold them in clear text (Terraform JSON " +
		"output format).",
	Remediation: "Read the secret from Secrets Manager (data.aws_secretsmanager_secret_version) or a sensitive variable without default; protect plan and state; rotate any value that was committed.",
	Doc: "Uses what the loader recorded about each expression: a literal in the source, a plan `constant_value`, or a variable (also " +
		"through module inputs) whose default is a literal. The value itself never appears in the message. A value computed by a " +
		"reference or a function is not a literal and passes; there is no indeterminate case.",
	Bad: `resource "aws_emr_cluster" "example" {
  name                   = "example"
  release_label          = "emr-7.2.0"
  service_role           = "arn:aws:iam::111122223333:role/emr-service"
  security_configuration = "kerberos-baseline"

  kerberos_attributes {
    realm              = "EC2.INTERNAL"
    kdc_admin_password = "Hunter2-do-not-use"
  }

  ec2_attributes {
    instance_profile = "arn:aws:iam::111122223333:instance-profile/emr-ec2"
  }

  master_instance_group {
    instance_type = "m5.xlarge"
  }
}
`,
	Good: `data "aws_secretsmanager_secret_version" "kdc" {
  secret_id = "emr/kdc-admin"
}

resource "aws_emr_cluster" "example" {
  name                   = "example"
  release_label          = "emr-7.2.0"
  service_role           = "arn:aws:iam::111122223333:role/emr-service"
  security_configuration = "kerberos-baseline"

  kerberos_attributes {
    realm              = "EC2.INTERNAL"
    kdc_admin_password = data.aws_secretsmanager_secret_version.kdc.secret_string
  }

  ec2_attributes {
    instance_profile = "arn:aws:iam::111122223333:instance-profile/emr-ec2"
  }

  master_instance_group {
    instance_type = "m5.xlarge"
  }
}
`,
	Check: func(p *Pass) {
		for _, c := range p.Model.Clusters {
			kb := blockOf(c.Resource, "kerberos_attributes")
			for _, a := range kerberosSecrets {
				if c.Resource.Constant["kerberos_attributes."+a] {
					p.Failf(clusterAt(c, kb.Get(a)), "kerberos_attributes.%s is written as a literal in the configuration (or a variable's literal default): it is in version control, plan and state", a)
				}
			}
		}
	},
}
