package report

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/stretchr/testify/require"

	"github.com/tfemrcheck/tfemrcheck/pkg/model"
	"github.com/tfemrcheck/tfemrcheck/pkg/rules"
)

// sarifSchemaPath is the OASIS SARIF 2.1.0 schema, kept in the repository.
const sarifSchemaPath = "../../testdata/schemas/sarif-schema-2.1.0.json"

func compileSARIFSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	f, err := os.Open(sarifSchemaPath)
	require.NoError(t, err)
	defer f.Close()
	doc, err := jsonschema.UnmarshalJSON(f)
	require.NoError(t, err)
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	const url = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
	require.NoError(t, c.AddResource(url, doc))
	sch, err := c.Compile(url)
	require.NoError(t, err)
	return sch
}

func validateSARIF(t *testing.T, sch *jsonschema.Schema, out []byte) {
	t.Helper()
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(out))
	require.NoError(t, err)
	require.NoError(t, sch.Validate(inst))
}

func TestSARIFValidatesAgainstSchema(t *testing.T) {
	sch := compileSARIFSchema(t)
	cases := map[string]struct {
		r    *Report
		opts SARIFOptions
	}{
		"fixture with fixture rules": {fixtureReport(), SARIFOptions{BaseDir: "/repo", WorkDir: "/repo", Rules: fixtureRules()}},
		"fixture with the catalogue": {fixtureReport(), SARIFOptions{BaseDir: "/repo", WorkDir: "/repo"}},
		"fixture outside the base":   {fixtureReport(), SARIFOptions{BaseDir: "/elsewhere", WorkDir: "/repo"}},
		"empty report":               {&Report{ToolName: "tfemrcheck", ToolVersion: "dev"}, SARIFOptions{WorkDir: "/repo"}},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			var buf bytes.Buffer
			require.NoError(t, SARIF(&buf, tc.r, tc.opts))
			validateSARIF(t, sch, buf.Bytes())
		})
	}
	// The schema check is real: a broken log is rejected.
	require.Error(t, sch.Validate(map[string]any{"version": "2.1.0", "runs": []any{map[string]any{"results": []any{}}}}))
}

// sarifDoc is the part of a SARIF log the assertions read.
type sarifDoc struct {
	Runs []struct {
		Tool struct {
			Driver struct {
				Rules []struct {
					ID                   string `json:"id"`
					DefaultConfiguration struct {
						Level string `json:"level"`
					} `json:"defaultConfiguration"`
					Properties map[string]any `json:"properties"`
					Help       struct {
						Text, Markdown string
					} `json:"help"`
					HelpURI string `json:"helpUri"`
				} `json:"rules"`
			} `json:"driver"`
		} `json:"tool"`
		Invocations []struct {
			ExecutionSuccessful bool `json:"executionSuccessful"`
			Notifications       []struct {
				Level string `json:"level"`
			} `json:"toolExecutionNotifications"`
		} `json:"invocations"`
		Results []struct {
			RuleID    string `json:"ruleId"`
			RuleIndex int    `json:"ruleIndex"`
			Kind      string `json:"kind"`
			Level     string `json:"level"`
			Locations []struct {
				PhysicalLocation *struct {
					ArtifactLocation struct {
						URI       string `json:"uri"`
						URIBaseID string `json:"uriBaseId"`
					} `json:"artifactLocation"`
					Region *struct {
						StartLine   int `json:"startLine"`
						StartColumn int `json:"startColumn"`
					} `json:"region"`
				} `json:"physicalLocation"`
				LogicalLocations []struct {
					FullyQualifiedName string `json:"fullyQualifiedName"`
					Kind               string `json:"kind"`
				} `json:"logicalLocations"`
			} `json:"locations"`
			RelatedLocations []json.RawMessage `json:"relatedLocations"`
			Suppressions     []struct {
				Kind          string `json:"kind"`
				Status        string `json:"status"`
				Justification string `json:"justification"`
			} `json:"suppressions"`
			PartialFingerprints map[string]string `json:"partialFingerprints"`
		} `json:"results"`
	} `json:"runs"`
}

