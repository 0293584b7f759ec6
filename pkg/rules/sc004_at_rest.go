package rules

import "github.com/tfemrcheck/tfemrcheck/pkg/model"

// SC004 requires at-rest encryption to be enabled and to configure something.
var SC004 = &Rule{
	ID:       "EMR-SC-004",
	Title:    "at-rest encryption must be enabled and effective",
	Severity: High,
	Rationale: "At-rest settings apply only when EncryptionConfiguration.EnableAtRestEncryption is true, and an omitted flag means false " +
		"(EMR Management Guide, create a security configuration). A document that carries AtRestEncryptionConfiguration without the flag " +
		"looks encrypted but is not. Security Hub EMR.3 requires security configurations to be encrypted at rest.",
	Remediation: "Set EnableAtRestEncryption = true together with S3EncryptionConfiguration and LocalDiskEncryptionConfiguration.",
	Doc: "Fails when EnableAtRestEncryption is absent, false, or not a boolean (the strings \"true\" and \"false\" count as booleans, " +
		"anything else such as \"yes\" or 1 is not true); when it is true but AtRestEncryptionConfiguration is missing or empty; " +
		"and, with a clearer message, when AtRestEncryptionConfiguration is present while the flag is not true (the settings are ignored). " +
		"A flag known only after apply gives an indeterminate finding. A sub-configuration known only after apply counts as present. " +
		"A configuration that is wholly unknown is reported by EMR-CL-002 only.",
	Bad: exSC(`{
    EncryptionConfiguration = {
      AtRestEncryptionConfiguration = {
        S3EncryptionConfiguration = {
          EncryptionMode = "SSE-KMS"
          AwsKmsKey      = "arn:aws:kms:eu-west-1:111122223333:key/00000000-0000-0000-0000-000000000000"
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
		withDocument(p, func(sc *model.SecurityConfig) {
			flag := sc.Doc(pathECEnableAtRestEncryption...)
			ar := sc.Doc(pathAR...)
			switch docBool(flag) {
			case boolUnknown:
				p.Indeterminatef(scAt(sc, flag), "EnableAtRestEncryption cannot be verified: it depends on %s", blockers(flag))
			case boolTrue:
				switch {
				case ar.IsUnknown():
				case !ar.IsSet():
					p.Failf(scAt(sc, flag), "EnableAtRestEncryption is true but there is no AtRestEncryptionConfiguration: nothing is encrypted at rest")
				case ar.Kind != model.KindObject || (!ar.Get("S3EncryptionConfiguration").IsSet() && !ar.Get("LocalDiskEncryptionConfiguration").IsSet()):
					p.Failf(scAt(sc, ar), "AtRestEncryptionConfiguration configures neither S3EncryptionConfiguration nor LocalDiskEncryptionConfiguration")
				}
			default:
				state := "not set (an omitted flag means false)"
				if flag.IsSet() {
					state = flag.Display()
				}
				at := scAt(sc, flag)
				if !flag.IsSet() {
					at = scAt(sc, sc.Doc(pathEC...))
				}
				if ar.IsSet() {
					p.Failf(at, "AtRestEncryptionConfiguration is present but EnableAtRestEncryption is %s: the at-rest settings are ignored", state)
				} else {
					p.Failf(at, "at-rest encryption is not enabled: EnableAtRestEncryption is %s", state)
				}
			}
		})
	},
}
