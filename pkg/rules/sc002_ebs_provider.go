package rules

// SC002 requires AWS KMS as local-disk key provider for EBS encryption.
var SC002 = &Rule{
	ID:          "EMR-SC-002",
	Title:       "EBS encryption requires the AWS KMS local-disk provider",
	Severity:    Critical,
	Rationale:   "EMR offers EBS encryption (EnableEbsEncryption) only when the local-disk key provider is AWS KMS (EMR Management Guide, create a security configuration; encryption options). With a custom provider the setting is invalid.",
	Remediation: `Set LocalDiskEncryptionConfiguration.EncryptionKeyProviderType = "AwsKms" with an AwsKmsKey.`,
	Doc:         "Fails when LocalDiskEncryptionConfiguration.EnableEbsEncryption is true (JSON true or the string \"true\") and EncryptionKeyProviderType is absent or not AwsKms. A flag or provider known only after apply gives an indeterminate finding when the other half does not already settle it, and so does a LocalDiskEncryptionConfiguration known only after apply.",
	Bad: exSC(`{
    EncryptionConfiguration = {
      EnableAtRestEncryption = true
      AtRestEncryptionConfiguration = {
        LocalDiskEncryptionConfiguration = {
          EncryptionKeyProviderType  = "Custom"
          S3Object                   = "s3://example-config/provider.jar"
          EncryptionKeyProviderClass = "com.example.DiskKeyProvider"
          EnableEbsEncryption        = true
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
			ebs := ld.Get("EnableEbsEncryption")
			prov := ld.Get("EncryptionKeyProviderType")
			on, known, _ := ebs.AsBool(true)
			switch {
			case ld.IsUnknown():
				p.Indeterminatef(scAt(sc, ld), "LocalDiskEncryptionConfiguration cannot be verified: it depends on %s", blockers(ld))
				return
			case ebs.IsUnknown():
				if enumIs(prov, "AwsKms") {
					return
				}
				p.Indeterminatef(scAt(sc, ebs), "EnableEbsEncryption cannot be verified (it depends on %s) and the key provider is not known to be AwsKms", blockers(ebs))
				return
			}
			if !known || !on {
				return
			}
			switch {
			case prov.IsUnknown():
				p.Indeterminatef(scAt(sc, prov), "EBS encryption is enabled but the local-disk key provider cannot be verified: it depends on %s", blockers(prov))
			case !prov.IsSet():
				p.Failf(scAt(sc, ebs), "EBS encryption is enabled but no local-disk EncryptionKeyProviderType is set (AwsKms is required)")
			default:
				s, _ := prov.AsString()
				if normEnum(s) != normEnum("AwsKms") {
					p.Failf(scAt(sc, prov), "EBS encryption is enabled with local-disk key provider %s: it requires AwsKms", prov.Display())
				}
			}
		})
	},
}
