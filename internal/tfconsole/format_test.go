package tfconsole

import (
	"strconv"
	"testing"

	"github.com/zclconf/go-cty/cty"

	"github.com/tfemrcheck/tfemrcheck/pkg/marks"
)

// The values of aloneValues (local.slist and local.umap as the console
// configuration defines them): Format prints each as the console does
// alone, and their batch tuple as the console printed it.
func TestFormatPrintsTheConsolesTexts(t *testing.T) {
	vals := []cty.Value{
		cty.StringVal("a\nb"),
		cty.ObjectVal(map[string]cty.Value{
			"a": cty.StringVal("x\n\ny"),
			"b": cty.TupleVal([]cty.Value{cty.NumberIntVal(1), cty.TupleVal([]cty.Value{cty.NumberIntVal(2)})}),
		}),
		cty.TupleVal([]cty.Value{cty.TupleVal([]cty.Value{cty.StringVal("EOT\n")})}),
		cty.ListVal([]cty.Value{cty.StringVal("a")}),
		cty.TupleVal([]cty.Value{cty.StringVal("a"), cty.StringVal("b")}).Mark(marks.Sensitive{}),
		cty.MapVal(map[string]cty.Value{"a": cty.UnknownVal(cty.String)}),
		cty.SetValEmpty(cty.DynamicPseudoType),
		cty.NullVal(cty.List(cty.DynamicPseudoType)),
		cty.NullVal(cty.DynamicPseudoType),
		cty.StringVal("  S,"),
		cty.StringVal("EOT\nx"),
		cty.StringVal("a\n"),
	}
	var tuple []cty.Value
	for i, v := range vals {
		if got := Format(v); got != aloneValues[i].out {
			t.Errorf("%s: Format gives\n%s\nthe console\n%s", aloneValues[i].expr, got, aloneValues[i].out)
		}
		tuple = append(tuple, v, cty.StringVal("S"+strconv.Itoa(i)))
	}
	if got := Format(cty.TupleVal(tuple)); got != batchValues {
		t.Errorf("the batch: Format gives\n%s\nthe console\n%s", got, batchValues)
	}
}
