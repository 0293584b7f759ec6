package report

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/tfemrcheck/tfemrcheck/pkg/check"
	"github.com/tfemrcheck/tfemrcheck/pkg/hclconfig"
	"github.com/tfemrcheck/tfemrcheck/pkg/model"
	"github.com/tfemrcheck/tfemrcheck/pkg/scan"
)

// Every format is produced for the same real scans (the insecure example
// as HCL and as a plan without source) and checked: SARIF against the
// schema, JUnit as XML with a failure per failing pair.
func TestFormatsOnRealScan(t *testing.T) {
	sch := compileSARIFSchema(t)
	load := map[string]func() (*model.Model, error){
		"hcl":  func() (*model.Model, error) { return scan.Dir("../../examples/insecure", hclconfig.Options{}) },
		"plan": func() (*model.Model, error) { return scan.Open("../../examples/insecure/plan.json") },
	}
	for name, ld := range load {
		t.Run(name, func(t *testing.T) {
			m, err := ld()
			require.NoError(t, err)
			fs, err := check.Run(m, check.Options{})
			require.NoError(t, err)
			check.Sort(fs)
			require.NotEmpty(t, fs)
			r := &Report{ToolName: "tfemrcheck", ToolVersion: "test", Findings: fs, Evaluated: check.Evaluations(m, nil)}

			var sarif bytes.Buffer
			require.NoError(t, SARIF(&sarif, r, SARIFOptions{BaseDir: "../..", WorkDir: "."}))
			validateSARIF(t, sch, sarif.Bytes())
			var doc sarifDoc
			require.NoError(t, json.Unmarshal(sarif.Bytes(), &doc))
			require.Len(t, doc.Runs[0].Results, len(fs))
			for _, res := range doc.Runs[0].Results {
				pl := res.Locations[0].PhysicalLocation
				require.NotNil(t, pl, res.RuleID)
				require.Contains(t, []string{"examples/insecure/main.tf", "examples/insecure/plan.json"}, pl.ArtifactLocation.URI)
				require.Equal(t, "%SRCROOT%", pl.ArtifactLocation.URIBaseID)
			}

			var junit bytes.Buffer
			require.NoError(t, JUnit(&junit, r))
			var s xSuites
			require.NoError(t, xml.Unmarshal(junit.Bytes(), &s))
			require.GreaterOrEqual(t, s.Tests, len(r.Evaluated))
			require.Positive(t, s.Failures)

			for _, f := range []func(*bytes.Buffer) error{
				func(b *bytes.Buffer) error { return GitHub(b, r) },
				func(b *bytes.Buffer) error { return Markdown(b, r) },
			} {
				var b bytes.Buffer
				require.NoError(t, f(&b))
				require.Contains(t, b.String(), "EMR-SC-001")
			}
		})
	}
}
