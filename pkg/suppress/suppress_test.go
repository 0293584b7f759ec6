package suppress_test

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tfemrcheck/tfemrcheck/pkg/check"
	"github.com/tfemrcheck/tfemrcheck/pkg/hclconfig"
	"github.com/tfemrcheck/tfemrcheck/pkg/model"
	"github.com/tfemrcheck/tfemrcheck/pkg/rules"
	"github.com/tfemrcheck/tfemrcheck/pkg/suppress"
)

const basic = "testdata/basic"

var today = time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)

func TestScan(t *testing.T) {
	ds, diags := suppress.Scan(basic)
	require.Empty(t, diags)
	var got []string
	for _, d := range ds {
		got = append(got, fmt.Sprintf("%s:%d %v reason=%q expires=%q ticket=%q %s %d-%d %s %v",
			filepath.Base(filepath.Dir(d.Range.Filename)), d.Range.Start.Line, d.RuleIDs, d.Reason, d.Expires, d.Ticket,
			d.Scope, d.Covers.Start.Line, d.Covers.End.Line, d.Resource, d.Errors))
	}
	assert.Equal(t, []string{
		`basic:3 [EMR-SC-001] reason="legacy SSE-C bucket, migrating" expires="2099-12-31" ticket="SEC-1" resource 4-16 aws_emr_security_configuration.block []`,
		`basic:25 [EMR-SC-001] reason="test data only" expires="" ticket="" range 26-26 aws_emr_security_configuration.json []`,
		`basic:29 [EMR-SC-009] reason="key set by the platform" expires="" ticket="" range 29-29 aws_emr_security_configuration.json []`,
		`basic:50 [EMR-SC-008] reason="nothing to match here" expires="" ticket="" resource 50-55 aws_emr_cluster.old []`,
		`basic:52 [EMR-REL-002] reason="replay job pinned to 4.7" expires="" ticket="" range 53-53 aws_emr_cluster.old []`,
		`basic:59 [EMR-REL-002] reason="was temporary" expires="2020-01-01" ticket="" range 60-60 aws_emr_cluster.expired []`,
		`basic:66 [EMR-REL-002] reason="" expires="" ticket="" range 66-66 aws_emr_cluster.noreason []`,
		`basic:70 [EMR-SC-999 EMR-CL-001] reason="typo in the id" expires="" ticket="" resource 71-74 aws_emr_cluster.unknown_id []`,
		`basic:76 [EMR-CL-001] reason="a blank line follows" expires="" ticket="" none 0-0  [it is not on or directly above a resource block or one of its attributes]`,
		`emr:5 [EMR-CL-001] reason="security configuration attached by the platform team" expires="" ticket="" resource 6-9 aws_emr_cluster.this []`,
	}, got, "the unrelated directory is not a module of the root and is not read")
	// Ranges are those of the comment, in the loader's file naming.
	assert.Equal(t, filepath.Join(basic, "main.tf"), ds[0].Range.Filename)
	assert.Equal(t, 1, ds[0].Range.Start.Column)
	assert.Equal(t, ds[0].Range.Start.Line, ds[0].Range.End.Line, "the range ends before the newline")
	assert.Equal(t, 48, ds[2].Range.Start.Column, "trailing // comment")
	assert.Equal(t, filepath.Join(basic, "modules", "emr", "main.tf"), ds[9].Range.Filename)
}

func TestScanMissingDir(t *testing.T) {
	ds, diags := suppress.Scan(filepath.Join(t.TempDir(), "nope"))
	assert.Empty(t, ds)
	require.True(t, diags.HasErrors())
	assert.Contains(t, diags[0].Detail, "nope")
}

// sourceFindings loads the fixture with the HCL loader and runs a few
// stable rules, so the locations are the loader's.
func sourceFindings(t *testing.T) ([]rules.Finding, *model.Model) {
	t.Helper()
	m, diags := hclconfig.Load(basic, hclconfig.Options{})
	require.False(t, diags.HasErrors(), diags.Error())
	fs, err := check.Run(m, check.Options{Rules: []*rules.Rule{rules.SC001, rules.SC009, rules.REL002, rules.CL001}})
	require.NoError(t, err)
	return fs, m
}

// summary lists "RULE address: reason" for suppressed findings and
// "RULE address: -" for the others.
func summary(fs []rules.Finding) []string {
	var out []string
	for _, f := range fs {
		s := "-"
		if f.Suppressed != nil {
			s = f.Suppressed.Kind + " " + f.Suppressed.Reason
		}
		out = append(out, fmt.Sprintf("%s %s: %s", f.RuleID, f.Address, s))
	}
	return out
}

