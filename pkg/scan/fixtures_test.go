package scan_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tfemrcheck/tfemrcheck/internal/wanttest"
	"github.com/tfemrcheck/tfemrcheck/pkg/check"
	"github.com/tfemrcheck/tfemrcheck/pkg/hclconfig"
	"github.com/tfemrcheck/tfemrcheck/pkg/model"
	"github.com/tfemrcheck/tfemrcheck/pkg/scan"
)

// fixtureDirs are the generated-plan fixtures and the examples: each has
// a main.tf with "# want" lines and a plan.json made from it by mkplan.
func fixtureDirs(t *testing.T) []string {
	t.Helper()
	var dirs []string
	for _, pattern := range []string{"../../testdata/plans/*/plan.json", "../../examples/*/plan.json"} {
		ms, err := filepath.Glob(pattern)
		require.NoError(t, err)
		for _, m := range ms {
			dirs = append(dirs, filepath.Dir(m))
		}
	}
	require.NotEmpty(t, dirs, "no fixtures found")
	return dirs
}

// TestFixtures checks every fixture in the three modes: the plan alone,
// the source alone, and the plan with its source. The source modes share
// expectations; they differ from the plan only where the source resolves
// what the plan leaves unknown (want-plan / want-hcl lines).
func TestFixtures(t *testing.T) {
	for _, dir := range fixtureDirs(t) {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			exp, err := wanttest.Read(dir)
			require.NoError(t, err)

			planModel, err := scan.Open(filepath.Join(dir, "plan.json"))
			require.NoError(t, err)
			assert.Equal(t, exp.Want(wanttest.Plan), got(t, exp, planModel), "plan")

			srcModel, err := scan.Dir(dir, hclconfig.Options{TrustInstalledModules: true})
			require.NoError(t, err)
			assert.Equal(t, exp.Want(wanttest.Source), got(t, exp, srcModel), "source")

			// Fresh models: Merge completes the plan model in place.
			planModel, err = scan.Open(filepath.Join(dir, "plan.json"))
			require.NoError(t, err)
			srcModel, err = scan.Dir(dir, hclconfig.Options{TrustInstalledModules: true})
			require.NoError(t, err)
			merged := scan.Merge(planModel, srcModel)
			assert.Equal(t, exp.Want(wanttest.Source), got(t, exp, merged), "plan with source")
			fs, err := check.Run(merged, check.Options{})
			require.NoError(t, err)
			for _, f := range fs {
				if f.Status == "fail" && exp.Scope[f.RuleID] {
					assert.NotNil(t, f.Location, "plan-with-source finding %s on %s has a source location", f.RuleID, f.Address)
				}
			}
		})
	}
}

// TestAddressesAgree guards the two loaders: the source yields the same
// EMR resource addresses as the plan made from it.
func TestAddressesAgree(t *testing.T) {
	for _, dir := range fixtureDirs(t) {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			p, err := scan.Open(filepath.Join(dir, "plan.json"))
			require.NoError(t, err)
			s, err := scan.Dir(dir, hclconfig.Options{TrustInstalledModules: true})
			require.NoError(t, err)
			assert.Equal(t, addresses(p), addresses(s))
		})
	}
}

func addresses(m *model.Model) []string {
	var out []string
	for _, r := range m.Resources {
		if r.Type == model.TypeCluster || r.Type == model.TypeSecurityConfiguration {
			out = append(out, r.Address)
		}
	}
	return out
}

func got(t *testing.T, exp *wanttest.Expectations, m *model.Model) []string {
	t.Helper()
	fs, err := check.Run(m, check.Options{})
	require.NoError(t, err)
	out := exp.Got(fs)
	if out == nil {
		out = []string{}
	}
	return out
}

func TestMain(m *testing.M) {
	// Terraform source paths in findings are relative to the test's
	// working directory; nothing here depends on the environment.
	os.Exit(m.Run())
}
