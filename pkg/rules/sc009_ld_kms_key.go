package rules

// SC009 requires a KMS key for the AwsKms local-disk provider.
var SC009 = &Rule{
	ID:          "EMR-SC-009",
	Title:       "local-disk AwsKms provider must name a KMS key",
	Severity:    Critical,
	Rationale:   "LocalDiskEncryptionConfiguration with EncryptionKeyProviderType AwsKms needs the key ARN in AwsKmsKey (EMR Management Guide, create a security configuration).",
	Remediation: "Add LocalDiskEncryptionConfiguration.AwsKmsKey with the key ARN.",
	Bad: exSC(`{
    EncryptionConfiguration = {
      EnableAtRestEncryption = true
      AtRestEncryptionConfiguration = {
        LocalDiskEncryptionConfiguration = {
          EncryptionKeyProviderType = "AwsKms"
        }
      }
    }
  }`),
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
  }`),
	Check: func(p *Pass) {
		withDocument(p, func(sc *modelSC) {
			ld := sc.Doc(pathLD...)
			if !ld.IsSet() {
				return
			}
			key := ld.Get("AwsKmsKey")
			if !emptyOrAbsent(key) {
				return
			}
			prov := ld.Get("EncryptionKeyProviderType")
			if prov.IsUnknown() {
				p.Indeterminatef(scAt(sc, prov), "local-disk key provider is unknown (it depends on %s) and no AwsKmsKey is set", blockers(prov))
				return
			}
			if s, ok := prov.AsString(); ok && normEnum(s) == normEnum("AwsKms") {
				p.Failf(scAt(sc, prov), "local-disk key provider is AwsKms but no AwsKmsKey is set")
			}
		})
	},
}
