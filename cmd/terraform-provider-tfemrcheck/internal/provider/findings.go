package provider

import (
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/tfemrcheck/tfemrcheck/pkg/evaluate"
	"github.com/tfemrcheck/tfemrcheck/pkg/rules"
)

// findingAttrTypes is the object type of one finding, shared by the
// findings function and the data source.
var findingAttrTypes = map[string]attr.Type{
	"rule_id":     types.StringType,
	"severity":    types.StringType,
	"status":      types.StringType,
	"title":       types.StringType,
	"message":     types.StringType,
	"remediation": types.StringType,
}

// findingType is the object type of one finding.
func findingType() types.ObjectType { return types.ObjectType{AttrTypes: findingAttrTypes} }

// findingsValue converts findings to a list of finding objects.
func findingsValue(fs []rules.Finding) types.List {
	elems := make([]attr.Value, 0, len(fs))
	for _, f := range fs {
		elems = append(elems, types.ObjectValueMust(findingAttrTypes, map[string]attr.Value{
			"rule_id":     types.StringValue(f.RuleID),
			"severity":    types.StringValue(f.Severity.String()),
			"status":      types.StringValue(string(f.Status)),
			"title":       types.StringValue(f.Title),
			"message":     types.StringValue(f.Message),
			"remediation": types.StringValue(f.Remediation),
		}))
	}
	return types.ListValueMust(findingType(), elems)
}

// threshold parses a severity threshold; "" means the default.
func threshold(s string) (rules.Severity, error) {
	if s == "" {
		return rules.DefaultThreshold, nil
	}
	return rules.ParseSeverity(s)
}

// blockingReport describes the findings that stop a configuration: one
// entry per finding with its rule, severity, message, where it is in the
// configuration text, the fix and the rule's documentation.
func blockingReport(fs []rules.Finding, at rules.Severity) string {
	var b strings.Builder
	n := len(fs)
	noun := "findings"
	if n == 1 {
		noun = "finding"
	}
	fmt.Fprintf(&b, "the EMR security configuration has %d %s at or above %s:", n, noun, at)
	for _, f := range fs {
		fmt.Fprintf(&b, "\n- %s [%s, %s] %s", f.RuleID, f.Severity, f.Status, f.Message)
		// 1:1 is where findings about missing keys point: not worth saying.
		if l := f.Location; l != nil && l.Filename == evaluate.DocumentFile && (l.Start.Line > 1 || l.Start.Column > 1) {
			fmt.Fprintf(&b, " (configuration line %d, column %d)", l.Start.Line, l.Start.Column)
		}
		fmt.Fprintf(&b, "\n  fix: %s", f.Remediation)
		if r := rules.ByID(f.RuleID); r != nil {
			fmt.Fprintf(&b, "\n  see: %s", r.DocURL())
		}
	}
	// Terraform ends the message with a period of its own.
	b.WriteString("\nfix these findings; the optional third argument of validated sets the severity threshold")
	return b.String()
}

// blocking returns the findings that stop a configuration at threshold
// at; with pending set (the release label is unknown) only failures
// count, since indeterminate release findings are settled at apply.
func blocking(fs []rules.Finding, at rules.Severity, pending bool) []rules.Finding {
	var out []rules.Finding
	for _, f := range fs {
		if evaluate.Blocking(f, at) && (!pending || f.Status == rules.Fail) {
			out = append(out, f)
		}
	}
	return out
}
