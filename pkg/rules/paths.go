package rules

import (
	"strings"

	"github.com/tfemrcheck/tfemrcheck/pkg/model"
)

// Paths inside the security-configuration document (reference §1).
var (
	pathEC   = []any{"EncryptionConfiguration"}
	pathAR   = []any{"EncryptionConfiguration", "AtRestEncryptionConfiguration"}
	pathS3   = []any{"EncryptionConfiguration", "AtRestEncryptionConfiguration", "S3EncryptionConfiguration"}
	pathLD   = []any{"EncryptionConfiguration", "AtRestEncryptionConfiguration", "LocalDiskEncryptionConfiguration"}
	pathTLS  = []any{"EncryptionConfiguration", "InTransitEncryptionConfiguration", "TLSCertificateConfiguration"}
	pathKRB  = []any{"AuthenticationConfiguration", "KerberosConfiguration"}
	pathIMDS = []any{"InstanceMetadataServiceConfiguration"}
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
// and every per-bucket override.
func s3Settings(sc *model.SecurityConfig) []modeSetting {
	s3 := sc.Doc(pathS3...)
	if !s3.IsSet() {
		return nil
	}
	out := []modeSetting{{where: "default", obj: s3, mode: s3.Get("EncryptionMode")}}
	ov := s3.Get("Overrides")
	if ov.IsKnown() && ov.Kind == model.KindList {
		for i, o := range ov.Elems {
			where := "override " + itoa(i)
			if bn := o.Get("BucketName"); bn.IsKnown() && bn.Kind == model.KindString {
				where = "override for bucket " + bn.Display()
			}
			out = append(out, modeSetting{where: where, obj: o, mode: o.Get("EncryptionMode")})
		}
	}
	return out
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

// blockers renders what makes v unknown, for a message.
func blockers(v *model.Value) string {
	if v == nil || len(v.Blockers) == 0 {
		return "a value known only after apply"
	}
	return strings.Join(v.Blockers, ", ")
}

// emptyOrAbsent reports whether v is absent, null or a known empty string.
func emptyOrAbsent(v *model.Value) bool {
	if !v.IsSet() {
		return true
	}
	s, ok := v.AsString()
	return ok && strings.TrimSpace(s) == ""
}
