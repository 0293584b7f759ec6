// Package provider is the tfemrcheck Terraform provider: the CLI's
// security-configuration and release rules (pkg/evaluate) as provider
// functions and a data source, so that a module enforces them inside
// terraform plan for every consumer.
package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/function"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
)

// Address is the provider's source address.
const Address = "registry.terraform.io/tfemrcheck/tfemrcheck"

// TypeName is the provider's local name, the prefix of its data sources
// and the namespace of its functions (provider::tfemrcheck::findings).
const TypeName = "tfemrcheck"

// Provider is the tfemrcheck provider. It has no configuration.
type Provider struct {
	version string
}

var (
	_ provider.Provider              = (*Provider)(nil)
	_ provider.ProviderWithFunctions = (*Provider)(nil)
)

// New returns a constructor of the provider reporting the given version.
func New(version string) func() provider.Provider {
	return func() provider.Provider { return &Provider{version: version} }
}

// Metadata names the provider and its version.
func (p *Provider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = TypeName
	resp.Version = p.version
}

// Schema is empty: the provider needs no configuration, and provider
// functions could not read it anyway.
func (p *Provider) Schema(_ context.Context, _ provider.SchemaRequest, resp *provider.SchemaResponse) {
	resp.Schema = schema.Schema{
		Description: "Checks Amazon EMR security configurations with the tfemrcheck rules (EMR-SC-*, EMR-REL-*) during terraform plan.",
	}
}

// Configure does nothing: there is nothing to configure.
func (p *Provider) Configure(context.Context, provider.ConfigureRequest, *provider.ConfigureResponse) {
}

// DataSources returns tfemrcheck_security_configuration.
func (p *Provider) DataSources(context.Context) []func() datasource.DataSource {
	return []func() datasource.DataSource{newSecurityConfigurationDataSource}
}

// Resources returns none.
func (p *Provider) Resources(context.Context) []func() resource.Resource { return nil }

// Functions returns findings and validated.
func (p *Provider) Functions(context.Context) []func() function.Function {
	return []func() function.Function{newFindingsFunction, newValidatedFunction}
}
