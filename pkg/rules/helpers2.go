package rules

import (
	"sort"
	"strings"

	"github.com/tfemrcheck/tfemrcheck/pkg/model"
)

// More document paths (reference §1).
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

// boolState is what a rule knows about a boolean setting.
type boolState uint8

const (
	// boolFalse: false, "false", absent or null (an omitted flag is off).
	boolFalse boolState = iota
	// boolTrue: true or the string "true" (any case).
	boolTrue
	// boolUnknown: known only after apply.
	boolUnknown
	// boolMalformed: known, but neither a boolean nor "true"/"false"; it is
	// not true (EMR-SC-015 reports the type).
	boolMalformed
)

// docBool classifies a boolean setting of the document or a resource.
func docBool(v *model.Value) boolState {
	switch {
	case v.IsUnknown():
		return boolUnknown
	case !v.IsSet():
		return boolFalse
	}
	b, ok, _ := v.AsBool(true)
	switch {
	case !ok:
		return boolMalformed
	case b:
		return boolTrue
	}
	return boolFalse
}

// enumIs reports whether v is a known string naming canon (case and
// '_'/'-' folded; EMR-SC-003 reports the spelling).
func enumIs(v *model.Value, canon string) bool {
	s, ok := v.AsString()
	return ok && normEnum(s) == normEnum(canon)
}

// resAt locates a finding on any resource at value v.
func resAt(r *model.Resource, v *model.Value) At {
	return At{Address: r.Address, Value: v, Fallback: r.Range}
}

// block returns the first (only) object of a MaxItems-1 block, which the
// loaders give as a list of objects; a bare object is accepted too. An
// unknown block gives an unknown value; a missing or empty one is absent.
func block(v *model.Value) *model.Value {
	if v.IsKnown() && v.Kind == model.KindList {
		return v.Get(0)
	}
	return v
}

// blockOf is block(r.Attr(name)).
func blockOf(r *model.Resource, name string) *model.Value { return block(r.Attr(name)) }

// elems returns the elements of a known list (nil otherwise).
func elems(v *model.Value) []*model.Value {
	if v.IsKnown() && v.Kind == model.KindList {
		return v.Elems
	}
	return nil
}

// refTarget is a resource an attribute's expression refers to.
type refTarget struct {
	res  *model.Resource
	attr string // the attribute path holding the reference
}

// refTargets resolves the references that r's attribute path makes to
// resources of type typ, in r's module. A reference with an instance key
// resolves to that instance; one without (or a splat) to every instance.
// missing lists the referenced addresses that are not in the model.
func refTargets(m *model.Model, r *model.Resource, path, typ string) (found []*model.Resource, missing []string) {
	prefix := ""
	if r.Module != "" {
		prefix = r.Module + "."
	}
	indexed := map[string]map[string]bool{} // base -> index forms
	var bases []string
	for _, ref := range r.Refs[path] {
		rest, ok := strings.CutPrefix(ref, typ+".")
		if !ok {
			continue
		}
		name, idx := rest, ""
		if i := strings.IndexAny(rest, ".["); i >= 0 {
			name = rest[:i]
			if rest[i] == '[' {
				if j := strings.IndexByte(rest[i:], ']'); j > 0 {
					idx = rest[i : i+j+1]
				}
			}
		}
		if idx == "[*]" {
			idx = ""
		}
		base := typ + "." + name
		if _, seen := indexed[base]; !seen {
			indexed[base] = map[string]bool{}
			bases = append(bases, base)
		}
		if idx != "" {
			indexed[base][idx] = true
		}
	}
	sort.Strings(bases)
	seen := map[string]bool{}
	add := func(x *model.Resource) {
		if !seen[x.Address] {
			seen[x.Address] = true
			found = append(found, x)
		}
	}
	for _, base := range bases {
		if len(indexed[base]) > 0 {
			idxs := make([]string, 0, len(indexed[base]))
			for i := range indexed[base] {
				idxs = append(idxs, i)
			}
			sort.Strings(idxs)
			for _, i := range idxs {
				if x := m.Lookup(prefix + base + i); x != nil {
					add(x)
				} else {
					missing = append(missing, prefix+base+i)
				}
			}
			continue
		}
		n := 0
		for _, x := range m.ByType(typ) {
			if x.Module == r.Module && (x.ConfigAddress == base || x.Address == prefix+base) {
				add(x)
				n++
			}
		}
		if n == 0 {
			missing = append(missing, prefix+base)
		}
	}
	return found, missing
}

// hasRefTo reports whether r's attribute path refers to any resource of type typ.
func hasRefTo(r *model.Resource, path, typ string) bool {
	for _, ref := range r.Refs[path] {
		if strings.HasPrefix(ref, typ+".") {
			return true
		}
	}
	return false
}

// byKnownID returns the resources of type typ whose known id is id.
func byKnownID(m *model.Model, typ, id string) []*model.Resource {
	var out []*model.Resource
	for _, x := range m.ByType(typ) {
		if s, ok := x.Attr("id").AsString(); ok && s == id {
			out = append(out, x)
		}
	}
	return out
}

// isKnownFalse reports whether v is a known false boolean.
func isKnownFalse(v *model.Value) bool { return docBool(v) == boolFalse && v.IsSet() }

// joinSorted sorts, de-duplicates and joins strings.
func joinSorted(ss []string) string {
	sort.Strings(ss)
	out := ss[:0]
	for i, s := range ss {
		if i == 0 || s != ss[i-1] {
			out = append(out, s)
		}
	}
	return strings.Join(out, ", ")
}

// Example builders for the rules' Bad and Good HCL.

// exSC renders a security configuration whose configuration is
// jsonencode(body); body is an HCL object written at indentation 2.
func exSC(body string) string {
	return `resource "aws_emr_security_configuration" "example" {
  name          = "example"
  configuration = jsonencode(` + body + `)
}
`
}

// exCluster renders a cluster (using the external security configuration
// "fsi-baseline") with the given extra lines (indented by 2)
// and ec2_attributes lines (indented by 4).
func exCluster(release, extra, ec2 string) string {
	return `resource "aws_emr_cluster" "example" {
  name                   = "example"
  release_label          = "` + release + `"
  service_role           = "arn:aws:iam::111122223333:role/emr-service"
  security_configuration = "fsi-baseline"
  log_uri                = "s3://example-logs/emr/"
` + extra + `
  ec2_attributes {
    instance_profile = "arn:aws:iam::111122223333:instance-profile/emr-ec2"
` + ec2 + `  }

  master_instance_group {
    instance_type = "m5.xlarge"
  }
}
`
}

// exClusterSC is exCluster using the example security configuration.
func exClusterSC(release, extra, ec2 string) string {
	return strings.Replace(exCluster(release, extra, ec2), `"fsi-baseline"`, "aws_emr_security_configuration.example.name", 1)
}

const exSubnet = "    subnet_id        = \"subnet-0123456789abcdef0\"\n"
