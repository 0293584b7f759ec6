package rules

import (
	"fmt"
	"strings"

	"github.com/tfemrcheck/tfemrcheck/pkg/model"
)

// enumCheck is one closed set of values in the document.
type enumCheck struct {
	name    string
	path    []any
	allowed []string
}

var enumChecks = []enumCheck{
	{"local-disk EncryptionKeyProviderType", sub(pathLD, "EncryptionKeyProviderType"), []string{"AwsKms", "Custom"}},
	{"CertificateProviderType", sub(pathTLS, "CertificateProviderType"), []string{"PEM", "Custom", "EMR"}},
	{"Kerberos Provider", sub(pathKRB, "Provider"), []string{"ClusterDedicatedKdc", "ExternalKdc"}},
	{"KdcServerType", sub(pathKRB, "ExternalKdcConfiguration", "KdcServerType"), []string{"Single"}},
}

var s3Modes = []string{"SSE-S3", "SSE-KMS", "CSE-KMS", "CSE-Custom"}

// SC003 reports values outside the documented closed sets.
var SC003 = &Rule{
	ID:          "EMR-SC-003",
	Title:       "unknown enum value in security configuration",
	Severity:    High,
	Rationale:   "EncryptionMode, EncryptionKeyProviderType, CertificateProviderType, the Kerberos Provider and KdcServerType, and the IMDS settings take documented values only (EMR Management Guide, create a security configuration). The API does not validate the document at plan time, so a typo surfaces at apply or at cluster launch.",
	Remediation: "Use a documented value with its documented spelling.",
	Doc: "Values are matched case-insensitively to find the intended one; a value that differs from the documented spelling only in case " +
		"is still reported, because whether EMR accepts it is not documented (reference §1.1). SSE-C is reported by EMR-SC-001, not here. " +
		"One finding is reported per security configuration, listing every bad value.",
	Bad: exSC(`{
    EncryptionConfiguration = {
      EnableAtRestEncryption = true
      AtRestEncryptionConfiguration = {
        S3EncryptionConfiguration = {
          EncryptionMode = "AES256"
        }
      }
    }
  }`),
	Good: exSC(`{
    EncryptionConfiguration = {
      EnableAtRestEncryption = true
      AtRestEncryptionConfiguration = {
        S3EncryptionConfiguration = {
          EncryptionMode = "SSE-S3"
        }
      }
    }
  }`),
	Check: func(p *Pass) {
		withDocument(p, func(sc *modelSC) {
			var bad []string
			var first *model.Value
			var unknown []string
			var firstUnknown *model.Value
			note := func(v *model.Value, msg string) {
				bad = append(bad, msg)
				if first == nil {
					first = v
				}
			}
			checkEnum := func(name string, v *model.Value, allowed []string) {
				if v.IsUnknown() {
					unknown = append(unknown, name)
					if firstUnknown == nil {
						firstUnknown = v
					}
					return
				}
				if !v.IsSet() {
					return
				}
				s, ok := v.AsString()
				if !ok {
					note(v, fmt.Sprintf("%s is %s, not a string", name, v.Display()))
					return
				}
				canon, found, exact := canonicalEnum(s, allowed...)
				switch {
				case !found:
					note(v, fmt.Sprintf("%s %s is not one of %s", name, v.Display(), strings.Join(allowed, ", ")))
				case !exact:
					note(v, fmt.Sprintf("%s %s is not spelled as documented (%q)", name, v.Display(), canon))
				}
			}
			for _, st := range s3Settings(sc) {
				if m, ok := st.mode.AsString(); ok && isSSEC(m) {
					continue // EMR-SC-001
				}
				checkEnum("EncryptionMode ("+st.where+")", st.mode, s3Modes)
			}
			for _, e := range enumChecks {
				checkEnum(e.name, sc.Doc(e.path...), e.allowed)
			}
			imds := sc.Doc(pathIMDS...)
			checkRange := func(name string, v *model.Value, ok func(int64) bool, want string) {
				if v.IsUnknown() {
					unknown = append(unknown, name)
					if firstUnknown == nil {
						firstUnknown = v
					}
					return
				}
				if !v.IsSet() {
					return
				}
				n, isInt := v.AsInt(false)
				if !isInt || !ok(n) {
					note(v, fmt.Sprintf("%s is %s, want %s", name, v.Display(), want))
				}
			}
			checkRange("MinimumInstanceMetadataServiceVersion", imds.Get("MinimumInstanceMetadataServiceVersion"),
				func(n int64) bool { return n == 1 || n == 2 }, "1 or 2")
			checkRange("HttpPutResponseHopLimit", imds.Get("HttpPutResponseHopLimit"),
				func(n int64) bool { return n >= 1 && n <= 64 }, "an integer from 1 to 64")
			if len(bad) > 0 {
				p.Failf(scAt(sc, first), "%s", strings.Join(bad, "; "))
			} else if len(unknown) > 0 {
				p.Indeterminatef(scAt(sc, firstUnknown), "%s cannot be verified: known only after apply", strings.Join(unknown, ", "))
			}
		})
	},
}
