package rules

// LOG003 gates log encryption on supporting releases.
var LOG003 = &Rule{
	ID:       "EMR-LOG-003",
	Title:    "log encryption needs a supporting release",
	Severity: High,
	Rationale: "LogEncryptionKmsKeyId is supported from emr-5.30.0, except emr-6.0.0 (EMR API Reference, RunJobFlow and Cluster; " +
		"Terraform aws_emr_cluster documentation); on other releases the cluster cannot be created as written.",
	Remediation: "Use emr-5.30.0 or later, other than emr-6.0.0 (prefer a current 7.x).",
	Doc:         "Fails when log_encryption_kms_key_id is set and the release is older than emr-5.30.0 or is emr-6.0.0. A release known only after apply is indeterminate.",
	Bad: exCluster("emr-6.0.0", `
  log_encryption_kms_key_id = "arn:aws:kms:eu-west-1:111122223333:key/00000000-0000-0000-0000-000000000003"
`, exSubnet),
	Good: LOG002.Good,
	Check: func(p *Pass) {
		for _, c := range p.Model.Clusters {
			key := c.Resource.Attr("log_encryption_kms_key_id")
			if emptyOrAbsent(key) {
				continue
			}
			switch l, st, rel := clusterRelease(c); {
			case st == relUnknown:
				p.Indeterminatef(clusterAt(c, rel), "log_encryption_kms_key_id is set and the release label is %s", unknownText(rel))
			case st == relKnown && !l.SupportsLogEncryption():
				p.Failf(clusterAt(c, key), "log_encryption_kms_key_id needs emr-5.30.0 or later (not emr-6.0.0); the release is %s", l)
			}
		}
	},
}
