package rules

// SC009 requires a KMS key for the AwsKms local-disk provider.
var SC009 = &Rule{
	ID:          "EMR-SC-009",
	Title:       "local-disk AwsKms provider must name a KMS key",
	Severity:    Critical,
	Rationale:   "LocalDiskEncryptionConfiguration with EncryptionKeyProviderType AwsKms needs the key ARN in AwsKmsKey (EMR Management Guide, create a security configuration).",
	Remediation: "Add LocalDiskEncryptionConfiguration.AwsKmsKey with the key ARN.",
	Doc: "Fails when LocalDiskEncryptionConfiguration has EncryptionKeyProviderType AwsKms and AwsKmsKey is absent, null or empty. " +
		"A key known only after apply counts as set when it is the ARN, id or name of a KMS key or alias (resource or data source); any other unknown key " +
		"is indeterminate, as are a provider type known only after apply without a key and a LocalDiskEncryptionConfiguration known " +
		"only after apply.",
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
			switch {
			case ld.IsUnknown():
				p.Indeterminatef(scAt(sc, ld), "LocalDiskEncryptionConfiguration cannot be verified: it depends on %s", blockers(ld))
				return
			case !ld.IsSet():
				return
			}
			key := ld.Get("AwsKmsKey")
			missing, keyUnknown := keyMissing(key)
			if !missing && !keyUnknown {
				return
			}
			prov := ld.Get("EncryptionKeyProviderType")
			switch {
			case prov.IsUnknown():
				p.Indeterminatef(scAt(sc, prov), "local-disk key provider is unknown (it depends on %s) and no AwsKmsKey is known to be set", blockers(prov))
			case !enumIs(prov, "AwsKms"):
			case keyUnknown:
				p.Indeterminatef(scAt(sc, key), "local-disk key provider is AwsKms and whether AwsKmsKey is set cannot be verified: it depends on %s", blockers(key))
			default:
				p.Failf(scAt(sc, prov), "local-disk key provider is AwsKms but no AwsKmsKey is set")
			}
		})
	},
}
