package tffuncs

import (
	"fmt"
	"sort"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/hashicorp/hcl/v2/hclwrite"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/function"

	"github.com/tfemrcheck/tfemrcheck/pkg/internal/nesting"
)

// terraformProviderFunctions are the functions of Terraform's built-in
// provider (terraform.io/builtin/terraform, Terraform 1.8 and later), called
// as provider::terraform::NAME. They write and read HCL with hclwrite and
// hclsyntax, the libraries Terraform's own implementation uses, so the
// text is the same; testdata/functions/recorded.json holds what terraform
// 1.11 printed for each.
func terraformProviderFunctions() map[string]function.Function {
	return map[string]function.Function{
		"encode_tfvars": encodeTfvarsFunc,
		"decode_tfvars": decodeTfvarsFunc,
		"encode_expr":   encodeExprFunc,
	}
}

// encodeTfvarsFunc renders an object as a .tfvars file: one attribute per
// line, in name order.
var encodeTfvarsFunc = function.New(&function.Spec{
	Params: []function.Parameter{{
		Name: "value", Type: cty.DynamicPseudoType,
		AllowUnknown: true, AllowNull: true, AllowMarked: true, AllowDynamicType: true,
	}},
	Type: function.StaticReturnType(cty.String),
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		v, ms := args[0].UnmarkDeep()
		ty := v.Type()
		if v.IsNull() || !(ty.IsObjectType() || ty.IsMapType() || ty == cty.DynamicPseudoType) {
			return cty.NilVal, fmt.Errorf("invalid value to encode: must be an object whose attribute names will become the encoded variable names")
		}
		if !v.IsWhollyKnown() {
			return cty.UnknownVal(cty.String).WithMarks(ms), nil
		}
		f := hclwrite.NewEmptyFile()
		body := f.Body()
		names := make([]string, 0, v.LengthInt())
		attrs := map[string]cty.Value{}
		for it := v.ElementIterator(); it.Next(); {
			k, e := it.Element()
			name := k.AsString()
			if !hclsyntax.ValidIdentifier(name) {
				return cty.NilVal, fmt.Errorf("invalid variable name %q: must be a valid identifier, per Terraform's rules for input variable declarations", name)
			}
			names = append(names, name)
			attrs[name] = e
		}
		sort.Strings(names)
		for _, n := range names {
			body.SetAttributeValue(n, attrs[n])
		}
		return cty.StringVal(string(f.Bytes())).WithMarks(ms), nil
	},
})

// decodeTfvarsFunc parses .tfvars text into an object. Only constant
// expressions are allowed, as in a .tfvars file.
var decodeTfvarsFunc = function.New(&function.Spec{
	Params: []function.Parameter{{Name: "src", Type: cty.String, AllowMarked: true}},
	Type:   function.StaticReturnType(cty.DynamicPseudoType),
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		s, ms := args[0].Unmark()
		src := []byte(s.AsString())
		if err := nesting.CheckHCL(src); err != nil {
			return cty.NilVal, fmt.Errorf("invalid tfvars syntax: %s", err)
		}
		f, diags := hclsyntax.ParseConfig(src, "<decode_tfvars argument>", hcl.InitialPos)
		if diags.HasErrors() {
			return cty.NilVal, fmt.Errorf("invalid tfvars syntax: %s", diags.Error())
		}
		attrs, diags := f.Body.JustAttributes()
		if diags.HasErrors() {
			return cty.NilVal, fmt.Errorf("invalid tfvars content: %s", diags.Error())
		}
		out := make(map[string]cty.Value, len(attrs))
		for name, a := range attrs {
			v, d := a.Expr.Value(nil)
			if d.HasErrors() {
				return cty.NilVal, fmt.Errorf("invalid expression for variable %q: %s", name, d.Error())
			}
			out[name] = v
		}
		return cty.ObjectVal(out).WithMarks(ms), nil
	},
})

// encodeExprFunc renders a value as a Terraform expression.
var encodeExprFunc = function.New(&function.Spec{
	Params: []function.Parameter{{
		Name: "value", Type: cty.DynamicPseudoType,
		AllowUnknown: true, AllowNull: true, AllowMarked: true, AllowDynamicType: true,
	}},
	Type: function.StaticReturnType(cty.String),
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		v, ms := args[0].UnmarkDeep()
		if !v.IsWhollyKnown() {
			return cty.UnknownVal(cty.String).WithMarks(ms), nil
		}
		src := hclwrite.TokensForValue(v).Bytes()
		return cty.StringVal(string(hclwrite.Format(src))).WithMarks(ms), nil
	},
})
