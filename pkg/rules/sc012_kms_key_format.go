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
		keySetting{"local-disk encryption", sc.Doc(sub(pathLD, "AwsKmsKey")...)},
		keySetting{"TLS certificate configuration", sc.Doc(sub(pathTLS, "AwsKmsKey")...)},
		keySetting{"EMR WAL encryption", sc.Doc(sub(pathWAL, "AwsKmsKey")...)},
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
	if len(v.Blockers) == 0 {
		return false
	}
	for _, b := range v.Blockers {
		i := strings.Index(b, "aws_kms_key.")
		if i < 0 || (i > 0 && !strings.HasPrefix(b, "module.")) || !strings.HasSuffix(b, ".arn") {
			return false
		}
	}
	return true
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
		"Region differs from the resource's `region` argument (provider v6), and, if the policy lists approved keys, for any other key. " +
		"An alias ARN, `alias/…` or a bare key id is reported at LOW: the documentation asks for a key ARN, but the provider's own example " +
		"uses an alias ARN and whether the API accepts aliases is an open question (reference §6.4). A key known only after apply is " +
		"accepted when it is the arn of an aws_kms_key resource; otherwise it is indeterminate.",
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
			var region string
			var regionAt *model.Value
			if sc.Resource != nil {
				if r, ok := sc.Resource.Attr("region").AsString(); ok {
					region = r
				}
			}
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
				if keyRegion == "" {
					continue
				}
				switch {
				case region != "" && keyRegion != region:
					p.Failf(scAt(sc, k.key), "AwsKmsKey (%s) is in Region %s but the security configuration is in %s", k.where, keyRegion, region)
				case region == "":
					region, regionAt = keyRegion, k.key
				case keyRegion != region && regionAt != nil:
					p.Failf(scAt(sc, k.key), "AwsKmsKey (%s) is in Region %s, other keys of this configuration in %s: one of them is not in the cluster's Region", k.where, keyRegion, region)
				}
			}
		})
	},
}
