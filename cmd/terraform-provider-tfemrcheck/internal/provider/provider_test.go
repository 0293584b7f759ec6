package provider

import (
	"context"
	"sort"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tfemrcheck/tfemrcheck/pkg/evaluate"
	"github.com/tfemrcheck/tfemrcheck/pkg/rules"
)

// These tests talk to the provider the way Terraform does, over the
// plugin protocol (version 6), without a Terraform binary.

// findingObject is the promised type of one finding.
var findingObject = tftypes.Object{AttributeTypes: map[string]tftypes.Type{
	"rule_id": tftypes.String, "severity": tftypes.String, "status": tftypes.String,
	"title": tftypes.String, "message": tftypes.String, "remediation": tftypes.String,
}}

// dataSourceObject is the promised type of the data source.
var dataSourceObject = tftypes.Object{AttributeTypes: map[string]tftypes.Type{
	"configuration":      tftypes.String,
	"release_label":      tftypes.String,
	"severity_threshold": tftypes.String,
	"findings":           tftypes.List{ElementType: findingObject},
	"passed":             tftypes.Bool,
}}

func server(t *testing.T) tfprotov6.ProviderServer {
	t.Helper()
	return providerserver.NewProtocol6(New("test")())()
}

func str(s string) tftypes.Value { return tftypes.NewValue(tftypes.String, s) }

var unknownString = tftypes.NewValue(tftypes.String, tftypes.UnknownValue)

func dyn(t *testing.T, typ tftypes.Type, v tftypes.Value) *tfprotov6.DynamicValue {
	t.Helper()
	d, err := tfprotov6.NewDynamicValue(typ, v)
	require.NoError(t, err)
	return &d
}

// call calls a provider function with string arguments.
func call(t *testing.T, name string, args ...tftypes.Value) *tfprotov6.CallFunctionResponse {
	t.Helper()
	req := &tfprotov6.CallFunctionRequest{Name: name}
	for _, a := range args {
		req.Arguments = append(req.Arguments, dyn(t, tftypes.String, a))
	}
	resp, err := server(t).CallFunction(context.Background(), req)
	require.NoError(t, err)
	return resp
}

// result decodes a function result of type typ.
func result(t *testing.T, resp *tfprotov6.CallFunctionResponse, typ tftypes.Type) tftypes.Value {
	t.Helper()
	require.Nil(t, resp.Error, "function error")
	require.NotNil(t, resp.Result)
	v, err := resp.Result.Unmarshal(typ)
	require.NoError(t, err)
	return v
}

func TestProviderSchema(t *testing.T) {
	resp, err := server(t).GetProviderSchema(context.Background(), &tfprotov6.GetProviderSchemaRequest{})
	require.NoError(t, err)
	require.Empty(t, resp.Diagnostics)

	var names []string
	for n := range resp.Functions {
		names = append(names, n)
	}
	sort.Strings(names)
	assert.Equal(t, []string{"findings", "validated"}, names)

	f := resp.Functions["findings"]
	require.Len(t, f.Parameters, 2)
	assert.Equal(t, "configuration", f.Parameters[0].Name)
	assert.Equal(t, "release_label", f.Parameters[1].Name)
	assert.True(t, f.Parameters[0].AllowUnknownValues)
	assert.Nil(t, f.VariadicParameter)
	assert.True(t, f.Return.Type.Equal(tftypes.List{ElementType: findingObject}), "findings returns %s", f.Return.Type)

	v := resp.Functions["validated"]
	require.Len(t, v.Parameters, 2)
	require.NotNil(t, v.VariadicParameter)
	assert.Equal(t, "severity_threshold", v.VariadicParameter.Name)
	assert.True(t, v.Return.Type.Equal(tftypes.String))

	ds := resp.DataSourceSchemas["tfemrcheck_security_configuration"]
	require.NotNil(t, ds)
	assert.True(t, ds.ValueType().Equal(dataSourceObject), "data source type %s", ds.ValueType())
	for _, a := range ds.Block.Attributes {
		assert.False(t, a.Sensitive, "%s is not secret", a.Name)
	}
	assert.Empty(t, resp.ResourceSchemas)
}

func TestValidatedFailsOnSSEC(t *testing.T) {
	resp := call(t, "validated", str(sseCDoc), str("emr-7.2.0"))
	require.NotNil(t, resp.Error, "SSE-C must fail the call")
	text := resp.Error.Text
	assert.Contains(t, text, "EMR-SC-001")
	assert.Contains(t, text, `EMRFS encryption mode (default) is "SSE-C"`)
	assert.Contains(t, text, "fix: "+rules.SC001.Remediation)
	assert.Contains(t, text, "configuration line 7, column 9")
	assert.Contains(t, text, rules.SC001.DocURL())
	assert.Nil(t, resp.Error.FunctionArgument, "the configuration is at fault, not an argument's form")
	assertNoKnownResult(t, resp)
}

