package rules

// LOG002 requires the log archive to be encrypted with a customer key.
var LOG002 = &Rule{
	ID:       "EMR-LOG-002",
	Title:    "log archive must be encrypted with a KMS key",
	Severity: Medium,
	Rationale: "Without log_encryption_kms_key_id, logs uploaded to S3 are encrypted with S3-managed keys (AES-256) only, outside the " +
		"organisation's key custody (EMR API Reference, RunJobFlow). Logs can hold data and credentials.",
	Remediation: "Set log_encryption_kms_key_id to a KMS key ARN (aws_kms_key.<name>.arn).",
	Doc: "Fails when log_uri is set and log_encryption_kms_key_id is absent, null or empty. Not reported for releases that cannot use the " +
		"setting (before emr-5.30.0, and emr-6.0.0): upgrading comes first there. Values known only after apply count as set; a release label known only after apply is indeterminate.",
	Bad: exCluster("emr-7.2.0", "", exSubnet),
	Good: exCluster("emr-7.2.0", `
  log_encryption_kms_key_id = "arn:aws:kms:eu-west-1:111122223333:key/00000000-0000-0000-0000-000000000003"
`, exSubnet),
	Check: func(p *Pass) {
		for _, c := range p.Model.Clusters {
			uri := c.Resource.Attr("log_uri")
			key := c.Resource.Attr("log_encryption_kms_key_id")
			if emptyOrAbsent(uri) || !emptyOrAbsent(key) {
				continue
			}
			switch l, st, rel := clusterRelease(c); {
			case st == relKnown && !l.SupportsLogEncryption():
				continue
			case st == relUnknown:
				p.Indeterminatef(clusterAt(c, uri), "logs go to S3 without log_encryption_kms_key_id, and whether the release supports it cannot be verified: the release label is %s", unknownText(rel))
				continue
			}
			p.Failf(clusterAt(c, uri), "logs go to S3 without log_encryption_kms_key_id: they are encrypted with S3-managed keys only")
		}
	},
}
