package hclconfig

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestOverriddenExpressionIsNotChecked: an attribute an override file
// replaces is never evaluated by Terraform, so a reference in it to
// something undeclared is no error (the oracle's case s000556: terraform
// 1.11.4 plans it; source mode refused it). The override's own
// references are checked as ever.
func TestOverriddenExpressionIsNotChecked(t *testing.T) {
	dir := writeModule(t, map[string]string{
		"main.tf": `resource "aws_emr_cluster" "c" {
  name          = "c"
  release_label = try(local.undeclared.x, "emr-4.7.0")
}
`,
		"override.tf": `resource "aws_emr_cluster" "c" {
  release_label = "emr-7.2.0"
}
`,
	})
	m, diags := Load(dir, Options{})
	require.False(t, diags.HasErrors(), diags.Error())
	label, _ := m.Clusters[0].Resource.Attr("release_label").AsString()
	assert.Equal(t, "emr-7.2.0", label)

	dir = writeModule(t, map[string]string{
		"main.tf": `resource "aws_emr_cluster" "c" {
  name = "c"
}
`,
		"override.tf": `resource "aws_emr_cluster" "c" {
  release_label = local.undeclared
}
`,
	})
	_, diags = Load(dir, Options{})
	require.True(t, diags.HasErrors())
	assert.Contains(t, diags.Error(), "Reference to undeclared local value")
}