func TestValidatedReturnsCompliantUnchanged(t *testing.T) {
	for _, rel := range []string{"emr-7.2.0", ""} {
		v := result(t, call(t, "validated", str(compliantDoc), str(rel)), tftypes.String)
		var s string
		require.NoError(t, v.As(&s))
		assert.Equal(t, compliantDoc, s, "release %q", rel)
	}
}

func TestValidatedThreshold(t *testing.T) {
	// EMR-REL-001 is CRITICAL: an old release fails at any threshold.
	resp := call(t, "validated", str(compliantDoc), str("emr-5.20.0"), str("CRITICAL"))
	require.NotNil(t, resp.Error)
	assert.Contains(t, resp.Error.Text, "EMR-REL-001")
	assert.Contains(t, resp.Error.Text, "at or above CRITICAL")

	// EMR-META-003 is HIGH: it fails by default and passes a CRITICAL threshold.
	resp = call(t, "validated", str(compliantDoc), str("7.2"))
	require.NotNil(t, resp.Error)
	assert.Contains(t, resp.Error.Text, "EMR-META-003")
	v := result(t, call(t, "validated", str(compliantDoc), str("7.2"), str("critical")), tftypes.String)
	assert.True(t, v.IsKnown())

	resp = call(t, "validated", str(compliantDoc), str(""), str("SEVERE"))
	require.NotNil(t, resp.Error)
	require.NotNil(t, resp.Error.FunctionArgument)
	assert.Equal(t, int64(2), *resp.Error.FunctionArgument)
	assert.Contains(t, resp.Error.Text, `unknown severity "SEVERE"`)

	resp = call(t, "validated", str(compliantDoc), str(""), str("HIGH"), str("LOW"))
	require.NotNil(t, resp.Error)
	assert.Contains(t, resp.Error.Text, "at most one severity threshold")
}

func TestFindingsList(t *testing.T) {
	v := result(t, call(t, "findings", str(sseCDoc), str("emr-5.20.0")), tftypes.List{ElementType: findingObject})
	got := decodeFindings(t, v)
	want, err := evaluate.SecurityConfiguration(sseCDoc, "emr-5.20.0")
	require.NoError(t, err)
	require.Len(t, got, len(want))
	for i, f := range want {
		assert.Equal(t, map[string]string{
			"rule_id": f.RuleID, "severity": f.Severity.String(), "status": string(f.Status),
			"title": f.Title, "message": f.Message, "remediation": f.Remediation,
		}, got[i])
	}
	ids := map[string]bool{}
	for _, f := range got {
		ids[f["rule_id"]] = true
	}
	assert.True(t, ids["EMR-SC-001"], "findings %v", got)

	v = result(t, call(t, "findings", str(compliantDoc), str("emr-7.2.0")), tftypes.List{ElementType: findingObject})
	assert.True(t, v.IsKnown())
	assert.Empty(t, decodeFindings(t, v), "a compliant configuration has no findings")

	v = result(t, call(t, "findings", str("{"), str("")), tftypes.List{ElementType: findingObject})
	got = decodeFindings(t, v)
	require.Len(t, got, 1)
	assert.Equal(t, "EMR-SC-000", got[0]["rule_id"])
}

func TestUnknownArgumentsGiveUnknownResults(t *testing.T) {
	listType := tftypes.List{ElementType: findingObject}
	for _, args := range [][]tftypes.Value{
		{unknownString, str("emr-7.2.0")},
		{str(compliantDoc), unknownString},
		{str(sseCDoc), unknownString},
	} {
		v := result(t, call(t, "findings", args...), listType)
		assert.False(t, v.IsKnown(), "findings with an unknown argument")
	}

	v := result(t, call(t, "validated", unknownString, str("emr-7.2.0")), tftypes.String)
	assert.False(t, v.IsKnown(), "unknown configuration: unknown, not a pass")

	// A compliant document whose cluster release is not known yet: EBS
	// encryption depends on the release, so no pass before it is known.
	v = result(t, call(t, "validated", str(compliantDoc), unknownString), tftypes.String)
	assert.False(t, v.IsKnown(), "unknown release: unknown, not a pass")

	// The document's own faults do not wait for the release.
	resp := call(t, "validated", str(sseCDoc), unknownString)
	require.NotNil(t, resp.Error)
	assert.Contains(t, resp.Error.Text, "EMR-SC-001")
	assert.NotContains(t, resp.Error.Text, "EMR-REL-", "indeterminate release findings wait for the label")
}

