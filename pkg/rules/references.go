package rules

import (
	"sort"
	"strings"

	"github.com/tfemrcheck/tfemrcheck/pkg/model"
)

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
