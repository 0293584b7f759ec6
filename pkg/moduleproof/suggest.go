package moduleproof

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/zclconf/go-cty/cty"
)

// maxCandidates bounds the values tried for a suggestion.
const maxCandidates = 32

var quoted = regexp.MustCompile(`"([^"\\]{1,64})"`)

// suggest writes the validation block that would settle an unconstrained
// verdict. For a string variable it tries the values the rule's
// remediation and rationale name (and the default), each alone, and lists
// those that pass; the user's own words are the variable's name and the
// rule's remediation.
func (p *prover) suggest(k key, deps, unconstrained []string) string {
	var blocks []string
	for _, name := range unconstrained {
		v := p.vars[name]
		if v == nil {
			continue
		}
		if v.Type != cty.String {
			blocks = append(blocks, fmt.Sprintf("variable %q {\n  validation {\n    condition     = <an expression of var.%s that only the safe values satisfy>\n    error_message = \"%s: value not allowed.\"\n  }\n}", name, name, name))
			continue
		}
		var cands []cty.Value
		addCand := func(c cty.Value) {
			if len(cands) < maxCandidates && !containsValue(cands, c) {
				cands = append(cands, c)
			}
		}
		if v.Default != cty.NilVal && v.Default.Type() == cty.String && !v.Default.IsNull() {
			addCand(v.Default)
		}
		if r := p.titles[k.rule]; r != nil {
			for _, g := range quoted.FindAllStringSubmatch(r.Remediation+" "+r.Rationale, -1) {
				addCand(cty.StringVal(g[1]))
			}
		}
		for _, r := range p.opts.Rules {
			for _, g := range quoted.FindAllStringSubmatch(r.Remediation+" "+r.Rationale, -1) {
				addCand(cty.StringVal(g[1]))
			}
		}
		// A value is suggested when it passes this rule and fails no rule
		// on the same resource (the other inputs unknown: what they
		// decide is theirs).
		var safe []string
		for _, c := range cands {
			assign := p.combination(deps, 0)
			assign[name] = c
			out := p.eval(assign)
			if out.err != nil {
				continue
			}
			st := out.keys[k]
			if st == nil || !st.present || st.fail || st.indet {
				continue
			}
			clean := true
			for ok, ost := range out.keys {
				if ok.addr == k.addr && ost.fail {
					clean = false
				}
			}
			if clean {
				safe = append(safe, c.AsString())
			}
		}
		list := "<the values that are safe>"
		msg := name + " must be one of the allowed values."
		if len(safe) > 0 {
			vals := make([]cty.Value, len(safe))
			for i, s := range safe {
				vals[i] = cty.StringVal(s)
			}
			list = RenderValue(cty.TupleVal(vals))
			msg = name + " must be one of " + strings.Join(safe, ", ") + "."
		}
		blocks = append(blocks, fmt.Sprintf("variable %q {\n  validation {\n    condition     = contains(%s, var.%s)\n    error_message = %s\n  }\n}",
			name, list, name, RenderValue(cty.StringVal(msg))))
	}
	return strings.Join(blocks, "\n")
}

// RenderValue writes a value as Terraform source, as a caller would write
// it in the module block; unknown parts print as "(any value)".
func RenderValue(v cty.Value) string {
	v, _ = v.UnmarkDeep()
	switch {
	case !v.IsKnown():
		return "(any value)"
	case v.IsNull():
		return "null"
	}
	ty := v.Type()
	switch {
	case ty == cty.String:
		return quoteHCL(v.AsString())
	case ty == cty.Bool:
		if v.True() {
			return "true"
		}
		return "false"
	case ty == cty.Number:
		return v.AsBigFloat().Text('f', -1)
	case ty.IsObjectType() || ty.IsMapType():
		var parts []string
		for it := v.ElementIterator(); it.Next(); {
			k, ev := it.Element()
			name := k.AsString()
			if !hclIdent.MatchString(name) {
				name = quoteHCL(name)
			}
			parts = append(parts, name+" = "+RenderValue(ev))
		}
		if len(parts) == 0 {
			return "{}"
		}
		return "{ " + strings.Join(parts, ", ") + " }"
	case ty.IsListType() || ty.IsSetType() || ty.IsTupleType():
		var parts []string
		for it := v.ElementIterator(); it.Next(); {
			_, ev := it.Element()
			parts = append(parts, RenderValue(ev))
		}
		return "[" + strings.Join(parts, ", ") + "]"
	}
	return "(a value)"
}

var hclIdent = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_-]*$`)

// quoteHCL quotes s as an HCL string literal: escapes, and no template
// sequence (${, %{) left active; control characters are escaped so the
// output stays on one line.
func quoteHCL(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for i, r := range s {
		switch {
		case r == '"':
			b.WriteString(`\"`)
		case r == '\\':
			b.WriteString(`\\`)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\t':
			b.WriteString(`\t`)
		case (r == '$' || r == '%') && strings.HasPrefix(s[i+1:], "{"):
			b.WriteRune(r)
			b.WriteRune(r)
		case r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) || r == 0x2028 || r == 0x2029 ||
			r == 0x200e || r == 0x200f || (r >= 0x202a && r <= 0x202e) || (r >= 0x2066 && r <= 0x2069):
			fmt.Fprintf(&b, `\u%04X`, r)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}
