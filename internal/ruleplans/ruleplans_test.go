package ruleplans

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tfemrcheck/tfemrcheck/pkg/check"
	"github.com/tfemrcheck/tfemrcheck/pkg/hclconfig"
	"github.com/tfemrcheck/tfemrcheck/pkg/rules"
	"github.com/tfemrcheck/tfemrcheck/pkg/scan"
)

const dir = "../../testdata/rules"

// TestFilesUpToDate keeps testdata/rules in step with the rules' examples.
func TestFilesUpToDate(t *testing.T) {
	want, err := Files()
	require.NoError(t, err)
	got := map[string]string{}
	require.NoError(t, filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || filepath.Base(path) == "plan.json" {
			return err
		}
		b, err := os.ReadFile(path)
		rel, _ := filepath.Rel(dir, path)
		got[filepath.ToSlash(rel)] = string(b)
		return err
	}))
	assert.Equal(t, want, got, "testdata/rules is stale: run go run ./internal/genruleplans and scripts/regen-plans.sh testdata/rules/*/*")
}

// params are the policy parameters the examples assume (EMR-REL-005's Bad
// example says so in its first line).
func params() *rules.Params {
	p := rules.Defaults()
	p.MinimumReleaseLabel = "emr-6.15.0"
	return &p
}

// deletionOnly lists Bad examples that only a plan deleting a resource can
// show; the stand-in provider plans from an empty state, so never deletes.
var deletionOnly = map[string]string{"EMR-ACC-002": "reports a deletion; covered by a plan edited with jq in pkg/plan"}

// TestRulesOnGeneratedPlans checks every rule on the plan made from its
// examples: the Bad plan gets a finding of the rule (fail, or
// indeterminate where the plan leaves the value unknown), the Good plan no
// failing one, and wherever the source fails the plan does not pass.
func TestRulesOnGeneratedPlans(t *testing.T) {
	files, err := Files()
	require.NoError(t, err)
	n := 0
	for path := range files {
		if !strings.HasSuffix(path, "/main.tf") {
			continue
		}
		caseDir := filepath.Join(dir, filepath.Dir(path))
		id, kind := filepath.Dir(filepath.Dir(path)), filepath.Base(filepath.Dir(path))
		t.Run(id+"/"+kind, func(t *testing.T) {
			planPath := filepath.Join(caseDir, "plan.json")
			_, err := os.Stat(planPath)
			require.NoError(t, err, "no plan: run scripts/regen-plans.sh %s", caseDir)
			m, err := scan.Open(planPath)
			require.NoError(t, err)
			planFs, err := check.Run(m, check.Options{Params: params()})
			require.NoError(t, err)
			fail, ind := count(planFs, id)

			src, diags := hclconfig.Load(caseDir, hclconfig.Options{})
			require.False(t, diags.HasErrors(), diags.Error())
			srcFs, err := check.Run(src, check.Options{Params: params()})
			require.NoError(t, err)
			srcFail, _ := count(srcFs, id)

			switch kind {
			case "bad":
				if why, ok := deletionOnly[id]; ok {
					// The example holds no resource, so its plan deletes
					// nothing and the rule must stay silent.
					assert.Empty(t, m.Resources, why)
					assert.Zero(t, fail+ind, why)
					return
				}
				assert.Positive(t, fail+ind, "%s reports nothing on the plan of its Bad example", id)
			case "good":
				assert.Zero(t, fail, "%s fails the plan of its Good example", id)
			}
			if srcFail > 0 {
				assert.Positive(t, fail+ind, "%s fails the source but passes the plan", id)
			}
		})
		n++
	}
	assert.Greater(t, n, 80, "too few rule plans")
}

func count(fs []rules.Finding, id string) (fail, ind int) {
	for _, f := range fs {
		if f.RuleID != id {
			continue
		}
		if f.Status == rules.Fail {
			fail++
		} else {
			ind++
		}
	}
	return fail, ind
}
