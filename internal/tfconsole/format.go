// Package tfconsole renders cty values the way `terraform console` prints
// them, so that the function table's results can be compared, text for
// text, with what the real terraform binary printed for the same
// expression (testdata/functions/recorded.json).
//
// Written here because Terraform's own formatter lives in an internal
// package of the terraform module, which cannot be imported; the rules
// below were read off the console's output (see the probes in
// testdata/functions/expressions.txt):
//   - an unknown value prints "(known after apply)", sensitive or not; a
//     known one marked sensitive at its top "(sensitive value)";
//   - strings are Go-quoted, or a heredoc when they hold a newline (an
//     indented one, <<-EOT, inside a collection);
//   - numbers print in full, without exponent;
//   - lists, sets and maps are wrapped in tolist(…), toset(…), tomap(…);
//     tuples and objects are bare; one element a line, indented by two,
//     list elements end with a comma, object keys are quoted and sorted;
//   - a null of a primitive type prints as a conversion (tostring(null)),
//     of a collection type with the element type in a comment.
package tfconsole

import (
	"sort"
	"strconv"
	"strings"

	"github.com/zclconf/go-cty/cty"

	"github.com/tfemrcheck/tfemrcheck/pkg/marks"
)

// Format renders v as terraform console prints it.
func Format(v cty.Value) string {
	var b strings.Builder
	format(&b, v, 0)
	return b.String()
}

func format(b *strings.Builder, v cty.Value, indent int) {
	// The console says an unknown value is unknown before it says it
	// is sensitive.
	if !v.IsKnown() {
		b.WriteString("(known after apply)")
		return
	}
	if v.HasMark(marks.Sensitive{}) {
		b.WriteString("(sensitive value)")
		return
	}
	v, _ = v.Unmark()
	ty := v.Type()
	if v.IsNull() {
		b.WriteString(formatNull(ty))
		return
	}
	switch {
	case ty == cty.String:
		s := v.AsString()
		if strings.Contains(s, "\n") {
			formatHeredoc(b, s, indent)
			return
		}
		b.WriteString(strconv.Quote(s))
	case ty == cty.Number:
		b.WriteString(v.AsBigFloat().Text('f', -1))
	case ty == cty.Bool:
		b.WriteString(strconv.FormatBool(v.True()))
	case ty.IsListType():
		formatSeq(b, "tolist(", ")", v, indent)
	case ty.IsSetType():
		formatSeq(b, "toset(", ")", v, indent)
	case ty.IsTupleType():
		formatSeq(b, "", "", v, indent)
	case ty.IsMapType():
		formatAttrs(b, "tomap(", ")", v, indent)
	case ty.IsObjectType():
		formatAttrs(b, "", "", v, indent)
	default:
		b.WriteString(v.GoString())
	}
}

// formatHeredoc prints a string that holds a newline as the console does:
// a heredoc whose delimiter (EOT, or EOT_, EOT__, … when a line of the
// string is EOT) is no line of the string; nested in a collection it is
// an indented heredoc (<<-), each line indented as its collection.
func formatHeredoc(b *strings.Builder, s string, indent int) {
	lines := strings.Split(s, "\n")
	delim := "EOT"
	for clash := true; clash; {
		clash = false
		for _, l := range lines {
			if strings.TrimSpace(l) == delim {
				delim += "_"
				clash = true
				break
			}
		}
	}
	pad := strings.Repeat(" ", indent)
	if indent > 0 {
		b.WriteString("<<-")
	} else {
		b.WriteString("<<")
	}
	b.WriteString(delim)
	for _, l := range lines {
		b.WriteString("\n" + pad + l)
	}
	b.WriteString("\n" + pad + delim)
}

func formatNull(ty cty.Type) string {
	switch {
	case ty == cty.String:
		return "tostring(null)"
	case ty == cty.Number:
		return "tonumber(null)"
	case ty == cty.Bool:
		return "tobool(null)"
	case ty.IsListType():
		return "tolist(null) /* of " + ty.ElementType().FriendlyName() + " */"
	case ty.IsSetType():
		return "toset(null) /* of " + ty.ElementType().FriendlyName() + " */"
	case ty.IsMapType():
		return "tomap(null) /* of " + ty.ElementType().FriendlyName() + " */"
	}
	return "null"
}

func formatSeq(b *strings.Builder, open, close string, v cty.Value, indent int) {
	b.WriteString(open)
	if v.LengthInt() == 0 {
		b.WriteString("[]" + close)
		return
	}
	b.WriteString("[\n")
	pad := strings.Repeat(" ", indent+2)
	for it := v.ElementIterator(); it.Next(); {
		_, e := it.Element()
		b.WriteString(pad)
		format(b, e, indent+2)
		b.WriteString(",\n")
	}
	b.WriteString(strings.Repeat(" ", indent) + "]" + close)
}

func formatAttrs(b *strings.Builder, open, close string, v cty.Value, indent int) {
	b.WriteString(open)
	if v.LengthInt() == 0 {
		b.WriteString("{}" + close)
		return
	}
	m := v.AsValueMap()
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	b.WriteString("{\n")
	pad := strings.Repeat(" ", indent+2)
	for _, k := range keys {
		b.WriteString(pad + strconv.Quote(k) + " = ")
		format(b, m[k], indent+2)
		b.WriteString("\n")
	}
	b.WriteString(strings.Repeat(" ", indent) + "}" + close)
}
