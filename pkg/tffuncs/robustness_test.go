package tffuncs

import (
	"math/rand"
	"sort"
	"strings"
	"testing"

	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/function"

	"github.com/tfemrcheck/tfemrcheck/pkg/marks"
)

// argumentPool holds values of every kind a configuration can pass: null,
// unknown, sensitive, blocked, of each type, empty and not, well-formed
// and not. Numbers stay small: some functions' cost grows with them
// (range), which the evaluation budgets, not the functions, bound.
func argumentPool() []cty.Value {
	return []cty.Value{
		cty.NullVal(cty.DynamicPseudoType),
		cty.NullVal(cty.String),
		cty.DynamicVal,
		cty.UnknownVal(cty.String),
		cty.UnknownVal(cty.Number),
		cty.UnknownVal(cty.List(cty.String)),
		cty.StringVal(""),
		cty.StringVal("10.0.0.0/8"),
		cty.StringVal("fd00::/64"),
		cty.StringVal("arn:aws:iam::1:role/p/r"),
		cty.StringVal("2024-01-01T00:00:00Z"),
		cty.StringVal("${x}%{ if true }y%{ endif }"),
		cty.StringVal("/(/"),
		cty.StringVal("aGk="),
		cty.StringVal("a,b\n1,2"),
		cty.StringVal("{\"a\": [1, {\"b\": null}]}"),
		cty.StringVal("👍🏽\x00\n"),
		cty.StringVal("x").Mark(marks.Sensitive{}),
		cty.UnknownVal(cty.String).Mark(marks.Blocker("aws_kms_key.k.arn")),
		cty.Zero,
		cty.NumberIntVal(-1),
		cty.NumberFloatVal(2.5),
		cty.NumberIntVal(40),
		cty.PositiveInfinity,
		cty.True,
		cty.ListValEmpty(cty.String),
		cty.ListVal([]cty.Value{cty.StringVal("a"), cty.UnknownVal(cty.String)}),
		cty.ListVal([]cty.Value{cty.NullVal(cty.Bool), cty.True}),
		cty.SetVal([]cty.Value{cty.NumberIntVal(1), cty.NumberIntVal(2)}),
		cty.TupleVal([]cty.Value{cty.StringVal("a"), cty.NumberIntVal(1), cty.NullVal(cty.String)}),
		cty.EmptyObjectVal,
		cty.ObjectVal(map[string]cty.Value{"a": cty.StringVal("x"), "b": cty.ListVal([]cty.Value{cty.StringVal("y")})}),
		cty.MapVal(map[string]cty.Value{"k": cty.ListVal([]cty.Value{cty.StringVal("v")})}),
		cty.MapVal(map[string]cty.Value{"k": cty.UnknownVal(cty.String)}).Mark(marks.Sensitive{}),
	}
}

// TestNoFunctionPanics calls every function of the table with arguments
// drawn from argumentPool, many times each: any outcome is acceptable but
// a panic inside a function (go-cty turns it into an error saying so).
// Terraform 1.11 itself panics on some inputs (element with a negative
// index); the evaluator must refuse them in its own words.
func TestNoFunctionPanics(t *testing.T) {
	base := t.TempDir()
	fns := Functions(Options{BaseDir: base, ModuleDir: base, OpenTofu: true})
	var names []string
	for n := range fns {
		if !strings.HasPrefix(n, "core::") && n != "can" && n != "try" && n != "templatestring" {
			names = append(names, n) // can, try and templatestring take expressions, not values
		}
	}
	sort.Strings(names)
	pool := argumentPool()
	rng := rand.New(rand.NewSource(1))
	for _, name := range names {
		f := fns[name]
		for i := 0; i < 300; i++ {
			n := len(f.Params())
			if f.VarParam() != nil {
				n += rng.Intn(3)
			}
			args := make([]cty.Value, n)
			for j := range args {
				args[j] = pool[rng.Intn(len(pool))]
			}
			callNoPanic(t, name, f, args)
		}
	}
}

func callNoPanic(t *testing.T, name string, f function.Function, args []cty.Value) {
	t.Helper()
	defer func() {
		if r := recover(); r != nil {
			t.Errorf("%s%#v panicked: %v", name, args, r)
		}
	}()
	if _, err := f.Call(args); err != nil && strings.Contains(err.Error(), "panic in function implementation") {
		t.Errorf("%s%#v: %s", name, args, err.Error()[:min(len(err.Error()), 300)])
	}
}
