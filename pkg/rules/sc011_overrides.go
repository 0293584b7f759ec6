package rules

import (
	"strings"

	"github.com/tfemrcheck/tfemrcheck/pkg/model"
)

// modeStrength orders EMRFS modes: KMS modes 2, SSE-S3 1, CSE-Custom 0
// (needs review), anything else -1 (other rules report it).
func modeStrength(v *model.Value) int {
	s, ok := v.AsString()
	if !ok {
		return -1
	}
	canon, found, _ := canonicalEnum(s, s3Modes...)
	if !found {
		return -1
	}
	switch canon {
	case "SSE-KMS", "CSE-KMS":
		return 2
	case "SSE-S3":
		return 1
	}
	return 0
}

// SC011 forbids per-bucket overrides weaker than the default EMRFS mode.
var SC011 = &Rule{
	ID:       "EMR-SC-011",
	Title:    "per-bucket overrides must not weaken the default",
	Severity: High,
	Rationale: "S3EncryptionConfiguration.Overrides replace the default mode for the named buckets (EMR Management Guide, create a " +
		"security configuration; encryption options), so one override can quietly move a bucket from a KMS key to SSE-S3. " +
		"Overrides name plain bucket names, one entry per bucket.",
	Remediation: "Use a KMS mode for every override or remove the exception; approve real exceptions with a suppression that gives the reason.",
	Doc: "Strength order: CSE-KMS = SSE-KMS > SSE-S3. An override weaker than the default fails HIGH; an override or default using " +
		"CSE-Custom while the other does not is reported at MEDIUM for review. Also fails when an override has no BucketName, when " +
		"BucketName looks like an ARN or URI (AWS examples use plain names), or when a bucket appears twice. An override with a KMS " +
		"mode but no AwsKmsKey is reported by EMR-SC-008. A mode known only after apply makes the comparison indeterminate.",
	Bad: exSC(`{
    EncryptionConfiguration = {
      EnableAtRestEncryption = true
      AtRestEncryptionConfiguration = {
        S3EncryptionConfiguration = {
          EncryptionMode = "SSE-KMS"
          AwsKmsKey      = "arn:aws:kms:eu-west-1:111122223333:key/00000000-0000-0000-0000-000000000000"
          Overrides = [
            { BucketName = "example-scratch", EncryptionMode = "SSE-S3" }
          ]
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
          Overrides = [
            {
              BucketName     = "example-scratch"
              EncryptionMode = "CSE-KMS"
              AwsKmsKey      = "arn:aws:kms:eu-west-1:111122223333:key/00000000-0000-0000-0000-000000000002"
            }
          ]
        }
      }
    }
  }`),
	Check: func(p *Pass) {
		withDocument(p, func(sc *model.SecurityConfig) {
			if s3 := sc.Doc(pathS3...); s3.IsUnknown() {
				p.Indeterminatef(scAt(sc, s3), "per-bucket overrides cannot be verified: S3EncryptionConfiguration is %s", unknownText(s3))
				return
			}
			settings := s3Settings(sc)
			if len(settings) < 2 {
				return
			}
			def := settings[0].mode
			seen := map[string]bool{}
			for _, o := range settings[1:] {
				bucket := o.obj.Get("BucketName")
				switch b, ok := bucket.AsString(); {
				case bucket.IsUnknown():
				case !ok || strings.TrimSpace(b) == "":
					p.Failf(scAt(sc, o.obj), "EMRFS %s has no BucketName", o.where)
				case strings.HasPrefix(b, "arn:") || strings.Contains(b, "://") || strings.Contains(b, "/"):
					p.Failf(scAt(sc, bucket), "EMRFS %s: BucketName %s is not a plain bucket name", o.where, bucket.Display())
				case seen[b]:
					p.Failf(scAt(sc, bucket), "EMRFS override: bucket %s is listed more than once", bucket.Display())
				default:
					seen[b] = true
				}
				switch {
				case o.mode.IsUnknown():
					p.Indeterminatef(scAt(sc, o.mode), "EMRFS %s: the mode cannot be compared with the default: it depends on %s", o.where, blockers(o.mode))
					continue
				case def.IsUnknown():
					p.Indeterminatef(scAt(sc, def), "EMRFS %s cannot be compared with the default mode: the default depends on %s", o.where, blockers(def))
					continue
				}
				os, ds := modeStrength(o.mode), modeStrength(def)
				switch {
				case os < 0 || ds < 0:
					// invalid values: EMR-SC-001 / EMR-SC-003
				case os == 0 && ds != 0 || ds == 0 && os != 0:
					p.FailSeverityf(Medium, scAt(sc, o.mode), "EMRFS %s uses %s while the default is %s: custom client-side encryption, review the exception", o.where, o.mode.Display(), def.Display())
				case os < ds:
					p.Failf(scAt(sc, o.mode), "EMRFS %s weakens the default: %s instead of %s", o.where, o.mode.Display(), def.Display())
				}
			}
		})
	},
}
