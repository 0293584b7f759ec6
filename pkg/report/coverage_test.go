package report

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tfemrcheck/tfemrcheck/pkg/model"
	"github.com/tfemrcheck/tfemrcheck/pkg/rules"
)

func coverageModel() *model.Model {
	sc := &model.Resource{Address: "aws_emr_security_configuration.a", Type: model.TypeSecurityConfiguration}
	m := &model.Model{
		Resources: []*model.Resource{
			{Address: "aws_emr_cluster.a[*]", Type: model.TypeCluster, UnknownInstances: []string{"module.this"}},
			sc,
			{Address: "aws_emr_instance_group.g", Type: model.TypeInstanceGroup},
			{Address: "aws_subnet.s", Type: model.TypeSubnet},
		},
		SecurityConfigs: []*model.SecurityConfig{
			{Resource: sc},
			{Resource: &model.Resource{Address: "module.emr", Type: model.TypeSecurityConfiguration}, Argument: "security_configuration"},
		},
		ModuleCalls: []*model.ModuleCall{
			{Address: "module.local", Evaluated: true},
			{Address: "module.emr", Source: "org/emr/aws", Reason: "not installed", EMRHints: []string{"its name mentions EMR"}},
			{Address: "module.vpc", Source: "org/vpc/aws", Reason: "not installed"},
		},
	}
	return m
}

func TestCoverageOf(t *testing.T) {
	c := CoverageOf(coverageModel())
	assert.Equal(t, 1, c.Clusters)
	assert.Equal(t, 1, c.SecurityConfigurations)
	assert.Equal(t, 1, c.Documents, "the module argument")
	assert.Equal(t, 1, c.OtherEMRResources, "the instance group, not the subnet")
	assert.Equal(t, 1, c.UnknownInstances)
	assert.Equal(t, 1, c.ModulesEvaluated)
	require.Len(t, c.ModulesNotEvaluated, 2)
	assert.Equal(t, 1, c.EMRGaps())
	assert.Equal(t, "checked 1 cluster, 1 security configuration, 1 security-configuration document, 1 other EMR resource "+
		"(1 with an unknown number of instances, checked as one); modules: 1 evaluated, 2 not evaluated (module.emr, module.vpc); "+
		"1 module that may create EMR resources NOT checked", c.Line())

	var sum Coverage
	sum.Add(c)
	sum.Add(c)
	assert.Equal(t, 2, sum.Clusters)
	assert.Len(t, sum.ModulesNotEvaluated, 4)
}

// TestNoBarePassWithGaps: a run without failures but with an unevaluated
// EMR module reads PASSED (INCOMPLETE), in text and github formats, and
// every format carries the coverage.
func TestNoBarePassWithGaps(t *testing.T) {
	c := CoverageOf(coverageModel())
	r := &Report{ToolName: "tfemrcheck", Checked: &c}
	var b bytes.Buffer
	require.NoError(t, Text(&b, r, TextOptions{}))
	assert.Contains(t, b.String(), "PASSED (INCOMPLETE): no findings")
	assert.True(t, strings.HasSuffix(b.String(), "1 module that may create EMR resources NOT checked\n"), b.String())

	b.Reset()
	require.NoError(t, GitHub(&b, r))
	assert.Contains(t, b.String(), "tfemrcheck PASSED (INCOMPLETE)")

	b.Reset()
	require.NoError(t, Markdown(&b, r))
	assert.Contains(t, b.String(), "passed, incomplete")

	b.Reset()
	require.NoError(t, JSON(&b, r))
	var out struct {
		Summary struct {
			Checked Coverage `json:"checked"`
		} `json:"summary"`
	}
	require.NoError(t, json.Unmarshal(b.Bytes(), &out), b.String())
	assert.Equal(t, c, out.Summary.Checked)

	b.Reset()
	require.NoError(t, SARIF(&b, r, SARIFOptions{}))
	assert.Contains(t, b.String(), `"modules_not_evaluated"`)

	b.Reset()
	require.NoError(t, JUnit(&b, r))
	assert.Contains(t, b.String(), `<property name="checked.modules_not_evaluated" value="2"></property>`)

	// Without gaps and findings: a plain pass.
	clean := Coverage{Clusters: 1}
	b.Reset()
	require.NoError(t, Text(&b, &Report{Checked: &clean}, TextOptions{}))
	assert.Contains(t, b.String(), "PASSED: no findings")

	// An indeterminate finding is a gap too.
	b.Reset()
	require.NoError(t, Text(&b, &Report{Checked: &clean, Findings: []rules.Finding{{RuleID: "EMR-CL-002", Status: rules.Indeterminate, Severity: rules.Medium}}}, TextOptions{}))
	assert.Contains(t, b.String(), "PASSED (INCOMPLETE): 1 finding:")
}

// TestCoverageWorkspace: a source that refers to terraform.workspace
// depends on the machine that checks it; the coverage line says which
// workspace and where it came from, and runs merge them.
func TestCoverageWorkspace(t *testing.T) {
	c := CoverageOf(&model.Model{Workspace: &model.Workspace{Name: "prod", Source: "TF_WORKSPACE"}})
	c.Add(CoverageOf(&model.Model{Workspace: &model.Workspace{Name: "default", Source: "default"}}))
	c.Add(CoverageOf(&model.Model{Workspace: &model.Workspace{Name: "prod", Source: "TF_WORKSPACE"}}))
	assert.Equal(t, []model.Workspace{{Name: "prod", Source: "TF_WORKSPACE"}, {Name: "default", Source: "default"}}, c.Workspaces)
	assert.Contains(t, c.Line(), `; terraform.workspace "prod" (from TF_WORKSPACE); terraform.workspace "default" (the default: no TF_WORKSPACE, no .terraform/environment)`)
	assert.Empty(t, CoverageOf(&model.Model{}).Workspaces)
}
