package rules

import (
	"regexp"
	"strings"

	"github.com/tfemrcheck/tfemrcheck/pkg/model"
)

var (
	kmsKeyARN   = regexp.MustCompile(`^arn:aws[a-z-]*:kms:([a-z0-9-]+):(\d{12}):key/[A-Za-z0-9-]+$`)
	kmsAliasARN = regexp.MustCompile(`^arn:aws[a-z-]*:kms:([a-z0-9-]+):\d{12}:alias/\S+$`)
	kmsBareID   = regexp.MustCompile(`^(mrk-[0-9a-f]{32}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$`)
)

// keySetting is one AwsKmsKey in a document.
type keySetting struct {
	where string
	key   *model.Value
}

// kmsKeys lists every AwsKmsKey the document sets.
func kmsKeys(sc *model.SecurityConfig) []keySetting {
	var out []keySetting
	for _, s := range s3Settings(sc) {
		out = append(out, keySetting{"EMRFS " + s.where, s.obj.Get("AwsKmsKey")})
	}
	out = append(out,
		keySetting{"local-disk encryption", sc.Doc(pathLDAwsKmsKey...)},
		keySetting{"TLS certificate configuration", sc.Doc(pathTLSAwsKmsKey...)},
		keySetting{"EMR WAL encryption", sc.Doc(pathWALAwsKmsKey...)},
	)
	kept := out[:0]
	for _, k := range out {
		if k.key.IsSet() {
			kept = append(kept, k)
		}
	}
	return kept
}

// isKeyARNRef reports whether every blocker of v is the arn of a KMS key
// resource, which is a full key ARN by construction.
func isKeyARNRef(v *model.Value) bool {
	if len(v.Blockers()) == 0 {
		return false
	}
	for _, b := range v.Blockers() {
		i := strings.Index(b, "aws_kms_key.")
		if i < 0 || (i > 0 && !strings.HasPrefix(b, "module.")) || !strings.HasSuffix(b, ".arn") {
			return false
		}
	}
	return true
}

// scRegion is the Region a security configuration is created in: its
// `region` argument (provider v6), else its provider configuration's
// region. from says which, for messages; unknown is set when that value is
// known only after apply. region is "" when the input does not say.
func scRegion(sc *model.SecurityConfig) (region, from string, unknown *model.Value) {
	if sc.Resource == nil {
		return "", "", nil
	}
	if v := sc.Resource.Attr("region"); v.IsSet() {
		if s, ok := v.AsString(); ok && s != "" {
			return s, "its region", nil
		}
		if v.IsUnknown() {
			return "", "its region", v
		}
	}
	if v := sc.Resource.ProviderRegion; v.IsSet() {
		if s, ok := v.AsString(); ok && s != "" {
			return s, "the region of its provider configuration", nil
		}
		if v.IsUnknown() {
			return "", "the region of its provider configuration", v
		}
	}
	return "", "", nil
}

// SC012 checks that KMS keys are full key ARNs in the configuration's Region.
var SC012 = &Rule{
	ID:       "EMR-SC-012",
	Title:    "KMS keys must be full key ARNs in the same Region",
	Severity: Medium,
	Rationale: "The security configuration documentation asks for a fully specified KMS key ARN for AwsKmsKey, in the same Region as the " +
		"cluster, and symmetric keys only (EMR Management Guide, create a security configuration; create keys and certificates). A key in " +
		"another Region or a malformed identifier fails at cluster launch.",
	Remediation: "Reference aws_kms_key.<name>.arn, or write the full key ARN (arn:aws:kms:<region>:<account>:key/<id>) of a key in the cluster's Region.",
	Doc: "Every AwsKmsKey is checked: the EMRFS default and overrides, local disk, TLS (EMR certificate provider) and EMR WAL. " +
		"Fails MEDIUM when the value is not a KMS ARN at all, when keys in one configuration name different Regions, when the key's " +
		"Region differs from the Region the security configuration is created in, and, if the policy lists approved keys, for any other " +
		"key. That Region is the resource's `region` argument (provider v6) or else the region of the provider configuration it uses: " +
		"its provider block, an alias chosen with `provider = aws.<alias>`, or the configuration a module receives from its caller; a " +
		"Region known only after apply makes the comparison indeterminate. An alias ARN, `alias/…` or a bare key id is reported at LOW: " +
		"the documentation asks for a key ARN, but the provider's own example uses an alias ARN, and AWS does not document whether " +
		"EMR accepts aliases. A key known only after apply is accepted when it is the arn of an aws_kms_key resource; otherwise it is " +
		"indeterminate.",
	Bad: exSC(`{
    EncryptionConfiguration = {
      EnableAtRestEncryption = true
      AtRestEncryptionConfiguration = {
        S3EncryptionConfiguration = {
          EncryptionMode = "SSE-KMS"
          AwsKmsKey      = "key-for-emr"
        }
      }
    }
  }`),
	Good: SC004.Good,
	Check: func(p *Pass) {
		allowed := map[string]bool{}
		for _, k := range p.Params.AllowedKMSKeys {
			allowed[k] = true
		}
		withDocument(p, func(sc *model.SecurityConfig) {
			region, regionFrom, regionUnknown := scRegion(sc)
			var regionAt *model.Value
			for _, k := range kmsKeys(sc) {
				if k.key.IsUnknown() {
					if len(allowed) > 0 || !isKeyARNRef(k.key) {
						p.Indeterminatef(scAt(sc, k.key), "AwsKmsKey (%s) cannot be verified: it depends on %s", k.where, blockers(k.key))
					}
					continue
				}
				s, ok := k.key.AsString()
				if !ok || strings.TrimSpace(s) == "" {
					continue // EMR-SC-008 / EMR-SC-009 / EMR-SC-015
				}
				var keyRegion string
				switch {
				case kmsKeyARN.MatchString(s):
					keyRegion = kmsKeyARN.FindStringSubmatch(s)[1]
				case kmsAliasARN.MatchString(s), strings.HasPrefix(s, "alias/"), kmsBareID.MatchString(s):
					p.FailSeverityf(Low, scAt(sc, k.key), "AwsKmsKey (%s) %s is not a full key ARN; the documentation asks for arn:aws:kms:<region>:<account>:key/<id>", k.where, k.key.Display())
					if m := kmsAliasARN.FindStringSubmatch(s); m != nil {
						keyRegion = m[1]
					}
				default:
					p.Failf(scAt(sc, k.key), "AwsKmsKey (%s) %s is not a KMS key ARN", k.where, k.key.Display())
					continue
				}
				if len(allowed) > 0 && !allowed[s] {
					p.Failf(scAt(sc, k.key), "AwsKmsKey (%s) %s is not one of the approved keys", k.where, k.key.Display())
				}
				switch {
				case keyRegion == "":
				case regionUnknown != nil:
					p.Indeterminatef(scAt(sc, k.key), "AwsKmsKey (%s) is in Region %s, and whether that is the security configuration's Region cannot be verified: %s is %s", k.where, keyRegion, regionFrom, unknownText(regionUnknown))
				case region != "" && regionAt == nil && keyRegion != region:
					p.Failf(scAt(sc, k.key), "AwsKmsKey (%s) is in Region %s but the security configuration is in %s (%s)", k.where, keyRegion, region, regionFrom)
				case region == "":
					region, regionAt = keyRegion, k.key
				case regionAt != nil && keyRegion != region:
					p.Failf(scAt(sc, k.key), "AwsKmsKey (%s) is in Region %s, other keys of this configuration in %s: they cannot all be in the security configuration's Region", k.where, keyRegion, region)
				}
			}
		})
	},
}
