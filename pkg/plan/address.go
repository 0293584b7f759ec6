package plan

import (
	"strconv"
	"strings"
)

// modStep is one step of a module instance path: `module.NAME[KEY]`.
type modStep struct {
	name string
	key  string // the instance key as written, with brackets, or ""
}

// modPath is a module instance path; nil is the root module.
type modPath []modStep

func (p modPath) String() string { return p.join("") }

// join returns the path followed by "." and ref (nothing for ""), built
// in one allocation: references are made absolute for every unknown
// value of every resource.
func (p modPath) join(ref string) string {
	n := 0
	for _, st := range p {
		n += len("module.") + len(st.name) + len(st.key) + 1
	}
	if ref != "" {
		n += len(ref)
	} else if n > 0 {
		n--
	}
	var b strings.Builder
	b.Grow(n)
	for i, st := range p {
		if i > 0 {
			b.WriteByte('.')
		}
		b.WriteString("module.")
		b.WriteString(st.name)
		b.WriteString(st.key)
	}
	if ref != "" {
		if len(p) > 0 {
			b.WriteByte('.')
		}
		b.WriteString(ref)
	}
	return b.String()
}

// names returns the call names without instance keys.
func (p modPath) names() []string {
	out := make([]string, len(p))
	for i, st := range p {
		out[i] = st.name
	}
	return out
}

// child returns p extended by one step.
func (p modPath) child(name, key string) modPath {
	out := make(modPath, len(p), len(p)+1)
	copy(out, p)
	return append(out, modStep{name: name, key: key})
}

// abs returns ref made absolute in module instance p.
func (p modPath) abs(ref string) string {
	if len(p) == 0 {
		return ref
	}
	return p.join(ref)
}

// parseStep parses `module.NAME` with an optional `[KEY]` at the start of
// s and returns the rest of s after it (without the following dot).
func parseStep(s string) (modStep, string, bool) {
	if !strings.HasPrefix(s, "module.") {
		return modStep{}, s, false
	}
	rest := s[len("module."):]
	i := 0
	for i < len(rest) && rest[i] != '.' && rest[i] != '[' {
		i++
	}
	if i == 0 {
		return modStep{}, s, false
	}
	st := modStep{name: rest[:i]}
	rest = rest[i:]
	if strings.HasPrefix(rest, "[") {
		n := indexLen(rest)
		if n == 0 {
			return modStep{}, s, false
		}
		st.key, rest = rest[:n], rest[n:]
	}
	return st, rest, true
}

// indexLen returns the length of the `[...]` index at the start of s
// (a number or a quoted string with escapes), or 0.
func indexLen(s string) int {
	if len(s) < 3 || s[0] != '[' {
		return 0
	}
	if s[1] == '"' {
		for i := 2; i < len(s); i++ {
			switch s[i] {
			case '\\':
				i++
			case '"':
				if i+1 < len(s) && s[i+1] == ']' {
					return i + 2
				}
				return 0
			}
		}
		return 0
	}
	end := strings.IndexByte(s, ']')
	if end < 2 {
		return 0
	}
	return end + 1
}

// splitAddress splits an absolute address into its module instance path
// string and the module-relative rest.
func splitAddress(addr string) (module, rest string) {
	p, rest := splitPath(addr)
	return p.String(), rest
}

// splitPath parses the leading module steps of addr.
func splitPath(addr string) (modPath, string) {
	var p modPath
	rest := addr
	for {
		st, r, ok := parseStep(rest)
		if !ok || (r != "" && r[0] != '.') {
			return p, rest
		}
		p = append(p, st)
		rest = strings.TrimPrefix(r, ".")
		if r == "" {
			return p, ""
		}
	}
}

// parseModulePath parses a module instance address such as
// `module.emr["prod"].module.sec`.
func parseModulePath(addr string) modPath {
	p, _ := splitPath(addr)
	return p
}

// keyValue converts a resource "index" node to model.Resource.Key.
func keyValue(n *node) any {
	if n == nil {
		return nil
	}
	switch n.kind {
	case nNumber:
		if i, err := strconv.Atoi(n.str); err == nil {
			return i
		}
		return n.str
	case nString:
		return n.str
	}
	return nil
}
