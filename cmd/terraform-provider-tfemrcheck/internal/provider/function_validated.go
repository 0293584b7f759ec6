package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/function"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/tfemrcheck/tfemrcheck/pkg/evaluate"
	"github.com/tfemrcheck/tfemrcheck/pkg/rules"
)

// validatedFunction is provider::tfemrcheck::validated.
type validatedFunction struct{}

var _ function.Function = validatedFunction{}

func newValidatedFunction() function.Function { return validatedFunction{} }

// Metadata names the function.
func (validatedFunction) Metadata(_ context.Context, _ function.MetadataRequest, resp *function.MetadataResponse) {
	resp.Name = "validated"
}

// Definition declares validated(configuration, release_label,
// [severity_threshold]).
func (validatedFunction) Definition(_ context.Context, _ function.DefinitionRequest, resp *function.DefinitionResponse) {
	resp.Definition = function.Definition{
		Summary: "The EMR security configuration, or an error listing its findings",
		Description: "Returns configuration unchanged when no tfemrcheck finding (EMR-SC-*, EMR-REL-*, EMR-META-003) " +
			"at or above the threshold fails or is indeterminate; otherwise the call fails with an error that lists " +
			"each such finding with its rule id, message and fix. The threshold is the optional third argument " +
			"(INFO, LOW, MEDIUM, HIGH or CRITICAL), " + rules.DefaultThreshold.String() + " when omitted, as for the command line. When configuration is unknown the result is unknown; " +
			"when only release_label is unknown, findings of the document itself fail the call at once and the " +
			"result is otherwise unknown, so the check runs again when the label is known.",
		Parameters: parameters(),
		VariadicParameter: function.StringParameter{
			Name:        "severity_threshold",
			Description: "At most one value: the lowest severity that fails the call (default " + rules.DefaultThreshold.String() + ").",
		},
		Return: function.StringReturn{},
	}
}

// Run evaluates the arguments.
func (validatedFunction) Run(ctx context.Context, req function.RunRequest, resp *function.RunResponse) {
	var cfg, rel types.String
	var opt []string
	if resp.Error = req.Arguments.Get(ctx, &cfg, &rel, &opt); resp.Error != nil {
		return
	}
	if resp.Error = notNull(cfg, rel); resp.Error != nil {
		return
	}
	if len(opt) > 1 {
		resp.Error = function.NewArgumentFuncError(2, fmt.Sprintf("at most one severity threshold, got %d", len(opt)))
		return
	}
	at := rules.DefaultThreshold
	if len(opt) == 1 {
		var err error
		if at, err = threshold(opt[0]); err != nil {
			resp.Error = function.NewArgumentFuncError(2, err.Error())
			return
		}
	}
	if cfg.IsUnknown() {
		resp.Error = resp.Result.Set(ctx, types.StringUnknown())
		return
	}
	pending := rel.IsUnknown()
	var fs []rules.Finding
	var err error
	if pending {
		fs, err = evaluate.PendingRelease(cfg.ValueString())
	} else {
		fs, err = evaluate.SecurityConfiguration(cfg.ValueString(), rel.ValueString())
	}
	if err != nil {
		resp.Error = function.NewFuncError(err.Error())
		return
	}
	if bad := blocking(fs, at, pending); len(bad) > 0 {
		resp.Error = function.NewFuncError(blockingReport(bad, at))
		return
	}
	if pending {
		resp.Error = resp.Result.Set(ctx, types.StringUnknown())
		return
	}
	resp.Error = resp.Result.Set(ctx, cfg)
}
