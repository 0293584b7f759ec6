package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/tfemrcheck/tfemrcheck/pkg/evaluate"
	"github.com/tfemrcheck/tfemrcheck/pkg/rules"
)

// securityConfigurationDataSource is tfemrcheck_security_configuration.
type securityConfigurationDataSource struct{}

var (
	_ datasource.DataSource                   = securityConfigurationDataSource{}
	_ datasource.DataSourceWithValidateConfig = securityConfigurationDataSource{}
)

func newSecurityConfigurationDataSource() datasource.DataSource {
	return securityConfigurationDataSource{}
}

// securityConfigurationModel is the data source's schema as Go values.
type securityConfigurationModel struct {
	Configuration     types.String `tfsdk:"configuration"`
	ReleaseLabel      types.String `tfsdk:"release_label"`
	SeverityThreshold types.String `tfsdk:"severity_threshold"`
	Findings          types.List   `tfsdk:"findings"`
	Passed            types.Bool   `tfsdk:"passed"`
}

// Metadata names the data source tfemrcheck_security_configuration.
func (securityConfigurationDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_security_configuration"
}

// Schema declares the inputs and the findings.
func (securityConfigurationDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		Description: "Checks an EMR security configuration, and its use by a cluster of a release, with the tfemrcheck rules " +
			"EMR-SC-*, EMR-REL-* and EMR-META-003. Use passed in a check block or a postcondition.",
		Attributes: map[string]schema.Attribute{
			"configuration": schema.StringAttribute{
				Required:    true,
				Description: "The security configuration JSON text.",
			},
			"release_label": schema.StringAttribute{
				Optional:    true,
				Description: `The release label of the cluster that uses the configuration ("emr-7.2.0"); null or "" checks the document alone.`,
			},
			"severity_threshold": schema.StringAttribute{
				Optional: true,
				Description: "The lowest severity that makes passed false: INFO, LOW, MEDIUM, HIGH or CRITICAL (default " +
					rules.DefaultThreshold.String() + ", as for the command line).",
			},
			"findings": schema.ListNestedAttribute{
				Computed:    true,
				Description: "Every finding (failing or indeterminate), in a fixed order, whatever its severity.",
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"rule_id":     schema.StringAttribute{Computed: true, Description: `The rule id, e.g. "EMR-SC-001".`},
					"severity":    schema.StringAttribute{Computed: true, Description: "INFO, LOW, MEDIUM, HIGH or CRITICAL."},
					"status":      schema.StringAttribute{Computed: true, Description: `"fail", or "indeterminate" when it cannot be verified.`},
					"title":       schema.StringAttribute{Computed: true, Description: "The rule's title."},
					"message":     schema.StringAttribute{Computed: true, Description: "What is wrong."},
					"remediation": schema.StringAttribute{Computed: true, Description: "How to fix it."},
				}},
			},
			"passed": schema.BoolAttribute{
				Computed:    true,
				Description: "True when no finding at or above severity_threshold fails or is indeterminate.",
			},
		},
	}
}

// ValidateConfig rejects a severity threshold that is not a severity.
func (securityConfigurationDataSource) ValidateConfig(ctx context.Context, req datasource.ValidateConfigRequest, resp *datasource.ValidateConfigResponse) {
	var s types.String
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("severity_threshold"), &s)...)
	if s.IsNull() || s.IsUnknown() {
		return
	}
	if _, err := threshold(s.ValueString()); err != nil {
		resp.Diagnostics.AddAttributeError(path.Root("severity_threshold"), "Invalid severity threshold", err.Error())
	}
}

// Read evaluates the configuration. While an input is unknown (Terraform
// reads the data source at apply then) the results stay unknown.
func (securityConfigurationDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m securityConfigurationModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if m.Configuration.IsUnknown() || m.ReleaseLabel.IsUnknown() || m.SeverityThreshold.IsUnknown() {
		m.Findings = types.ListUnknown(findingType())
		m.Passed = types.BoolUnknown()
		resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
		return
	}
	at, err := threshold(m.SeverityThreshold.ValueString())
	if err != nil {
		resp.Diagnostics.AddAttributeError(path.Root("severity_threshold"), "Invalid severity threshold", err.Error())
		return
	}
	fs, err := evaluate.SecurityConfiguration(m.Configuration.ValueString(), m.ReleaseLabel.ValueString())
	if err != nil {
		resp.Diagnostics.AddError("Evaluating the security configuration failed", err.Error())
		return
	}
	m.Findings = findingsValue(fs)
	m.Passed = types.BoolValue(len(blocking(fs, at, false)) == 0)
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}
