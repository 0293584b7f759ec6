package moduleproof

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/ext/typeexpr"
	"github.com/hashicorp/hcl/v2/hclparse"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"
)

// maxDomain bounds the allowed values taken for one variable (an object
// of many enum attributes, a list of many allowed elements): beyond it
// the variable is taken as unconstrained, which is never safe.
const maxDomain = 1024

// Variable is one input variable of the module and what its type and
// validation blocks allow.
type Variable struct {
	Name string
	Type cty.Type
	// Default is the declared default, or cty.NilVal.
	Default cty.Value
	// Allowed is the finite set of values a caller may give, the default
	// included; nil when the variable is unconstrained. A value may hold
	// unknown parts (object attributes nothing restricts), marked as the
	// variable's: see Partial.
	Allowed []cty.Value
	// Partial names the unrestricted attributes of an otherwise
	// enumerated object.
	Partial []string
	// Sensitive variables' defaults are never printed: a witness leaves
	// them out (the caller omits the argument), and so does Allowed in
	// the reports.
	Sensitive bool
	// Why says where the set comes from, or why there is none.
	Why   string
	Range hcl.Range
}

// Constrained reports whether the variable has a finite allowed set.
func (v *Variable) Constrained() bool { return v.Allowed != nil }

var variableSchema = &hcl.BodySchema{
	Attributes: []hcl.AttributeSchema{{Name: "type"}, {Name: "default"}, {Name: "sensitive"}},
	Blocks:     []hcl.BlockHeaderSchema{{Type: "validation"}},
}

var fileSchema = &hcl.BodySchema{Blocks: []hcl.BlockHeaderSchema{{Type: "variable", LabelNames: []string{"name"}}}}

// ReadVariables reads the variable blocks of the module in dir and works
// out each one's allowed values. It picks the files Terraform reads, as
// pkg/hclconfig does (x.tofu over x.tf, override files last); a variable
// an override file declares is taken as unconstrained, whatever it says.
// Files that do not parse are left to the evaluator, which reports them;
// Prove evaluates the module once, within the evaluator's limits, before
// this parses it.
func ReadVariables(dir string) ([]*Variable, hcl.Diagnostics) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, hcl.Diagnostics{{Severity: hcl.DiagError, Summary: "Cannot read module directory", Detail: err.Error()}}
	}
	parser := hclparse.NewParser()
	byName := map[string]*Variable{}
	var diags hcl.Diagnostics
	for _, e := range entries {
		n := e.Name()
		if strings.HasPrefix(n, ".") || strings.HasPrefix(n, "#") || strings.HasSuffix(n, "~") {
			continue
		}
		path := filepath.Join(dir, n)
		if st, err := os.Stat(path); err != nil || !st.Mode().IsRegular() {
			continue
		}
		var base string
		json := false
		switch {
		case strings.HasSuffix(n, ".tf.json"):
			base, json = strings.TrimSuffix(n, ".tf.json"), true
			if _, err := os.Stat(filepath.Join(dir, base+".tofu.json")); err == nil {
				continue
			}
		case strings.HasSuffix(n, ".tf"):
			base = strings.TrimSuffix(n, ".tf")
			if _, err := os.Stat(filepath.Join(dir, base+".tofu")); err == nil {
				continue
			}
		case strings.HasSuffix(n, ".tofu.json"):
			base, json = strings.TrimSuffix(n, ".tofu.json"), true
		case strings.HasSuffix(n, ".tofu"):
			base = strings.TrimSuffix(n, ".tofu")
		default:
			continue
		}
		override := base == "override" || strings.HasSuffix(base, "_override")
		var f *hcl.File
		var d hcl.Diagnostics
		if json {
			f, d = parser.ParseJSONFile(path)
		} else {
			f, d = parser.ParseHCLFile(path)
		}
		if d.HasErrors() || f == nil {
			continue
		}
		content, _, _ := f.Body.PartialContent(fileSchema)
		for _, b := range content.Blocks {
			v, d := readVariable(b)
			diags = append(diags, d...)
			prev, declared := byName[v.Name]
			switch {
			case override && declared:
				prev.Allowed, prev.Partial = nil, nil
				prev.Why = "an override file changes its declaration"
				if v.Type != cty.DynamicPseudoType {
					prev.Type = v.Type
				}
			case override:
				v.Allowed, v.Partial = nil, nil
				v.Why = "an override file declares it"
				byName[v.Name] = v
			case !declared:
				byName[v.Name] = v
			}
		}
	}
	out := make([]*Variable, 0, len(byName))
	for _, v := range byName {
		out = append(out, v)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out, diags
}

