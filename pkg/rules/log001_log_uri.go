package rules

// LOG001 requires cluster logs to be archived to S3.
var LOG001 = &Rule{
	ID:          "EMR-LOG-001",
	Title:       "cluster logging to S3 must be enabled",
	Severity:    Medium,
	Rationale:   "Without log_uri, EMR archives no step, application or node logs to S3, and they disappear with the cluster (Terraform aws_emr_cluster documentation; EMR API Reference, RunJobFlow).",
	Remediation: `Set log_uri to a controlled bucket, e.g. "s3://<log-bucket>/emr/".`,
	Doc:         "Fails when log_uri is absent, null or empty. A value known only after apply counts as set.",
	Bad: `resource "aws_emr_cluster" "example" {
  name                   = "example"
  release_label          = "emr-7.2.0"
  service_role           = "arn:aws:iam::111122223333:role/emr-service"
  security_configuration = "fsi-baseline"

  ec2_attributes {
    instance_profile = "arn:aws:iam::111122223333:instance-profile/emr-ec2"
  }

  master_instance_group {
    instance_type = "m5.xlarge"
  }
}
`,
	Good: exCluster("emr-7.2.0", "", exSubnet),
	Check: func(p *Pass) {
		for _, c := range p.Model.Clusters {
			v := c.Resource.Attr("log_uri")
			if emptyOrAbsent(v) {
				p.Failf(clusterAt(c, v), "the cluster has no log_uri: its logs are not archived to S3")
			}
		}
	},
}
