package hclconfig

import (
	"fmt"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"
	"github.com/zclconf/go-cty/cty/function"
)

// HCL's JSON syntax parses a string as a template only inside
// Value(ctx), so the for expressions of a .tf.json string
// ("%{for …}", "${[for …]}") never reach instrument: the loader does not
// see their syntax tree. budgetedJSONBody wraps the body of a .tf.json
// file so that every expression it hands out evaluates such a string
// itself, with HCL's parse, instrumented, and the rest exactly as HCL
// does. HCL offers no hook for this (the JSON syntax tree is private), so
// the evaluation of arrays and objects holding such a string is
// reproduced here from hcl/v2/json's (*expression).Value; everything else
// is delegated to HCL.

// budgetedJSONBody is an hcl.Body of a .tf.json file whose attribute
// expressions (nested blocks' included) count the iterations of the for
// expressions in their strings against a budget.
type budgetedJSONBody struct {
	body   hcl.Body
	budget *budget
}

var _ hcl.Body = (*budgetedJSONBody)(nil)

// budgetJSON wraps body, the body of a .tf.json or .tfvars.json file.
func budgetJSON(body hcl.Body, b *budget) hcl.Body {
	if body == nil {
		return nil
	}
	return &budgetedJSONBody{body: body, budget: b}
}

func (j *budgetedJSONBody) Content(schema *hcl.BodySchema) (*hcl.BodyContent, hcl.Diagnostics) {
	c, diags := j.body.Content(schema)
	return j.content(c), diags
}

func (j *budgetedJSONBody) PartialContent(schema *hcl.BodySchema) (*hcl.BodyContent, hcl.Body, hcl.Diagnostics) {
	c, rest, diags := j.body.PartialContent(schema)
	return j.content(c), budgetJSON(rest, j.budget), diags
}

func (j *budgetedJSONBody) JustAttributes() (hcl.Attributes, hcl.Diagnostics) {
	attrs, diags := j.body.JustAttributes()
	return j.attributes(attrs), diags
}

func (j *budgetedJSONBody) MissingItemRange() hcl.Range { return j.body.MissingItemRange() }

// content returns a copy of c with its attributes and blocks wrapped.
func (j *budgetedJSONBody) content(c *hcl.BodyContent) *hcl.BodyContent {
	if c == nil {
		return nil
	}
	out := *c
	out.Attributes = j.attributes(c.Attributes)
	if c.Blocks != nil {
		out.Blocks = make(hcl.Blocks, len(c.Blocks))
		for i, blk := range c.Blocks {
			nb := *blk
			nb.Body = budgetJSON(blk.Body, j.budget)
			out.Blocks[i] = &nb
		}
	}
	return &out
}

// attributes returns a copy of attrs with each expression wrapped.
func (j *budgetedJSONBody) attributes(attrs hcl.Attributes) hcl.Attributes {
	if attrs == nil {
		return nil
	}
	out := make(hcl.Attributes, len(attrs))
	for name, a := range attrs {
		na := *a
		na.Expr = &budgetedJSONExpr{orig: a.Expr, budget: j.budget}
		out[name] = &na
	}
	return out
}

// budgetedJSONExpr is an expression of a .tf.json file whose for
// expressions in strings are counted (see budgetedJSONBody). Everything
// but Value is the original's; hcl.ExprList, hcl.ExprMap,
// hcl.AbsTraversalForExpr and the like reach the original through
// UnwrapExpression.
type budgetedJSONExpr struct {
	orig   hcl.Expression
	budget *budget
}

var _ hcl.Expression = (*budgetedJSONExpr)(nil)

// UnwrapExpression returns the expression of HCL's JSON syntax.
func (e *budgetedJSONExpr) UnwrapExpression() hcl.Expression { return e.orig }

func (e *budgetedJSONExpr) Variables() []hcl.Traversal { return e.orig.Variables() }
func (e *budgetedJSONExpr) Range() hcl.Range           { return e.orig.Range() }
func (e *budgetedJSONExpr) StartRange() hcl.Range      { return e.orig.StartRange() }

// Value is the original's value. Only when a string in it (an object
// key included) holds a for expression is it evaluated here, with that
// string's for expressions charged to the budget; a nil ctx (strings
// verbatim, as Terraform reads a variable default) is always HCL's.
func (e *budgetedJSONExpr) Value(ctx *hcl.EvalContext) (cty.Value, hcl.Diagnostics) {
	if ctx == nil || !jsonHasForTemplate(e.orig) {
		return e.orig.Value(ctx)
	}
	return evalJSONCounted(e.orig, withTick(ctx, e.budget))
}

// jsonList and jsonMap are the methods HCL's JSON expressions have for
// hcl.ExprList and hcl.ExprMap: non-nil for an array and an object.
type jsonList interface{ ExprList() []hcl.Expression }
type jsonMap interface{ ExprMap() []hcl.KeyValuePair }

// jsonString returns the text of a JSON string expression.
func jsonString(expr hcl.Expression) (string, bool) {
	if _, ok := expr.(jsonList); !ok {
		return "", false // not HCL's JSON syntax, whose expressions all have ExprList
	}
	v, diags := expr.Value(nil) // a JSON string comes back verbatim
	if diags.HasErrors() || v.Type() != cty.String || !v.IsKnown() || v.IsNull() {
		return "", false
	}
	return v.AsString(), true
}

// jsonTemplate parses the text of a JSON string expression as HCL does
// in (*expression).Value: from the byte after the opening quote.
func jsonTemplate(src string, rng hcl.Range) (hclsyntax.Expression, hcl.Diagnostics) {
	return hclsyntax.ParseTemplate([]byte(src), rng.Filename, hcl.Pos{
		Line:   rng.Start.Line,
		Byte:   rng.Start.Byte + 1,
		Column: rng.Start.Column + 1,
	})
}

