package model

import (
	"math/rand/v2"
	"slices"
	"strconv"
	"testing"
	"unsafe"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestObjectActsAsAnOrderedMap: whatever the order of the keys, Set,
// SetAttrs and Lookup agree with a Go map (the last value of a key wins)
// plus a list of first insertions (Keys), and SortKeys sorts Keys and
// Elems together.
func TestObjectActsAsAnOrderedMap(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for round := range 300 {
		n := rng.IntN(40)
		var keys []string
		var vals []*Value
		want := map[string]*Value{}
		var order []string
		for i := range n {
			k := "k" + strconv.Itoa(rng.IntN(n+1))
			if round%3 == 0 {
				k = "k" + strconv.Itoa(100+i) // ordered, no duplicates
			}
			v := NewString(strconv.Itoa(i))
			if _, ok := want[k]; !ok {
				order = append(order, k)
			}
			want[k] = v
			keys, vals = append(keys, k), append(vals, v)
		}
		bySet := NewObject()
		for i, k := range keys {
			bySet.Set(k, vals[i])
		}
		byAll := NewObjectOf(slices.Clone(keys), slices.Clone(vals))
		for _, o := range []*Value{bySet, byAll} {
			require.Equal(t, order, o.Keys(), "round %d", round)
			require.Len(t, o.Elems(), len(o.Keys()))
			for k, v := range want {
				got, ok := o.Lookup(k)
				require.True(t, ok, k)
				require.Same(t, v, got, k)
				require.Same(t, v, o.Get(k), k)
			}
			_, ok := o.Lookup("absent")
			assert.False(t, ok)
			c := o.Clone()
			c.SortKeys()
			require.True(t, slices.IsSorted(c.Keys()))
			for i, k := range c.Keys() {
				require.Equal(t, want[k].Str, c.Elems()[i].Str, k)
				got, ok := c.Lookup(k)
				require.True(t, ok)
				require.Equal(t, want[k].Str, got.Str)
			}
			require.Equal(t, order, o.Keys(), "Clone copies: sorting the copy leaves the original")
		}
	}
}

// TestLookupOnlyInObjects: a list or scalar has no attributes.
func TestLookupOnlyInObjects(t *testing.T) {
	_, ok := NewList(NewString("a")).Lookup("a")
	assert.False(t, ok)
	var nilValue *Value
	_, ok = nilValue.Lookup("a")
	assert.False(t, ok)
}

// TestValueStaysCompact: a plan's memory follows the number of values
// (issue 22.1); a field added to Value should go behind one of its
// pointers unless most values need it.
func TestValueStaysCompact(t *testing.T) {
	assert.LessOrEqual(t, unsafe.Sizeof(Value{}), uintptr(48))
}

// TestSharedValuesStayAsMade: what modifies a tree in place (MarkSensitive,
// MarkTainted) puts a copy in the place of a shared value below it, and
// Clone's copies are not shared; the shared value itself never changes,
// as it stands in other trees too.
func TestSharedValuesStayAsMade(t *testing.T) {
	for _, mark := range []struct {
		name  string
		apply func(*Value)
		check func(*Value) bool
	}{
		{"MarkSensitive", (*Value).MarkSensitive, func(v *Value) bool { return v.Sensitive }},
		{"MarkTainted", func(v *Value) { v.MarkTainted("file x.json") }, func(v *Value) bool { return v.Taint() == "file x.json" }},
	} {
		t.Run(mark.name, func(t *testing.T) {
			null, absent := NewShared(Value{State: Null}), NewShared(Value{State: Absent})
			obj := &Value{State: Known}
			obj.SetAttrs([]string{"a", "b", "c"}, []*Value{null, absent, NewList(null)})
			other := &Value{State: Known}
			other.SetAttrs([]string{"a"}, []*Value{null})

			mark.apply(obj)

			for _, v := range []*Value{null, absent} {
				assert.Equal(t, &Value{State: v.State, shared: true}, v, "a shared value changed")
			}
			a, _ := obj.Lookup("a")
			b, _ := obj.Lookup("b")
			c, _ := obj.Lookup("c")
			for _, v := range []*Value{a, b, c.Elems()[0]} {
				assert.False(t, v.IsShared(), "a shared value is still in the marked tree")
				assert.True(t, mark.check(v), "a copy is not marked")
			}
			assert.Equal(t, Null, a.State)
			assert.Equal(t, Absent, b.State)
			oa, _ := other.Lookup("a")
			assert.Same(t, null, oa, "another tree lost its shared value")
		})
	}
	null := NewShared(Value{State: Null})
	assert.False(t, null.Clone().IsShared())
	owned := null.Own()
	assert.NotSame(t, null, owned)
	assert.Same(t, owned, owned.Own(), "Own of an owned value is the value")
	assert.Panics(t, func() { NewShared(Value{State: Known, Kind: KindObject}) })
	assert.Panics(t, func() { NewShared(Value{State: Known, Kind: KindString, Sensitive: true}) })
	assert.Panics(t, func() { NewShared(*NewUnknown("var.x")) })
}
