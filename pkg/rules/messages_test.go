package rules_test

import (
	"fmt"
	"testing"
	"unsafe"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tfemrcheck/tfemrcheck/pkg/model"
	"github.com/tfemrcheck/tfemrcheck/pkg/rules"
)

// TestPassKeepsEachMessageOnce: a pass formats as fmt.Sprintf does, and
// gives findings with the same text one string (a large plan's findings
// say the same thing about thousands of resources), for as many distinct
// texts as it remembers and correctly beyond.
func TestPassKeepsEachMessageOnce(t *testing.T) {
	var got []rules.Finding
	const distinct = 5000 // more than a pass remembers
	r := &rules.Rule{ID: "EMR-CL-099", Title: "test", Severity: rules.Low, Check: func(p *rules.Pass) {
		for i := range distinct {
			p.Failf(rules.At{Address: "a"}, "value %d is %q", i, "x")
			p.Indeterminatef(rules.At{Address: "b"}, "value %d is %q", i, "x")
			p.FailSeverityf(rules.High, rules.At{Address: "c"}, "value %d is %q", i, "x")
		}
	}}
	r.Check(rules.NewPass(r, &model.Model{}, rules.Defaults(), func(f rules.Finding) { got = append(got, f) }))
	require.Len(t, got, 3*distinct)
	shared := 0
	for i := range distinct {
		want := fmt.Sprintf("value %d is %q", i, "x")
		a, b, c := got[3*i], got[3*i+1], got[3*i+2]
		require.Equal(t, want, a.Message)
		require.Equal(t, want, b.Message)
		require.Equal(t, want, c.Message)
		assert.Equal(t, rules.Fail, a.Status)
		assert.Equal(t, rules.Indeterminate, b.Status)
		assert.Equal(t, rules.High, c.Severity)
		if unsafe.StringData(a.Message) == unsafe.StringData(b.Message) && unsafe.StringData(b.Message) == unsafe.StringData(c.Message) {
			shared++
		}
	}
	assert.Greater(t, shared, distinct/2, "equal messages are not one string")
	assert.Less(t, shared, distinct, "a pass remembers every distinct message, without bound")
}
