package model

import (
	"slices"
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
// The zero Value is Absent. Values form a tree: an object names its
// attributes in Keys (sorted unless the input had an order) and holds
// the attribute Keys()[i] names in Elems()[i]; a list holds its elements
// in Elems. A Value of an object that is itself Unknown has no children;
// lookups through it return Unknown.
//
// The layout is compact (issue 22.1: a plan's memory follows the number
// of values): 48 bytes, no map per object, one string field for strings
// and numbers, children and the rarely set fields behind pointers.
type Value struct {
	State     State
	Kind      Kind
	Sensitive bool
	Bool      bool // KindBool (declared here so that the flags share a word)
	// unordered is set when Keys are not in lexical order (lookups then
	// scan them instead of searching).
	unordered bool
	// shared is set on a value that stands in many places (NewShared):
	// it must not be modified, only replaced (Own).
	shared bool

	// Str is a KindString's text, or a KindNumber's literal as written
	// (JSON number syntax).
	Str  string
	kids *children

	// Range is where the value is written, when the input has source.
	// For a JSON key in a security configuration it is the key's range.
	Range *Range
	// more holds what few values have (Blockers, Taint). It is never
	// modified once set, as copies of a Value share it.
	more *valueMore
}

// children are the attributes of an object (keys[i] names elems[i]) or
// the elements of a list (keys is nil).
type children struct {
	keys  []string
	elems []*Value
}

// Keys returns the attribute names of an object, in order (nil for
// anything else).
func (v *Value) Keys() []string {
	if v == nil || v.kids == nil {
		return nil
	}
	return v.kids.keys
}

// Elems returns the elements of a list, or the attribute values of an
// object in Keys order. The slice is the value's own: setting an element
// changes the value.
func (v *Value) Elems() []*Value {
	if v == nil || v.kids == nil {
		return nil
	}
	return v.kids.elems
}

// Len is len(v.Elems()).
func (v *Value) Len() int { return len(v.Elems()) }

// Append adds elements at the end of a list.
func (v *Value) Append(elems ...*Value) {
	if v.kids == nil {
		v.kids = &children{}
	}
	v.kids.elems = append(v.kids.elems, elems...)
}

// SetElems makes v a known list of elems, which it takes over.
func (v *Value) SetElems(elems []*Value) {
	v.State, v.Kind, v.unordered = Known, KindList, false
	v.kids = &children{elems: elems}
}

// valueMore is the rarely set part of a Value.
type valueMore struct {
	blockers []string
	taint    string
}

// Blockers name what makes an Unknown value unknown, e.g.
// "aws_kms_key.emr.arn" or "var.release_label (no value)".
func (v *Value) Blockers() []string {
	if v == nil || v.more == nil {
		return nil
	}
	return v.more.blockers
}

// SetBlockers sets Blockers.
func (v *Value) SetBlockers(blockers []string) { v.setMore(blockers, v.Taint()) }

// Taint names where a value computed from outside the configuration's
// own text came from ("file config/emr.json", "environment TF_VAR_x");
// empty otherwise. Messages show a tainted value only when it looks like
// what a rule expects there (see taint.go).
func (v *Value) Taint() string {
	if v == nil || v.more == nil {
		return ""
	}
	return v.more.taint
}

// SetTaint sets Taint.
func (v *Value) SetTaint(source string) { v.setMore(v.Blockers(), source) }

func (v *Value) setMore(blockers []string, taint string) {
	if len(blockers) == 0 && taint == "" {
		v.more = nil
		return
	}
	v.more = &valueMore{blockers: blockers, taint: taint}
}

// absentValue is returned by lookups that find nothing. Callers must not
// modify it.
var absentValue = &Value{}

// NewShared returns a copy of leaf that a loader puts in every place of
// its model where an equal value has nothing of its own (no range, not
// sensitive, no taint, no blockers): a plan lists every attribute of a
// resource's schema, half of a cluster's are null or left to the
// provider, and most of the rest say the same in every resource (the
// region, the instance profile, the release) (issue 22.1). A shared
// value is never modified: code that would change a value it did not
// create (a merge, MarkSensitive) takes Own's copy and puts it in the
// value's place. leaf must be such a value, and no object or list.
func NewShared(leaf Value) *Value {
	if leaf.kids != nil || leaf.more != nil || leaf.Range != nil || leaf.Sensitive || leaf.Kind == KindObject || leaf.Kind == KindList {
		panic("model: NewShared of a value that has something of its own")
	}
	leaf.shared = true
	return &leaf
}

// IsShared reports whether v is a shared value (NewShared).
func (v *Value) IsShared() bool { return v != nil && v.shared }

// Own returns v, or a copy of it that may be modified when v is shared.
func (v *Value) Own() *Value {
	if v == nil || !v.shared {
		return v
	}
	c := *v
	c.shared = false
	return &c
}

// Absent returns a new absent value.
func NewAbsent() *Value { return &Value{} }

// NewNull returns a null value.
func NewNull() *Value { return &Value{State: Null} }

// NewUnknown returns an unknown value blocked by the given references.
func NewUnknown(blockers ...string) *Value {
	v := &Value{State: Unknown}
	v.SetBlockers(blockers)
	return v
}

// NewString returns a known string.
func NewString(s string) *Value { return &Value{State: Known, Kind: KindString, Str: s} }

// NewBool returns a known bool.
func NewBool(b bool) *Value { return &Value{State: Known, Kind: KindBool, Bool: b} }

// NewNumber returns a known number given as its literal text.
func NewNumber(lit string) *Value { return &Value{State: Known, Kind: KindNumber, Str: lit} }

// NewObject returns a known, empty object.
func NewObject() *Value { return &Value{State: Known, Kind: KindObject} }

// NewObjectOf returns a known object of the given attributes (see
// SetAttrs).
func NewObjectOf(keys []string, elems []*Value) *Value {
	v := &Value{State: Known}
	v.SetAttrs(keys, elems)
	return v
}

// SetAttrs makes v an object of the given attributes, keys[i] naming
// elems[i], in their order. Of duplicate keys the last value is kept, at
// the first one's place (as JSON parsers keep the last). v takes over
// both slices. Building an object this way takes linear time whatever
// the order of the keys, where Set takes linear time per key when they
// are out of order.
func (v *Value) SetAttrs(keys []string, elems []*Value) {
	v.Kind, v.unordered = KindObject, false
	v.kids = &children{keys: keys, elems: elems}
	for i := 1; i < len(keys); i++ {
		if keys[i] <= keys[i-1] {
			v.unordered = true
			break
		}
	}
	if !v.unordered {
		return
	}
	// Some key is out of order, perhaps a duplicate: keep the first place
	// of each key and its last value (few keys are compared directly,
	// many through a map).
	var at map[string]int
	if len(keys) > 16 {
		at = make(map[string]int, len(keys))
	}
	n := 0
	for i, k := range keys {
		j, dup := at[k]
		if at == nil {
			j = slices.Index(keys[:n], k)
			dup = j >= 0
		}
		if dup {
			elems[j] = elems[i]
			continue
		}
		if at != nil {
			at[k] = n
		}
		keys[n], elems[n] = k, elems[i]
		n++
	}
	clear(keys[n:])
	clear(elems[n:])
	v.kids.keys, v.kids.elems = keys[:n], elems[:n]
	v.unordered = !slices.IsSorted(v.kids.keys)
}

// ShareKeys makes keys, a list equal to Keys (one that objects of the
// same shape share, say), the object's key list; it does nothing when
// the lists differ. The list must not change afterwards: Set copies a
// list without spare capacity before it appends.
func (v *Value) ShareKeys(keys []string) {
	if v.kids != nil && slices.Equal(v.kids.keys, keys) {
		v.kids.keys = keys
	}
}

// NewList returns a known list of the given elements.
func NewList(elems ...*Value) *Value {
	v := &Value{}
	v.SetElems(elems)
	return v
}

// Set stores an attribute in a known object: a new key goes after the
// others (Keys keep insertion order), an existing key's value is
// replaced (as JSON parsers keep the last of duplicate keys).
func (v *Value) Set(key string, child *Value) {
	if i, ok := v.index(key); ok {
		v.kids.elems[i] = child
		return
	}
	if v.kids == nil {
		v.kids = &children{}
	}
	if n := len(v.kids.keys); n > 0 && key < v.kids.keys[n-1] {
		v.unordered = true
	}
	v.kids.keys = append(v.kids.keys, key)
	v.kids.elems = append(v.kids.elems, child)
}

// Lookup returns the attribute key of an object value.
func (v *Value) Lookup(key string) (*Value, bool) {
	if v == nil || v.Kind != KindObject {
		return nil, false
	}
	if i, ok := v.index(key); ok {
		return v.kids.elems[i], true
	}
	return nil, false
}

// index returns the position of key in Keys.
func (v *Value) index(key string) (int, bool) {
	keys := v.Keys()
	if v.unordered {
		for i, k := range keys {
			if k == key {
				return i, true
			}
		}
		return 0, false
	}
	i, ok := slices.BinarySearch(keys, key)
	return i, ok
}

// Clone returns a deep copy of v (nil for nil).
func (v *Value) Clone() *Value {
	if v == nil {
		return nil
	}
	out := *v
	out.shared = false
	if v.kids != nil {
		out.kids = &children{keys: slices.Clone(v.kids.keys)}
		if v.kids.elems != nil {
			out.kids.elems = make([]*Value, len(v.kids.elems))
			for i, e := range v.kids.elems {
				out.kids.elems[i] = e.Clone()
			}
		}
	}
	return &out
}

// SortKeys sorts an object's Keys lexicographically (and Elems with
// them).
func (v *Value) SortKeys() {
	if !v.unordered {
		return
	}
	sort.Sort(byKey{v})
	v.unordered = false
}

// byKey sorts an object's attributes by key.
type byKey struct{ v *Value }

func (b byKey) Len() int           { return len(b.v.kids.keys) }
func (b byKey) Less(i, j int) bool { return b.v.kids.keys[i] < b.v.kids.keys[j] }
func (b byKey) Swap(i, j int) {
	k, e := b.v.kids.keys, b.v.kids.elems
	k[i], k[j] = k[j], k[i]
	e[i], e[j] = e[j], e[i]
}

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
			u := NewUnknown(cur.Blockers()...)
			u.Range, u.Sensitive = cur.Range, cur.Sensitive
			return u
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
			next, ok := cur.Lookup(s)
			if !ok {
				return absentValue
			}
			cur = next
		case int:
			if cur.Kind != KindList || s < 0 || s >= cur.Len() {
				return absentValue
			}
			cur = cur.kids.elems[s]
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
		lit = v.Str
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
// value. Collections render as their kind; a value that is not written is
// "not set", an unknown one says why it is unknown.
func (v *Value) Display() string {
	if s, hidden := v.taintedDisplay(); hidden {
		return s
	}
	if v == nil {
		return "not set"
	}
	if v.Sensitive {
		return "(sensitive value)"
	}
	switch v.State {
	case Absent:
		return "not set"
	case Null:
		return "null"
	case Unknown:
		if vars, others := splitBlockers(v.Blockers()); len(vars) > 0 && len(others) == 0 {
			return "(" + noValueText(vars, false, true) + ")"
		}
		return "(known after apply)"
	}
	switch v.Kind {
	case KindString:
		return strconv.Quote(v.Str)
	case KindNumber:
		return v.Str
	case KindBool:
		return strconv.FormatBool(v.Bool)
	case KindObject:
		return "(object)"
	case KindList:
		return "(list)"
	}
	return "(value)"
}

// noValueSuffix ends the blocker of a variable that has no value at all
// (no default, no -var, no .tfvars): "var.release_label (no value given)".
const noValueSuffix = " (no value given)"

// NoValueBlocker is the blocker of a variable that has no value at all;
// ref is its reference ("var.release_label", "module.emr.var.release").
// Messages then say how to give it one.
func NoValueBlocker(ref string) string { return ref + noValueSuffix }

// providerDecidedSuffix ends the blocker of an Optional+Computed
// attribute that a plan leaves unknown where the configuration may not
// set it: the provider then fills it in after apply.
const providerDecidedSuffix = ": unset there is the provider's default, decided after apply)"

// ProviderDecidedBlocker is the blocker of such an attribute; path names
// it ("aws_emr_cluster.c.ec2_attributes.subnet_id") and why says what the
// plan does not show ("the plan does not show a dynamic block").
func ProviderDecidedBlocker(path, why string) string {
	return path + " (" + why + providerDecidedSuffix
}

// IsProviderDecided reports whether v is unknown only because a plan
// does not say whether the configuration writes it: it may be unset (the
// provider's default), so a rule must not read it as set.
func IsProviderDecided(v *Value) bool {
	if !v.IsUnknown() || len(v.Blockers()) == 0 {
		return false
	}
	for _, b := range v.Blockers() {
		if !strings.HasSuffix(b, providerDecidedSuffix) {
			return false
		}
	}
	return true
}

// splitBlockers separates the variables that have no value from the
// other blockers (values Terraform computes at apply time).
func splitBlockers(bs []string) (vars, others []string) {
	for _, b := range bs {
		if name, ok := strings.CutSuffix(b, noValueSuffix); ok {
			vars = append(vars, name)
		} else {
			others = append(others, b)
		}
	}
	return vars, others
}

// noValueText says which variables have no value and how to give them
// one: a root module variable on the command line or in a .tfvars file,
// a module's variable in its module call. With relative set it reads as a
// relative clause ("var.x, which has no value (...)"), to follow a noun;
// inParens is for text already in parentheses (the advice follows a colon).
func noValueText(vars []string, relative, inParens bool) string {
	advice := func(a string) string {
		if inParens {
			return ": " + a
		}
		return " (" + a + ")"
	}
	var root, inModule []string
	for _, v := range vars {
		if strings.HasPrefix(v, "module.") {
			inModule = append(inModule, v)
		} else {
			root = append(root, v)
		}
	}
	verb := func(names []string) string {
		has := " has"
		if len(names) > 1 {
			has = " have"
		}
		if relative {
			return joinAnd(names) + ", which" + has
		}
		return joinAnd(names) + has
	}
	var parts []string
	switch len(root) {
	case 0:
	case 1:
		parts = append(parts, verb(root)+" no value"+advice("set it with -var or a .tfvars file"))
	default:
		parts = append(parts, verb(root)+" no value"+advice("set them with -var or a .tfvars file"))
	}
	switch len(inModule) {
	case 0:
	case 1:
		parts = append(parts, verb(inModule)+" no value"+advice("its module call does not set it"))
	default:
		parts = append(parts, verb(inModule)+" no value"+advice("their module calls do not set them"))
	}
	return strings.Join(parts, "; ")
}

// joinAnd joins names as "a", "a and b", "a, b and c".
func joinAnd(names []string) string {
	switch len(names) {
	case 0:
		return ""
	case 1:
		return names[0]
	}
	return strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
}

// BlockerText renders what an unknown value depends on, for a message
// ("it depends on %s"): computed values by their reference, variables
// without a value with the advice to set them ("var.mode has no value:
// set it with -var or a .tfvars file").
func BlockerText(blockers []string) string {
	vars, others := splitBlockers(blockers)
	switch {
	case len(vars) == 0 && len(others) == 0:
		return "a value known only after apply"
	case len(vars) == 0:
		return strings.Join(others, ", ")
	}
	text := noValueText(vars, true, false)
	if len(others) > 0 {
		text = strings.Join(others, ", ") + ", and " + text
	}
	return text
}

// DescribeUnknown completes "X is ..." for an unknown value: "known only
// after apply (it depends on aws_kms_key.emr.arn)" for a value Terraform
// computes, or "unknown because var.mode has no value (set it with -var
// or a .tfvars file)" when only variables without a value block it.
func (v *Value) DescribeUnknown() string {
	if v == nil {
		return "known only after apply"
	}
	vars, others := splitBlockers(v.Blockers())
	switch {
	case len(vars) > 0 && len(others) == 0:
		return "unknown because " + noValueText(vars, false, false)
	case len(vars) == 0 && len(others) == 0:
		return "known only after apply"
	}
	return "known only after apply (it depends on " + BlockerText(v.Blockers()) + ")"
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
		for i, k := range v.Keys() {
			p := k
			if path != "" {
				p = path + "." + k
			}
			v.kids.elems[i].walk(p, fn)
		}
	case KindList:
		for i, e := range v.Elems() {
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
			for _, b := range x.Blockers() {
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
func (v *Value) visit(fn func(*Value)) { v.visitValues(false, fn) }

// MarkSensitive marks v and every value below it sensitive (a document
// parsed from a sensitive configuration string is sensitive throughout).
// v must not be shared.
func (v *Value) MarkSensitive() {
	v.visitOwned(func(x *Value) { x.Sensitive = true })
}

// visitOwned is visit for fn that modify values: a shared value below v
// is replaced by its own copy (Own) before fn sees it.
func (v *Value) visitOwned(fn func(*Value)) { v.visitValues(true, fn) }

func (v *Value) visitValues(own bool, fn func(*Value)) {
	if v == nil {
		return
	}
	fn(v)
	if v.State != Known {
		return
	}
	switch v.Kind {
	case KindObject, KindList:
		elems := v.Elems()
		for i, e := range elems {
			if own && e.IsShared() {
				e = e.Own()
				elems[i] = e
			}
			e.visitValues(own, fn)
		}
	}
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