func readVariable(b *hcl.Block) (*Variable, hcl.Diagnostics) {
	v := &Variable{Name: b.Labels[0], Type: cty.DynamicPseudoType, Range: b.DefRange}
	content, _, diags := b.Body.PartialContent(variableSchema)
	if a, ok := content.Attributes["type"]; ok {
		if ty, d := typeexpr.TypeConstraint(a.Expr); !d.HasErrors() {
			v.Type = ty
		}
	}
	if a, ok := content.Attributes["default"]; ok {
		if val, d := a.Expr.Value(nil); !d.HasErrors() && val.IsWhollyKnown() {
			if cv, err := convert.Convert(val, v.Type); err == nil {
				v.Default = cv
			}
		}
	}
	if a, ok := content.Attributes["sensitive"]; ok {
		val, d := a.Expr.Value(nil)
		// Anything but a literal false is taken as sensitive.
		v.Sensitive = d.HasErrors() || !val.IsKnown() || val.IsNull() || val.Type() != cty.Bool || val.True()
	}
	cons := constraints{}
	var conds []hcl.Expression
	for _, vb := range content.Blocks {
		attrs, _ := vb.Body.JustAttributes()
		if a, ok := attrs["condition"]; ok {
			conds = append(conds, a.Expr)
		}
	}
	understood := 0
	for _, c := range conds {
		sx, ok := c.(hclsyntax.Expression)
		if !ok {
			continue // JSON syntax: not analysed
		}
		if cs, ok := analyse(sx, "var", v.Name); ok {
			cons.and(cs)
			understood++
		}
	}
	allowed, partial, why := domain(v.Type, "", cons, v.Name)
	switch {
	case allowed == nil && len(conds) > 0 && understood == 0:
		v.Why = "its validation is not one tfemrcheck can enumerate"
	case allowed == nil:
		v.Why = why
	default:
		v.Why = why
		v.Partial = partial
		if v.Default != cty.NilVal && !containsValue(allowed, v.Default) {
			allowed = append([]cty.Value{v.Default}, allowed...)
		}
		v.Allowed = allowed
	}
	return v, diags
}

// constraints maps a path below the variable ("" the variable, ".mode" an
// attribute, "[]" every element) to the values allowed there.
type constraints map[string][]cty.Value

// and keeps, at each path, the values both allow.
func (c constraints) and(o constraints) {
	for p, vs := range o {
		old, ok := c[p]
		if !ok {
			c[p] = vs
			continue
		}
		var keep []cty.Value
		for _, v := range old {
			if containsValue(vs, v) {
				keep = append(keep, v)
			}
		}
		c[p] = keep
	}
}

// analyse derives what a validation condition allows. ok is false when
// the condition is not understood: the caller then takes it as allowing
// anything, never as safe. Conjuncts that are not understood are dropped,
// which only widens the set.
func analyse(e hclsyntax.Expression, root, name string) (constraints, bool) {
	switch x := e.(type) {
	case *hclsyntax.ParenthesesExpr:
		return analyse(x.Expression, root, name)
	case *hclsyntax.BinaryOpExpr:
		switch x.Op {
		case hclsyntax.OpLogicalOr:
			l, lok := analyse(x.LHS, root, name)
			r, rok := analyse(x.RHS, root, name)
			if !lok || !rok || len(l) != 1 || len(r) != 1 {
				return nil, false
			}
			for p, lv := range l {
				rv, same := r[p]
				if !same {
					return nil, false
				}
				out := append([]cty.Value{}, lv...)
				for _, v := range rv {
					if !containsValue(out, v) {
						out = append(out, v)
					}
				}
				return constraints{p: out}, true
			}
		case hclsyntax.OpLogicalAnd:
			l, lok := analyse(x.LHS, root, name)
			r, rok := analyse(x.RHS, root, name)
			switch {
			case lok && rok:
				l.and(r)
				return l, true
			case lok:
				return l, true
			case rok:
				return r, true
			}
			return nil, false
		case hclsyntax.OpEqual:
			if p, ok := pathOf(x.LHS, root, name); ok {
				if v, ok := literal(x.RHS); ok {
					return constraints{p: {v}}, true
				}
			}
			if p, ok := pathOf(x.RHS, root, name); ok {
				if v, ok := literal(x.LHS); ok {
					return constraints{p: {v}}, true
				}
			}
		}
	case *hclsyntax.FunctionCallExpr:
		switch x.Name {
		case "contains":
			if len(x.Args) != 2 || x.ExpandFinal {
				return nil, false
			}
			p, ok := pathOf(x.Args[1], root, name)
			if !ok {
				return nil, false
			}
			list, ok := literal(x.Args[0])
			if !ok || !(list.Type().IsTupleType() || list.Type().IsListType() || list.Type().IsSetType()) || list.LengthInt() > maxDomain {
				return nil, false
			}
			var vs []cty.Value
			for it := list.ElementIterator(); it.Next(); {
				_, ev := it.Element()
				vs = append(vs, ev)
			}
			return constraints{p: vs}, true
		case "can":
			if len(x.Args) != 1 {
				return nil, false
			}
			call, ok := x.Args[0].(*hclsyntax.FunctionCallExpr)
			if !ok || call.Name != "regex" || len(call.Args) != 2 {
				return nil, false
			}
			pat, ok := literal(call.Args[0])
			if !ok || pat.Type() != cty.String {
				return nil, false
			}
			p, ok := pathOf(call.Args[1], root, name)
			if !ok {
				return nil, false
			}
			alts, ok := regexAlternatives(pat.AsString())
			if !ok {
				return nil, false
			}
			var vs []cty.Value
			for _, a := range alts {
				vs = append(vs, cty.StringVal(a))
			}
			return constraints{p: vs}, true
		case "alltrue":
			// alltrue([for m in var.x : contains([...], m)])
			if len(x.Args) != 1 {
				return nil, false
			}
			fe, ok := x.Args[0].(*hclsyntax.ForExpr)
			if !ok || fe.KeyExpr != nil || fe.CondExpr != nil {
				return nil, false
			}
			p, ok := pathOf(fe.CollExpr, root, name)
			if !ok {
				return nil, false
			}
			inner, ok := analyse(fe.ValExpr, fe.ValVar, "")
			if !ok {
				return nil, false
			}
			out := constraints{}
			for ip, vs := range inner {
				out[p+"[]"+ip] = vs
			}
			return out, true
		}
	}
	return nil, false
}

