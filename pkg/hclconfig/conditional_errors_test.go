package hclconfig

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestErrorsOfAResourceThatMayNotExist: when a resource's count is not
// known here (a module that is not installed, a variable without value),
// an error Terraform meets only in an instance's body is a note saying on
// what it depends, as Terraform refuses the configuration only if the
// resource exists (issue 20.5, hansohn/terraform-aws-emr's
// emr-instance-group: dynamic for_each over a null default). With a known
// count of 1 it is the error Terraform gives; a reference to something
// undeclared is an error whatever the count (terraform validate).
func TestErrorsOfAResourceThatMayNotExist(t *testing.T) {
	const body = `
variable "enabled" {
  type = bool
}
variable "ebs_config" {
  type    = list(any)
  default = null
}
resource "aws_emr_instance_group" "g" {
  count      = COUNT
  cluster_id = "j-1"
  dynamic "ebs_config" {
    for_each = var.ebs_config
    content {
      size = ebs_config.value.size
    }
  }
}
`
	m, diags := Load(writeModule(t, map[string]string{"main.tf": strings.Replace(body, "COUNT", "var.enabled ? 1 : 0", 1)}), Options{})
	require.False(t, diags.HasErrors(), diags.Error())
	require.Len(t, m.Notes, 1)
	assert.Contains(t, m.Notes[0].Message, "if var.enabled")
	assert.Contains(t, m.Notes[0].Message, "Terraform refuses the configuration: Invalid dynamic for_each value")

	_, diags = Load(writeModule(t, map[string]string{"main.tf": strings.Replace(body, "COUNT", "1", 1)}), Options{})
	require.True(t, diags.HasErrors())
	assert.Contains(t, diags.Error(), "Invalid dynamic for_each value")

	_, diags = Load(writeModule(t, map[string]string{"main.tf": strings.Replace(strings.Replace(body, "COUNT", "var.enabled ? 1 : 0", 1),
		`cluster_id = "j-1"`, `cluster_id = local.nope`, 1)}), Options{})
	require.True(t, diags.HasErrors())
	assert.Contains(t, diags.Error(), "Reference to undeclared local value")
}
