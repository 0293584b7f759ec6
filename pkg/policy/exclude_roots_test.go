package policy

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestExcludeRootsDecodes(t *testing.T) {
	p, diags := Parse([]byte(`exclude_roots = ["modules/**", "examples/*", "."]`+"\n"), "p.hcl")
	require.False(t, diags.HasErrors(), diags.Error())
	assert.Equal(t, []string{"modules/**", "examples/*", "."}, p.ExcludeRoots)
	assert.Equal(t, 1, p.ExcludeRootsRange.Start.Line)

	for bad, want := range map[string]string{
		`exclude_roots = ["/etc"]`:    "is absolute",
		`exclude_roots = ["a/[b"]`:    "not a valid glob",
		`exclude_roots = [" "]`:       "is empty",
		`exclude_roots = ["a\\b"]`:    "backslash",
		`exclude_roots = "modules/*"`: "list of strings",
	} {
		_, diags := Parse([]byte(bad+"\n"), "p.hcl")
		require.True(t, diags.HasErrors(), bad)
		assert.Contains(t, diags.Error(), want, bad)
		assert.Contains(t, diags.Error(), "p.hcl:1,", bad)
	}
}
