package hclconfig

import (
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclparse"
	hcljson "github.com/hashicorp/hcl/v2/json"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/function"
	"github.com/zclconf/go-cty/cty/function/stdlib"

	"github.com/tfemrcheck/tfemrcheck/pkg/marks"
)

// jsonAttrExpr parses {"x": src} as a .tf.json file and returns HCL's
// expression of x and the same expression through budgetJSON.
func jsonAttrExpr(t *testing.T, src string, b *budget) (orig, wrapped hcl.Expression) {
	t.Helper()
	f, diags := hcljson.Parse([]byte(`{"x": `+src+`}`), "main.tf.json")
	require.False(t, diags.HasErrors(), diags.Error())
	attrs, diags := f.Body.JustAttributes()
	require.False(t, diags.HasErrors(), diags.Error())
	wattrs, diags := budgetJSON(f.Body, b).JustAttributes()
	require.False(t, diags.HasErrors(), diags.Error())
	return attrs["x"].Expr, wattrs["x"].Expr
}

// diagView is what a user sees of a diagnostic.
type diagView struct {
	Severity        hcl.DiagnosticSeverity
	Summary, Detail string
	Subject         *hcl.Range
}

func diagViews(diags hcl.Diagnostics) []diagView {
	var out []diagView
	for _, d := range diags {
		out = append(out, diagView{d.Severity, d.Summary, d.Detail, d.Subject})
	}
	return out
}

// TestBudgetedJSONParity: an expression of a .tf.json file evaluated
// through budgetJSON has exactly the value and the diagnostics (summary,
// detail, subject) of HCL's own evaluation, whether its strings hold a
// for expression (evaluated by evalJSONCounted) or not (delegated).
func TestBudgetedJSONParity(t *testing.T) {
	const loop = `%{for s in var.list}${s}%{endfor}`
	cases := []struct {
		src     string
		counted bool // a string holds a for expression: evalJSONCounted's path
	}{
		{`"plain"`, false},
		{`42`, false},
		{`null`, false},
		{`"${var.x}"`, false},
		{`"%{if var.x == \"hi\"}yes%{else}no%{endif}"`, false},
		{`"$${var.x} %%{for} ${var.x}"`, false},
		{`{"k${var.x}": "${var.x}", "a": [1, true, null]}`, false},
		{`"${var.nope}"`, false},
		{`"` + loop + `"`, true},
		{`"a ${var.x} ` + loop + ` b"`, true},
		{`"$${x} %{for s in var.list}$${s}${s}%{endfor}"`, true},
		{`"\u00e9\n` + loop + `"`, true},
		{`"%{for i, s in var.list}%{if i > 0},%{endif}${upper(s)}%{endfor}"`, true},
		{`"${[for s in var.list : upper(s)]}"`, true},
		{`"${{for i, s in var.list : s => i if i > 0}}"`, true},
		{`"%{for s in var.list}${s.foo}%{endfor}"`, true},
		{`"%{for s in var.x}${s}%{endfor}"`, true},
		{`"%{for s in var.ulist}${s}%{endfor}"`, true},
		{`"%{for s in var.slist}${s}%{endfor}"`, true},
		{`"${[for s in var.list : nofunc(s)]}"`, true},
		{`"%{for s in var.list}${s}"`, false},
		{`["a", "${var.x}", "` + loop + `", 1, true, null, [], {}]`, true},
		{`["` + loop + `", "${"]`, true},
		{`[["` + loop + `"], {"k": "` + loop + `"}]`, true},
		{`{"k${var.x}": "` + loop + `", "plain": [1, {"a": "${var.x}"}]}`, true},
		{`{"` + loop + `": 1, "b": "${var.x}"}`, true},
		{`{"a": "` + loop + `", "${\"a\"}": 2}`, true},
		{`{"a": "` + loop + `", "a": 2}`, true},
		{`{"${var.n}": 1, "b": "` + loop + `"}`, true},
		{`{"${var.list}": 1, "b": "` + loop + `"}`, true},
		{`{"${var.u}": 1, "b": "` + loop + `"}`, true},
		{`{"${var.nope}": 1, "b": "` + loop + `"}`, true},
		{`{"${": 1, "b": "` + loop + `"}`, true},
	}
	vars := map[string]cty.Value{
		"x":     cty.StringVal("hi"),
		"list":  cty.ListVal([]cty.Value{cty.StringVal("a"), cty.StringVal("b"), cty.StringVal("c")}),
		"n":     cty.NullVal(cty.String),
		"u":     cty.UnknownVal(cty.String),
		"ulist": cty.UnknownVal(cty.List(cty.String)),
		"slist": cty.ListVal([]cty.Value{cty.StringVal("s1").Mark(marks.Sensitive{}), cty.StringVal("s2")}),
	}
	b := newBudget(Limits{}, nil)
	withTickCtx := &hcl.EvalContext{
		Variables: map[string]cty.Value{"var": cty.ObjectVal(vars)},
		Functions: map[string]function.Function{"upper": stdlib.UpperFunc, tickFunc: b.tick()},
	}
	noTickCtx := &hcl.EvalContext{
		Variables: withTickCtx.Variables,
		Functions: map[string]function.Function{"upper": stdlib.UpperFunc},
	}
	for _, tc := range cases {
		t.Run(tc.src, func(t *testing.T) {
			orig, wrapped := jsonAttrExpr(t, tc.src, b)
			assert.Equal(t, tc.counted, jsonHasForTemplate(orig), "which path the case exercises")
			for name, ctx := range map[string]*hcl.EvalContext{"context with the tick": withTickCtx, "context without it": noTickCtx, "no context": nil} {
				want, wantDiags := orig.Value(ctx)
				got, gotDiags := wrapped.Value(ctx)
				assert.True(t, want.RawEquals(got), "%s: value\nHCL:     %#v\nwrapped: %#v", name, want, got)
				assert.Equal(t, diagViews(wantDiags), diagViews(gotDiags), "%s: diagnostics", name)
			}
		})
	}
	assert.Zero(t, b.exhausted)
	assert.Positive(t, b.values, "the for expressions were charged to the budget")
}

