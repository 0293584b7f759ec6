package hclconfig

import (
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// panicJSON is an object whose keys normalise to the same string
// ("e\u0301" and "é"): go-cty's jsondecode panics on it; Terraform 1.11
// refuses it ("Error in function call", recorded in
// testdata/functions/recorded.json).
const panicJSON = `jsondecode("{\"e\\u0301\":1,\"é\":2}")`

// TestFunctionPanicIsCleanError: a panic inside a function is the
// function's error, as Terraform reports it, at the call's file and line,
// without a Go stack trace or the build machine's paths; the rest of the
// module is still evaluated.
func TestFunctionPanicIsCleanError(t *testing.T) {
	dir := writeModule(t, map[string]string{"main.tf": "locals {\n  ok = 1\n  x  = " + panicJSON + "\n}\n" +
		"resource \"aws_emr_security_configuration\" \"sc\" {\n  name = \"sc\"\n  configuration = jsonencode({ a = local.x })\n}\n" +
		"resource \"aws_emr_cluster\" \"c\" {\n  name = \"c\"\n}\n"})
	m, diags := Load(dir, Options{})
	require.NotNil(t, m)
	require.True(t, diags.HasErrors())
	var found bool
	for _, d := range diags {
		assert.NotContains(t, d.Detail, "goroutine")
		assert.NotContains(t, d.Detail, ".go:")
		if d.Summary == "Error in function call" {
			found = true
			require.NotNil(t, d.Subject)
			assert.Equal(t, filepath.Join(dir, "main.tf"), d.Subject.Filename)
			assert.Equal(t, 3, d.Subject.Start.Line)
			assert.Contains(t, d.Detail, `multiple attributes that normalize to "é"`)
		}
	}
	assert.True(t, found, diags.Error())
	assert.Len(t, m.Clusters, 1, "the rest of the module is evaluated")
}

// TestFunctionPanicSensitiveArgument: the panic's text may quote the
// argument, so it is left out when the argument is sensitive.
func TestFunctionPanicSensitiveArgument(t *testing.T) {
	dir := writeModule(t, map[string]string{"main.tf": "variable \"s\" {\n  sensitive = true\n  default = \"{\\\"e\\\\u0301\\\":1,\\\"é\\\":2}\"\n}\n" +
		"locals {\n  x = jsondecode(var.s)\n}\n"})
	_, diags := Load(dir, Options{})
	require.True(t, diags.HasErrors())
	for _, d := range diags {
		assert.NotContains(t, d.Detail, "normalize")
		assert.NotContains(t, d.Detail, "goroutine")
	}
}
