package hclconfig

import (
	"strconv"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
)

// stepText renders one traversal step as Terraform prints it.
func stepText(s hcl.Traverser) string {
	switch x := s.(type) {
	case hcl.TraverseRoot:
		return x.Name
	case hcl.TraverseAttr:
		return "." + x.Name
	case hcl.TraverseIndex:
		return "[" + keyText(x.Key) + "]"
	case hcl.TraverseSplat:
		return "[*]"
	}
	return ""
}

// keyText renders an instance key: [0] or ["name"].
func keyText(k cty.Value) string {
	k, _ = k.Unmark()
	if !k.IsKnown() || k.IsNull() {
		return "?"
	}
	switch k.Type() {
	case cty.Number:
		return numberText(k)
	case cty.String:
		return strconv.Quote(k.AsString())
	}
	return "?"
}

// traversalText renders the first n steps of t (all when n <= 0 or n is
// larger than the traversal).
func traversalText(t hcl.Traversal, n int) string {
	if n <= 0 || n > len(t) {
		n = len(t)
	}
	var b strings.Builder
	for _, s := range t[:n] {
		b.WriteString(stepText(s))
	}
	return b.String()
}

// attrName returns the name of the attribute step at i, or "".
func attrName(t hcl.Traversal, i int) string {
	if i >= len(t) {
		return ""
	}
	if a, ok := t[i].(hcl.TraverseAttr); ok {
		return a.Name
	}
	return ""
}

// subjectLen returns how many steps of a reference to a resource-like
// object (starting at step start, the object name) name one attribute:
// the name, an optional static index and the attribute.
func subjectLen(t hcl.Traversal, start int) int {
	n := start + 1
	if n < len(t) {
		if _, ok := t[n].(hcl.TraverseIndex); ok {
			n++
		}
	}
	if n < len(t) {
		if _, ok := t[n].(hcl.TraverseAttr); ok {
			n++
		}
	}
	if n > len(t) {
		n = len(t)
	}
	return n
}

// refStrings renders the references of expr as the plan's configuration
// section does: module-relative, each expanded to its significant
// prefixes.
func (in *instance) refStrings(expr hcl.Expression) []string {
	var out []string
	add := func(s string) {
		for _, x := range out {
			if x == s {
				return
			}
		}
		out = append(out, s)
	}
	for _, t := range hcl.UnwrapExpression(expr).Variables() {
		root := t.RootName()
		switch root {
		case "var", "local", "each", "count", "path", "terraform", "self":
			if len(t) >= 2 {
				add(traversalText(t, 2))
			}
		case "module":
			n := subjectLen(t, 1)
			add(traversalText(t, n))
			if n > 3 || (n == 3 && isIndex(t[2])) {
				add(traversalText(t, n-1))
			}
			add(traversalText(t, 2))
		case "data":
			n := subjectLen(t, 2)
			for i := n; i >= 3; i-- {
				add(traversalText(t, i))
			}
		default:
			if !in.isResourceType(root) {
				continue
			}
			n := subjectLen(t, 1)
			for i := n; i >= 2; i-- {
				add(traversalText(t, i))
			}
		}
	}
	return out
}

func isIndex(s hcl.Traverser) bool {
	_, ok := s.(hcl.TraverseIndex)
	return ok
}

// isResourceType reports whether some managed resource in the module has
// type t.
func (in *instance) isResourceType(t string) bool {
	for _, r := range in.cfg.resources {
		if r.typ == t {
			return true
		}
	}
	return false
}

// hasFunctionCall reports whether a native expression calls a function.
func hasFunctionCall(e hcl.Expression) bool {
	se, ok := e.(hclsyntax.Expression)
	if !ok {
		return false
	}
	found := false
	_ = hclsyntax.VisitAll(se, func(n hclsyntax.Node) hcl.Diagnostics {
		if _, ok := n.(*hclsyntax.FunctionCallExpr); ok {
			found = true
		}
		return nil
	})
	return found
}

// isConstant reports whether expr is a literal in the source, or a
// variable whose value is a literal written in the code (a default that
// nothing overrides, or a literal module argument).
func (in *instance) isConstant(expr hcl.Expression) bool {
	return in.isConstantDepth(expr, 0)
}

func (in *instance) isConstVar(name string, depth int) bool {
	v, ok := in.cfg.variables[name]
	if !ok || depth > 64 {
		return false
	}
	if in.parent == nil {
		return v.def != nil && !in.l.rootVars[name].given
	}
	if a, ok := in.call.inputs[name]; ok {
		return in.parent.isConstantDepth(a.Expr, depth+1)
	}
	return v.def != nil
}

func (in *instance) isConstantDepth(expr hcl.Expression, depth int) bool {
	u := hcl.UnwrapExpression(expr)
	if len(u.Variables()) == 0 {
		return !hasFunctionCall(u)
	}
	if w, ok := u.(*hclsyntax.TemplateWrapExpr); ok {
		u = w.Wrapped
	}
	st, ok := u.(*hclsyntax.ScopeTraversalExpr)
	if !ok || len(st.Traversal) != 2 || st.Traversal.RootName() != "var" {
		return false
	}
	return in.isConstVar(attrName(st.Traversal, 1), depth)
}