func TestNullArgumentIsAnError(t *testing.T) {
	resp := call(t, "validated", tftypes.NewValue(tftypes.String, nil), str(""))
	require.NotNil(t, resp.Error, "a null configuration is neither valid nor a pass")
	require.NotNil(t, resp.Error.FunctionArgument)
	assert.Equal(t, int64(0), *resp.Error.FunctionArgument)
	assert.Equal(t, "configuration must not be null", resp.Error.Text)
	assertNoKnownResult(t, resp)
}

// assertNoKnownResult checks that a failed call returns no value.
func assertNoKnownResult(t *testing.T, resp *tfprotov6.CallFunctionResponse) {
	t.Helper()
	if resp.Result == nil {
		return
	}
	v, err := resp.Result.Unmarshal(tftypes.String)
	require.NoError(t, err)
	assert.False(t, v.IsKnown() && !v.IsNull(), "a failed call returned %s", v)
}

// readDataSource reads tfemrcheck_security_configuration with the given
// inputs (nil means null).
func readDataSource(t *testing.T, cfg, rel, threshold tftypes.Value) (tftypes.Value, []*tfprotov6.Diagnostic) {
	t.Helper()
	null := func(v tftypes.Value) tftypes.Value {
		if v.Type() == nil {
			return tftypes.NewValue(tftypes.String, nil)
		}
		return v
	}
	config := tftypes.NewValue(dataSourceObject, map[string]tftypes.Value{
		"configuration":      null(cfg),
		"release_label":      null(rel),
		"severity_threshold": null(threshold),
		"findings":           tftypes.NewValue(tftypes.List{ElementType: findingObject}, nil),
		"passed":             tftypes.NewValue(tftypes.Bool, nil),
	})
	resp, err := server(t).ReadDataSource(context.Background(), &tfprotov6.ReadDataSourceRequest{
		TypeName: "tfemrcheck_security_configuration",
		Config:   dyn(t, dataSourceObject, config),
	})
	require.NoError(t, err)
	if resp.State == nil {
		return tftypes.Value{}, resp.Diagnostics
	}
	state, err := resp.State.Unmarshal(dataSourceObject)
	require.NoError(t, err)
	return state, resp.Diagnostics
}

func TestDataSourceRead(t *testing.T) {
	t.Run("ssec", func(t *testing.T) {
		state, diags := readDataSource(t, str(sseCDoc), str("emr-7.2.0"), tftypes.Value{})
		require.Empty(t, diags)
		attrs := objectAttrs(t, state)
		assert.Equal(t, false, boolOf(t, attrs["passed"]))
		got := decodeFindings(t, attrs["findings"])
		require.NotEmpty(t, got)
		var sc001 map[string]string
		for _, f := range got {
			if f["rule_id"] == "EMR-SC-001" {
				sc001 = f
			}
		}
		require.NotNil(t, sc001)
		assert.Equal(t, "CRITICAL", sc001["severity"])
		assert.Equal(t, "fail", sc001["status"])
		assert.Equal(t, rules.SC001.Remediation, sc001["remediation"])
		var cfg string
		require.NoError(t, attrs["configuration"].As(&cfg))
		assert.Equal(t, sseCDoc, cfg, "inputs are kept")
	})
	t.Run("compliant", func(t *testing.T) {
		state, diags := readDataSource(t, str(compliantDoc), str("emr-7.2.0"), tftypes.Value{})
		require.Empty(t, diags)
		attrs := objectAttrs(t, state)
		assert.Equal(t, true, boolOf(t, attrs["passed"]))
		assert.Empty(t, decodeFindings(t, attrs["findings"]))
	})
	t.Run("threshold", func(t *testing.T) {
		// EMR-META-003 (HIGH) is a finding either way; it fails HIGH, not CRITICAL.
		state, diags := readDataSource(t, str(compliantDoc), str("7.2"), str("CRITICAL"))
		require.Empty(t, diags)
		attrs := objectAttrs(t, state)
		assert.Equal(t, true, boolOf(t, attrs["passed"]))
		require.Len(t, decodeFindings(t, attrs["findings"]), 1)

		state, diags = readDataSource(t, str(compliantDoc), str("7.2"), tftypes.Value{})
		require.Empty(t, diags)
		assert.Equal(t, false, boolOf(t, objectAttrs(t, state)["passed"]))
	})
	t.Run("unknown configuration", func(t *testing.T) {
		state, diags := readDataSource(t, unknownString, str("emr-7.2.0"), tftypes.Value{})
		require.Empty(t, diags)
		attrs := objectAttrs(t, state)
		assert.False(t, attrs["passed"].IsKnown(), "never a pass while unknown")
		assert.False(t, attrs["findings"].IsKnown())
	})
	t.Run("unknown release", func(t *testing.T) {
		state, diags := readDataSource(t, str(compliantDoc), unknownString, tftypes.Value{})
		require.Empty(t, diags)
		assert.False(t, objectAttrs(t, state)["passed"].IsKnown())
	})
	t.Run("bad threshold", func(t *testing.T) {
		_, diags := readDataSource(t, str(compliantDoc), str(""), str("SEVERE"))
		require.Len(t, diags, 1)
		assert.Equal(t, tfprotov6.DiagnosticSeverityError, diags[0].Severity)
		assert.Contains(t, diags[0].Detail, `unknown severity "SEVERE"`)
	})
}