// TestBudgetedJSONUnwraps: HCL's helpers and the loader's, which look at
// the syntax of an expression, see HCL's JSON expression through the
// wrapper; nested blocks and the rest of a partial content are wrapped.
func TestBudgetedJSONUnwraps(t *testing.T) {
	b := newBudget(Limits{}, nil)
	_, list := jsonAttrExpr(t, `["a", "b"]`, b)
	elems, diags := hcl.ExprList(list)
	require.False(t, diags.HasErrors(), diags.Error())
	assert.Len(t, elems, 2)

	_, obj := jsonAttrExpr(t, `{"k": "v"}`, b)
	pairs, diags := hcl.ExprMap(obj)
	require.False(t, diags.HasErrors(), diags.Error())
	assert.Len(t, pairs, 1)

	_, kw := jsonAttrExpr(t, `"each"`, b)
	assert.Equal(t, "each", hcl.ExprAsKeyword(kw))

	_, trav := jsonAttrExpr(t, `"aws.west"`, b)
	tr, diags := hcl.AbsTraversalForExpr(trav)
	require.False(t, diags.HasErrors(), diags.Error())
	assert.Equal(t, "aws", tr.RootName())

	f, diags := hcljson.Parse([]byte(`{"resource": {"aws_emr_cluster": {"c": {"name": "n", "step": {"name": "s"}}}}, "locals": {"l": 1}}`), "main.tf.json")
	require.False(t, diags.HasErrors(), diags.Error())
	body := budgetJSON(f.Body, b)
	content, rest, diags := body.PartialContent(&hcl.BodySchema{Blocks: []hcl.BlockHeaderSchema{{Type: "resource", LabelNames: []string{"type", "name"}}}})
	require.False(t, diags.HasErrors(), diags.Error())
	assert.IsType(t, &budgetedJSONBody{}, rest)
	require.Len(t, content.Blocks, 1)
	res, diags := content.Blocks[0].Body.Content(&hcl.BodySchema{Attributes: []hcl.AttributeSchema{{Name: "name"}}, Blocks: []hcl.BlockHeaderSchema{{Type: "step"}}})
	require.False(t, diags.HasErrors(), diags.Error())
	assert.IsType(t, &budgetedJSONExpr{}, res.Attributes["name"].Expr)
	require.Len(t, res.Blocks, 1)
	step, diags := res.Blocks[0].Body.JustAttributes()
	require.False(t, diags.HasErrors(), diags.Error())
	assert.IsType(t, &budgetedJSONExpr{}, step["name"].Expr)
}

// TestJSONLiteralsVerbatim: a variable default in a .tf.json file and a
// value in a .tfvars.json file are read with no evaluation context, as
// Terraform does: "${…}" and "%{for …}" stay text. The expected values are
// what terraform console (1.11) prints for var.a, var.b and var.c with
// these files.
func TestJSONLiteralsVerbatim(t *testing.T) {
	dir := writeModule(t, map[string]string{
		"main.tf.json":          `{"variable": {"a": {"default": "${1+1}"}, "b": {}, "c": {"default": ["%{for x in [1,2]}${x}%{endfor}"]}}}`,
		"terraform.tfvars.json": `{"b": "${2+2}"}`,
	})
	l := &loader{opts: Options{}, rootDir: dir, parser: hclparse.NewParser(), modules: map[string]*moduleConfig{}, budget: newBudget(Limits{}, nil)}
	cfg, diags := l.loadModule(dir, nil)
	require.False(t, diags.HasErrors(), diags.Error())
	vars := l.rootVariables(cfg)
	require.False(t, l.diags.HasErrors(), l.diags.Error())
	assert.Equal(t, cty.StringVal("${1+1}"), vars["a"].val)
	assert.Equal(t, cty.StringVal("${2+2}"), vars["b"].val)
	assert.Equal(t, cty.TupleVal([]cty.Value{cty.StringVal("%{for x in [1,2]}${x}%{endfor}")}), vars["c"].val)
}