// pathOf returns the path of a reference to var.NAME (or, with name "",
// to the iteration variable root), with attribute steps only.
func pathOf(e hclsyntax.Expression, root, name string) (string, bool) {
	if p, ok := e.(*hclsyntax.ParenthesesExpr); ok {
		return pathOf(p.Expression, root, name)
	}
	st, ok := e.(*hclsyntax.ScopeTraversalExpr)
	if !ok || st.Traversal.RootName() != root {
		return "", false
	}
	steps := st.Traversal[1:]
	if name != "" {
		if len(steps) == 0 {
			return "", false
		}
		a, ok := steps[0].(hcl.TraverseAttr)
		if !ok || a.Name != name {
			return "", false
		}
		steps = steps[1:]
	}
	var b strings.Builder
	for _, s := range steps {
		a, ok := s.(hcl.TraverseAttr)
		if !ok {
			return "", false
		}
		b.WriteString("." + a.Name)
	}
	return b.String(), true
}

// literal evaluates an expression that refers to nothing.
func literal(e hclsyntax.Expression) (cty.Value, bool) {
	if len(e.Variables()) > 0 {
		return cty.NilVal, false
	}
	if containsCall(e) {
		return cty.NilVal, false
	}
	v, d := e.Value(nil)
	if d.HasErrors() || !v.IsWhollyKnown() {
		return cty.NilVal, false
	}
	return v, true
}

// containsCall reports whether e calls a function (which a nil context
// cannot evaluate anyway; checked so that no function is ever run here).
func containsCall(e hclsyntax.Expression) bool {
	found := false
	_ = hclsyntax.VisitAll(e, func(n hclsyntax.Node) hcl.Diagnostics {
		if _, ok := n.(*hclsyntax.FunctionCallExpr); ok {
			found = true
		}
		return nil
	})
	return found
}

// regexAlternatives reads "^(a|b|c)$", "^(?:a|b)$", "^a$" or "^a$|^b$"
// as its literal alternatives; anything with other regular-expression
// syntax is not understood.
func regexAlternatives(p string) ([]string, bool) {
	var alts []string
	if strings.HasPrefix(p, "^") && strings.HasSuffix(p, "$") && !strings.HasSuffix(p, `\$`) {
		body := p[1 : len(p)-1]
		if strings.HasPrefix(body, "(") && strings.HasSuffix(body, ")") {
			inner := strings.TrimPrefix(body[1:len(body)-1], "?:")
			if strings.ContainsAny(inner, "()") {
				return nil, false
			}
			alts = strings.Split(inner, "|")
		} else if strings.Contains(body, "|") {
			for _, a := range strings.Split(p, "|") {
				if !strings.HasPrefix(a, "^") || !strings.HasSuffix(a, "$") {
					return nil, false
				}
				alts = append(alts, a[1:len(a)-1])
			}
		} else {
			alts = []string{body}
		}
	} else {
		return nil, false
	}
	var out []string
	for _, a := range alts {
		lit, ok := regexLiteral(a)
		if !ok {
			return nil, false
		}
		out = append(out, lit)
	}
	return out, len(out) > 0
}

