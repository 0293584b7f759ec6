package plan

import (
	"sort"
	"strings"

	"github.com/tfemrcheck/tfemrcheck/pkg/model"
)

// contextual reference roots that never block a value in a plan.
var contextual = []string{"each.", "count.", "self.", "path.", "terraform."}

// reduce drops contextual references and every reference that is a
// prefix of a longer one in the list ("aws_kms_key.k" when
// "aws_kms_key.k.arn" is there), keeping order and dropping duplicates.
func reduce(refs []string) []string {
	var out []string
outer:
	for i, r := range refs {
		for _, c := range contextual {
			if strings.HasPrefix(r, c) || r == strings.TrimSuffix(c, ".") {
				continue outer
			}
		}
		for j, s := range refs {
			if j != i && len(s) > len(r) && strings.HasPrefix(s, r) && (s[len(r)] == '.' || s[len(r)] == '[') {
				continue outer
			}
		}
		if !contains(out, r) {
			out = append(out, r)
		}
	}
	return out
}

// refName returns the first name after a root such as "var." or an
// output name: "x" from "x.y" or "x[0]".
func refName(s string) string {
	if i := strings.IndexAny(s, ".["); i >= 0 {
		return s[:i]
	}
	return s
}

// resolve turns module-relative references made in module instance inst
// into module-absolute ones, following input variables to the module
// call's argument in the parent and module outputs into the child module.
// Root variables are dropped (their values are known in a plan), and so
// are child variables left to their default. The result is sorted and
// reduced to the most specific reference of each family.
func (d *document) resolve(refs []string, inst modPath, depth int) []string {
	var out []string
	for _, r := range reduce(refs) {
		for _, a := range d.resolveOne(r, inst, depth) {
			if !contains(out, a) {
				out = append(out, a)
			}
		}
	}
	out = reduce(out)
	sort.Strings(out)
	return out
}

func (d *document) resolveOne(ref string, inst modPath, depth int) []string {
	if depth > maxResolveDepth {
		return []string{inst.abs(ref)}
	}
	switch {
	case strings.HasPrefix(ref, "var."):
		if len(inst) == 0 {
			return nil
		}
		name := refName(strings.TrimPrefix(ref, "var."))
		parent := inst[:len(inst)-1]
		call := d.configModule(parent).callNamed(inst[len(inst)-1].name)
		if call == nil {
			return []string{inst.abs(ref)}
		}
		arg := call.expressions.get(name)
		if arg == nil {
			return nil // the default is used
		}
		return d.resolve(arg.get("references").strings(), parent, depth+1)
	case strings.HasPrefix(ref, "module."):
		st, rest, ok := parseStep(ref)
		if !ok || !strings.HasPrefix(rest, ".") {
			return []string{inst.abs(ref)}
		}
		child, ok := d.childInstance(inst, st)
		if !ok {
			return []string{inst.abs(ref)}
		}
		refs, ok := d.configModule(child).outputRefs(refName(rest[1:]))
		if !ok {
			return []string{inst.abs(ref)}
		}
		return d.resolve(refs, child, depth+1)
	}
	return []string{inst.abs(ref)}
}

// callNamed returns a module call, or nil.
func (m *cfgModule) callNamed(name string) *cfgCall {
	if m == nil {
		return nil
	}
	return m.calls[name]
}

// outputRefs returns the references of an output's expression.
func (m *cfgModule) outputRefs(name string) ([]string, bool) {
	if m == nil {
		return nil, false
	}
	refs, ok := m.outputs[name]
	return refs, ok
}

// childInstance picks the instance of module call st made from instance
// inst: the one named by st's key, the only one of a call without count or
// for_each, or the only instance in the plan.
func (d *document) childInstance(inst modPath, st modStep) (modPath, bool) {
	if st.key != "" {
		return inst.child(st.name, st.key), true
	}
	if call := d.configModule(inst).callNamed(st.name); call != nil && !call.repeated {
		return inst.child(st.name, ""), true
	}
	found := d.instancesOf(inst, st.name)
	if len(found) == 1 {
		return found[0], true
	}
	return nil, false
}

// instancesOf lists the instances of module call name under inst that
// hold resources in the input, in address order.
func (d *document) instancesOf(inst modPath, name string) []modPath {
	prefix := inst.String()
	seen := map[string]modPath{}
	for addr := range d.modules {
		p := parseModulePath(addr)
		if len(p) <= len(inst) || p[len(inst)].name != name || p[:len(inst)].String() != prefix {
			continue
		}
		c := p[:len(inst)+1]
		seen[c.String()] = c
	}
	keys := make([]string, 0, len(seen))
	for k := range seen {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	out := make([]modPath, len(keys))
	for i, k := range keys {
		out[i] = seen[k]
	}
	return out
}

// linkByRef resolves a cluster's security_configuration references to the
// absolute address of a security configuration, or "".
func (d *document) linkByRef(c *model.Cluster) string {
	refs, ok := c.Resource.Refs["security_configuration"]
	if !ok {
		return ""
	}
	inst := parseModulePath(c.Resource.Module)
	best, bestLen := "", -1
	for _, a := range d.resolve(refs, inst, 0) {
		mod, rest := splitAddress(a)
		if !strings.HasPrefix(rest, model.TypeSecurityConfiguration+".") {
			continue
		}
		var base string
		switch {
		case strings.HasSuffix(rest, ".name"):
			base = strings.TrimSuffix(rest, ".name")
		case strings.HasSuffix(rest, ".id"):
			base = strings.TrimSuffix(rest, ".id")
		case !strings.Contains(strings.TrimPrefix(rest, model.TypeSecurityConfiguration+"."), "."):
			// The resource as a whole (a splat such as
			// join("", aws_emr_security_configuration.this[*].name)
			// is recorded so): see instanceOf.
			base = rest
		default:
			continue
		}
		if strings.Count(base, ".") != 1 && !strings.Contains(base, "[") {
			continue
		}
		if len(a) > bestLen {
			best, bestLen = parseModulePath(mod).abs(base), len(a)
		}
	}
	return best
}

// instanceOf returns addr when m has a security configuration of that
// address, else the only instance of the resource addr names (a reference
// to a counted resource as a whole, with one instance in the plan), else
// addr.
func instanceOf(m *model.Model, addr string) string {
	if addr == "" || m.Lookup(addr) != nil {
		return addr
	}
	found := ""
	for _, sc := range m.SecurityConfigs {
		if strings.HasPrefix(sc.Address(), addr+"[") {
			if found != "" {
				return addr
			}
			found = sc.Address()
		}
	}
	if found == "" {
		return addr
	}
	return found
}
