package model

import (
	"sort"
	"strconv"
	"strings"
)

// State says what is known about a value.
type State uint8

const (
	// Absent: the attribute or key is not written at all.
	Absent State = iota
	// Null: written, with the value null.
	Null
	// Unknown: set, but the value is known only after apply (or could not be
	// evaluated, e.g. a registry module's output).
	Unknown
	// Known: the value is known.
	Known
)

func (s State) String() string {
	switch s {
	case Absent:
		return "absent"
	case Null:
		return "null"
	case Unknown:
		return "unknown"
	case Known:
		return "known"
	}
	return "state(" + strconv.Itoa(int(s)) + ")"
}

// Kind is the JSON-like type of a known value.
type Kind uint8

const (
	// KindNone is the kind of a value that is not Known.
	KindNone Kind = iota
	KindString
	KindNumber
	KindBool
	KindObject
	KindList
)

func (k Kind) String() string {
	return [...]string{"none", "string", "number", "bool", "object", "list"}[k]
}

// Pos is a position in a source file; Line and Column start at 1, Byte at 0.
type Pos struct {
	Line   int `json:"line"`
	Column int `json:"column"`
	Byte   int `json:"-"`
}

// Range is a half-open source range.
type Range struct {
	Filename string `json:"file"`
	Start    Pos    `json:"start"`
	End      Pos    `json:"end"`
}

// Value is one attribute, block, JSON key or collection element.
//
// The zero Value is Absent. Values form a tree: objects hold their
// attributes in Attrs (key order in Keys, which is sorted unless the input
// had an order), lists hold Elems. A Value of an object that is itself
// Unknown has no children; lookups through it return Unknown.
type Value struct {
	State     State
	Kind      Kind
	Sensitive bool
	Bool      bool // KindBool (declared here so that the flags share a word)

	Str   string // KindString
	Num   string // KindNumber, the literal as written (JSON number syntax)
	Attrs map[string]*Value
	Keys  []string
	Elems []*Value

	// Range is where the value is written, when the input has source.
	// For a JSON key in a security configuration it is the key's range.
	Range *Range
	// Blockers name what makes an Unknown value unknown, e.g.
	// "aws_kms_key.emr.arn" or "var.release_label (no value)".
	Blockers []string
	// Taint names where a value computed from outside the configuration's
	// own text came from ("file config/emr.json", "environment
	// TF_VAR_x"); empty otherwise. Messages show a tainted value only
	// when it looks like what a rule expects there (see taint.go).
	Taint string
}

// absentValue is returned by lookups that find nothing. Callers must not
// modify it.
var absentValue = &Value{}

// Absent returns a new absent value.
func NewAbsent() *Value { return &Value{} }

// NewNull returns a null value.
func NewNull() *Value { return &Value{State: Null} }

// NewUnknown returns an unknown value blocked by the given references.
func NewUnknown(blockers ...string) *Value {
	return &Value{State: Unknown, Blockers: blockers}
}

// NewString returns a known string.
func NewString(s string) *Value { return &Value{State: Known, Kind: KindString, Str: s} }

// NewBool returns a known bool.
func NewBool(b bool) *Value { return &Value{State: Known, Kind: KindBool, Bool: b} }

// NewNumber returns a known number given as its literal text.
func NewNumber(lit string) *Value { return &Value{State: Known, Kind: KindNumber, Num: lit} }

// NewObject returns a known, empty object.
func NewObject() *Value { return &Value{State: Known, Kind: KindObject, Attrs: map[string]*Value{}} }

// NewList returns a known list of the given elements.
func NewList(elems ...*Value) *Value { return &Value{State: Known, Kind: KindList, Elems: elems} }

// Set stores an attribute in a known object, keeping Keys in insertion order.
func (v *Value) Set(key string, child *Value) {
	if v.Attrs == nil {
		v.Attrs = map[string]*Value{}
	}
	if _, ok := v.Attrs[key]; !ok {
		v.Keys = append(v.Keys, key)
	}
	v.Attrs[key] = child
}

// SortKeys sorts Keys lexicographically.
func (v *Value) SortKeys() { sort.Strings(v.Keys) }

// IsKnown reports whether v is non-nil and Known.
func (v *Value) IsKnown() bool { return v != nil && v.State == Known }

// IsUnknown reports whether v is Unknown.
func (v *Value) IsUnknown() bool { return v != nil && v.State == Unknown }

// IsSet reports whether v is written with a non-null value (known or
// unknown). An unknown value counts as set: something will be there.
func (v *Value) IsSet() bool { return v != nil && (v.State == Known || v.State == Unknown) }

