package rules

// SC008 requires a KMS key for SSE-KMS and CSE-KMS.
var SC008 = &Rule{
	ID:          "EMR-SC-008",
	Title:       "SSE-KMS and CSE-KMS must name a KMS key",
	Severity:    Critical,
	Rationale:   "With EncryptionMode SSE-KMS or CSE-KMS, EMRFS needs the ARN of the KMS key in AwsKmsKey (EMR Management Guide, create a security configuration); without it the configuration is invalid.",
	Remediation: "Add AwsKmsKey with the key ARN (for a key in the same configuration, aws_kms_key.<name>.arn).",
	Doc:         "The default mode and every override are checked. A key known only after apply counts as set when it is the ARN, id or name of a KMS key or alias (resource or data source) (never empty); any other unknown key (a variable without a value, say) is indeterminate, as is a mode that is unknown while no key is given, and an S3 block or Overrides list known only after apply.",
	Bad: exSC(`{
    EncryptionConfiguration = {
      EnableAtRestEncryption = true
      AtRestEncryptionConfiguration = {
        S3EncryptionConfiguration = {
          EncryptionMode = "SSE-KMS"
        }
      }
    }
  }`),
	Good: exSC(`{
    EncryptionConfiguration = {
      EnableAtRestEncryption = true
      AtRestEncryptionConfiguration = {
        S3EncryptionConfiguration = {
          EncryptionMode = "SSE-KMS"
          AwsKmsKey      = "arn:aws:kms:eu-west-1:111122223333:key/00000000-0000-0000-0000-000000000000"
        }
      }
    }
  }`),
	Check: func(p *Pass) {
		withDocument(p, func(sc *modelSC) {
			for _, s := range s3Settings(sc) {
				if s.obj.IsUnknown() {
					p.Indeterminatef(scAt(sc, s.obj), "EMRFS encryption (%s) cannot be verified: it depends on %s", s.where, blockers(s.obj))
					continue
				}
				key := s.obj.Get("AwsKmsKey")
				missing, keyUnknown := keyMissing(key)
				if !missing && !keyUnknown {
					continue
				}
				if s.mode.IsUnknown() {
					p.Indeterminatef(scAt(sc, s.mode), "EMRFS encryption mode (%s) is unknown (it depends on %s) and no AwsKmsKey is set", s.where, blockers(s.mode))
					continue
				}
				m, ok := s.mode.AsString()
				if !ok {
					continue
				}
				c, found, _ := canonicalEnum(m, "SSE-KMS", "CSE-KMS")
				switch {
				case !found:
				case keyUnknown:
					p.Indeterminatef(scAt(sc, key), "EMRFS encryption mode (%s) is %s and whether AwsKmsKey is set cannot be verified: it depends on %s", s.where, c, blockers(key))
				default:
					p.Failf(scAt(sc, s.mode), "EMRFS encryption mode (%s) is %s but no AwsKmsKey is set", s.where, c)
				}
			}
		})
	},
}
