package tffuncs

import (
	"time"

	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/function"
	"github.com/zclconf/go-cty/cty/function/stdlib"

	"github.com/tfemrcheck/tfemrcheck/pkg/marks"
)

// timestampSpec is timestamp's signature; its value is known only after
// apply, so the table wraps it with afterApply and never runs this Impl
// for real.
var timestampSpec = function.New(&function.Spec{
	Type: function.StaticReturnType(cty.String),
	Impl: func([]cty.Value, cty.Type) (cty.Value, error) {
		return cty.StringVal(time.Now().UTC().Format(time.RFC3339)), nil
	},
})

// planTimestampFunc is plantimestamp. Terraform knows it during the plan,
// but it is the time of that run: a value that changes on every run would
// make the findings change too. It is unknown, blocked by the call, so
// the rules that read it report indeterminate, the same on every run.
var planTimestampFunc = blockedBy(function.New(&function.Spec{
	Type: function.StaticReturnType(cty.String),
	Impl: func([]cty.Value, cty.Type) (cty.Value, error) { return cty.UnknownVal(cty.String), nil },
}), marks.Blocker("plantimestamp() (the time of the plan, different on every run)"))

// timeCmpFunc is Terraform's timecmp (go-cty's stdlib has none). It parses
// with stdlib's RFC 3339 parser, through timeadd, so that its messages are
// the ones Terraform's parser gives.
var timeCmpFunc = function.New(&function.Spec{
	Params: []function.Parameter{
		{Name: "timestamp_a", Type: cty.String},
		{Name: "timestamp_b", Type: cty.String},
	},
	Type:         function.StaticReturnType(cty.Number),
	RefineResult: func(b *cty.RefinementBuilder) *cty.RefinementBuilder { return b.NotNull() },
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		var ts [2]time.Time
		for i := range ts {
			// timeadd with a zero duration validates and normalises.
			norm, err := stdlib.TimeAdd(args[i], cty.StringVal("0s"))
			if err != nil {
				return cty.UnknownVal(cty.Number), function.NewArgErrorf(i, "%s", err.Error())
			}
			// Compare the original (it may hold fractions of a second,
			// which the normalised form drops).
			t, err := time.Parse(time.RFC3339, args[i].AsString())
			if err != nil {
				t, err = time.Parse(time.RFC3339, norm.AsString())
			}
			if err != nil {
				return cty.UnknownVal(cty.Number), function.NewArgError(i, err)
			}
			ts[i] = t
		}
		switch {
		case ts[0].Equal(ts[1]):
			return cty.NumberIntVal(0), nil
		case ts[0].Before(ts[1]):
			return cty.NumberIntVal(-1), nil
		}
		return cty.NumberIntVal(1), nil
	},
})
