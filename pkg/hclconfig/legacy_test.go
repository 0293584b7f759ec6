package hclconfig

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Terraform 0.11's quoted type constraints get Terraform's own error, as
// on public modules written for it.
func TestLegacyQuotedTypesAreTerraformsErrors(t *testing.T) {
	dir := writeModule(t, map[string]string{
		"main.tf":      "variable \"a\" {\n  type = \"list\"\n}\nvariable \"b\" {\n  type = \"number\"\n}\nvariable \"c\" {\n  type = list(string)\n}\n",
		"more.tf.json": `{"variable": {"d": {"type": "map(string)"}}}`,
	})
	_, diags := Load(dir, Options{})
	require.Len(t, diags, 2, "%v", diags)
	assert.Equal(t, "Invalid quoted type constraints", diags[0].Summary)
	assert.Contains(t, diags[0].Detail, `Remove the quotes around "list" and write list(string) instead`)
	assert.Equal(t, 2, diags[0].Subject.Start.Line)
	assert.Equal(t, "Invalid legacy variable type hint", diags[1].Summary)
}
