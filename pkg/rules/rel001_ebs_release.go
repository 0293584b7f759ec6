package rules

// REL001 gates EBS encryption on emr-5.24.0.
var REL001 = &Rule{
	ID:          "EMR-REL-001",
	Title:       "EBS encryption requires emr-5.24.0 or later",
	Severity:    Critical,
	Rationale:   "EnableEbsEncryption in a security configuration is available from release emr-5.24.0 (EMR Management Guide, encryption options; custom AMI). Older releases cannot use it; before 5.24.0 an encrypted root volume needs an encrypted custom AMI.",
	Remediation: "Use release emr-5.24.0 or later (prefer a current 7.x), or an encrypted custom AMI on older releases.",
	Doc:         "Release labels compare numerically (emr-5.9.0 < emr-5.24.0). The finding is on the cluster, since the same security configuration is valid on a newer cluster.",
	Bad: exSC(`{
    EncryptionConfiguration = {
      EnableAtRestEncryption = true
      AtRestEncryptionConfiguration = {
        LocalDiskEncryptionConfiguration = {
          EncryptionKeyProviderType = "AwsKms"
          AwsKmsKey                 = "arn:aws:kms:eu-west-1:111122223333:key/00000000-0000-0000-0000-000000000000"
          EnableEbsEncryption       = true
        }
      }
    }
  }`) + exClusterSC("emr-5.23.0", "", exSubnet),
	Good: exSC(`{
    EncryptionConfiguration = {
      EnableAtRestEncryption = true
      AtRestEncryptionConfiguration = {
        LocalDiskEncryptionConfiguration = {
          EncryptionKeyProviderType = "AwsKms"
          AwsKmsKey                 = "arn:aws:kms:eu-west-1:111122223333:key/00000000-0000-0000-0000-000000000000"
          EnableEbsEncryption       = true
        }
      }
    }
  }`) + exClusterSC("emr-5.24.0", "", exSubnet),
	Check: func(p *Pass) {
		for _, c := range p.Model.Clusters {
			if c.SC == nil {
				continue
			}
			ebs := c.SC.Doc(append(sub(pathLD), "EnableEbsEncryption")...)
			on, known, _ := ebs.AsBool(true)
			if known && !on || !ebs.IsSet() {
				continue
			}
			l, st, rel := clusterRelease(c)
			switch st {
			case relBad:
				continue
			case relUnknown:
				if known {
					p.Indeterminatef(clusterAt(c, rel), "security configuration %s enables EBS encryption, but the release label is known only after apply (it depends on %s)", c.SC.Address(), blockers(rel))
				}
				continue
			}
			if !l.Less("emr-5.24.0") {
				continue
			}
			if known {
				p.Failf(clusterAt(c, rel), "release %s is older than emr-5.24.0 but security configuration %s enables EBS encryption", l, c.SC.Address())
			} else {
				p.Indeterminatef(clusterAt(c, rel), "release %s is older than emr-5.24.0 and whether security configuration %s enables EBS encryption cannot be verified (it depends on %s)", l, c.SC.Address(), blockers(ebs))
			}
		}
	},
}