func problemSummary(ps []rules.Finding) []string {
	var out []string
	for _, p := range ps {
		out = append(out, fmt.Sprintf("%s %s line %d: %s", p.RuleID, p.Address, p.Location.Start.Line, p.Message))
	}
	return out
}

func TestApplySourceMode(t *testing.T) {
	fs, m := sourceFindings(t)
	ds, diags := suppress.Scan(basic)
	require.Empty(t, diags)
	out, problems := suppress.Apply(fs, ds, m, today)

	assert.Equal(t, []string{
		`EMR-REL-002 aws_emr_cluster.expired: -`,
		`EMR-CL-001 aws_emr_cluster.misplaced: -`,
		`EMR-REL-002 aws_emr_cluster.noreason: -`,
		`EMR-REL-002 aws_emr_cluster.old: inline replay job pinned to 4.7`,
		`EMR-CL-001 aws_emr_cluster.unknown_id: inline typo in the id`,
		`EMR-SC-001 aws_emr_security_configuration.block: inline legacy SSE-C bucket, migrating`,
		`EMR-SC-001 aws_emr_security_configuration.json: inline test data only`,
		`EMR-SC-009 aws_emr_security_configuration.json: inline key set by the platform`,
		`EMR-SC-001 aws_emr_security_configuration.unsuppressed: -`,
		`EMR-CL-001 module.emr["dev"].aws_emr_cluster.this: inline security configuration attached by the platform team`,
		`EMR-CL-001 module.emr["prod"].aws_emr_cluster.this: inline security configuration attached by the platform team`,
	}, summary(out))
	for _, f := range fs {
		assert.Nil(t, f.Suppressed, "the input findings are not modified")
	}

	s := out[5].Suppressed
	assert.Equal(t, "2099-12-31", s.Expires)
	assert.Equal(t, "SEC-1", s.Ticket)
	assert.Equal(t, 3, s.Location.Start.Line)
	assert.Equal(t, filepath.Join(basic, "main.tf"), s.Location.Filename)

	assert.Equal(t, []string{
		`EMR-META-002 aws_emr_cluster.old line 50: tfemrcheck:ignore EMR-SC-008 matched nothing`,
		`EMR-META-001 aws_emr_cluster.expired line 59: tfemrcheck:ignore EMR-REL-002 expired on 2020-01-01 (reason: was temporary); it no longer suppresses 1 finding`,
		`EMR-META-002 aws_emr_cluster.noreason line 66: tfemrcheck:ignore EMR-REL-002 has no reason; it suppresses nothing (add reason="...")`,
		`EMR-META-002 aws_emr_cluster.unknown_id line 70: tfemrcheck:ignore names unknown rule "EMR-SC-999"`,
		`EMR-META-002  line 76: tfemrcheck:ignore EMR-CL-001: it is not on or directly above a resource block or one of its attributes; it suppresses nothing`,
	}, problemSummary(problems))
	assert.Equal(t, rules.Medium, problems[1].Severity)
	assert.Equal(t, rules.Low, problems[0].Severity)
	assert.Equal(t, rules.Fail, problems[0].Status)
	assert.Equal(t, rules.META002.Title, problems[0].Title)
}

// TestApplyPlanStyle strips the locations, as for findings from a plan
// without source: only resource-block directives can match, through the
// model's block header ranges (every instance of a module block).
func TestApplyPlanStyle(t *testing.T) {
	fs, m := sourceFindings(t)
	for i := range fs {
		fs[i].Location = nil
	}
	ds, _ := suppress.Scan(basic)
	out, problems := suppress.Apply(fs, ds, m, today)
	assert.Equal(t, []string{
		`EMR-REL-002 aws_emr_cluster.expired: -`,
		`EMR-CL-001 aws_emr_cluster.misplaced: -`,
		`EMR-REL-002 aws_emr_cluster.noreason: -`,
		`EMR-REL-002 aws_emr_cluster.old: -`,
		`EMR-CL-001 aws_emr_cluster.unknown_id: inline typo in the id`,
		`EMR-SC-001 aws_emr_security_configuration.block: inline legacy SSE-C bucket, migrating`,
		`EMR-SC-001 aws_emr_security_configuration.json: -`,
		`EMR-SC-009 aws_emr_security_configuration.json: -`,
		`EMR-SC-001 aws_emr_security_configuration.unsuppressed: -`,
		`EMR-CL-001 module.emr["dev"].aws_emr_cluster.this: inline security configuration attached by the platform team`,
		`EMR-CL-001 module.emr["prod"].aws_emr_cluster.this: inline security configuration attached by the platform team`,
	}, summary(out))
	var unused []int
	for _, p := range problems {
		if p.RuleID == "EMR-META-002" && p.Location.Start.Line < 70 {
			unused = append(unused, p.Location.Start.Line)
		}
	}
	assert.Equal(t, []int{25, 29, 50, 52, 66}, unused, "attribute directives cannot match findings without location")
}