// regexLiteral unescapes a regular expression that matches one string.
func regexLiteral(a string) (string, bool) {
	var b strings.Builder
	for i := 0; i < len(a); i++ {
		c := a[i]
		switch {
		case c == '\\':
			if i+1 >= len(a) || !strings.ContainsRune(`.+*?()|[]{}^$\-/`, rune(a[i+1])) {
				return "", false
			}
			i++
			b.WriteByte(a[i])
		case strings.ContainsRune(`.+*?()|[]{}^$`, rune(c)):
			return "", false
		default:
			b.WriteByte(c)
		}
	}
	return b.String(), true
}

// domain is the finite set of values of type ty at path that the
// constraints and the type allow, or nil. partial names the attributes
// left unknown inside an enumerated object.
func domain(ty cty.Type, path string, cons constraints, name string) (vals []cty.Value, partial []string, why string) {
	if vs, ok := cons[path]; ok {
		var out []cty.Value
		for _, v := range vs {
			cv, err := convert.Convert(v, ty)
			if err != nil {
				return nil, nil, fmt.Sprintf("its validation allows %s, which is not of its type", "a value")
			}
			if !containsValue(out, cv) {
				out = append(out, cv)
			}
		}
		if len(out) == 0 {
			return nil, nil, "its validation allows no value"
		}
		return out, nil, "its validation lists the allowed values"
	}
	switch {
	case ty == cty.Bool:
		return []cty.Value{cty.False, cty.True}, nil, "it is a bool"
	case ty.IsObjectType():
		names := make([]string, 0, len(ty.AttributeTypes()))
		for n := range ty.AttributeTypes() {
			names = append(names, n)
		}
		sort.Strings(names)
		combos := []map[string]cty.Value{{}}
		enumerated := 0
		for _, n := range names {
			at := ty.AttributeType(n)
			vs, sub, _ := domain(at, path+"."+n, cons, name)
			if vs == nil {
				partial = append(partial, strings.TrimPrefix(path+"."+n, "."))
				vs = []cty.Value{unknownInput(at, name)}
			} else {
				enumerated++
				partial = append(partial, sub...)
			}
			if len(combos)*len(vs) > maxDomain {
				return nil, nil, "too many combinations of allowed attribute values"
			}
			var next []map[string]cty.Value
			for _, c := range combos {
				for _, v := range vs {
					m := make(map[string]cty.Value, len(c)+1)
					for k, x := range c {
						m[k] = x
					}
					m[n] = v
					next = append(next, m)
				}
			}
			combos = next
		}
		if enumerated == 0 {
			return nil, nil, "nothing restricts its attributes"
		}
		for _, c := range combos {
			vals = append(vals, cty.ObjectVal(c))
		}
		return vals, partial, "its attributes' validations or types list the allowed values"
	case ty.IsListType() || ty.IsSetType():
		elems, sub, _ := domain(ty.ElementType(), path+"[]", cons, name)
		if elems == nil || len(sub) > 0 || len(elems) > 10 {
			return nil, nil, "nothing restricts its elements to a short list"
		}
		// Every subset of the allowed elements, in the listed order.
		n := len(elems)
		if 1<<n > maxDomain {
			return nil, nil, "too many combinations of allowed elements"
		}
		for mask := 0; mask < 1<<n; mask++ {
			var pick []cty.Value
			for i := 0; i < n; i++ {
				if mask&(1<<i) != 0 {
					pick = append(pick, elems[i])
				}
			}
			switch {
			case len(pick) == 0 && ty.IsListType():
				vals = append(vals, cty.ListValEmpty(ty.ElementType()))
			case len(pick) == 0:
				vals = append(vals, cty.SetValEmpty(ty.ElementType()))
			case ty.IsListType():
				vals = append(vals, cty.ListVal(pick))
			default:
				vals = append(vals, cty.SetVal(pick))
			}
		}
		return vals, nil, "its validation lists the allowed elements"
	}
	return nil, nil, "neither its type nor a validation block restricts it to a list of values"
}

func containsValue(vs []cty.Value, v cty.Value) bool {
	for _, x := range vs {
		if x.RawEquals(v) {
			return true
		}
	}
	return false
}
