package hclconfig

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tfemrcheck/tfemrcheck/pkg/model"
)

// loadCluster loads a module and returns its first cluster and every
// diagnostic, as "summary: detail".
func loadCluster(t *testing.T, dir string, opts Options) (*model.Cluster, []string) {
	t.Helper()
	m, diags := Load(dir, opts)
	var errs []string
	for _, d := range diags {
		errs = append(errs, d.Summary+": "+d.Detail)
	}
	if len(m.Clusters) == 0 {
		return nil, errs
	}
	return m.Clusters[0], errs
}

const clusterHead = `resource "aws_emr_cluster" "c" {
  name          = "c"
  service_role  = "r"
`

func TestTerraformFunctionsInSource(t *testing.T) {
	dir := writeModule(t, map[string]string{
		"main.tf": `variable "m" {
  default = { k = "emr-6.15.0" }
}
` + clusterHead + `  release_label = lookup(var.m, "k")
  tags = {
    dflt   = lookup(var.m, "missing", null) == null ? "null" : "x"
    subnet = cidrsubnet("10.0.0.0/16", 8, 2)
    enc    = urlencode("a b")
    arn    = provider::aws::arn_parse("arn:aws:iam::111122223333:role/a/b").account_id
    trim   = provider::aws::trim_iam_role_path("arn:aws:iam::111122223333:role/a/b")
    set    = join(",", fileset(path.module, "*.json"))
  }
}
`,
		"sc.json": `{}`,
	})
	c, errs := loadCluster(t, dir, Options{})
	require.Empty(t, errs)
	require.NotNil(t, c)
	assert.Equal(t, "emr-6.15.0", str(t, c.Resource.Attr("release_label")))
	assert.Equal(t, "null", str(t, c.Resource.Attr("tags", "dflt")))
	assert.Equal(t, "10.0.2.0/24", str(t, c.Resource.Attr("tags", "subnet")))
	assert.Equal(t, "a+b", str(t, c.Resource.Attr("tags", "enc")))
	assert.Equal(t, "111122223333", str(t, c.Resource.Attr("tags", "arn")))
	assert.Equal(t, "arn:aws:iam::111122223333:role/b", str(t, c.Resource.Attr("tags", "trim")))
	assert.Equal(t, "sc.json", str(t, c.Resource.Attr("tags", "set")))
}

func TestUnknownFunctionIsAnError(t *testing.T) {
	dir := writeModule(t, map[string]string{
		"main.tf": clusterHead + `  release_label = nosuchfunction("emr-6.15.0")
}
`,
	})
	m, diags := Load(dir, Options{})
	require.NotNil(t, m)
	require.True(t, diags.HasErrors(), "a call to a function Terraform does not have fails, as in Terraform")
	assert.Equal(t, "Call to unknown function", diagWith(t, diags, "Call to unknown function").Summary)
}

func TestAfterApplyAndProviderFunctionsAreBlockedUnknowns(t *testing.T) {
	dir := writeModule(t, map[string]string{
		"main.tf": clusterHead + `  release_label = "emr-${timestamp()}"
  tags = {
    other = provider::google::project_id("x")
    plan  = plantimestamp()
  }
}
`,
	})
	c, errs := loadCluster(t, dir, Options{})
	require.Empty(t, errs)
	rl := c.Resource.Attr("release_label")
	assert.Equal(t, model.Unknown, rl.State)
	assert.Equal(t, []string{"timestamp() (known only after apply)"}, rl.Blockers())
	other := c.Resource.Attr("tags", "other")
	assert.Equal(t, model.Unknown, other.State)
	assert.Equal(t, []string{"provider::google::project_id() (provider function, not evaluated)"}, other.Blockers())
	assert.Equal(t, model.Unknown, c.Resource.Attr("tags", "plan").State)
}

func TestOpenTofuFunctions(t *testing.T) {
	src := clusterHead + `  release_label = cidrcontains("10.0.0.0/8", "10.1.2.3") ? "emr-6.15.0" : "no"
}
`
	// A Terraform configuration has no cidrcontains.
	_, errs := loadCluster(t, writeModule(t, map[string]string{"main.tf": src}), Options{})
	assert.NotEmpty(t, errs)

	// With --opentofu, or with .tofu files, it has.
	c, errs := loadCluster(t, writeModule(t, map[string]string{"main.tf": src}), Options{OpenTofu: true})
	require.Empty(t, errs)
	assert.Equal(t, "emr-6.15.0", str(t, c.Resource.Attr("release_label")))

	// main.tofu replaces main.tf, as OpenTofu reads it.
	c, errs = loadCluster(t, writeModule(t, map[string]string{
		"main.tf":   clusterHead + "  release_label = \"from-tf\"\n}\n",
		"main.tofu": src,
	}), Options{})
	require.Empty(t, errs)
	assert.Equal(t, "emr-6.15.0", str(t, c.Resource.Attr("release_label")))
}

func TestBadNamespaceIsTerraformsError(t *testing.T) {
	dir := writeModule(t, map[string]string{
		"main.tf": clusterHead + `  release_label = core::nosuch("emr-6.15.0")
  tags = { a = core::upper("x") }
}
`,
	})
	m, diags := Load(dir, Options{})
	require.NotNil(t, m)
	require.True(t, diags.HasErrors())
	var summaries []string
	for _, d := range diags {
		summaries = append(summaries, d.Summary)
	}
	assert.Equal(t, []string{"Unknown provider function"}, summaries, "one error, Terraform's, for the one bad call")
	assert.Contains(t, diags[0].Detail, `The function namespace "core" is not valid.`)
}
