package tffuncs

import (
	"errors"
	"fmt"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"

	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/function"

	"github.com/tfemrcheck/tfemrcheck/pkg/marks"
)

// ProviderFunctionPrefix starts the name of every provider-defined
// function: provider::NAME::FUNCTION.
const ProviderFunctionPrefix = "provider::"

// ProviderFunction stands for a provider-defined function the table does
// not implement (any provider but hashicorp/aws's arn_parse, arn_build and
// trim_iam_role_path): whatever its arguments, its result is unknown,
// blocked by the call, so that the rules reading it report indeterminate.
// name is the full name, e.g. "provider::google::project_id".
func ProviderFunction(name string) function.Function {
	return function.New(&function.Spec{
		VarParam: &function.Parameter{
			Name: "args", Type: cty.DynamicPseudoType,
			AllowUnknown: true, AllowNull: true, AllowDynamicType: true, AllowMarked: true,
		},
		Type: function.StaticReturnType(cty.DynamicPseudoType),
		Impl: func([]cty.Value, cty.Type) (cty.Value, error) {
			return cty.DynamicVal.Mark(marks.Blocker(name + "() (provider function, not evaluated)")), nil
		},
	})
}

// awsProviderFunctions are the hashicorp/aws provider's functions, as its
// documentation describes them (registry.terraform.io/providers/hashicorp/
// aws/latest/docs/functions). Written here: they live in the provider,
// not in a library.
func awsProviderFunctions() map[string]function.Function {
	return map[string]function.Function{
		"arn_parse":          arnParseFunc,
		"arn_build":          arnBuildFunc,
		"trim_iam_role_path": trimIAMRolePathFunc,
	}
}

// arn is the five parts of an Amazon Resource Name.
type arn struct {
	partition, service, region, accountID, resource string
}

// parseARN splits "arn:partition:service:region:account-id:resource";
// the resource part may itself hold colons.
func parseARN(s string) (arn, error) {
	if !strings.HasPrefix(s, "arn:") {
		return arn{}, errors.New("arn: invalid prefix")
	}
	parts := strings.SplitN(s, ":", 6)
	if len(parts) != 6 {
		return arn{}, errors.New("arn: not enough sections")
	}
	return arn{parts[1], parts[2], parts[3], parts[4], parts[5]}, nil
}

func (a arn) String() string {
	return "arn:" + a.partition + ":" + a.service + ":" + a.region + ":" + a.accountID + ":" + a.resource
}

// arnObjectType is arn_parse's result.
var arnObjectType = cty.Object(map[string]cty.Type{
	"partition":  cty.String,
	"service":    cty.String,
	"region":     cty.String,
	"account_id": cty.String,
	"resource":   cty.String,
})

var arnParseFunc = function.New(&function.Spec{
	Description: "Parses an ARN into its constituent parts.",
	Params:      []function.Parameter{{Name: "arn", Type: cty.String}},
	Type:        function.StaticReturnType(arnObjectType),
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		a, err := parseARN(args[0].AsString())
		if err != nil {
			return cty.UnknownVal(arnObjectType), function.NewArgError(0, err)
		}
		return cty.ObjectVal(map[string]cty.Value{
			"partition":  cty.StringVal(a.partition),
			"service":    cty.StringVal(a.service),
			"region":     cty.StringVal(a.region),
			"account_id": cty.StringVal(a.accountID),
			"resource":   cty.StringVal(a.resource),
		}), nil
	},
})

var arnBuildFunc = function.New(&function.Spec{
	Description: "Builds an ARN from its constituent parts.",
	Params: []function.Parameter{
		{Name: "partition", Type: cty.String},
		{Name: "service", Type: cty.String},
		{Name: "region", Type: cty.String},
		{Name: "account_id", Type: cty.String},
		{Name: "resource", Type: cty.String},
	},
	Type: function.StaticReturnType(cty.String),
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		a := arn{args[0].AsString(), args[1].AsString(), args[2].AsString(), args[3].AsString(), args[4].AsString()}
		return cty.StringVal(a.String()), nil
	},
})

var trimIAMRolePathFunc = function.New(&function.Spec{
	Description: "Trims the path prefix from an IAM role ARN.",
	Params:      []function.Parameter{{Name: "arn", Type: cty.String}},
	Type:        function.StaticReturnType(cty.String),
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		s := args[0].AsString()
		a, err := parseARN(s)
		if err != nil {
			return cty.UnknownVal(cty.String), function.NewArgError(0, err)
		}
		parts := strings.Split(a.resource, "/")
		if a.service != "iam" || len(parts) < 2 || parts[0] != "role" {
			return cty.UnknownVal(cty.String), function.NewArgErrorf(0, "invalid IAM role ARN: %q", s)
		}
		a.resource = "role/" + parts[len(parts)-1]
		return cty.StringVal(a.String()), nil
	},
})

// NamespaceDiagnostics reports the calls in node whose name has a
// namespace Terraform refuses before evaluating: any namespace but
// provider::, and core:: with a name that is not a built-in function
// (Terraform then reads it as a provider function in namespace "core").
// fns is the table the calls are evaluated with.
func NamespaceDiagnostics(node hclsyntax.Node, fns map[string]function.Function) hcl.Diagnostics {
	var diags hcl.Diagnostics
	hclsyntax.VisitAll(node, func(n hclsyntax.Node) hcl.Diagnostics {
		c, ok := n.(*hclsyntax.FunctionCallExpr)
		if !ok || !strings.Contains(c.Name, "::") || strings.HasPrefix(c.Name, ProviderFunctionPrefix) {
			return nil
		}
		if _, ok := fns[c.Name]; ok {
			return nil
		}
		ns, _, _ := strings.Cut(c.Name, "::")
		rng := c.NameRange
		diags = append(diags, &hcl.Diagnostic{
			Severity: hcl.DiagError,
			Summary:  "Unknown provider function",
			Detail:   fmt.Sprintf("The function namespace %q is not valid. Provider function calls must use the \"provider::\" namespace prefix.", ns),
			Subject:  &rng,
		})
		return nil
	})
	return diags
}