// jsonHasForTemplate reports whether a string in expr, an expression of
// HCL's JSON syntax, parses to a template holding a for expression. Only
// strings with "${" or "%{" can; the rest are not parsed.
func jsonHasForTemplate(expr hcl.Expression) bool {
	if l, ok := expr.(jsonList); ok {
		if elems := l.ExprList(); elems != nil {
			for _, el := range elems {
				if jsonHasForTemplate(el) {
					return true
				}
			}
			return false
		}
	}
	if m, ok := expr.(jsonMap); ok {
		if pairs := m.ExprMap(); pairs != nil {
			for _, kv := range pairs {
				if jsonHasForTemplate(kv.Key) || jsonHasForTemplate(kv.Value) {
					return true
				}
			}
			return false
		}
	}
	s, ok := jsonString(expr)
	if !ok || !strings.Contains(s, "${") && !strings.Contains(s, "%{") {
		return false
	}
	tmpl, diags := jsonTemplate(s, expr.Range())
	if diags.HasErrors() {
		return false // HCL reports the same parse error
	}
	found := false
	_ = hclsyntax.VisitAll(tmpl, func(n hclsyntax.Node) hcl.Diagnostics {
		if _, ok := n.(*hclsyntax.ForExpr); ok {
			found = true
		}
		return nil
	})
	return found
}

// withTick returns ctx, or a child of it holding the budget's tick when
// ctx has none (the loader's contexts all do).
func withTick(ctx *hcl.EvalContext, b *budget) *hcl.EvalContext {
	for c := ctx; c != nil; c = c.Parent() {
		if _, ok := c.Functions[tickFunc]; ok {
			return ctx
		}
	}
	child := ctx.NewChild()
	child.Functions = map[string]function.Function{tickFunc: b.tick()}
	return child
}

// evalJSONCounted evaluates expr, an expression of HCL's JSON syntax,
// as (*expression).Value does, but with the for expressions of its
// strings instrumented. A part without such a string is HCL's own
// evaluation.
func evalJSONCounted(expr hcl.Expression, ctx *hcl.EvalContext) (cty.Value, hcl.Diagnostics) {
	if !jsonHasForTemplate(expr) {
		return expr.Value(ctx)
	}
	if l, ok := expr.(jsonList); ok {
		if elems := l.ExprList(); elems != nil {
			var diags hcl.Diagnostics
			vals := []cty.Value{}
			for _, el := range elems {
				v, d := evalJSONCounted(el, ctx)
				vals = append(vals, v)
				diags = append(diags, d...)
			}
			return cty.TupleVal(vals), diags
		}
	}
	if m, ok := expr.(jsonMap); ok {
		if pairs := m.ExprMap(); pairs != nil {
			return evalJSONObject(expr, pairs, ctx)
		}
	}
	// Only a string holds a template (jsonHasForTemplate).
	s, _ := jsonString(expr)
	tmpl, diags := jsonTemplate(s, expr.Range())
	if diags.HasErrors() {
		return cty.DynamicVal, diags
	}
	instrument(tmpl)
	v, d := tmpl.Value(ctx)
	return v, append(diags, d...)
}

// evalJSONObject is the object case of (*expression).Value in
// hcl/v2/json: keys are templates too, converted to strings, with HCL's
// diagnostics for a key that is not a string, null or a duplicate, and
// an unknown key makes the whole object unknown.
func evalJSONObject(expr hcl.Expression, pairs []hcl.KeyValuePair, ctx *hcl.EvalContext) (cty.Value, hcl.Diagnostics) {
	var diags hcl.Diagnostics
	attrs := map[string]cty.Value{}
	attrRanges := map[string]hcl.Range{}
	known := true
	for _, kv := range pairs {
		nameRange := kv.Key.Range()
		name, nameDiags := evalJSONCounted(kv.Key, ctx)
		val, valDiags := evalJSONCounted(kv.Value, ctx)
		diags = append(diags, nameDiags...)
		diags = append(diags, valDiags...)

		var err error
		name, err = convert.Convert(name, cty.String)
		if err != nil {
			diags = append(diags, &hcl.Diagnostic{
				Severity:    hcl.DiagError,
				Summary:     "Invalid object key expression",
				Detail:      fmt.Sprintf("Cannot use this expression as an object key: %s.", err),
				Subject:     &nameRange,
				Expression:  kv.Value,
				EvalContext: ctx,
			})
			continue
		}
		if name.IsNull() {
			diags = append(diags, &hcl.Diagnostic{
				Severity:    hcl.DiagError,
				Summary:     "Invalid object key expression",
				Detail:      "Cannot use null value as an object key.",
				Subject:     &nameRange,
				Expression:  kv.Value,
				EvalContext: ctx,
			})
			continue
		}
		if !name.IsKnown() {
			known = false
			continue
		}
		nameStr := name.AsString()
		if _, defined := attrs[nameStr]; defined {
			diags = append(diags, &hcl.Diagnostic{
				Severity:    hcl.DiagError,
				Summary:     "Duplicate object attribute",
				Detail:      fmt.Sprintf("An attribute named %q was already defined at %s.", nameStr, attrRanges[nameStr]),
				Subject:     &nameRange,
				Expression:  expr,
				EvalContext: ctx,
			})
			continue
		}
		attrs[nameStr] = val
		attrRanges[nameStr] = nameRange
	}
	if !known {
		return cty.DynamicVal, diags
	}
	return cty.ObjectVal(attrs), diags
}