func TestSARIFContent(t *testing.T) {
	r := fixtureReport()
	var buf bytes.Buffer
	require.NoError(t, SARIF(&buf, r, SARIFOptions{BaseDir: "/repo", WorkDir: "/repo", Rules: fixtureRules()}))
	var doc sarifDoc
	require.NoError(t, json.Unmarshal(buf.Bytes(), &doc))
	require.Len(t, doc.Runs, 1)
	run := doc.Runs[0]
	require.Len(t, run.Results, len(r.Findings), "no finding is dropped, suppressed ones included")

	// Fixture rules first, then the one rule outside the catalogue.
	require.Len(t, run.Tool.Driver.Rules, len(fixtureRules())+1)
	require.Equal(t, "EMR-META-999", run.Tool.Driver.Rules[len(fixtureRules())].ID)
	for _, rule := range run.Tool.Driver.Rules {
		require.NotEmpty(t, rule.Properties["security-severity"], rule.ID)
		require.Contains(t, rule.Help.Text, rule.HelpURI, rule.ID)
		require.Contains(t, rule.Help.Markdown, rule.HelpURI, rule.ID)
	}
	require.Equal(t, "9.5", run.Tool.Driver.Rules[0].Properties["security-severity"])
	require.Equal(t, "error", run.Tool.Driver.Rules[0].DefaultConfiguration.Level)

	require.False(t, run.Invocations[0].ExecutionSuccessful)
	require.Len(t, run.Invocations[0].Notifications, 1)

	fps := map[string]bool{}
	for i, res := range run.Results {
		f := r.Findings[i]
		require.Equal(t, f.RuleID, res.RuleID)
		require.Equal(t, f.RuleID, run.Tool.Driver.Rules[res.RuleIndex].ID, "ruleIndex points at the rule")
		// GitHub rejects the whole file when a result has no physical
		// location with a start line.
		require.Len(t, res.Locations, 1, f.RuleID)
		pl := res.Locations[0].PhysicalLocation
		require.NotNil(t, pl, "%s %s has a physical location", f.RuleID, f.Address)
		require.NotNil(t, pl.Region)
		require.Positive(t, pl.Region.StartLine)
		require.Equal(t, "%SRCROOT%", pl.ArtifactLocation.URIBaseID)
		require.NotContains(t, pl.ArtifactLocation.URI, "/repo")
		require.NotContains(t, pl.ArtifactLocation.URI, `\`)
		if f.Location != nil {
			require.Equal(t, f.Location.Filename, pl.ArtifactLocation.URI)
			require.Equal(t, f.Location.Start.Line, pl.Region.StartLine)
			require.Equal(t, f.Location.Start.Column, pl.Region.StartColumn)
		}
		if f.Address != "" {
			require.Len(t, res.Locations[0].LogicalLocations, 1)
			require.Equal(t, f.Address, res.Locations[0].LogicalLocations[0].FullyQualifiedName)
			require.Equal(t, "resource", res.Locations[0].LogicalLocations[0].Kind)
		}
		require.Len(t, res.RelatedLocations, len(f.Related))

		switch {
		case f.Status == rules.Indeterminate:
			require.Equal(t, "review", res.Kind)
			require.Equal(t, "none", res.Level)
		case f.Severity >= rules.High:
			require.Equal(t, "fail", res.Kind)
			require.Equal(t, "error", res.Level)
		case f.Severity >= rules.Low:
			require.Equal(t, "warning", res.Level)
		default:
			require.Equal(t, "note", res.Level)
		}

		if sp := f.Suppressed; sp != nil {
			require.Len(t, res.Suppressions, 1)
			require.Equal(t, sp.Reason, res.Suppressions[0].Justification)
			require.Equal(t, "accepted", res.Suppressions[0].Status)
			want := map[string]string{"inline": "inSource", "policy": "external"}[sp.Kind]
			require.Equal(t, want, res.Suppressions[0].Kind)
		} else {
			require.Empty(t, res.Suppressions)
		}
		fp := res.PartialFingerprints[sarifFingerprint]
		require.NotEmpty(t, fp)
		require.False(t, fps[fp], "fingerprints are distinct")
		fps[fp] = true
	}

	// The plan-only finding points at the plan it came from.
	for i, f := range r.Findings {
		if f.RuleID == "EMR-CL-001" {
			require.Equal(t, "plans/prod.json", run.Results[i].Locations[0].PhysicalLocation.ArtifactLocation.URI)
		}
	}
}

// Fingerprints do not depend on the message or the line.
func TestSARIFFingerprintStable(t *testing.T) {
	fp := func(msg string, line int) string {
		r := &Report{Findings: []rules.Finding{{
			RuleID: "EMR-SC-001", Severity: rules.High, Status: rules.Fail, Address: "a.b", Message: msg,
			Location: &model.Range{Filename: "m.tf", Start: model.Pos{Line: line, Column: 1}},
		}}}
		var buf bytes.Buffer
		require.NoError(t, SARIF(&buf, r, SARIFOptions{WorkDir: "/w", Rules: []*rules.Rule{}}))
		var doc sarifDoc
		require.NoError(t, json.Unmarshal(buf.Bytes(), &doc))
		return doc.Runs[0].Results[0].PartialFingerprints[sarifFingerprint]
	}
	require.Equal(t, fp("one", 3), fp("two", 9))
}

func TestSARIFPaths(t *testing.T) {
	abs := func(p string) string { return filepath.FromSlash(p) }
	cases := []struct {
		name, base, work, file string
		wantURI, wantBase      string
	}{
		{"relative under base", "/repo", "/repo", "infra/main.tf", "infra/main.tf", "%SRCROOT%"},
		{"relative from a subdirectory", "/repo", "/repo/infra", "emr/main.tf", "infra/emr/main.tf", "%SRCROOT%"},
		{"relative base", "..", "/repo/infra", "main.tf", "infra/main.tf", "%SRCROOT%"},
		{"absolute under base", "/repo", "/tmp", "/repo/a/b.tf", "a/b.tf", "%SRCROOT%"},
		{"outside base", "/repo", "/repo", "../other/x.tf", "file:///other/x.tf", ""},
		{"escaped characters", "/repo", "/repo", "my dir/a#b.tf", "my%20dir/a%23b.tf", "%SRCROOT%"},
		{"default base is work", "", "/repo", "main.tf", "main.tf", "%SRCROOT%"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			pm, err := newPathMapper(abs(tc.base), abs(tc.work))
			require.NoError(t, err)
			got := pm.artifact(abs(tc.file))
			require.Equal(t, tc.wantURI, got.URI)
			require.Equal(t, tc.wantBase, got.URIBaseID)
		})
	}
}
