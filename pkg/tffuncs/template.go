package tffuncs

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/ext/customdecode"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"
	"github.com/zclconf/go-cty/cty/function"

	"github.com/tfemrcheck/tfemrcheck/pkg/internal/nesting"
	"github.com/tfemrcheck/tfemrcheck/pkg/marks"
	"github.com/tfemrcheck/tfemrcheck/pkg/model"
)

// templateFuncNames are the functions a template may not call: Terraform
// refuses to render templates recursively.
var templateFuncNames = []string{"templatefile", "templatestring", "core::templatefile", "core::templatestring"}

// templateFunctions is the table a template sees: the module's, with the
// template functions replaced by ones that refuse.
func templateFunctions(fns map[string]function.Function) map[string]function.Function {
	out := make(map[string]function.Function, len(fns)+4)
	for n, f := range fns {
		out[n] = f
	}
	for _, n := range templateFuncNames {
		name := n
		f, ok := fns[name]
		if !ok {
			f = fns["templatefile"]
		}
		out[name] = function.New(&function.Spec{
			Params:   f.Params(),
			VarParam: f.VarParam(),
			Type: func([]cty.Value) (cty.Type, error) {
				return cty.NilType, fmt.Errorf("cannot recursively call %s from inside another template function", name)
			},
		})
	}
	return out
}

// renderTemplate evaluates a parsed template with vars (a known map or
// object) as its only variables. taint names where the template's text was
// read from ("file x.tftpl"), or is empty: a template read from a file may
// hold anything (a token in a .env file), so then errors name what the
// template refers to only when it looks like a name, and report its
// diagnostics by summary and position, never quoting it.
func renderTemplate(expr hcl.Expression, src []byte, vars cty.Value, fns map[string]function.Function, taint string) (cty.Value, error) {
	ty := vars.Type()
	if !(ty.IsMapType() || ty.IsObjectType()) {
		return cty.DynamicVal, function.NewArgErrorf(1, "invalid vars value: must be a map")
	}
	ctx := &hcl.EvalContext{Variables: vars.AsValueMap(), Functions: templateFunctions(fns)}
	if ctx.Variables == nil {
		ctx.Variables = map[string]cty.Value{}
	}
	for _, t := range expr.Variables() {
		root := t.RootName()
		if _, ok := ctx.Variables[root]; !ok {
			key := fmt.Sprintf("%q", root)
			if taint != "" && !model.TaintNameLike(root) {
				key = model.TaintedText(taint)
			}
			return cty.DynamicVal, function.NewArgErrorf(1, "vars map does not contain key %s, referenced at %s", key, t[0].SourceRange())
		}
	}
	v, diags := expr.Value(ctx)
	if diags.HasErrors() {
		return cty.DynamicVal, templateError(taint, src, diags)
	}
	if v.IsNull() {
		return cty.DynamicVal, function.NewArgErrorf(1, "template result cannot be null")
	}
	return v, nil
}

// templateError is the error of a template's diagnostics: as they are
// when the template is not tainted (Terraform's wording). A tainted
// template's diagnostics keep their detail only when it quotes none of the
// template's token-like words (a key, a password); otherwise they are
// reported by summary and position.
func templateError(taint string, source []byte, diags hcl.Diagnostics) error {
	if taint == "" {
		return diags
	}
	var secrets []string
	for _, w := range wordRE.FindAllString(string(source), -1) {
		if !model.TaintNameLike(w) {
			secrets = append(secrets, w)
		}
	}
	var parts []string
	for _, d := range diags {
		if d.Severity != hcl.DiagError {
			continue
		}
		p := d.Summary
		if d.Subject != nil {
			p += fmt.Sprintf(" at line %d, column %d", d.Subject.Start.Line, d.Subject.Start.Column)
		}
		if d.Detail != "" && !containsAny(d.Detail, secrets) {
			p += ": " + strings.TrimSuffix(d.Detail, ".")
		}
		parts = append(parts, p)
	}
	return fmt.Errorf("the template (%s) has errors: %s", taint, strings.Join(parts, "; "))
}

// wordRE is a run of text a secret could be written as.
var wordRE = regexp.MustCompile(`[A-Za-z0-9_.+/=-]{6,}`)

func containsAny(s string, words []string) bool {
	for _, w := range words {
		if strings.Contains(s, w) {
			return true
		}
	}
	return false
}

