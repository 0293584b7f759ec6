package evaluate

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tfemrcheck/tfemrcheck/pkg/model"
	"github.com/tfemrcheck/tfemrcheck/pkg/rules"
)

func TestRulesFollowTheCatalogue(t *testing.T) {
	got := map[string]bool{}
	for _, r := range Rules() {
		got[r.ID] = true
	}
	for _, r := range rules.Catalogue() {
		want := strings.HasPrefix(r.ID, "EMR-SC-") || strings.HasPrefix(r.ID, "EMR-REL-") || r.ID == "EMR-META-003"
		assert.Equal(t, want, got[r.ID], "rule %s", r.ID)
	}
	assert.True(t, got["EMR-SC-001"])
	assert.True(t, got["EMR-META-003"])
	assert.False(t, got["EMR-CL-001"], "cluster rules need a whole cluster")
}

func TestModel(t *testing.T) {
	m := Model(compliantDoc, Release{Label: "emr-7.2.0"})
	require.Len(t, m.SecurityConfigs, 1)
	require.Len(t, m.Clusters, 1)
	sc, c := m.SecurityConfigs[0], m.Clusters[0]
	assert.Equal(t, SCAddress, sc.Address())
	assert.NotNil(t, sc.Document)
	assert.Nil(t, sc.ParseError)
	assert.Equal(t, model.LinkResolved, c.Link)
	assert.Same(t, sc, c.SC)
	assert.Equal(t, []*model.Cluster{c}, sc.Clusters)
	rel, _ := c.ReleaseLabel().AsString()
	assert.Equal(t, "emr-7.2.0", rel)

	assert.Empty(t, Model(compliantDoc, Release{}).Clusters, "no release, no cluster")

	pending := Model(compliantDoc, Release{Unknown: true})
	require.Len(t, pending.Clusters, 1)
	assert.True(t, pending.Clusters[0].ReleaseLabel().IsUnknown())

	bad := Model(`{"EncryptionConfiguration": `, Release{})
	assert.Nil(t, bad.SecurityConfigs[0].Document)
	require.NotNil(t, bad.SecurityConfigs[0].ParseError)
}

// brief is what a test compares of a finding.
type brief struct {
	Rule     string
	Severity rules.Severity
	Status   rules.Status
	Address  string
}

func briefs(fs []rules.Finding) []brief {
	out := []brief{}
	for _, f := range fs {
		out = append(out, brief{f.RuleID, f.Severity, f.Status, f.Address})
	}
	return out
}

func TestSecurityConfiguration(t *testing.T) {
	t.Run("compliant", func(t *testing.T) {
		fs, err := SecurityConfiguration(compliantDoc, "emr-7.2.0")
		require.NoError(t, err)
		assert.Empty(t, fs)
	})
	t.Run("sse-c", func(t *testing.T) {
		fs, err := SecurityConfiguration(sseCDoc, "")
		require.NoError(t, err)
		f := find(t, fs, "EMR-SC-001")
		assert.Equal(t, rules.Fail, f.Status)
		assert.Equal(t, rules.Critical, f.Severity)
		assert.Equal(t, SCAddress, f.Address)
		assert.Contains(t, f.Message, "SSE-C")
		assert.Equal(t, rules.SC001.Remediation, f.Remediation)
		require.NotNil(t, f.Location)
		assert.Equal(t, DocumentFile, f.Location.Filename)
		assert.Equal(t, model.Pos{Line: 7, Column: 9, Byte: 193}, f.Location.Start, "the EncryptionMode key in the text")
	})
	t.Run("invalid json", func(t *testing.T) {
		fs, err := SecurityConfiguration(`{"EncryptionConfiguration": `, "emr-7.2.0")
		require.NoError(t, err)
		assert.Equal(t, []brief{{"EMR-SC-000", rules.Critical, rules.Fail, SCAddress}}, briefs(fs))
	})
	t.Run("old release", func(t *testing.T) {
		fs, err := SecurityConfiguration(compliantDoc, "emr-5.20.0")
		require.NoError(t, err)
		f := find(t, fs, "EMR-REL-001")
		assert.Equal(t, rules.Fail, f.Status)
		assert.Equal(t, ClusterAddress, f.Address)
		assert.Contains(t, f.Message, "emr-5.20.0")
	})
	t.Run("unparseable release", func(t *testing.T) {
		fs, err := SecurityConfiguration(compliantDoc, "7.2")
		require.NoError(t, err)
		assert.Equal(t, []brief{{"EMR-META-003", rules.High, rules.Fail, ClusterAddress}}, briefs(fs))
	})
	t.Run("no release, no release rules", func(t *testing.T) {
		fs, err := SecurityConfiguration(compliantDoc, "")
		require.NoError(t, err)
		assert.Empty(t, fs)
	})
	t.Run("deterministic", func(t *testing.T) {
		a, err := SecurityConfiguration(sseCDoc, "emr-5.0.0")
		require.NoError(t, err)
		b, err := SecurityConfiguration(sseCDoc, "emr-5.0.0")
		require.NoError(t, err)
		assert.Equal(t, a, b)
	})
}

func TestPendingRelease(t *testing.T) {
	fs, err := PendingRelease(compliantDoc)
	require.NoError(t, err)
	f := find(t, fs, "EMR-REL-001")
	assert.Equal(t, rules.Indeterminate, f.Status, "EBS encryption on an unknown release is never a pass")
	assert.True(t, Blocking(f, rules.DefaultThreshold))
	for _, f := range fs {
		assert.NotEqual(t, rules.Fail, f.Status, "%s: the compliant document fails nothing by itself", f.RuleID)
	}

	fs, err = PendingRelease(sseCDoc)
	require.NoError(t, err)
	assert.Equal(t, rules.Fail, find(t, fs, "EMR-SC-001").Status, "document findings do not wait for the release")
}

func TestBlocking(t *testing.T) {
	for _, tc := range []struct {
		name string
		f    rules.Finding
		at   rules.Severity
		want bool
	}{
		{"fail above", rules.Finding{Severity: rules.Critical, Status: rules.Fail}, rules.High, true},
		{"fail at", rules.Finding{Severity: rules.High, Status: rules.Fail}, rules.High, true},
		{"fail below", rules.Finding{Severity: rules.Medium, Status: rules.Fail}, rules.High, false},
		{"indeterminate at", rules.Finding{Severity: rules.High, Status: rules.Indeterminate}, rules.High, true},
		{"suppressed", rules.Finding{Severity: rules.Critical, Status: rules.Fail, Suppressed: &rules.Suppression{Kind: "inline"}}, rules.Low, false},
		{"info at info", rules.Finding{Severity: rules.Info, Status: rules.Fail}, rules.Info, true},
	} {
		assert.Equal(t, tc.want, Blocking(tc.f, tc.at), tc.name)
	}
}

func find(t *testing.T, fs []rules.Finding, id string) rules.Finding {
	t.Helper()
	for _, f := range fs {
		if f.RuleID == id {
			return f
		}
	}
	t.Fatalf("no %s finding in %v", id, briefs(fs))
	return rules.Finding{}
}
