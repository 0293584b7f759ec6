package rules

// REL001 gates EBS encryption on emr-5.24.0.
var REL001 = &Rule{
	ID:          "EMR-REL-001",
	Title:       "EBS encryption requires emr-5.24.0 or later",
	Severity:    Critical,
	Rationale:   "EnableEbsEncryption in a security configuration is available from release emr-5.24.0 (EMR Management Guide, encryption options; custom AMI). Older releases cannot use it; before 5.24.0 an encrypted root volume needs an encrypted custom AMI.",
	Remediation: "Use release emr-5.24.0 or later (prefer a current 7.x), or an encrypted custom AMI on older releases.",
	Doc: "Release labels compare numerically (emr-5.9.0 < emr-5.24.0). The finding is on the cluster, since the same security configuration is valid on a newer cluster. " +
		"An EnableEbsEncryption flag or release label known only after apply is indeterminate, and so is a cluster on a release older than emr-5.24.0 " +
		"(or of unknown release) whose security configuration cannot be read: its content known only after apply, its name not linkable, " +
		"or defined outside the input, approved by the policy file or not (approval vouches for the content, not for the release).",
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
			l, st, rel := clusterRelease(c)
			if st == relBad || st == relKnown && !l.Less("emr-5.24.0") {
				continue
			}
			if why := unseenSC(c); why != "" {
				if st == relUnknown {
					p.Indeterminatef(clusterAt(c, rel), "the release label is %s, and whether the cluster's security configuration enables EBS encryption (which needs emr-5.24.0) cannot be verified: %s", unknownText(rel), why)
				} else {
					p.Indeterminatef(clusterAt(c, rel), "release %s is older than emr-5.24.0, and whether the cluster's security configuration enables EBS encryption cannot be verified: %s", l, why)
				}
				continue
			}
			if c.SC == nil {
				continue
			}
			ebs := c.SC.Doc(pathLDEnableEbsEncryption...)
			switch docBool(ebs) {
			case boolFalse, boolMalformed:
				// A malformed flag is not true (EMR-SC-015 reports it).
				continue
			case boolTrue:
				if st == relUnknown {
					p.Indeterminatef(clusterAt(c, rel), "security configuration %s enables EBS encryption, which needs emr-5.24.0, and the release label is %s", c.SC.Address(), unknownText(rel))
				} else {
					p.Failf(clusterAt(c, rel), "release %s is older than emr-5.24.0 but security configuration %s enables EBS encryption", l, c.SC.Address())
				}
			default:
				if st == relUnknown {
					p.Indeterminatef(clusterAt(c, rel), "whether security configuration %s enables EBS encryption (which needs emr-5.24.0) is %s, and the release label is %s", c.SC.Address(), unknownText(ebs), unknownText(rel))
				} else {
					p.Indeterminatef(clusterAt(c, rel), "release %s is older than emr-5.24.0, and whether security configuration %s enables EBS encryption is %s", l, c.SC.Address(), unknownText(ebs))
				}
			}
		}
	},
}