func TestDataSourceValidateConfig(t *testing.T) {
	config := func(th string) *tfprotov6.DynamicValue {
		return dyn(t, dataSourceObject, tftypes.NewValue(dataSourceObject, map[string]tftypes.Value{
			"configuration":      str("{}"),
			"release_label":      tftypes.NewValue(tftypes.String, nil),
			"severity_threshold": str(th),
			"findings":           tftypes.NewValue(tftypes.List{ElementType: findingObject}, nil),
			"passed":             tftypes.NewValue(tftypes.Bool, nil),
		}))
	}
	srv := server(t)
	resp, err := srv.ValidateDataResourceConfig(context.Background(), &tfprotov6.ValidateDataResourceConfigRequest{
		TypeName: "tfemrcheck_security_configuration", Config: config("medium"),
	})
	require.NoError(t, err)
	assert.Empty(t, resp.Diagnostics)
	resp, err = srv.ValidateDataResourceConfig(context.Background(), &tfprotov6.ValidateDataResourceConfigRequest{
		TypeName: "tfemrcheck_security_configuration", Config: config("urgent"),
	})
	require.NoError(t, err)
	require.Len(t, resp.Diagnostics, 1)
	assert.Equal(t, "Invalid severity threshold", resp.Diagnostics[0].Summary)
	require.NotNil(t, resp.Diagnostics[0].Attribute)
	assert.True(t, strings.Contains(resp.Diagnostics[0].Attribute.String(), "severity_threshold"))
}

func objectAttrs(t *testing.T, v tftypes.Value) map[string]tftypes.Value {
	t.Helper()
	var attrs map[string]tftypes.Value
	require.NoError(t, v.As(&attrs))
	return attrs
}

func boolOf(t *testing.T, v tftypes.Value) bool {
	t.Helper()
	require.True(t, v.IsKnown())
	var b bool
	require.NoError(t, v.As(&b))
	return b
}

// decodeFindings turns a known list of finding objects into maps.
func decodeFindings(t *testing.T, v tftypes.Value) []map[string]string {
	t.Helper()
	require.True(t, v.IsKnown())
	var elems []tftypes.Value
	require.NoError(t, v.As(&elems))
	out := []map[string]string{}
	for _, e := range elems {
		m := map[string]string{}
		for k, a := range objectAttrs(t, e) {
			var s string
			require.NoError(t, a.As(&s))
			m[k] = s
		}
		out = append(out, m)
	}
	return out
}

// TestDefaultThresholdIsTheCommandLines: without a threshold, the function
// and the data source use rules.DefaultThreshold, the one default of every
// entry point. A document whose only finding is LOW (EMR-SC-015, a
// misspelt key; the CLI exits 1 on it) fails by default and passes a
// MEDIUM threshold.
func TestDefaultThresholdIsTheCommandLines(t *testing.T) {
	require.Equal(t, rules.Low, rules.DefaultThreshold, "the docs (docs/provider.md) state LOW")
	doc := mustRead("../../../../testdata/docs/low-only.json")
	fs, err := evaluate.SecurityConfiguration(doc, "")
	require.NoError(t, err)
	require.Len(t, fs, 1)
	require.Equal(t, "EMR-SC-015", fs[0].RuleID)
	require.Equal(t, rules.Low, fs[0].Severity)

	resp := call(t, "validated", str(doc), str(""))
	require.NotNil(t, resp.Error, "a LOW finding fails at the default threshold")
	assert.Contains(t, resp.Error.Text, "at or above "+rules.DefaultThreshold.String())
	v := result(t, call(t, "validated", str(doc), str(""), str("MEDIUM")), tftypes.String)
	assert.True(t, v.IsKnown())

	state, diags := readDataSource(t, str(doc), str(""), tftypes.Value{})
	require.Empty(t, diags)
	assert.Equal(t, false, boolOf(t, objectAttrs(t, state)["passed"]))
	state, diags = readDataSource(t, str(doc), str(""), str("MEDIUM"))
	require.Empty(t, diags)
	assert.Equal(t, true, boolOf(t, objectAttrs(t, state)["passed"]))
}
