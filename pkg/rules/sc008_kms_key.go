package rules

// SC008 requires a KMS key for SSE-KMS and CSE-KMS.
var SC008 = &Rule{
	ID:          "EMR-SC-008",
	Title:       "SSE-KMS and CSE-KMS must name a KMS key",
	Severity:    Critical,
	Rationale:   "With EncryptionMode SSE-KMS or CSE-KMS, EMRFS needs the ARN of the KMS key in AwsKmsKey (EMR Management Guide, create a security configuration); without it the configuration is invalid.",
	Remediation: "Add AwsKmsKey with the key ARN (reference aws_kms_key.<name>.arn).",
	Doc:         "The default mode and every override are checked. A key that is known only after apply counts as set; a mode that is unknown while no key is given is indeterminate.",
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
				key := s.obj.Get("AwsKmsKey")
				if !emptyOrAbsent(key) {
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
				if c, found, _ := canonicalEnum(m, "SSE-KMS", "CSE-KMS"); found {
					p.Failf(scAt(sc, s.mode), "EMRFS encryption mode (%s) is %s but no AwsKmsKey is set", s.where, c)
				}
			}
		})
	},
}
