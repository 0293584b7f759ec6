package moduleproof

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/zclconf/go-cty/cty"

	"github.com/tfemrcheck/tfemrcheck/pkg/hclconfig"
)

// verdictOf returns the verdict for rule on address.
func verdictOf(t *testing.T, r *Result, rule, address string) Verdict {
	t.Helper()
	for _, v := range r.Verdicts {
		if v.RuleID == rule && v.Address == address {
			return v
		}
	}
	t.Fatalf("no verdict for %s on %s", rule, address)
	return Verdict{}
}

func notSafe(r *Result) []Verdict {
	var out []Verdict
	for _, v := range r.Verdicts {
		if v.Verdict != Safe {
			out = append(out, v)
		}
	}
	return out
}

const sc = "aws_emr_security_configuration.this"

func TestValidatedModuleIsSafe(t *testing.T) {
	r, err := Prove("testdata/safe", Options{Region: fixtureRegion})
	require.NoError(t, err)
	assert.Empty(t, notSafe(r))
	v := verdictOf(t, r, "EMR-SC-001", sc)
	assert.Equal(t, Safe, v.Verdict)
	assert.Contains(t, v.Message, "every combination of encryption_mode checked (2)")
	assert.False(t, r.Failed(0))
}

func TestValidationStillAllowingSSECHasAWitness(t *testing.T) {
	r, err := Prove("testdata/ssec", Options{Region: fixtureRegion})
	require.NoError(t, err)
	v := verdictOf(t, r, "EMR-SC-001", sc)
	assert.Equal(t, Unsafe, v.Verdict)
	assert.Equal(t, map[string]cty.Value{"encryption_mode": cty.StringVal("SSE-C")}, v.Inputs)
	require.NotNil(t, v.Location)
	assert.Equal(t, "main.tf", filepath.Base(v.Location.Filename))
	assert.Len(t, notSafe(r), 1)
	assert.Contains(t, ModuleBlock("testdata/ssec", v.Inputs), `encryption_mode = "SSE-C"`)
}

func TestNoValidationNamesTheVariable(t *testing.T) {
	r, err := Prove("testdata/novalidation", Options{Region: fixtureRegion})
	require.NoError(t, err)
	v := verdictOf(t, r, "EMR-SC-001", sc)
	assert.Equal(t, Unconstrained, v.Verdict)
	assert.Equal(t, []string{"encryption_mode"}, v.Variables)
	assert.Contains(t, v.Suggestion, `contains(["SSE-KMS", "CSE-KMS"], var.encryption_mode)`)
	for _, v := range notSafe(r) {
		assert.Equal(t, Unconstrained, v.Verdict, v.RuleID)
	}
}

func TestBooleanFlagSwitchesEncryptionOff(t *testing.T) {
	r, err := Prove("testdata/flag", Options{Region: fixtureRegion})
	require.NoError(t, err)
	v := verdictOf(t, r, "EMR-SC-004", sc)
	assert.Equal(t, Unsafe, v.Verdict)
	assert.Equal(t, map[string]cty.Value{"encrypt_at_rest": cty.False}, v.Inputs)
}

func TestCombinationThatOnlyFailsTogether(t *testing.T) {
	r, err := Prove("testdata/together", Options{Region: fixtureRegion})
	require.NoError(t, err)
	v := verdictOf(t, r, "EMR-SC-006", sc)
	assert.Equal(t, Unsafe, v.Verdict)
	assert.Equal(t, map[string]cty.Value{"environment": cty.StringVal("dev"), "cost_saving": cty.True}, v.Inputs)
	assert.Len(t, notSafe(r), 1)
}

func TestCapReachedIsIndeterminate(t *testing.T) {
	r, err := Prove("testdata/together", Options{Cap: 2, Region: fixtureRegion})
	require.NoError(t, err)
	v := verdictOf(t, r, "EMR-SC-006", sc)
	assert.Equal(t, Indeterminate, v.Verdict)
	assert.Contains(t, v.Message, "cap reached")
	assert.True(t, r.Failed(0))
}

