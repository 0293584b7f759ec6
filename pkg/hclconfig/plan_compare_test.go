package hclconfig

import (
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"testing"

	tfjson "github.com/hashicorp/terraform-json"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tfemrcheck/tfemrcheck/pkg/model"
)

// examplesDir is the stand-in provider's examples with their real plans,
// copied into the repository (.ci/run checks the copy against shared/).
const examplesDir = "../../testdata/tfplan-examples"

// TestSameAddressesAsPlan checks that HCL mode finds the same resource
// instances of the kept types as a real plan of the same configuration.
func TestSameAddressesAsPlan(t *testing.T) {
	plans, err := filepath.Glob(filepath.Join(examplesDir, "*.plan.json"))
	require.NoError(t, err)
	require.NotEmpty(t, plans, "example plans are missing")
	for _, planPath := range plans {
		name := filepath.Base(planPath)
		name = name[:len(name)-len(".plan.json")]
		t.Run(name, func(t *testing.T) {
			raw, err := os.ReadFile(planPath)
			require.NoError(t, err)
			var plan tfjson.Plan
			require.NoError(t, json.Unmarshal(raw, &plan))
			var want []string
			for _, rc := range plan.ResourceChanges {
				if rc.Mode == tfjson.ManagedResourceMode && model.IsRelevantType(rc.Type) {
					want = append(want, rc.Address)
				}
			}
			sort.Strings(want)

			opts := Options{}
			if name == "04-kerberos-cluster" {
				opts.VarFiles = []string{filepath.Join(examplesDir, name, "example.tfvars")}
			}
			m, diags := Load(filepath.Join(examplesDir, name), opts)
			require.False(t, diags.HasErrors(), "%v", diags)
			assert.Equal(t, want, addresses(m.Resources))

			// every known security configuration name in the plan is known in HCL mode too
			for _, rc := range plan.ResourceChanges {
				if rc.Type != model.TypeSecurityConfiguration {
					continue
				}
				after, _ := rc.Change.After.(map[string]any)
				planName, ok := after["name"].(string)
				if !ok {
					continue
				}
				r := m.Lookup(rc.Address)
				require.NotNil(t, r)
				assert.Equal(t, planName, str(t, r.Attr("name")))
			}
			for _, c := range m.Clusters {
				assert.Equal(t, model.LinkResolved, c.Link, c.Resource.Address)
			}
		})
	}
}
