package rules

import (
	"strings"

	"github.com/tfemrcheck/tfemrcheck/pkg/model"
)

// providerField looks up a custom-provider key, falling back to its
// unverified legacy alias. alias reports that the alias spelling was used.
func providerField(obj *model.Value, key, aliasKey string) (v *model.Value, alias bool) {
	if v := obj.Get(key); v.IsSet() {
		return v, false
	}
	if v := obj.Get(aliasKey); v.IsSet() {
		return v, true
	}
	return obj.Get(key), false
}

// SC010 requires custom key providers to name their JAR and class.
var SC010 = &Rule{
	ID:       "EMR-SC-010",
	Title:    "custom key providers must be complete",
	Severity: High,
	Rationale: "CSE-Custom EMRFS encryption and the Custom local-disk provider need the S3 location of the provider JAR (S3Object) and " +
		"the provider class (EncryptionKeyProviderClass) (EMR Management Guide, create a security configuration). Without them the " +
		"configuration cannot be used.",
	Remediation: "Supply S3Object and EncryptionKeyProviderClass for every custom provider; use distinct classes for S3 and local disks.",
	Doc: "Checks the S3 default, every per-bucket override with CSE-Custom, and a local-disk Custom provider. The legacy spellings " +
		"CustomProviderLocation and CustomProviderClass are accepted in place of S3Object and EncryptionKeyProviderClass, but reported " +
		"at LOW because AWS documents them only for the old --emrfs option, not for security configurations. Whether an override " +
		"with CSE-Custom needs its own S3Object and class is not documented either: the safe reading used here accepts them from the " +
		"override or from a CSE-Custom default. A local-disk class equal to the CSE-Custom class is reported at LOW only: the console text " +
		"forbids it, AWS's own CLI example does it. A mode or provider known only after apply, with the keys missing, is indeterminate; " +
		"keys known only after apply count as set. An S3 block, Overrides list or local-disk block known only after apply is indeterminate.",
	Bad: exSC(`{
    EncryptionConfiguration = {
      EnableAtRestEncryption = true
      AtRestEncryptionConfiguration = {
        S3EncryptionConfiguration = {
          EncryptionMode = "CSE-Custom"
          S3Object       = "s3://example-config/emrfs-provider.jar"
        }
      }
    }
  }`),
	Good: exSC(`{
    EncryptionConfiguration = {
      EnableAtRestEncryption = true
      AtRestEncryptionConfiguration = {
        S3EncryptionConfiguration = {
          EncryptionMode             = "CSE-Custom"
          S3Object                   = "s3://example-config/emrfs-provider.jar"
          EncryptionKeyProviderClass = "com.example.EmrfsKeyProvider"
        }
      }
    }
  }`),
	Check: func(p *Pass) {
		withDocument(p, func(sc *model.SecurityConfig) {
			check := func(where string, obj, mode *model.Value, fallback *model.Value) {
				jar, jarAlias := providerField(obj, "S3Object", "CustomProviderLocation")
				cls, clsAlias := providerField(obj, "EncryptionKeyProviderClass", "CustomProviderClass")
				if fallback != nil && emptyOrAbsent(jar) && emptyOrAbsent(cls) {
					jar, jarAlias = providerField(fallback, "S3Object", "CustomProviderLocation")
					cls, clsAlias = providerField(fallback, "EncryptionKeyProviderClass", "CustomProviderClass")
				}
				var missing []string
				if emptyOrAbsent(jar) {
					missing = append(missing, "S3Object")
				}
				if emptyOrAbsent(cls) {
					missing = append(missing, "EncryptionKeyProviderClass")
				}
				switch {
				case len(missing) > 0 && mode.IsUnknown():
					isNot := " is not set"
					if len(missing) > 1 {
						isNot = " are not set"
					}
					p.Indeterminatef(scAt(sc, mode), "%s: the mode is %s, and %s%s", where, unknownText(mode), strings.Join(missing, " and "), isNot)
				case len(missing) > 0:
					p.Failf(scAt(sc, mode), "%s uses a custom key provider without %s", where, strings.Join(missing, " and "))
				case jarAlias || clsAlias:
					p.FailSeverityf(Low, scAt(sc, mode), "%s names its custom provider with CustomProviderLocation/CustomProviderClass, spellings AWS does not document for security configurations; use S3Object and EncryptionKeyProviderClass", where)
				}
			}
			var defaultObj *model.Value
			for i, s := range s3Settings(sc) {
				if s.obj.IsUnknown() {
					p.Indeterminatef(scAt(sc, s.obj), "EMRFS %s cannot be verified: it depends on %s", s.where, blockers(s.obj))
					continue
				}
				if !s.mode.IsUnknown() && !enumIs(s.mode, "CSE-Custom") {
					continue
				}
				if i == 0 {
					defaultObj = s.obj
					check("EMRFS "+s.where, s.obj, s.mode, nil)
				} else {
					check("EMRFS "+s.where, s.obj, s.mode, defaultObj)
				}
			}
			ld := sc.Doc(pathLD...)
			prov := ld.Get("EncryptionKeyProviderType")
			switch {
			case ld.IsUnknown():
				p.Indeterminatef(scAt(sc, ld), "LocalDiskEncryptionConfiguration cannot be verified: it depends on %s", blockers(ld))
			case prov.IsUnknown() || enumIs(prov, "Custom"):
				check("local-disk encryption", ld, prov, nil)
			}
			if enumIs(prov, "Custom") {
				s3 := sc.Doc(pathS3...)
				if enumIs(s3.Get("EncryptionMode"), "CSE-Custom") {
					a, _ := providerField(ld, "EncryptionKeyProviderClass", "CustomProviderClass")
					b, _ := providerField(s3, "EncryptionKeyProviderClass", "CustomProviderClass")
					as, ok1 := a.AsString()
					bs, ok2 := b.AsString()
					if ok1 && ok2 && as != "" && as == bs {
						p.FailSeverityf(Low, scAt(sc, a), "the local-disk provider class equals the CSE-Custom class %s; the EMR console requires distinct classes", a.Display())
					}
				}
			}
		})
	},
}
