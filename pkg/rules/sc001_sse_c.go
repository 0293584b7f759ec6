package rules

// SC001 forbids SSE-C, which EMR does not support.
var SC001 = &Rule{
	ID:          "EMR-SC-001",
	Title:       "SSE-C is not a valid EMRFS encryption mode",
	Severity:    Critical,
	Rationale:   "EMR does not support server-side encryption with customer-provided keys (SSE-C) for EMRFS data in S3 (EMR Management Guide, encryption options). A configuration using it is rejected or leaves data unprotected as intended.",
	Remediation: `Set EncryptionMode to "SSE-KMS" (with AwsKmsKey) or "CSE-KMS".`,
	Doc: "The default mode and every per-bucket override are checked; the comparison ignores case and treats `_` as `-`, " +
		"so `sse_c` is caught too. `CSE-Custom` (sometimes called CSE-C in prose) is a different, supported mode. " +
		"A mode that is unknown (for example built from a variable without a value) gives an indeterminate finding, and so does an " +
		"S3 block or Overrides list known only after apply: an override in it could be SSE-C.",
	Bad: exSC(`{
    EncryptionConfiguration = {
      EnableAtRestEncryption = true
      AtRestEncryptionConfiguration = {
        S3EncryptionConfiguration = {
          EncryptionMode = "SSE-C"
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
				switch {
				case s.mode.IsUnknown():
					p.Indeterminatef(scAt(sc, s.mode), "EMRFS encryption mode (%s) cannot be verified: it depends on %s", s.where, blockers(s.mode))
				default:
					if m, ok := s.mode.AsString(); ok && isSSEC(m) {
						p.Failf(scAt(sc, s.mode), "EMRFS encryption mode (%s) is %s: EMR does not support SSE-C", s.where, s.mode.Display())
					}
				}
			}
		})
	},
}
