package hclconfig

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tfemrcheck/tfemrcheck/pkg/model"
)

// TestUnknownForEachAndModuleCount: a for_each of unknown keys and a
// module whose count is unknown each give one instance of key [*], whose
// settings are checked; each.key is unknown inside it.
func TestUnknownForEachAndModuleCount(t *testing.T) {
	root := writeTree(t, map[string]string{
		"main.tf": `
variable "clusters" { type = map(string) }
variable "enabled" { type = bool }
resource "aws_emr_cluster" "each" {
  for_each      = var.clusters
  name          = each.key
  release_label = "emr-7.2.0"
  service_role  = "r"
}
module "team" {
  source = "./team"
  count  = var.enabled ? 1 : 0
}
`,
		"team/main.tf": `
resource "aws_emr_security_configuration" "sc" {
  name          = "team"
  configuration = jsonencode({ EncryptionConfiguration = { EnableAtRestEncryption = false } })
}
`,
	})
	m, diags := Load(root, Options{})
	require.False(t, diags.HasErrors(), diags.Error())
	assert.Equal(t, []string{"aws_emr_cluster.each[*]", "module.team[*].aws_emr_security_configuration.sc"}, addrs(m))
	each := m.Lookup("aws_emr_cluster.each[*]")
	assert.Equal(t, model.WildcardKey{}, each.Key)
	require.NotEmpty(t, each.UnknownInstances)
	assert.Contains(t, each.UnknownInstances[0], "var.clusters")
	assert.True(t, each.Attr("name").IsUnknown(), "each.key is unknown")
	rel, _ := each.Attr("release_label").AsString()
	assert.Equal(t, "emr-7.2.0", rel, "known settings stay known")
	sc := m.Lookup("module.team[*].aws_emr_security_configuration.sc")
	assert.NotEmpty(t, sc.UnknownInstances)
	require.Len(t, m.SecurityConfigs, 1)
	assert.NotNil(t, m.SecurityConfigs[0].Document)
}

// TestLinkThroughTry: a function that drops the value's marks (try()
// returns a bare unknown for an unknown argument) still links the cluster
// to the configuration it names, as the plan's references do.
func TestLinkThroughTry(t *testing.T) {
	root := writeTree(t, map[string]string{"main.tf": `
resource "aws_emr_security_configuration" "this" {
  count         = 1
  name          = null
  name_prefix   = "x-"
  configuration = "{}"
}
resource "aws_emr_cluster" "this" {
  name                   = "c"
  release_label          = "emr-7.2.0"
  service_role           = "r"
  security_configuration = try(aws_emr_security_configuration.this[0].name, null)
}
`})
	m, diags := Load(root, Options{})
	require.False(t, diags.HasErrors(), diags.Error())
	require.Len(t, m.Clusters, 1)
	assert.Equal(t, model.LinkResolved, m.Clusters[0].Link)
	assert.Equal(t, "aws_emr_security_configuration.this[0]", m.Clusters[0].SC.Address())
}
