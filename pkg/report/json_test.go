package report

import (
	"bytes"
	"encoding/json"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/tfemrcheck/tfemrcheck/pkg/model"
	"github.com/tfemrcheck/tfemrcheck/pkg/rules"
)

// awkward strings exercise every escape of encoding/json.
var awkward = []string{
	"", "plain", `quote " and \ backslash`, "tab\tnew\nline\rcr", "\b\f\x00\x01\x1f\x7f",
	"<html> & 'amp'", "unicode é ü 日本 🙂", "line sep \u2028 para \u2029", "bad \xff utf8 \xc3",
	"truncated \xe6\x97", "module.emr[\"env00000\"].aws_emr_cluster.this",
}

func randString(rng *rand.Rand) string {
	if rng.IntN(3) == 0 {
		return awkward[rng.IntN(len(awkward))]
	}
	var b strings.Builder
	for range rng.IntN(12) {
		switch rng.IntN(4) {
		case 0:
			b.WriteByte(byte(rng.IntN(256)))
		case 1:
			b.WriteRune(rune(rng.IntN(0x3000)))
		default:
			b.WriteByte(byte('a' + rng.IntN(26)))
		}
	}
	return b.String()
}

func randRange(rng *rand.Rand) *model.Range {
	if rng.IntN(2) == 0 {
		return nil
	}
	return &model.Range{Filename: randString(rng), Start: model.Pos{Line: rng.IntN(1000), Column: rng.IntN(80)}}
}

func randReport(rng *rand.Rand) *Report {
	r := &Report{ToolName: randString(rng), ToolVersion: randString(rng), Strict: rng.IntN(2) == 0}
	statuses := []rules.Status{rules.Fail, rules.Indeterminate}
	for range rng.IntN(6) {
		f := rules.Finding{
			RuleID: randString(rng), Title: randString(rng), Severity: rules.Severity(rng.IntN(5)),
			Status: statuses[rng.IntN(2)], Address: randString(rng), Message: randString(rng),
			Remediation: randString(rng), Location: randRange(rng),
		}
		for range rng.IntN(3) {
			f.Related = append(f.Related, rules.Related{Address: randString(rng), Message: randString(rng), Location: randRange(rng)})
		}
		if rng.IntN(3) == 0 {
			f.Suppressed = &rules.Suppression{Kind: randString(rng), Reason: randString(rng), Location: randRange(rng)}
			if rng.IntN(2) == 0 {
				f.Suppressed.Expires = randString(rng)
			}
			if rng.IntN(2) == 0 {
				f.Suppressed.Ticket = randString(rng)
			}
		}
		r.Findings = append(r.Findings, f)
	}
	for range rng.IntN(3) {
		r.Errors = append(r.Errors, InputError{File: randString(rng), Message: randString(rng)})
	}
	for range rng.IntN(3) {
		r.Notes = append(r.Notes, model.Note{Address: randString(rng), Message: randString(rng), Range: randRange(rng)})
	}
	if rng.IntN(2) == 0 {
		r.Policy = randPolicy(rng)
	}
	return r
}

// JSON writes the same bytes as the encoding/json implementation it
// replaced, on the fixture, the empty report and random reports full of
// characters that need escaping.
func TestJSONMatchesEncodingJSON(t *testing.T) {
	reports := []*Report{fixtureReport(), {ToolName: "tfemrcheck", ToolVersion: "dev"}}
	rng := rand.New(rand.NewPCG(1, 2))
	for range 2000 {
		reports = append(reports, randReport(rng))
	}
	for i, r := range reports {
		var got, want bytes.Buffer
		require.NoError(t, JSON(&got, r))
		require.NoError(t, jsonReflect(&want, r))
		require.Equal(t, want.String(), got.String(), "report %d", i)
	}
}

// A large report is written in pieces, identical to the reference.
func TestJSONLargeReport(t *testing.T) {
	r := &Report{ToolName: "tfemrcheck", ToolVersion: "dev"}
	for i := range 5000 {
		r.Findings = append(r.Findings, rules.Finding{RuleID: "EMR-X", Address: strings.Repeat("a", i%300), Status: rules.Fail})
	}
	var got, want bytes.Buffer
	require.NoError(t, JSON(&got, r))
	require.NoError(t, jsonReflect(&want, r))
	require.Equal(t, want.Len(), got.Len())
	require.True(t, bytes.Equal(want.Bytes(), got.Bytes()))
}

// BenchmarkJSON writes a report of 6,000 findings.
func BenchmarkJSON(b *testing.B) {
	r := &Report{ToolName: "tfemrcheck", ToolVersion: "dev"}
	base := fixtureReport().Findings
	for i := range 6000 {
		r.Findings = append(r.Findings, base[i%len(base)])
	}
	var buf bytes.Buffer
	b.ReportAllocs()
	for b.Loop() {
		buf.Reset()
		if err := JSON(&buf, r); err != nil {
			b.Fatal(err)
		}
	}
}

// TestJSONStringsAsEncodingJSON: appendJSONString writes what
// encoding/json (without HTML escaping) writes, on long strings whose
// plain runs (copied eight bytes at a time) are cut by every byte that
// is not plain, at every offset.
func TestJSONStringsAsEncodingJSON(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 10))
	special := []string{"\x00", "\x1f", "\"", "\\", "\x7f", "\x80", "\xff", "é", "\u2028", "\u2029", "<", ">", "&", "\n", "\t"}
	for range 5000 {
		var b strings.Builder
		for range rng.IntN(100) {
			if rng.IntN(8) == 0 {
				b.WriteString(special[rng.IntN(len(special))])
			} else {
				b.WriteByte(byte(0x20 + rng.IntN(0x5f)))
			}
		}
		s := b.String()
		var want bytes.Buffer
		enc := json.NewEncoder(&want)
		enc.SetEscapeHTML(false)
		require.NoError(t, enc.Encode(s))
		require.Equal(t, strings.TrimSuffix(want.String(), "\n"), string(appendJSONString(nil, s)), "%q", s)
	}
}
