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
