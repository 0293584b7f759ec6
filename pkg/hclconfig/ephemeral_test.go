package hclconfig

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestEphemeralAsTerraform: ephemeral variables and terraform.applying
// behave as in Terraform 1.11 (terraform console and plan agree):
// ephemeralasnull() of an ephemeral value is null, so coalesce() takes the
// next argument; of anything else it is the value itself; and
// terraform.applying is false while planning. terraform 1.11.4 prints
// the same string for this module (console and plan). The oracle's corpus holds
// the same expressions planned by terraform (classes ephemeralasnull,
// terraform-applying).
func TestEphemeralAsTerraform(t *testing.T) {
	dir := writeModule(t, map[string]string{
		"main.tf": `
variable "e" {
  type      = string
  default   = "SSE-C"
  ephemeral = true
}
variable "plain" {
  type    = string
  default = "SSE-KMS"
}
locals {
  from_ephemeral = coalesce(ephemeralasnull(var.e), "SSE-S3")
  from_plain     = coalesce(ephemeralasnull(var.plain), "SSE-S3")
  nested         = ephemeralasnull({ a = var.e, b = var.plain })
  applying       = ephemeralasnull(terraform.applying) == null ? "null" : "set"
}
resource "aws_emr_cluster" "c" {
  name = join(",", [local.from_ephemeral, local.from_plain, coalesce(local.nested.a, "none"), local.nested.b, local.applying])
}
`,
	})
	m, diags := Load(dir, Options{})
	require.False(t, diags.HasErrors(), diags.Error())
	require.Len(t, m.Clusters, 1)
	name, ok := m.Clusters[0].Resource.Attr("name").AsString()
	require.True(t, ok)
	assert.Equal(t, "SSE-S3,SSE-KMS,none,SSE-KMS,null", name)
}
