package rules

import (
	"sort"
	"strconv"
	"strings"

	"github.com/tfemrcheck/tfemrcheck/pkg/model"
)

// boolState is what a rule knows about a boolean setting.
type boolState uint8

const (
	// boolFalse: false, "false", absent or null (an omitted flag is off).
	boolFalse boolState = iota
	// boolTrue: true or the string "true" (any case).
	boolTrue
	// boolUnknown: known only after apply.
	boolUnknown
	// boolMalformed: known, but neither a boolean nor "true"/"false"; it is
	// not true (EMR-SC-015 reports the type).
	boolMalformed
)

// docBool classifies a boolean setting of the document or a resource.
func docBool(v *model.Value) boolState {
	switch {
	case v.IsUnknown():
		return boolUnknown
	case !v.IsSet():
		return boolFalse
	}
	b, ok, _ := v.AsBool(true)
	switch {
	case !ok:
		return boolMalformed
	case b:
		return boolTrue
	}
	return boolFalse
}

// enumIs reports whether v is a known string naming canon (case and
// '_'/'-' folded; EMR-SC-003 reports the spelling).
func enumIs(v *model.Value, canon string) bool {
	s, ok := v.AsString()
	return ok && normEnum(s) == normEnum(canon)
}

// block returns the first (only) object of a MaxItems-1 block, which the
// loaders give as a list of objects; a bare object is accepted too. An
// unknown block gives an unknown value; a missing or empty one is absent.
func block(v *model.Value) *model.Value {
	if v.IsKnown() && v.Kind == model.KindList {
		return v.Get(0)
	}
	return v
}

// blockOf is block(r.Attr(name)).
func blockOf(r *model.Resource, name string) *model.Value { return block(r.Attr(name)) }

// elems returns the elements of a known list (nil otherwise).
func elems(v *model.Value) []*model.Value {
	if v.IsKnown() && v.Kind == model.KindList {
		return v.Elems()
	}
	return nil
}

// isKnownFalse reports whether v is a known false boolean.
func isKnownFalse(v *model.Value) bool { return docBool(v) == boolFalse && v.IsSet() }

// joinSorted sorts, de-duplicates and joins strings.
func joinSorted(ss []string) string {
	sort.Strings(ss)
	out := ss[:0]
	for i, s := range ss {
		if i == 0 || s != ss[i-1] {
			out = append(out, s)
		}
	}
	return strings.Join(out, ", ")
}

func itoa(i int) string     { return strconv.Itoa(i) }
func quote(s string) string { return strconv.Quote(s) }