// templateFileFunc is templatefile: the file is read through Options.FS
// and its result tainted with the file's name. Like Terraform's, its
// result has the type the template produces (a template that is a single
// interpolation returns that value as is).
func (ff fileFuncs) templateFileFunc(fns map[string]function.Function) function.Function {
	load := func(pathArg cty.Value, report bool) (hcl.Expression, []byte, string, cty.Value, error) {
		b, src, blocked, err := ff.read("templatefile", pathArg, cty.DynamicPseudoType, report)
		if err != nil || blocked != cty.NilVal {
			return nil, nil, "", blocked, err
		}
		pv, _ := pathArg.Unmark()
		// Nesting is bounded before parsing: the parser recurses per level.
		if err := nesting.CheckTemplate(b); err != nil {
			return nil, nil, "", cty.NilVal, fmt.Errorf("the template (file %s) %w", src, err)
		}
		expr, diags := hclsyntax.ParseTemplate(b, pv.AsString(), hcl.Pos{Line: 1, Column: 1})
		if diags.HasErrors() {
			return nil, nil, "", cty.NilVal, templateError("file "+src, b, diags)
		}
		if ff.opts.ParsedTemplate != nil {
			ff.opts.ParsedTemplate(expr)
		}
		return expr, b, src, cty.NilVal, nil
	}
	return function.New(&function.Spec{
		Params: []function.Parameter{
			{Name: "path", Type: cty.String, AllowMarked: true},
			{Name: "vars", Type: cty.DynamicPseudoType},
		},
		Type: func(args []cty.Value) (cty.Type, error) {
			if !args[0].IsKnown() || !args[1].IsKnown() {
				return cty.DynamicPseudoType, nil
			}
			// The result type depends on the template; the value is
			// computed again in Impl (reads are cheap and bounded by FS).
			expr, text, src, blocked, err := load(args[0], false)
			if err != nil {
				return cty.DynamicPseudoType, err
			}
			if blocked != cty.NilVal {
				return cty.DynamicPseudoType, nil
			}
			v, err := renderTemplate(expr, text, args[1], fns, "file "+src)
			return v.Type(), err
		},
		Impl: func(args []cty.Value, retType cty.Type) (cty.Value, error) {
			expr, text, src, blocked, err := load(args[0], true)
			if err != nil {
				return cty.DynamicVal, err
			}
			if blocked != cty.NilVal {
				return cty.UnknownVal(retType).WithMarks(blocked.Marks()), nil
			}
			v, err := renderTemplate(expr, text, args[1], fns, "file "+src)
			if err != nil {
				return cty.DynamicVal, err
			}
			_, pm := args[0].Unmark()
			return v.WithMarks(pm).Mark(marks.Tainted{Source: "file " + src}), nil
		},
	})
}

// templateStringFunc is templatestring. As in Terraform, the template must
// come from elsewhere through a direct reference (a local, a variable, an
// attribute): a literal template would already have been rendered by the
// language itself. The parameter is an expression closure so the function
// can see how the argument was written; it evaluates to a string.
func templateStringFunc(fns map[string]function.Function, parsed func(hclsyntax.Node)) function.Function {
	return function.New(&function.Spec{
		Params: []function.Parameter{
			{Name: "template", Type: customdecode.ExpressionClosureType},
			{Name: "vars", Type: cty.DynamicPseudoType, AllowDynamicType: true},
		},
		Type: function.StaticReturnType(cty.String),
		Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
			closure := customdecode.ExpressionClosureFromVal(args[0])
			switch closure.Expression.(type) {
			case *hclsyntax.TemplateExpr, *hclsyntax.TemplateWrapExpr, *hclsyntax.LiteralValueExpr:
				return cty.DynamicVal, function.NewArgErrorf(0, "invalid template expression: templatestring is only for rendering templates retrieved dynamically from elsewhere, and so does not support providing a literal template; consider using a template string expression instead")
			case *hclsyntax.ScopeTraversalExpr, *hclsyntax.RelativeTraversalExpr, *hclsyntax.IndexExpr:
			default:
				return cty.DynamicVal, function.NewArgErrorf(0, "invalid template expression: must be a direct reference to a single string from elsewhere, containing valid Terraform template syntax")
			}
			tv, diags := closure.Value()
			if diags.HasErrors() {
				return cty.DynamicVal, diags
			}
			tv, err := convert.Convert(tv, cty.String)
			if err != nil {
				return cty.DynamicVal, function.NewArgErrorf(0, "invalid template value: %s", err)
			}
			if !tv.IsKnown() {
				return cty.UnknownVal(cty.String).WithMarks(tv.Marks()), nil
			}
			if tv.IsNull() {
				return cty.DynamicVal, function.NewArgErrorf(0, "invalid template value: a string is required")
			}
			tmv, tmarks := tv.Unmark()
			taint, _ := taintSource(tmarks)
			if err := nesting.CheckTemplate([]byte(tmv.AsString())); err != nil {
				return cty.DynamicVal, function.NewArgErrorf(0, "the template %w", err)
			}
			expr, diags := hclsyntax.ParseTemplate([]byte(tmv.AsString()), "<templatestring argument>", hcl.Pos{Line: 1, Column: 1})
			if diags.HasErrors() {
				return cty.DynamicVal, templateError(taint, []byte(tmv.AsString()), diags)
			}
			if parsed != nil {
				parsed(expr)
			}
			v, err := renderTemplate(expr, []byte(tmv.AsString()), args[1], fns, taint)
			if err != nil {
				return cty.DynamicVal, err
			}
			s, err := convert.Convert(v, cty.String)
			if err != nil {
				return cty.DynamicVal, fmt.Errorf("invalid template result: %s", err)
			}
			return s.WithMarks(tmarks), nil
		},
	})
}
