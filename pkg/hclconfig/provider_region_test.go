package hclconfig

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tfemrcheck/tfemrcheck/pkg/model"
)

// scWith is a module with one security configuration using the default
// aws provider, plus the given extra files.
func scWith(files map[string]string) map[string]string {
	out := map[string]string{"sc.tf": `resource "aws_emr_security_configuration" "sc" {
  configuration = "{}"
}
`}
	for k, v := range files {
		out[k] = v
	}
	return out
}

// TestProviderRegionAsTerraform: the region the rules compare KMS keys with is the
// one Terraform's AWS provider uses: the provider block, as an override
// file leaves it; with no region argument, AWS_REGION, then
// AWS_DEFAULT_REGION; else unknown, naming why (never dropped, so that
// EMR-SC-012 cannot pass on it). The oracle's corpus holds the same cases
// planned by terraform (classes provider-override, provider-region-env).
func TestProviderRegionAsTerraform(t *testing.T) {
	for _, tc := range []struct {
		name  string
		files map[string]string
		env   []string
		want  string // "" = unknown
	}{
		{"block", map[string]string{"p.tf": `provider "aws" { region = "eu-west-1" }`}, nil, "eu-west-1"},
		{"override file replaces the region", map[string]string{
			"p.tf":          `provider "aws" { region = "eu-west-1" }`,
			"p_override.tf": `provider "aws" { region = "us-east-1" }`,
		}, []string{"AWS_REGION=ap-south-1"}, "us-east-1"},
		{"override.tf that sets something else keeps it", map[string]string{
			"p.tf":        `provider "aws" { region = "eu-west-1" }`,
			"override.tf": `provider "aws" { profile = "x" }`,
		}, nil, "eu-west-1"},
		{"no region argument: AWS_REGION", map[string]string{"p.tf": `provider "aws" {}`}, []string{"AWS_DEFAULT_REGION=eu-central-1", "AWS_REGION=eu-north-1"}, "eu-north-1"},
		{"no block: AWS_DEFAULT_REGION", nil, []string{"AWS_DEFAULT_REGION=eu-central-1"}, "eu-central-1"},
		{"no region anywhere", map[string]string{"p.tf": `provider "aws" {}`}, nil, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m, diags := Load(writeModule(t, scWith(tc.files)), Options{Env: tc.env})
			require.False(t, diags.HasErrors(), diags.Error())
			require.Len(t, m.SecurityConfigs, 1)
			v := m.SecurityConfigs[0].Resource.ProviderRegion
			require.NotNil(t, v)
			if tc.want == "" {
				assert.Equal(t, model.Unknown, v.State)
				assert.Contains(t, v.Blockers()[0], "no AWS_REGION")
				return
			}
			s, ok := v.AsString()
			assert.True(t, ok)
			assert.Equal(t, tc.want, s)
		})
	}
}

// TestProviderOverrideWithoutBase: an override file's provider block
// with no base block is an error, as in Terraform.
func TestProviderOverrideWithoutBase(t *testing.T) {
	_, diags := Load(writeModule(t, scWith(map[string]string{"override.tf": `provider "aws" { region = "us-east-1" }`})), Options{})
	require.True(t, diags.HasErrors())
	assert.Contains(t, diags.Error(), "Missing base provider configuration")
}

// TestProviderForEachRegion: OpenTofu's provider for_each: a resource
// using aws.by_region[KEY] is in that instance's region (each.key and
// each.value as the block sees them), whether KEY is a literal or the
// resource's own each.key; an instance handed to a module is unknown,
// never the default provider's region. The oracle's OpenTofu cases hold
// the same configurations planned by tofu 1.10 (class
// opentofu-provider-for-each).
func TestProviderForEachRegion(t *testing.T) {
	dir := writeModule(t, map[string]string{
		"main.tofu": `
provider "aws" {
  region = "eu-west-1"
}
provider "aws" {
  alias    = "by_region"
  for_each = { east = "us-east-1", west = "us-west-2" }
  region   = each.value
}
resource "aws_emr_security_configuration" "lit" {
  provider      = aws.by_region["east"]
  configuration = "{}"
}
resource "aws_emr_security_configuration" "each" {
  for_each      = toset(["east", "west"])
  provider      = aws.by_region[each.key]
  configuration = "{}"
}
module "m" {
  source    = "./m"
  providers = { aws = aws.by_region["west"] }
}
`,
		"m/main.tf": `resource "aws_emr_security_configuration" "sc" {
  configuration = "{}"
}
`,
	})
	m, diags := Load(dir, Options{OpenTofu: true})
	require.False(t, diags.HasErrors(), diags.Error())
	region := func(addr string) string {
		r := m.Lookup(addr)
		require.NotNil(t, r, addr)
		if s, ok := r.ProviderRegion.AsString(); ok {
			return s
		}
		return r.ProviderRegion.State.String()
	}
	assert.Equal(t, "us-east-1", region("aws_emr_security_configuration.lit"))
	assert.Equal(t, "us-east-1", region(`aws_emr_security_configuration.each["east"]`))
	assert.Equal(t, "us-west-2", region(`aws_emr_security_configuration.each["west"]`))
	assert.Equal(t, "unknown", region("module.m.aws_emr_security_configuration.sc"))
}
