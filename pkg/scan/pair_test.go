package scan_test

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tfemrcheck/tfemrcheck/pkg/check"
	"github.com/tfemrcheck/tfemrcheck/pkg/hclconfig"
	"github.com/tfemrcheck/tfemrcheck/pkg/model"
	"github.com/tfemrcheck/tfemrcheck/pkg/rules"
	"github.com/tfemrcheck/tfemrcheck/pkg/scan"
)

func loadPair(t *testing.T, planDir, srcDir string) (*model.Model, *model.Model) {
	t.Helper()
	p, err := scan.Open(filepath.Join("../../testdata/plans", planDir, "plan.json"))
	require.NoError(t, err)
	s, err := scan.Dir(srcDir, hclconfig.Options{})
	require.NoError(t, err)
	return p, s
}

// TestPairRejectsAnotherDirectory: a plan with a directory holding none of
// its EMR resources is an error naming both.
func TestPairRejectsAnotherDirectory(t *testing.T) {
	p, s := loadPair(t, "sc001-sse-c", "../../testdata/plans/count-two")
	_, err := scan.Pair(p, s, "plan.json", "count-two")
	require.Error(t, err)
	assert.Contains(t, err.Error(), "plan.json and count-two do not belong together")
	assert.Contains(t, err.Error(), "aws_emr_cluster.adhoc")
}

// TestPairNotesWhatTheSourceLacks: a partial match is a note listing the
// resources the source does not have.
func TestPairNotesWhatTheSourceLacks(t *testing.T) {
	p, s := loadPair(t, "link-name-prefix-null", "../../testdata/plans/link-name-prefix-null")
	var kept []*model.Resource
	for _, r := range s.Resources {
		if !strings.HasPrefix(r.Address, "module.") {
			kept = append(kept, r)
		}
	}
	s.Resources = kept
	s.Sort()
	m, err := scan.Pair(p, s, "plan.json", "src")
	require.NoError(t, err)
	var notes []string
	for _, n := range m.Notes {
		notes = append(notes, n.Message)
	}
	require.Len(t, notes, 1)
	assert.Contains(t, notes[0], "2 of the plan's 4 EMR resources are not in the source src")
	assert.Contains(t, notes[0], "module.emr.aws_emr_cluster.this[0]")
}

// TestPairAcceptsUnevaluatedModulesAndUnknownCounts: resources inside a
// module call the source could not evaluate, and instances of a resource
// the source checks as [*], belong to the source.
func TestPairAcceptsUnevaluatedModulesAndUnknownCounts(t *testing.T) {
	p, s := loadPair(t, "module-installed-registry", "../../testdata/source/module-stale-manifest")
	m, err := scan.Pair(p, s, "plan.json", "src")
	require.NoError(t, err)
	for _, n := range m.Notes {
		assert.NotContains(t, n.Message, "are not in the source")
	}

	p, s = loadPair(t, "link-name-prefix-null", "../../testdata/plans/link-name-prefix-null")
	for _, r := range s.Resources {
		r.Address = strings.Replace(r.Address, "this[0]", "this[*]", 1)
	}
	s.Sort()
	m, err = scan.Pair(p, s, "plan.json", "src")
	require.NoError(t, err)
	for _, n := range m.Notes {
		assert.NotContains(t, n.Message, "are not in the source")
	}
}

// TestPairPlacesSharedDocumentsApart: the plan loader shares one parsed
// document among security configurations with the same text; with the
// source, each finding is still placed in its own resource, and reading
// the pair leaves the plan's shared document as it was.
func TestPairPlacesSharedDocumentsApart(t *testing.T) {
	dir := "../../testdata/plans/shared-document"
	p, s := loadPair(t, "shared-document", dir)
	require.Len(t, p.SecurityConfigs, 2)
	require.Same(t, p.SecurityConfigs[0].Document, p.SecurityConfigs[1].Document, "the plan loader shares equal documents")
	shared := p.SecurityConfigs[0].Document
	m, err := scan.Pair(p, s, "plan.json", dir)
	require.NoError(t, err)
	fs, err := check.Run(m, check.Options{Rules: []*rules.Rule{rules.ByID("EMR-SC-001")}})
	require.NoError(t, err)
	lines := map[string]int{}
	for _, f := range fs {
		require.NotNil(t, f.Location, f.Address)
		lines[f.Address] = f.Location.Start.Line
	}
	// EncryptionMode of "first" is on line 28, of "second" on line 45.
	assert.Equal(t, map[string]int{
		"aws_emr_security_configuration.first":  28,
		"aws_emr_security_configuration.second": 45,
	}, lines)
	assert.Nil(t, shared.Get("EncryptionConfiguration").Range, "the shared plan document is not modified")
}
