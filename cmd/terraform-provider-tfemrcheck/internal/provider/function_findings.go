package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/function"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/tfemrcheck/tfemrcheck/pkg/evaluate"
)

// findingsFunction is provider::tfemrcheck::findings.
type findingsFunction struct{}

var _ function.Function = findingsFunction{}

func newFindingsFunction() function.Function { return findingsFunction{} }

// Metadata names the function.
func (findingsFunction) Metadata(_ context.Context, _ function.MetadataRequest, resp *function.MetadataResponse) {
	resp.Name = "findings"
}

// Definition declares findings(configuration, release_label).
func (findingsFunction) Definition(_ context.Context, _ function.DefinitionRequest, resp *function.DefinitionResponse) {
	resp.Definition = function.Definition{
		Summary: "tfemrcheck findings for an EMR security configuration",
		Description: "Checks an EMR security-configuration JSON document, and its use by a cluster of the given release, " +
			"with the tfemrcheck rules EMR-SC-*, EMR-REL-* and EMR-META-003, and returns every finding " +
			"(failing or indeterminate) in a fixed order. An empty release_label skips the release rules. " +
			"The result is unknown while either argument is unknown.",
		Parameters: parameters(),
		Return:     function.ListReturn{ElementType: findingType()},
	}
}

// Run evaluates the arguments.
func (findingsFunction) Run(ctx context.Context, req function.RunRequest, resp *function.RunResponse) {
	var cfg, rel types.String
	if resp.Error = req.Arguments.Get(ctx, &cfg, &rel); resp.Error != nil {
		return
	}
	if resp.Error = notNull(cfg, rel); resp.Error != nil {
		return
	}
	if cfg.IsUnknown() || rel.IsUnknown() {
		resp.Error = resp.Result.Set(ctx, types.ListUnknown(findingType()))
		return
	}
	fs, err := evaluate.SecurityConfiguration(cfg.ValueString(), rel.ValueString())
	if err != nil {
		resp.Error = function.NewFuncError(err.Error())
		return
	}
	resp.Error = resp.Result.Set(ctx, findingsValue(fs))
}

// notNull rejects null arguments (Terraform rejects them before calling,
// as the parameters do not allow null; this guards other callers).
func notNull(cfg, rel types.String) *function.FuncError {
	if cfg.IsNull() {
		return function.NewArgumentFuncError(0, "configuration must not be null")
	}
	if rel.IsNull() {
		return function.NewArgumentFuncError(1, `release_label must not be null; use "" for no cluster`)
	}
	return nil
}

// parameters are the two parameters both functions take. Unknown values
// are accepted so that the functions decide what unknown means (an
// unknown result, never a pass) whatever calls them.
func parameters() []function.Parameter {
	return []function.Parameter{
		function.StringParameter{
			Name:               "configuration",
			Description:        "The security configuration JSON text, as given to aws_emr_security_configuration.configuration.",
			AllowUnknownValues: true,
		},
		function.StringParameter{
			Name:               "release_label",
			Description:        `The release label of the cluster that uses the configuration ("emr-7.2.0"), or "" to check the document alone.`,
			AllowUnknownValues: true,
		},
	}
}
