package hclconfig

import (
	"fmt"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"

	"github.com/tfemrcheck/tfemrcheck/pkg/model"
)

// redactDiags keeps secrets out of diagnostics, as Terraform does: a
// diagnostic about an expression whose value is sensitive, or located in
// the expression of a sensitive attribute (kdc_admin_password, ...), loses
// its detail, which may quote the value or the source text. So does one
// about an expression that involves a tainted value (read from a file or
// the environment), which may be a secret of the machine.
func (l *loader) redactDiags(diags hcl.Diagnostics) hcl.Diagnostics {
	var args []sensitiveArg
	var all []*hclsyntax.Attribute
	for _, f := range l.parser.Files() {
		if body, ok := f.Body.(*hclsyntax.Body); ok {
			args = sensitiveArgs(body, args)
			all = allAttributes(body, all)
		}
	}
	for _, d := range diags {
		if d == nil {
			continue
		}
		if name, ok := inSensitive(d.Subject, args); ok {
			d.Detail = fmt.Sprintf("The expression of the sensitive argument %q is not valid; its text and value are not shown.", name)
			continue
		}
		if d.EvalContext == nil {
			continue
		}
		// The marks of every value the diagnostic may quote count, not
		// only those of the expression it is attached to: HCL attaches a
		// function's error to one argument (lookup({a = 1}, var.token)
		// names the map) and quotes another. So the whole attribute the
		// diagnostic lies in is looked at too.
		exprs := []hcl.Expression{d.Expression}
		if a := enclosingAttribute(d.Subject, all); a != nil {
			exprs = append(exprs, a.Expr)
		}
		for _, e := range exprs {
			if e == nil {
				continue
			}
			if exprIsSensitive(e, d.EvalContext) {
				d.Detail = "The expression involves a sensitive value, so the detail is not shown."
				break
			}
			if src := exprTaint(e, d.EvalContext); src != "" {
				d.Detail = fmt.Sprintf("The expression involves a value read from %s, so the detail is not shown.", src)
				break
			}
		}
	}
	return diags
}

// sensitiveArg is the expression range of a sensitive argument.
type sensitiveArg struct {
	name string
	rng  hcl.Range
}

// sensitiveArgs appends the sensitive arguments of body, at any depth.
func sensitiveArgs(body *hclsyntax.Body, out []sensitiveArg) []sensitiveArg {
	for name, a := range body.Attributes {
		if model.SensitiveAttributes[name] {
			out = append(out, sensitiveArg{name: name, rng: a.SrcRange})
		}
	}
	for _, b := range body.Blocks {
		out = sensitiveArgs(b.Body, out)
	}
	return out
}

// allAttributes appends the attributes of body, at any depth.
func allAttributes(body *hclsyntax.Body, out []*hclsyntax.Attribute) []*hclsyntax.Attribute {
	for _, a := range body.Attributes {
		out = append(out, a)
	}
	for _, b := range body.Blocks {
		out = allAttributes(b.Body, out)
	}
	return out
}

// enclosingAttribute is the innermost attribute whose expression holds
// subject, or nil.
func enclosingAttribute(subject *hcl.Range, attrs []*hclsyntax.Attribute) *hclsyntax.Attribute {
	if subject == nil {
		return nil
	}
	var best *hclsyntax.Attribute
	for _, a := range attrs {
		r := a.Expr.Range()
		if r.Filename == subject.Filename && r.ContainsOffset(subject.Start.Byte) {
			if best == nil || r.End.Byte-r.Start.Byte < best.Expr.Range().End.Byte-best.Expr.Range().Start.Byte {
				best = a
			}
		}
	}
	return best
}

// inSensitive reports whether subject lies within a sensitive argument,
// and which.
func inSensitive(subject *hcl.Range, args []sensitiveArg) (string, bool) {
	if subject == nil {
		return "", false
	}
	for _, a := range args {
		if a.rng.Filename == subject.Filename && a.rng.ContainsOffset(subject.Start.Byte) {
			return a.name, true
		}
	}
	return "", false
}

// exprIsSensitive evaluates a diagnostic's expression again and reports
// whether any part of its value is marked sensitive.
func exprIsSensitive(expr hcl.Expression, ctx *hcl.EvalContext) (sensitive bool) {
	defer func() {
		if recover() != nil {
			sensitive = true // when in doubt, hide
		}
	}()
	if exprReferencesSensitive(expr, ctx) {
		return true
	}
	v, _ := expr.Value(ctx)
	return deepMarks(v).sensitive
}

// exprReferencesSensitive reports whether a variable the expression
// refers to holds a sensitive value (the expression itself may fail).
func exprReferencesSensitive(expr hcl.Expression, ctx *hcl.EvalContext) bool {
	for _, tr := range expr.Variables() {
		v, diags := tr.TraverseAbs(ctx)
		if !diags.HasErrors() && deepMarks(v).sensitive {
			return true
		}
	}
	return false
}

// redactValueDiags hides the detail of diagnostics about a value taken
// from the environment: it may quote the value, which may be a secret.
func redactValueDiags(diags hcl.Diagnostics, from string) hcl.Diagnostics {
	for _, d := range diags {
		if d != nil {
			d.Detail = fmt.Sprintf("The value of %s is not valid for its type; the value is not shown because it comes from the environment.", from)
		}
	}
	return diags
}

// maxTaintCalls bounds the file-reading calls exprTaint evaluates again
// for one diagnostic.
const maxTaintCalls = 16

// exprTaint returns the source of the first taint in a diagnostic's
// expression, or "" when none: the values of the variables it refers to,
// its own value, and the value of each file-reading call in it (a failed
// call yields an unmarked unknown, so the whole value alone does not
// tell). A panic counts as tainted: when in doubt, hide.
func exprTaint(expr hcl.Expression, ctx *hcl.EvalContext) (src string) {
	defer func() {
		if recover() != nil {
			src = "outside the configuration"
		}
	}()
	for _, tr := range expr.Variables() {
		if v, diags := tr.TraverseAbs(ctx); !diags.HasErrors() {
			if t := deepMarks(v).taint; t != "" {
				return t
			}
		}
	}
	v, _ := expr.Value(ctx)
	if t := deepMarks(v).taint; t != "" {
		return t
	}
	se, ok := expr.(hclsyntax.Expression)
	if !ok {
		return ""
	}
	n := 0
	_ = hclsyntax.VisitAll(se, func(node hclsyntax.Node) hcl.Diagnostics {
		fc, ok := node.(*hclsyntax.FunctionCallExpr)
		if !ok || src != "" || !fileCalls[strings.TrimPrefix(fc.Name, "core::")] {
			return nil
		}
		if n++; n > maxTaintCalls {
			src = "a file"
			return nil
		}
		if v, _ := fc.Value(ctx); v != cty.NilVal {
			src = deepMarks(v).taint
		}
		return nil
	})
	return src
}
