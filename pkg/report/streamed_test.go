package report

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/tfemrcheck/tfemrcheck/pkg/check"
	"github.com/tfemrcheck/tfemrcheck/pkg/model"
	"github.com/tfemrcheck/tfemrcheck/pkg/rules"
)

// The SARIF and JUnit writers stream their documents; these tests hold
// them to the bytes of the implementations they replaced (sarifref_test.go,
// junitref_test.go) on the fixture, the empty report and many random
// reports whose findings, evaluated pairs, roots and inputs overlap the
// way a real run's do, with text that needs escaping.

// pick returns one of a few values, so that random findings and
// evaluations share rules, addresses, origins, roots and inputs.
func pick(rng *rand.Rand, vals ...string) string { return vals[rng.IntN(len(vals))] }

func randRuleID(rng *rand.Rand) string {
	if rng.IntN(8) == 0 {
		return randString(rng)
	}
	return pick(rng, "EMR-SC-001", "EMR-SC-003", "EMR-CL-001", "EMR-REL-001", "EMR-X")
}

func randAddress(rng *rand.Rand) string {
	if rng.IntN(8) == 0 {
		return randString(rng)
	}
	return pick(rng, "", "aws_emr_cluster.a", "aws_emr_cluster.b", "aws_emr_security_configuration.s", `module.m["x"].aws_emr_cluster.c`)
}

func randOrigin(rng *rand.Rand) string {
	if rng.IntN(8) == 0 {
		return randString(rng)
	}
	return pick(rng, "", "plan.json", "other.json", "infra", "sc.json", "dir/...")
}

// randInput is a finding's input: none, a file, standard input, a DIR/...
func randInput(rng *rand.Rand) string {
	return pick(rng, "", "", "plan.json", "-", "envs/...", "infra")
}

func randRoot(rng *rand.Rand) string { return pick(rng, "", "", "", "prod", "dev") }

// randPairReport is randReport with findings and evaluations that refer
// to each other, roots and inputs, and a coverage.
func randPairReport(rng *rand.Rand) *Report {
	r := randReport(rng)
	for range rng.IntN(8) {
		f := rules.Finding{
			RuleID: randRuleID(rng), Title: randString(rng), Severity: rules.Severity(rng.IntN(5)),
			Status: []rules.Status{rules.Fail, rules.Indeterminate}[rng.IntN(2)], Address: randAddress(rng),
			Message: randString(rng), Remediation: randString(rng), Root: randRoot(rng), Input: randInput(rng),
		}
		if rng.IntN(2) == 0 {
			f.Location = &model.Range{Filename: randOrigin(rng), Start: model.Pos{Line: rng.IntN(3), Column: rng.IntN(3)},
				End: model.Pos{Line: rng.IntN(4), Column: rng.IntN(4)}}
		}
		for range rng.IntN(3) {
			f.Related = append(f.Related, rules.Related{Address: randAddress(rng), Message: randString(rng), Location: randRange(rng)})
		}
		if rng.IntN(4) == 0 {
			f.Message = pick(rng, "\uFFFE \uFFFF", "\xed\xa0\x80 surrogate", "\U0010FFFF 🙂", "cr\r\nlf")
		}
		if rng.IntN(4) == 0 {
			f.Suppressed = &rules.Suppression{Kind: pick(rng, "inline", "policy"), Reason: randString(rng), Location: randRange(rng),
				Expires: pick(rng, "", "2030-01-01"), Ticket: pick(rng, "", "SEC-1")}
		}
		r.Findings = append(r.Findings, f)
	}
	// A finding may repeat another (same rule, address and origin): the
	// fingerprints number repeats.
	if n := len(r.Findings); n > 0 && rng.IntN(3) == 0 {
		r.Findings = append(r.Findings, r.Findings[rng.IntN(n)])
	}
	for i := range r.Errors {
		r.Errors[i].Root, r.Errors[i].Input = randRoot(rng), pick(rng, "", r.Errors[i].File, "plan.json")
	}
	if rng.IntN(3) == 0 {
		for range rng.IntN(12) {
			r.Evaluated = append(r.Evaluated, check.Evaluation{RuleID: randRuleID(rng), Address: randAddress(rng),
				Origin: randOrigin(rng), Root: randRoot(rng), Input: randInput(rng)})
		}
	}
	for range rng.IntN(4) {
		p := check.PairsOf(randPairsModel(rng))
		if n := len(r.Pairs); n > 0 && rng.IntN(3) == 0 {
			// A second view of the same input (both engines' views).
			prev := r.Pairs[n-1]
			p = p.Except(prev)
			p.Root, p.Input = prev.Root, prev.Input
		} else {
			p.Root, p.Input = randRoot(rng), randInput(rng)
		}
		r.Pairs = append(r.Pairs, p)
	}
	if rng.IntN(2) == 0 {
		r.Checked = &Coverage{Clusters: rng.IntN(3), ModulesEvaluated: rng.IntN(2)}
		if rng.IntN(2) == 0 {
			r.Checked.ModulesNotEvaluated = []ModuleGap{{Address: randString(rng), Source: randString(rng), Reason: randString(rng)}}
		}
	}
	return r
}

