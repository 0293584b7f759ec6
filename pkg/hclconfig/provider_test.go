package hclconfig

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const providerModule = `resource "aws_emr_security_configuration" "sc" {
  name          = "sc"
  configuration = "{}"
}
`

func TestProviderRegion(t *testing.T) {
	dir := writeTree(t, map[string]string{
		"main.tf": `
variable "dr_region" {}

provider "aws" {
  region = "eu-west-1"
}
provider "aws" {
  alias  = "us"
  region = "us-east-1"
}
provider "aws" {
  alias  = "dr"
  region = var.dr_region
}
provider "aws" {
  alias = "env"
}

resource "aws_emr_security_configuration" "default" {
  name          = "default"
  configuration = "{}"
}
resource "aws_emr_security_configuration" "us" {
  provider      = aws.us
  name          = "us"
  configuration = "{}"
}
resource "aws_emr_security_configuration" "dr" {
  provider      = aws.dr
  name          = "dr"
  configuration = "{}"
}
resource "aws_emr_security_configuration" "env" {
  provider      = aws.env
  name          = "env"
  configuration = "{}"
}

module "inherits" {
  source = "./mod"
}
module "mapped" {
  source    = "./mod"
  providers = { aws = aws.us }
}
module "own" {
  source = "./own"
}
`,
		"mod/main.tf": providerModule,
		"own/main.tf": `provider "aws" {
  region = "ap-southeast-2"
}
` + providerModule,
	})
	m, diags := Load(dir, Options{})
	require.False(t, diags.HasErrors(), diags.Error())
	region := func(addr string) string {
		r := m.Lookup(addr)
		require.NotNil(t, r, addr)
		if r.ProviderRegion == nil {
			return "nil"
		}
		if s, ok := r.ProviderRegion.AsString(); ok {
			return s
		}
		return r.ProviderRegion.State.String() + " " + r.ProviderRegion.Display()
	}
	assert.Equal(t, "eu-west-1", region("aws_emr_security_configuration.default"))
	assert.Equal(t, "us-east-1", region("aws_emr_security_configuration.us"))
	assert.Equal(t, "unknown (var.dr_region has no value: set it with -var or a .tfvars file)", region("aws_emr_security_configuration.dr"))
	assert.Equal(t, "unknown (known after apply)", region("aws_emr_security_configuration.env"), "no region argument and no AWS_REGION: unknown")
	assert.Equal(t, []string{"the region of provider aws.env (no region argument, no AWS_REGION or AWS_DEFAULT_REGION)"},
		m.Lookup("aws_emr_security_configuration.env").ProviderRegion.Blockers())
	assert.Equal(t, "eu-west-1", region("module.inherits.aws_emr_security_configuration.sc"))
	assert.Equal(t, "us-east-1", region("module.mapped.aws_emr_security_configuration.sc"))
	assert.Equal(t, "ap-southeast-2", region("module.own.aws_emr_security_configuration.sc"))
}

func TestProviderAliasIsNotInherited(t *testing.T) {
	dir := writeTree(t, map[string]string{
		"main.tf": `
provider "aws" {
  alias  = "us"
  region = "us-east-1"
}
module "m" {
  source = "./mod"
}
`,
		"mod/main.tf": `resource "aws_emr_security_configuration" "sc" {
  provider      = aws.us
  name          = "sc"
  configuration = "{}"
}
`,
	})
	m, diags := Load(dir, Options{})
	require.False(t, diags.HasErrors(), diags.Error())
	r := m.Lookup("module.m.aws_emr_security_configuration.sc")
	require.NotNil(t, r)
	assert.Nil(t, r.ProviderRegion)
}
