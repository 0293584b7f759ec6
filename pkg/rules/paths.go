package rules

import (
	"regexp"
	"strings"

	"github.com/tfemrcheck/tfemrcheck/pkg/model"
)

// Paths inside the security-configuration document.
var (
	pathEC   = []any{"EncryptionConfiguration"}
	pathAR   = []any{"EncryptionConfiguration", "AtRestEncryptionConfiguration"}
	pathS3   = []any{"EncryptionConfiguration", "AtRestEncryptionConfiguration", "S3EncryptionConfiguration"}
	pathLD   = []any{"EncryptionConfiguration", "AtRestEncryptionConfiguration", "LocalDiskEncryptionConfiguration"}
	pathTLS  = []any{"EncryptionConfiguration", "InTransitEncryptionConfiguration", "TLSCertificateConfiguration"}
	pathKRB  = []any{"AuthenticationConfiguration", "KerberosConfiguration"}
	pathIMDS = []any{"InstanceMetadataServiceConfiguration"}
)

// More document paths.
var (
	pathAuthN  = []any{"AuthenticationConfiguration"}
	pathAuthZ  = []any{"AuthorizationConfiguration"}
	pathIdC    = []any{"AuthenticationConfiguration", "IdentityCenterConfiguration"}
	pathIAM    = []any{"AuthorizationConfiguration", "IAMConfiguration"}
	pathRanger = []any{"AuthorizationConfiguration", "RangerConfiguration"}
	pathEmrFs  = []any{"AuthorizationConfiguration", "EmrFsConfiguration"}
	pathLF     = []any{"AuthorizationConfiguration", "LakeFormationConfiguration"}
	pathLFTop  = []any{"LakeFormationConfiguration"}
	pathWAL    = []any{"EncryptionConfiguration", "EMRWALEncryptionConfiguration"}
)

// Paths of single settings, made once (the rules look them up in every
// configuration).
var (
	pathECEnableAtRestEncryption                                        = sub(pathEC, "EnableAtRestEncryption")
	pathECEnableInTransitEncryption                                     = sub(pathEC, "EnableInTransitEncryption")
	pathIAMEnableApplicationScopedIAMRole                               = sub(pathIAM, "EnableApplicationScopedIAMRole")
	pathIMDSMinimumInstanceMetadataServiceVersion                       = sub(pathIMDS, "MinimumInstanceMetadataServiceVersion")
	pathKRBClusterDedicatedKdcConfigurationCrossRealmTrustConfiguration = sub(pathKRB, "ClusterDedicatedKdcConfiguration", "CrossRealmTrustConfiguration")
	pathKRBProvider                                                     = sub(pathKRB, "Provider")
	pathLDAwsKmsKey                                                     = sub(pathLD, "AwsKmsKey")
	pathLDEnableEbsEncryption                                           = sub(pathLD, "EnableEbsEncryption")
	pathTLSAwsKmsKey                                                    = sub(pathTLS, "AwsKmsKey")
	pathWALAwsKmsKey                                                    = sub(pathWAL, "AwsKmsKey")
)

// sub appends keys to a path without aliasing the base slice.
func sub(base []any, more ...any) []any {
	out := make([]any, 0, len(base)+len(more))
	return append(append(out, base...), more...)
}

// scAt locates a finding on a security configuration at value v.
func scAt(sc *model.SecurityConfig, v *model.Value) At {
	at := At{Address: sc.Address(), Value: v}
	if sc.Configuration != nil && sc.Configuration.Range != nil {
		at.Fallback = sc.Configuration.Range
	} else if sc.Resource != nil {
		at.Fallback = sc.Resource.Range
	}
	return at
}

// resAt locates a finding on any resource at value v.
func resAt(r *model.Resource, v *model.Value) At {
	return At{Address: r.Address, Value: v, Fallback: r.Range}
}

// clusterAt locates a finding on a cluster at attribute value v.
func clusterAt(c *model.Cluster, v *model.Value) At {
	return At{Address: c.Resource.Address, Value: v, Fallback: c.Resource.Range}
}

// withDocument calls fn for every security configuration whose document
// is at least partly known. Wholly unknown documents are EMR-CL-002's
// business; unparseable ones are EMR-SC-000's.
func withDocument(p *Pass, fn func(sc *model.SecurityConfig)) {
	for _, sc := range p.Model.SecurityConfigs {
		if sc.Document != nil {
			fn(sc)
		}
	}
}

