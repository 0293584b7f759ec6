package hclconfig

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestUndeclaredTfvarsAndOtherEMRTypes: two things seen on public EMR code
// (issue 20.5). A value in terraform.tfvars for a variable the module does
// not declare is Terraform's warning, and the check says so in a note (a
// misspelt name leaves the variable meant at its default); an
// aws_emr_managed_scaling_policy is kept, so the coverage line counts it.
func TestUndeclaredTfvarsAndOtherEMRTypes(t *testing.T) {
	dir := writeModule(t, map[string]string{
		"main.tf": `variable "release" {
  default = "emr-7.2.0"
}
resource "aws_emr_managed_scaling_policy" "p" {
  cluster_id = "j-1"
}
`,
		"terraform.tfvars": "relaese = \"emr-5.20.0\"\n",
	})
	m, diags := Load(dir, Options{})
	require.False(t, diags.HasErrors(), diags.Error())
	require.NotNil(t, m.Lookup("aws_emr_managed_scaling_policy.p"))
	var notes []string
	for _, n := range m.Notes {
		notes = append(notes, n.Address+": "+n.Message)
	}
	require.Len(t, notes, 1)
	assert.Contains(t, notes[0], `var.relaese: Warning: Value for undeclared variable: The root module does not declare a variable named "relaese"`)
}