// TestApplyByAddressOnly uses a model whose resources carry the source
// header ranges (as after merging a plan with its source) and findings
// located elsewhere: block directives still match by address.
func TestApplyByAddressOnly(t *testing.T) {
	ds, _ := suppress.Scan(basic)
	header := func(file string, line int) *model.Range {
		return &model.Range{Filename: file, Start: model.Pos{Line: line, Column: 1}, End: model.Pos{Line: line, Column: 40}}
	}
	mod := filepath.Join(basic, "modules", "emr", "main.tf")
	abs, err := filepath.Abs(mod)
	require.NoError(t, err)
	m := &model.Model{Resources: []*model.Resource{
		{Address: `module.emr["a"].aws_emr_cluster.this`, Range: header(abs, 6)}, // absolute name still matches
		{Address: `module.emr["b"].aws_emr_cluster.this`, Range: header(mod, 6)},
		{Address: `aws_emr_cluster.elsewhere`, Range: header(mod, 7)},
	}}
	elsewhere := &model.Range{Filename: "sc.json", Start: model.Pos{Line: 3, Column: 1}}
	fs := []rules.Finding{
		{RuleID: "EMR-CL-001", Address: `module.emr["a"].aws_emr_cluster.this`, Location: elsewhere},
		{RuleID: "EMR-CL-001", Address: `module.emr["b"].aws_emr_cluster.this`},
		{RuleID: "EMR-CL-001", Address: `aws_emr_cluster.elsewhere`},
		{RuleID: "EMR-LOG-001", Address: `module.emr["b"].aws_emr_cluster.this`},
	}
	out, _ := suppress.Apply(fs, ds, m, today)
	assert.NotNil(t, out[0].Suppressed)
	assert.NotNil(t, out[1].Suppressed)
	assert.Nil(t, out[2].Suppressed, "another header line")
	assert.Nil(t, out[3].Suppressed, "another rule")
}

func TestApplyNilModel(t *testing.T) {
	fs, _ := sourceFindings(t)
	ds, _ := suppress.Scan(basic)
	out, _ := suppress.Apply(fs, ds, nil, today)
	n := 0
	for _, f := range out {
		if f.Suppressed != nil {
			n++
		}
	}
	assert.Equal(t, 7, n, "with locations, the model is not needed")
}

func TestExpiryIsInclusive(t *testing.T) {
	d := suppress.Directive{Expires: "2026-06-01"}
	assert.False(t, d.Expired(today))
	assert.True(t, d.Expired(today.AddDate(0, 0, 1)))
	assert.False(t, (&suppress.Directive{}).Expired(today))
}

// A directive written in lower case suppresses the finding as the
// catalogue's spelling does.
func TestApplyLowerCaseRuleID(t *testing.T) {
	dir := t.TempDir()
	src := "# tfemrcheck:ignore emr-sc-001 reason=\"test data only\"\n" +
		"resource \"aws_emr_security_configuration\" \"sc\" {\n  name = \"x\"\n}\n"
	require.NoError(t, os.WriteFile(filepath.Join(dir, "main.tf"), []byte(src), 0o644))
	ds, diags := suppress.Scan(dir)
	require.Empty(t, diags)
	require.Len(t, ds, 1)
	f := rules.Finding{RuleID: "EMR-SC-001", Address: "aws_emr_security_configuration.sc", Status: rules.Fail,
		Location: &model.Range{Filename: filepath.Join(dir, "main.tf"), Start: model.Pos{Line: 3, Column: 3}}}
	out, problems := suppress.Apply([]rules.Finding{f}, ds, nil, today)
	require.NotNil(t, out[0].Suppressed)
	assert.Equal(t, "test data only", out[0].Suppressed.Reason)
	assert.Empty(t, problems)
}
