package hclconfig

import (
	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

// attrHints returns, per resource ("type.name" or "data.type.name"), the
// attribute names the module reads through references a traversal alone
// does not show: dynamic indexes (aws_x.y[count.index].id), splats
// (aws_x.y[*].id) and for expressions ([for s in aws_x.y : s.id]).
func (mc *moduleConfig) attrHints() map[string]map[string]bool {
	if mc.hints != nil {
		return mc.hints
	}
	h := map[string]map[string]bool{}
	add := func(t hcl.Traversal, attr string) {
		if attr == "" {
			return
		}
		var k string
		if t.RootName() == "data" {
			if len(t) != 3 {
				return
			}
			k = traversalText(t, 3)
		} else {
			if len(t) != 2 {
				return
			}
			k = traversalText(t, 2)
		}
		if h[k] == nil {
			h[k] = map[string]bool{}
		}
		h[k][attr] = true
	}
	visit := func(n hclsyntax.Node) hcl.Diagnostics {
		switch e := n.(type) {
		case *hclsyntax.RelativeTraversalExpr:
			if ix, ok := e.Source.(*hclsyntax.IndexExpr); ok {
				if st, ok := ix.Collection.(*hclsyntax.ScopeTraversalExpr); ok {
					add(st.Traversal, attrName(e.Traversal, 0))
				}
			}
		case *hclsyntax.SplatExpr:
			if st, ok := e.Source.(*hclsyntax.ScopeTraversalExpr); ok {
				if rt, ok := e.Each.(*hclsyntax.RelativeTraversalExpr); ok {
					add(st.Traversal, attrName(rt.Traversal, 0))
				}
			}
		case *hclsyntax.ForExpr:
			st, ok := e.CollExpr.(*hclsyntax.ScopeTraversalExpr)
			if !ok {
				break
			}
			for _, sub := range []hclsyntax.Expression{e.KeyExpr, e.ValExpr, e.CondExpr} {
				if sub == nil {
					continue
				}
				for _, t := range sub.Variables() {
					if t.RootName() == e.ValVar {
						add(st.Traversal, attrName(t, 1))
					}
				}
			}
		}
		return nil
	}
	var walkBody func(b hcl.Body)
	walkBody = func(b hcl.Body) {
		switch x := b.(type) {
		case *hclsyntax.Body:
			_ = hclsyntax.VisitAll(x, visit)
		case *mergedBody:
			walkBody(x.base)
			walkBody(x.over)
		}
	}
	walkExpr := func(e hcl.Expression) {
		if se, ok := e.(hclsyntax.Expression); ok {
			_ = hclsyntax.VisitAll(se, visit)
		}
	}
	for _, r := range mc.resources {
		walkBody(r.body)
	}
	for _, r := range mc.data {
		walkBody(r.body)
	}
	for _, l := range mc.locals {
		walkExpr(l.expr)
	}
	for _, o := range mc.outputs {
		if o.expr != nil {
			walkExpr(o.expr)
		}
	}
	for _, c := range mc.calls {
		for _, a := range c.inputs {
			walkExpr(a.Expr)
		}
		for _, e := range []hcl.Expression{c.count, c.forEach} {
			if e != nil {
				walkExpr(e)
			}
		}
	}
	mc.hints = h
	return h
}