// Get follows a path of object keys (string) and list indexes (int).
// Through an Unknown value it returns an Unknown value with the same
// blockers; through an absent or null value it returns that value's state
// (Absent for a missing key). It never returns nil.
func (v *Value) Get(path ...any) *Value {
	cur := v
	for _, step := range path {
		if cur == nil {
			return absentValue
		}
		switch cur.State {
		case Unknown:
			return &Value{State: Unknown, Blockers: cur.Blockers, Range: cur.Range, Sensitive: cur.Sensitive}
		case Absent:
			return absentValue
		case Null:
			return absentValue
		}
		switch s := step.(type) {
		case string:
			if cur.Kind != KindObject {
				return absentValue
			}
			next, ok := cur.Attrs[s]
			if !ok {
				return absentValue
			}
			cur = next
		case int:
			if cur.Kind != KindList || s < 0 || s >= len(cur.Elems) {
				return absentValue
			}
			cur = cur.Elems[s]
		default:
			return absentValue
		}
	}
	if cur == nil {
		return absentValue
	}
	return cur
}

// AsString returns the string of a known string value.
func (v *Value) AsString() (string, bool) {
	if v.IsKnown() && v.Kind == KindString {
		return v.Str, true
	}
	return "", false
}

// AsBool returns the boolean of a known bool value. With lenient set,
// the strings "true" and "false" (any case) count too, as EMR accepts them
// in security configurations; exact reports whether the value was a JSON
// boolean.
func (v *Value) AsBool(lenient bool) (b, ok, exact bool) {
	if !v.IsKnown() {
		return false, false, false
	}
	switch v.Kind {
	case KindBool:
		return v.Bool, true, true
	case KindString:
		if lenient {
			switch strings.ToLower(v.Str) {
			case "true":
				return true, true, false
			case "false":
				return false, true, false
			}
		}
	}
	return false, false, false
}

// AsInt returns the integer of a known whole number (or, when lenient, a
// string holding one).
func (v *Value) AsInt(lenient bool) (int64, bool) {
	if !v.IsKnown() {
		return 0, false
	}
	var lit string
	switch v.Kind {
	case KindNumber:
		lit = v.Num
	case KindString:
		if !lenient {
			return 0, false
		}
		lit = strings.TrimSpace(v.Str)
	default:
		return 0, false
	}
	if n, err := strconv.ParseInt(lit, 10, 64); err == nil {
		return n, true
	}
	if f, err := strconv.ParseFloat(lit, 64); err == nil && f == float64(int64(f)) {
		return int64(f), true
	}
	return 0, false
}

// Display renders a scalar for a message, never revealing a sensitive
// value. Collections render as their kind.
func (v *Value) Display() string {
	if s, hidden := v.taintedDisplay(); hidden {
		return s
	}
	if v == nil {
		return "(absent)"
	}
	if v.Sensitive {
		return "(sensitive value)"
	}
	switch v.State {
	case Absent:
		return "(absent)"
	case Null:
		return "null"
	case Unknown:
		return "(known after apply)"
	}
	switch v.Kind {
	case KindString:
		return strconv.Quote(v.Str)
	case KindNumber:
		return v.Num
	case KindBool:
		return strconv.FormatBool(v.Bool)
	case KindObject:
		return "(object)"
	case KindList:
		return "(list)"
	}
	return "(value)"
}

// Walk calls fn for v and every value below it, depth first, objects in
// Keys order. path is the JSON-ish path from v ("a.b[0].c").
func (v *Value) Walk(fn func(path string, val *Value)) {
	v.walk("", fn)
}

func (v *Value) walk(path string, fn func(string, *Value)) {
	if v == nil {
		return
	}
	fn(path, v)
	if v.State != Known {
		return
	}
	switch v.Kind {
	case KindObject:
		for _, k := range v.Keys {
			p := k
			if path != "" {
				p = path + "." + k
			}
			v.Attrs[k].walk(p, fn)
		}
	case KindList:
		for i, e := range v.Elems {
			e.walk(path+"["+strconv.Itoa(i)+"]", fn)
		}
	}
}

// UnknownBlockers collects the blockers of every Unknown value at or below
// v, sorted and de-duplicated.
func (v *Value) UnknownBlockers() []string {
	seen := map[string]bool{}
	v.visit(func(x *Value) {
		if x.State == Unknown {
			for _, b := range x.Blockers {
				seen[b] = true
			}
		}
	})
	out := make([]string, 0, len(seen))
	for b := range seen {
		out = append(out, b)
	}
	sort.Strings(out)
	return out
}

// visit calls fn for v and every value below it in Walk's order, without
// building paths (Walk allocates one per value).
func (v *Value) visit(fn func(*Value)) {
	if v == nil {
		return
	}
	fn(v)
	if v.State != Known {
		return
	}
	switch v.Kind {
	case KindObject:
		for _, k := range v.Keys {
			v.Attrs[k].visit(fn)
		}
	case KindList:
		for _, e := range v.Elems {
			e.visit(fn)
		}
	}
}

// MarkSensitive marks v and every value below it sensitive (a document
// parsed from a sensitive configuration string is sensitive throughout).
func (v *Value) MarkSensitive() {
	v.visit(func(x *Value) { x.Sensitive = true })
}

// SensitiveStrings collects the known sensitive strings at or below v.
func (v *Value) SensitiveStrings() []string {
	var out []string
	v.visit(func(x *Value) {
		if x.Sensitive && x.State == Known && x.Kind == KindString && x.Str != "" {
			out = append(out, x.Str)
		}
	})
	return out
}
