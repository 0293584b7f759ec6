package tffuncs

import (
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/function"

	"github.com/tfemrcheck/tfemrcheck/pkg/marks"
)

// The sensitivity functions are Terraform's own (go-cty knows no
// sensitivity); they use marks.Sensitive, the mark the evaluator and the
// reports share. Unlike Terraform's sensitive(), ours keeps the value's
// other marks (taint, blockers): dropping them would hide where a value
// came from or why it is unknown.

// anyParam accepts every value as is: unknown, null, marked, dynamic.
func anyParam(name string) []function.Parameter {
	return []function.Parameter{{
		Name: name, Type: cty.DynamicPseudoType,
		AllowUnknown: true, AllowNull: true, AllowMarked: true, AllowDynamicType: true,
	}}
}

// sameType is the Type of a function returning its argument's type.
func sameType(args []cty.Value) (cty.Type, error) { return args[0].Type(), nil }

var sensitiveFunc = function.New(&function.Spec{
	Params: anyParam("value"),
	Type:   sameType,
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		return args[0].Mark(marks.Sensitive{}), nil
	},
})

var nonsensitiveFunc = function.New(&function.Spec{
	Params: anyParam("value"),
	Type:   sameType,
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		v, ms := args[0].Unmark()
		delete(ms, marks.Sensitive{})
		return v.WithMarks(ms), nil
	},
})

var isSensitiveFunc = function.New(&function.Spec{
	Params: anyParam("value"),
	Type:   function.StaticReturnType(cty.Bool),
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		switch v := args[0]; {
		case v.HasMark(marks.Sensitive{}):
			return cty.True, nil
		case !v.IsKnown():
			// What it waits for stays on the answer (blockers, taint).
			return cty.UnknownVal(cty.Bool).WithMarks(v.Marks()), nil
		}
		return cty.False, nil
	},
})

// ephemeralAsNullFunc is ephemeralasnull: every ephemeral part of its
// argument (an ephemeral variable, terraform.applying, at any depth)
// becomes null of its type, the rest is returned as it is, as Terraform
// 1.10 does.
var ephemeralAsNullFunc = function.New(&function.Spec{
	Params: anyParam("value"),
	Type:   sameType,
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		return cty.Transform(args[0], func(_ cty.Path, v cty.Value) (cty.Value, error) {
			if !v.HasMark(marks.Ephemeral{}) {
				return v, nil
			}
			_, ms := v.Unmark()
			delete(ms, marks.Ephemeral{})
			return cty.NullVal(v.Type()).WithMarks(ms), nil
		})
	},
})
