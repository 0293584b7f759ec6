package rules

import "github.com/tfemrcheck/tfemrcheck/pkg/model"

// SC005 requires EMRFS data in S3 to be encrypted with a KMS key.
var SC005 = &Rule{
	ID:       "EMR-SC-005",
	Title:    "EMRFS S3 encryption must use KMS",
	Severity: High,
	Rationale: "Control Tower proactive controls CT.EMR.PR.1 (encryption at rest in S3) and CT.EMR.PR.2 (S3 encryption with a KMS key) " +
		"require EMRFS data to be encrypted with an AWS KMS key; key custody is a financial-services baseline. SSE-S3 uses an S3-owned key; " +
		"CSE-Custom relies on custom cryptography (EMR Management Guide, create a security configuration; encryption options).",
	Remediation: `Set S3EncryptionConfiguration.EncryptionMode = "SSE-KMS" (or "CSE-KMS") with AwsKmsKey.`,
	Doc: "Checks the default EncryptionMode of AtRestEncryptionConfiguration.S3EncryptionConfiguration (per-bucket overrides are EMR-SC-011's). " +
		"Fails HIGH when the S3 block or its EncryptionMode is missing, or the mode is SSE-S3. SSE-S3 is reported at MEDIUM instead " +
		"when the policy file sets allow_sse_s3. CSE-Custom is reported at MEDIUM as custom cryptography to review. " +
		"Values outside the documented set (SSE-C, typos) are left to EMR-SC-001 and EMR-SC-003. A mode or S3 block known only after " +
		"apply is indeterminate.",
	Bad: exSC(`{
    EncryptionConfiguration = {
      EnableAtRestEncryption = true
      AtRestEncryptionConfiguration = {
        S3EncryptionConfiguration = {
          EncryptionMode = "SSE-S3"
        }
      }
    }
  }`),
	Good: SC004.Good,
	Check: func(p *Pass) {
		withDocument(p, func(sc *model.SecurityConfig) {
			s3 := sc.Doc(pathS3...)
			switch {
			case s3.IsUnknown():
				p.Indeterminatef(scAt(sc, s3), "S3EncryptionConfiguration cannot be verified: it depends on %s", blockers(s3))
				return
			case !s3.IsSet():
				p.Failf(scAt(sc, sc.Doc(pathAR...)), "no S3EncryptionConfiguration: EMRFS data in S3 is not encrypted with a KMS key")
				return
			}
			mode := s3.Get("EncryptionMode")
			if mode.IsUnknown() {
				p.Indeterminatef(scAt(sc, mode), "EMRFS EncryptionMode cannot be verified: it depends on %s", blockers(mode))
				return
			}
			if !mode.IsSet() {
				p.Failf(scAt(sc, s3), "S3EncryptionConfiguration has no EncryptionMode")
				return
			}
			s, ok := mode.AsString()
			if !ok {
				return // EMR-SC-003
			}
			canon, found, _ := canonicalEnum(s, s3Modes...)
			switch {
			case !found:
				return // EMR-SC-001 / EMR-SC-003
			case canon == "SSE-S3" && p.Params.AllowSSES3:
				p.FailSeverityf(Medium, scAt(sc, mode), "EMRFS data uses SSE-S3 (allowed by the policy, but the key is owned by S3, not a KMS key you control)")
			case canon == "SSE-S3":
				p.Failf(scAt(sc, mode), "EMRFS data uses SSE-S3, not a KMS key (SSE-KMS or CSE-KMS)")
			case canon == "CSE-Custom":
				p.FailSeverityf(Medium, scAt(sc, mode), "EMRFS data uses CSE-Custom: custom client-side cryptography, review the provider")
			}
		})
	},
}
