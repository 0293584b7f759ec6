package check_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tfemrcheck/tfemrcheck/pkg/check"
	"github.com/tfemrcheck/tfemrcheck/pkg/model"
	"github.com/tfemrcheck/tfemrcheck/pkg/release"
	"github.com/tfemrcheck/tfemrcheck/pkg/rules"
)

// A rule that quotes tainted text the wrong way (raw, %q-escaped, or as
// a release label it parsed) still cannot print it; tainted text shaped
// like what rules expect, and documented keys, are left alone.
func TestTaintedTextIsScrubbedFromMessages(t *testing.T) {
	r := &model.Resource{Address: "aws_emr_cluster.c", Type: model.TypeCluster, Attrs: model.NewObject()}
	label := model.NewString("emr-06.15.0-Canary7Secret")
	label.SetTaint("environment TF_VAR_label")
	r.Attrs.Set("release_label", label)
	uri := model.NewString("s3://bucket\n/canary-secret")
	uri.SetTaint("file logs.txt")
	r.Attrs.Set("log_uri", uri)
	ok := model.NewString("SSE-KMS")
	ok.SetTaint("file sc.json")
	r.Attrs.Set("mode", ok)
	m := &model.Model{Resources: []*model.Resource{r}, Clusters: []*model.Cluster{{Resource: r}}}
	model.Link(m, nil)
	leaky := &rules.Rule{
		ID: "EMR-CL-097", Title: "leaky test rule", Severity: rules.Low, Rationale: "test", Remediation: "test",
		Check: func(p *rules.Pass) {
			c := p.Model.Clusters[0]
			s, _ := c.ReleaseLabel().AsString()
			l, err := release.Parse(s)
			require.NoError(t, err)
			u, _ := c.Resource.Attr("log_uri").AsString()
			mode, _ := c.Resource.Attr("mode").AsString()
			p.Failf(rules.At{Address: "aws_emr_cluster.c"}, "label %q parsed %s; uri %q; mode %s; key EncryptionMode", s, l, u, mode)
		},
	}
	fs, err := check.Run(m, check.Options{Rules: []*rules.Rule{leaky}})
	require.NoError(t, err)
	require.Len(t, fs, 1)
	assert.Equal(t, `label "(value read from environment TF_VAR_label)" parsed (value read from environment TF_VAR_label); `+
		`uri "(value read from file logs.txt)"; mode SSE-KMS; key EncryptionMode`, fs[0].Message)
}