// modeSetting is one EMRFS encryption setting: the default or an override.
type modeSetting struct {
	where string       // "default" or `override for bucket "x"`
	obj   *model.Value // the object holding EncryptionMode
	mode  *model.Value
}

// s3Settings returns the default EMRFS setting (when the S3 block is set)
// and every per-bucket override. When the S3 block or its Overrides list
// is known only after apply, one setting stands for what may be there:
// its obj and mode are unknown, so no rule mistakes it for a pass.
func s3Settings(sc *model.SecurityConfig) []modeSetting {
	s3 := sc.Doc(pathS3...)
	switch {
	case !s3.IsSet():
		return nil
	case s3.IsUnknown():
		return []modeSetting{{where: "default and per-bucket overrides", obj: s3, mode: s3}}
	}
	out := []modeSetting{{where: "default", obj: s3, mode: s3.Get("EncryptionMode")}}
	ov := s3.Get("Overrides")
	if ov.IsUnknown() {
		return append(out, modeSetting{where: "per-bucket overrides", obj: ov, mode: ov})
	}
	if ov.IsKnown() && ov.Kind == model.KindList {
		for i, o := range ov.Elems() {
			where := "override " + itoa(i)
			if bn := o.Get("BucketName"); bn.IsKnown() && bn.Kind == model.KindString {
				where = "override for bucket " + bn.Display()
			}
			out = append(out, modeSetting{where: where, obj: o, mode: o.Get("EncryptionMode")})
		}
	}
	return out
}

// kmsKeyResource matches a reference to an attribute of a KMS key or
// alias resource or data source that holds its ARN, id or name: never
// empty.
var kmsKeyResource = regexp.MustCompile(`^(module\.[^.]+\.)*(data\.)?(aws_kms_key|aws_kms_replica_key|aws_kms_external_key|aws_kms_replica_external_key|aws_kms_alias)\.[^.]+\.(arn|id|key_id|name|target_key_arn)$`)

// isKMSKeyRef reports whether every blocker of an unknown v is such a
// reference, so that the value, though unknown, is a non-empty key.
func isKMSKeyRef(v *model.Value) bool {
	if !v.IsUnknown() || len(v.Blockers()) == 0 {
		return false
	}
	for _, b := range v.Blockers() {
		if !kmsKeyResource.MatchString(b) {
			return false
		}
	}
	return true
}

// keyMissing says whether an AwsKmsKey is missing: absent, null or empty
// (true), known to be set or the ARN of a key resource (false), or
// unknown otherwise (a variable without a value may well be empty).
func keyMissing(v *model.Value) (missing, unknown bool) {
	switch {
	case emptyOrAbsent(v):
		return true, false
	case v.IsUnknown() && !isKMSKeyRef(v):
		return false, true
	}
	return false, false
}

// normEnum folds case and '_' so that "sse_c" matches "SSE-C".
func normEnum(s string) string {
	return strings.ToUpper(strings.ReplaceAll(strings.TrimSpace(s), "_", "-"))
}

// canonicalEnum returns the documented spelling of s in allowed, and
// whether s is spelled exactly that way.
func canonicalEnum(s string, allowed ...string) (canon string, found, exact bool) {
	for _, a := range allowed {
		if s == a {
			return a, true, true
		}
		if normEnum(s) == normEnum(a) {
			return a, true, false
		}
	}
	return "", false, false
}

// isSSEC reports whether an encryption mode means SSE-C.
func isSSEC(s string) bool { return normEnum(s) == "SSE-C" }

// blockers renders what makes v unknown, for "it depends on %s".
func blockers(v *model.Value) string {
	if v == nil {
		return model.BlockerText(nil)
	}
	return model.BlockerText(v.Blockers())
}

// unknownText completes "X is %s" for an unknown value: known only after
// apply (and on what), or not known because a variable has no value.
func unknownText(v *model.Value) string { return v.DescribeUnknown() }

// emptyOrAbsent reports whether v is absent, null or a known empty string.
func emptyOrAbsent(v *model.Value) bool {
	if !v.IsSet() {
		return true
	}
	s, ok := v.AsString()
	return ok && strings.TrimSpace(s) == ""
}
