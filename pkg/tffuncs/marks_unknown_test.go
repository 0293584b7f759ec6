package tffuncs

import (
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/zclconf/go-cty/cty"
)

// blockerForTest is a mark as the evaluator puts on a value known only
// after apply.
type blockerForTest string

// TestUnknownResultsKeepTheirArgumentsMarks: for every function of the
// table, an argument unknown (of unknown type) and marked gives either an
// error or a result that still carries the mark, so that an indeterminate
// finding can name what it waits for (issue 20.3: element() dropped the
// mark of module.vpc.private_subnets and the finding named another value).
func TestUnknownResultsKeepTheirArgumentsMarks(t *testing.T) {
	_, opts, _ := testTree(t)
	fns := Functions(opts)
	names := make([]string, 0, len(fns))
	for n := range fns {
		if !strings.Contains(n, "::") {
			names = append(names, n)
		}
	}
	sort.Strings(names)
	m := blockerForTest("module.vpc.private_subnets")
	checked := 0
	for _, n := range names {
		f := fns[n]
		params := f.Params()
		if len(params) == 0 {
			continue
		}
		args := make([]cty.Value, len(params))
		for i, p := range params {
			switch {
			case i == 0:
				args[i] = cty.DynamicVal.Mark(m)
			case p.Type == cty.Number:
				args[i] = cty.NumberIntVal(0)
			case p.Type == cty.String:
				args[i] = cty.StringVal("a")
			default:
				args[i] = cty.StringVal("a")
			}
		}
		v, err := f.Call(args)
		if err != nil || v.IsWhollyKnown() {
			continue
		}
		checked++
		assert.True(t, v.HasMark(m) || deepHas(v, m), "%s: the unknown result lost its argument's mark: %#v", n, v)
	}
	assert.Greater(t, checked, 50, "most functions give an unknown result for an unknown argument")
}

func deepHas(v cty.Value, m any) bool {
	_, pvm := v.UnmarkDeepWithPaths()
	for _, pm := range pvm {
		if _, ok := pm.Marks[m]; ok {
			return true
		}
	}
	return false
}
