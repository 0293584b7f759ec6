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
	Doc: "Values are matched case-insensitively (and with `_` read as `-`) to find the intended one. A value that differs from the " +
		"documented spelling only in case (\"sse-kms\" for \"SSE-KMS\") is reported at LOW: the other rules read it as the intended value, " +
		"and AWS does not document whether EMR accepts it. Any other misspelling, a value outside the documented set, or a value of " +
		"the wrong type is reported at HIGH. SSE-C is reported by EMR-SC-001, not here. One finding is reported per security " +
		"configuration, listing every bad value; a value known only after apply makes it indeterminate when nothing else is wrong.",
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
			caseOnly := true // every bad value differs from its documented spelling only in case
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
					caseOnly = false
					note(v, fmt.Sprintf("%s is %s, not a string", name, v.Display()))
					return
				}
				canon, found, exact := canonicalEnum(s, allowed...)
				switch {
				case !found:
					caseOnly = false
					note(v, fmt.Sprintf("%s %s is not one of %s", name, v.Display(), strings.Join(allowed, ", ")))
				case exact:
				case strings.EqualFold(s, canon):
					note(v, fmt.Sprintf("%s %s differs from the documented spelling %q only in case", name, v.Display(), canon))
				default:
					caseOnly = false
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
					caseOnly = false
					note(v, fmt.Sprintf("%s is %s, want %s", name, v.Display(), want))
				}
			}
			checkRange("MinimumInstanceMetadataServiceVersion", imds.Get("MinimumInstanceMetadataServiceVersion"),
				func(n int64) bool { return n == 1 || n == 2 }, "1 or 2")
			checkRange("HttpPutResponseHopLimit", imds.Get("HttpPutResponseHopLimit"),
				func(n int64) bool { return n >= 1 && n <= 64 }, "an integer from 1 to 64")
			switch {
			case len(bad) > 0 && caseOnly:
				p.FailSeverityf(Low, scAt(sc, first), "%s", strings.Join(bad, "; "))
			case len(bad) > 0:
				p.Failf(scAt(sc, first), "%s", strings.Join(bad, "; "))
			case len(unknown) > 0:
				p.Indeterminatef(scAt(sc, firstUnknown), "%s cannot be verified: %s", strings.Join(unknown, ", "), unknownText(firstUnknown))
			}
		})
	},
}