func TestNestedModulesCountAndForEach(t *testing.T) {
	r, err := Prove("testdata/nested", Options{Region: fixtureRegion})
	require.NoError(t, err)
	v := verdictOf(t, r, "EMR-SC-001", "module.extra."+sc)
	assert.Equal(t, Unsafe, v.Verdict)
	assert.Equal(t, map[string]cty.Value{"modes": cty.ListVal([]cty.Value{cty.StringVal("SSE-C")})}, v.Inputs)
	assert.Equal(t, Safe, verdictOf(t, r, "EMR-SC-001", "module.main."+sc).Verdict)
}

func TestUnreadableModuleIsAnInputError(t *testing.T) {
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "main.tf"), []byte("resource \"aws_emr_cluster\" {\n"), 0o600))
	_, err := Prove(dir, Options{})
	var ie *InputError
	assert.ErrorAs(t, err, &ie)
}

func TestEvaluationBudgetIsIndeterminate(t *testing.T) {
	r, err := Prove("testdata/together", Options{MaxEvaluations: 3, Region: fixtureRegion})
	require.NoError(t, err)
	v := verdictOf(t, r, "EMR-SC-006", sc)
	assert.Equal(t, Indeterminate, v.Verdict)
	assert.Contains(t, v.Message, "evaluated 3 times")
	assert.LessOrEqual(t, r.Evaluations, 3)
}

func TestSensitiveDefaultIsNeverPrinted(t *testing.T) {
	r, err := Prove("testdata/sensitive", Options{})
	require.NoError(t, err)
	var out strings.Builder
	require.NoError(t, JSON(&out, r, RenderOptions{}))
	require.NoError(t, Text(&out, r, RenderOptions{}))
	require.NoError(t, Markdown(&out, r, RenderOptions{}))
	require.NoError(t, SARIF(&out, r, RenderOptions{}, nil))
	assert.NotContains(t, out.String(), "7f3a9c")
	assert.Contains(t, out.String(), "sensitive inputs left to their defaults")
}

// A module installed by terraform init (.terraform/modules) is followed
// as in source mode: its findings carry the installed files' locations.
func TestRegistryModuleIsFollowed(t *testing.T) {
	r, err := Prove("../../testdata/plans/module-installed-registry", Options{Load: hclconfig.Options{TrustInstalledModules: true}})
	require.NoError(t, err)
	v := verdictOf(t, r, "EMR-SC-001", "module.emr.module.security_configuration."+sc)
	assert.Equal(t, Unsafe, v.Verdict)
	require.NotNil(t, v.Location)
	assert.Contains(t, filepath.ToSlash(v.Location.Filename), ".terraform/modules/emr/modules/security-configuration/main.tf")
}

// fixtureRegion is the Region of the KMS keys the test modules name.
const fixtureRegion = "eu-west-1"

// TestCallersRegionDecidesSC012: a module has no provider of its own, so
// its callers choose the Region its KMS keys are compared with: without
// --region that verdict is indeterminate and says so; with another
// Region it is unsafe, as a caller deploying there would be.
func TestCallersRegionDecidesSC012(t *testing.T) {
	r, err := Prove("testdata/safe", Options{})
	require.NoError(t, err)
	v := verdictOf(t, r, "EMR-SC-012", sc)
	assert.Equal(t, Indeterminate, v.Verdict)
	assert.Contains(t, v.Message, "callers choose the Region: prove it for one with --region")

	r, err = Prove("testdata/safe", Options{Region: "us-east-1"})
	require.NoError(t, err)
	assert.Equal(t, Unsafe, verdictOf(t, r, "EMR-SC-012", sc).Verdict)

	r, err = Prove("testdata/safe", Options{Region: fixtureRegion})
	require.NoError(t, err)
	assert.Equal(t, Safe, verdictOf(t, r, "EMR-SC-012", sc).Verdict)
}
