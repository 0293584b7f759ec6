package check_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tfemrcheck/tfemrcheck/pkg/check"
	"github.com/tfemrcheck/tfemrcheck/pkg/model"
	"github.com/tfemrcheck/tfemrcheck/pkg/rules"
	"github.com/tfemrcheck/tfemrcheck/pkg/scan"
)

// A rule that quotes a sensitive value the wrong way still cannot leak it.
func TestSensitiveValuesAreScrubbedFromMessages(t *testing.T) {
	r := &model.Resource{Address: "aws_emr_cluster.c", Type: model.TypeCluster, Attrs: model.NewObject()}
	secret := model.NewString("hunter2-canary")
	secret.Sensitive = true
	r.Attrs.Set("release_label", secret)
	m := &model.Model{Resources: []*model.Resource{r}, Clusters: []*model.Cluster{{Resource: r}}}
	model.Link(m, nil)
	leaky := &rules.Rule{
		ID: "EMR-CL-099", Title: "leaky test rule", Severity: rules.Low, Rationale: "test", Remediation: "test",
		Check: func(p *rules.Pass) {
			s, _ := p.Model.Clusters[0].ReleaseLabel().AsString()
			p.Failf(rules.At{Address: "aws_emr_cluster.c"}, "label is %q", s)
		},
	}
	fs, err := check.Run(m, check.Options{Rules: []*rules.Rule{leaky}})
	require.NoError(t, err)
	require.Len(t, fs, 1)
	assert.Equal(t, `label is "(sensitive value)"`, fs[0].Message)
}

func TestEvaluationsCoverEveryTargetResource(t *testing.T) {
	sc := &model.Resource{Address: "aws_emr_security_configuration.s", Type: model.TypeSecurityConfiguration, Attrs: model.NewObject()}
	c := &model.Resource{Address: "aws_emr_cluster.c", Type: model.TypeCluster, Attrs: model.NewObject()}
	m := &model.Model{Resources: []*model.Resource{sc, c}}
	ev := check.Evaluations(m, []*rules.Rule{rules.SC001, rules.CL001})
	assert.Equal(t, []check.Evaluation{
		{RuleID: "EMR-CL-001", Address: "aws_emr_cluster.c"},
		{RuleID: "EMR-SC-001", Address: "aws_emr_security_configuration.s"},
	}, ev)
}

func TestRulePanicIsAnErrorNotACrash(t *testing.T) {
	boom := &rules.Rule{ID: "EMR-CL-098", Title: "panicking test rule", Severity: rules.Low, Rationale: "t", Remediation: "t",
		Check: func(*rules.Pass) { panic("boom") }}
	_, err := check.Run(&model.Model{}, check.Options{Rules: []*rules.Rule{boom}})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "EMR-CL-098")
}

// TestCollectThenFindings: Findings gives Run's findings, each call its
// own (a caller changes the findings it gets, their Related included).
func TestCollectThenFindings(t *testing.T) {
	m, err := scan.Open("../../examples/insecure/plan.json")
	require.NoError(t, err)
	want, err := check.Run(m, check.Options{})
	require.NoError(t, err)
	res, err := check.Collect(m, check.Options{})
	require.NoError(t, err)
	a, b := res.Findings(), res.Findings()
	assert.Equal(t, want, a)
	related := 0
	for i := range a {
		if len(a[i].Related) > 0 {
			related++
			a[i].Related[0].Message = "changed"
			assert.Equal(t, "cluster uses this security configuration", b[i].Related[0].Message)
		}
	}
	assert.NotZero(t, related, "no finding on a security configuration a cluster uses")
	assert.Nil(t, (*check.Results)(nil).Findings())
}
