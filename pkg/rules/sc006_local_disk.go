package rules

import (
	"strings"

	"github.com/tfemrcheck/tfemrcheck/pkg/model"
)

// SC006 requires local-disk encryption with KMS, including EBS volumes.
var SC006 = &Rule{
	ID:       "EMR-SC-006",
	Title:    "local disks must be encrypted with KMS including EBS",
	Severity: High,
	Rationale: "Without EnableEbsEncryption, EMR encrypts attached EBS volumes with LUKS at most and leaves the root volume unencrypted; " +
		"EBS encryption needs the AwsKms provider (EMR Management Guide, encryption options; create a security configuration). " +
		"Control Tower CT.EMR.PR.3 requires local-disk encryption with a KMS key.",
	Remediation: `Add LocalDiskEncryptionConfiguration { EncryptionKeyProviderType = "AwsKms", AwsKmsKey = <key ARN>, EnableEbsEncryption = true }.`,
	Doc: "Fails when LocalDiskEncryptionConfiguration is missing, when its EncryptionKeyProviderType is not AwsKms, or when " +
		"EnableEbsEncryption is not true (absent, false, or not a boolean; the string \"true\" counts). Values known only after apply " +
		"make the finding indeterminate unless another part already fails. EBS encryption also needs emr-5.24.0 or later (EMR-REL-001).",
	Bad: exSC(`{
    EncryptionConfiguration = {
      EnableAtRestEncryption = true
      AtRestEncryptionConfiguration = {
        LocalDiskEncryptionConfiguration = {
          EncryptionKeyProviderType = "AwsKms"
          AwsKmsKey                 = "arn:aws:kms:eu-west-1:111122223333:key/00000000-0000-0000-0000-000000000001"
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
          AwsKmsKey                 = "arn:aws:kms:eu-west-1:111122223333:key/00000000-0000-0000-0000-000000000001"
          EnableEbsEncryption       = true
        }
      }
    }
  }`),
	Check: func(p *Pass) {
		withDocument(p, func(sc *model.SecurityConfig) {
			ld := sc.Doc(pathLD...)
			switch {
			case ld.IsUnknown():
				p.Indeterminatef(scAt(sc, ld), "LocalDiskEncryptionConfiguration cannot be verified: it depends on %s", blockers(ld))
				return
			case !ld.IsSet():
				p.Failf(scAt(sc, sc.Doc(pathAR...)), "no LocalDiskEncryptionConfiguration: instance-store and EBS volumes, including the root volume, are not encrypted by EMR")
				return
			}
			var bad, unknown []string
			var at *model.Value
			prov := ld.Get("EncryptionKeyProviderType")
			switch {
			case prov.IsUnknown():
				unknown = append(unknown, "EncryptionKeyProviderType ("+blockers(prov)+")")
			case !enumIs(prov, "AwsKms"):
				bad = append(bad, "EncryptionKeyProviderType is "+prov.Display()+", not AwsKms")
				at = prov
			}
			ebs := ld.Get("EnableEbsEncryption")
			switch docBool(ebs) {
			case boolUnknown:
				unknown = append(unknown, "EnableEbsEncryption ("+blockers(ebs)+")")
			case boolTrue:
			default:
				bad = append(bad, "EnableEbsEncryption is "+ebs.Display()+" (the root volume stays unencrypted)")
				if at == nil {
					at = ebs
				}
			}
			if at == nil || at.Range == nil {
				at = ld
			}
			switch {
			case len(bad) > 0:
				p.Failf(scAt(sc, at), "local-disk encryption is incomplete: %s", strings.Join(bad, "; "))
			case len(unknown) > 0:
				p.Indeterminatef(scAt(sc, ld), "local-disk encryption cannot be verified, these values are unknown: %s", strings.Join(unknown, ", "))
			}
		})
	},
}