// randPairsModel is a model of resources at the addresses findings use,
// and rules that target them.
func randPairsModel(rng *rand.Rand) (*model.Model, []*rules.Rule) {
	types := []string{model.TypeCluster, model.TypeSecurityConfiguration, model.TypeStudio}
	m := &model.Model{}
	for range rng.IntN(10) {
		m.Resources = append(m.Resources, &model.Resource{Type: types[rng.IntN(len(types))], Address: randAddress(rng), Origin: randOrigin(rng)})
	}
	for range rng.IntN(3) {
		m.SecurityConfigs = append(m.SecurityConfigs, &model.SecurityConfig{Resource: &model.Resource{
			Type: model.TypeSecurityConfiguration, Origin: randOrigin(rng)}})
	}
	var rs []*rules.Rule
	for range rng.IntN(5) {
		rs = append(rs, &rules.Rule{ID: randRuleID(rng), Targets: []string{types[rng.IntN(len(types))]}})
	}
	return m, rs
}

func streamedReports() []*Report {
	reports := []*Report{fixtureReport(), {ToolName: "tfemrcheck", ToolVersion: "dev"}, {}}
	rng := rand.New(rand.NewPCG(22, 1))
	for range 3000 {
		reports = append(reports, randPairReport(rng))
	}
	return reports
}

func TestSARIFMatchesEncodingJSON(t *testing.T) {
	optss := []SARIFOptions{
		{BaseDir: "/repo", WorkDir: "/repo", Rules: fixtureRules()},
		{BaseDir: "/elsewhere", WorkDir: "/repo"},
		{BaseDir: "sub", WorkDir: "/repo", Rules: []*rules.Rule{}},
	}
	for i, r := range streamedReports() {
		opts := optss[i%len(optss)]
		var got, want bytes.Buffer
		require.NoError(t, SARIF(&got, r, opts))
		require.NoError(t, sarifReflect(&want, r, opts))
		require.Equal(t, want.String(), got.String(), "report %d", i)
	}
}

func TestJUnitMatchesEncodingXML(t *testing.T) {
	for i, r := range streamedReports() {
		var want bytes.Buffer
		require.NoError(t, junitReflect(&want, r))
		for _, exact := range []bool{false, true} {
			var got bytes.Buffer
			require.NoError(t, writeJUnit(&got, r, exact))
			require.Equal(t, want.String(), got.String(), "report %d (exact %v)", i, exact)
		}
	}
}

// appendXMLText escapes as encoding/xml does, on every kind of byte and
// rune: markup, controls, invalid UTF-8, surrogates, U+FFFE, U+FFFF, runes
// beyond the BMP.
func TestXMLTextMatchesEncodingXML(t *testing.T) {
	rng := rand.New(rand.NewPCG(22, 4))
	special := []string{"module.env[\"e0001\"].aws_emr_cluster.this", "plain ascii text of more than eight bytes", "abcdefgh", "\uFFFE", "\uFFFF", "\uFFFD", "\xed\xa0\x80", "\U0010FFFF", "🙂", "\u2028", "&<>\"'", "\t\n\r", "\x00\x1f\x7f", "\xc3", "é"}
	for i := range 20000 {
		var b strings.Builder
		for range rng.IntN(10) {
			switch rng.IntN(3) {
			case 0:
				b.WriteByte(byte(rng.IntN(256)))
			case 1:
				b.WriteString(special[rng.IntN(len(special))])
			default:
				b.WriteRune(rune(rng.IntN(0x110000)))
			}
		}
		s := b.String()
		var want bytes.Buffer
		require.NoError(t, xml.EscapeText(&want, []byte(s)))
		require.Equal(t, want.String(), string(appendXMLText(nil, s)), "string %d %q", i, s)
	}
}

// benchReport is a dense plan's report: 2,000 clusters and their security
// configurations checked by the catalogue, with the findings of the
// fixture repeated over them.
func benchReport() *Report {
	m := &model.Model{}
	for i := range 2000 {
		m.Resources = append(m.Resources,
			&model.Resource{Type: model.TypeCluster, Address: fmt.Sprintf(`module.env["e%04d"].aws_emr_cluster.this`, i), Origin: "plan.json"},
			&model.Resource{Type: model.TypeSecurityConfiguration, Address: fmt.Sprintf(`module.env["e%04d"].aws_emr_security_configuration.this`, i), Origin: "plan.json"})
	}
	r := &Report{ToolName: "tfemrcheck", ToolVersion: "dev", Pairs: []*check.Pairs{check.PairsOf(m, nil)}}
	base := fixtureReport().Findings
	for i := range 6000 {
		f := base[i%len(base)]
		f.Address = m.Resources[i%len(m.Resources)].Address
		f.Location = nil
		r.Findings = append(r.Findings, f)
	}
	check.Sort(r.Findings)
	return r
}

func BenchmarkSARIF(b *testing.B) {
	r := benchReport()
	var buf bytes.Buffer
	b.ReportAllocs()
	for b.Loop() {
		buf.Reset()
		if err := SARIF(&buf, r, SARIFOptions{WorkDir: "/repo"}); err != nil {
			b.Fatal(err)
		}
	}
	b.SetBytes(int64(buf.Len()))
}

func BenchmarkJUnit(b *testing.B) {
	r := benchReport()
	var buf bytes.Buffer
	b.ReportAllocs()
	for b.Loop() {
		buf.Reset()
		if err := JUnit(&buf, r); err != nil {
			b.Fatal(err)
		}
	}
	b.SetBytes(int64(buf.Len()))
}
