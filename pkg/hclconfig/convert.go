package hclconfig

import (
	"sort"

	"github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"

	"github.com/tfemrcheck/tfemrcheck/pkg/marks"
	"github.com/tfemrcheck/tfemrcheck/pkg/model"
)

// Value marks carried through evaluation. They are comparable so cty can
// keep them in its mark sets.
type (
	// blockerMark names the reference that makes a value unknown.
	blockerMark string
	// scOriginMark records that a value was read from the name or id of
	// the aws_emr_security_configuration with this absolute address.
	scOriginMark string
)

// unknownBlocked returns an unknown value of type ty blocked by ref.
func unknownBlocked(ty cty.Type, ref string) cty.Value {
	return cty.UnknownVal(ty).Mark(blockerMark(ref))
}

// markInfo is what a set of marks says.
type markInfo struct {
	sensitive bool
	blockers  []string
	origins   []string
	// taint is the source of a tainted value; the first in sort order
	// when several reach the same value, so output is deterministic.
	taint string
}

func (mi *markInfo) add(ms cty.ValueMarks) {
	for m := range ms {
		switch x := m.(type) {
		case blockerMark:
			mi.blockers = appendUnique(mi.blockers, string(x))
		case marks.Blocker:
			mi.blockers = appendUnique(mi.blockers, string(x))
		case scOriginMark:
			mi.origins = appendUnique(mi.origins, string(x))
		case marks.Sensitive:
			mi.sensitive = true
		case marks.Tainted:
			if mi.taint == "" || x.Source < mi.taint {
				mi.taint = x.Source
			}
		}
	}
}

func appendUnique(list []string, s string) []string {
	for _, x := range list {
		if x == s {
			return list
		}
	}
	return append(list, s)
}

// inherit is what a child value inherits from its parent's marks.
func (mi markInfo) inherit() markInfo {
	return markInfo{sensitive: mi.sensitive, blockers: append([]string(nil), mi.blockers...), taint: mi.taint}
}

// deepMarks collects every mark at or below v.
func deepMarks(v cty.Value) markInfo {
	var mi markInfo
	_, pvm := v.UnmarkDeepWithPaths()
	for _, p := range pvm {
		mi.add(p.Marks)
	}
	sort.Strings(mi.blockers)
	sort.Strings(mi.origins)
	return mi
}

// toRange converts an hcl range to a model range.
func toRange(r hcl.Range) *model.Range {
	if r.Filename == "" && r.Start.Line == 0 {
		return nil
	}
	return &model.Range{
		Filename: r.Filename,
		Start:    model.Pos{Line: r.Start.Line, Column: r.Start.Column, Byte: r.Start.Byte},
		End:      model.Pos{Line: r.End.Line, Column: r.End.Column, Byte: r.End.Byte},
	}
}

// toValue converts an evaluated cty value into a model value. Every value
// in the tree gets rng; inherited carries the marks of enclosing values.
func toValue(v cty.Value, rng *model.Range, inherited markInfo) *model.Value {
	v, ms := v.Unmark()
	mi := inherited.inherit()
	mi.add(ms)
	out := &model.Value{Range: rng, Sensitive: mi.sensitive}
	out.SetTaint(mi.taint)
	if !v.IsKnown() {
		out.State = model.Unknown
		// An unknown collection may hide marked elements; collect deep.
		b := append([]string(nil), mi.blockers...)
		sort.Strings(b)
		out.SetBlockers(b)
		return out
	}
	if v.IsNull() {
		out.State = model.Null
		return out
	}
	out.State = model.Known
	ty := v.Type()
	switch {
	case ty == cty.String:
		out.Kind, out.Str = model.KindString, v.AsString()
	case ty == cty.Number:
		out.Kind, out.Str = model.KindNumber, numberText(v)
	case ty == cty.Bool:
		out.Kind, out.Bool = model.KindBool, v.True()
	case ty.IsObjectType() || ty.IsMapType():
		out.Kind = model.KindObject
		for it := v.ElementIterator(); it.Next(); {
			k, e := it.Element()
			k, _ = k.Unmark()
			out.Set(k.AsString(), toValue(e, rng, mi))
		}
		out.SortKeys()
	case ty.IsListType() || ty.IsSetType() || ty.IsTupleType():
		out.SetElems([]*model.Value{})
		for it := v.ElementIterator(); it.Next(); {
			_, e := it.Element()
			out.Append(toValue(e, rng, mi))
		}
	default:
		// capsule or other exotic types: treat as unknown
		out.State = model.Unknown
	}
	return out
}

// numberText renders a cty number as JSON number text.
func numberText(v cty.Value) string {
	bf := v.AsBigFloat()
	if bf.IsInt() {
		return bf.Text('f', -1)
	}
	return bf.Text('g', -1)
}
