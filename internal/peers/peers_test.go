package peers

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/stretchr/testify/require"

	"github.com/tfemrcheck/tfemrcheck/pkg/check"
	"github.com/tfemrcheck/tfemrcheck/pkg/hclconfig"
	"github.com/tfemrcheck/tfemrcheck/pkg/rules"
)

// corpusDir is the repository's copy of the peer corpus (testdata/peers,
// with its MANIFEST.md and the peers' licences); .ci/run checks that it
// still equals shared/corpus/peers where that folder is beside the clone.
var corpusDir = filepath.Join("..", "..", "testdata", "peers")

// corpusPrefix is the part of an expectation's file path before the path
// the tables use.
const corpusPrefix = "corpus/peers/"

// entry is one element of expectations.json.
type entry struct {
	File       string `json:"file"`
	Peer       string `json:"peer"`
	Rule       string `json:"rule"`
	Expect     string `json:"expect"`
	Format     string `json:"format"`
	Resource   string `json:"resource,omitempty"`
	Findings   *int   `json:"findings,omitempty"`
	Lines      []int  `json:"lines,omitempty"`
	PeerResult string `json:"peer_result,omitempty"`
	Note       string `json:"note,omitempty"`
}

// path is the fixture's path under corpus/peers.
func (e entry) path() string { return strings.TrimPrefix(e.File, corpusPrefix) }

// key identifies the entry in the tables.
func (e entry) key() string {
	if e.Resource == "" {
		return e.path()
	}
	return e.path() + "#" + e.Resource
}

// Verdicts of the comparison.
const (
	agree      = "agree"
	unverified = "agree (unverified)"
	disagree   = "disagree"
	knownBug   = "known bug"
)

// result is the comparison of one entry.
type result struct {
	Entry entry
	// Status is tfemrcheck's outcome for the concern on the resource:
	// "fail", "indeterminate", "unverified" (security-configuration content
	// not verifiable) or "pass".
	Status string
	// Mapped are the ids (with status) of mapped-rule findings on the
	// resource; Others are the other failing rule ids on it.
	Mapped, Others []string
	// Match says whether tfemrcheck meets the peer's expectation; Why
	// says how it does not.
	Match bool
	Why   string
	// Verdict is one of agree, unverified, disagree, knownBug.
	Verdict string
	// Reason is the table text for the verdict (may be empty for agree).
	Reason string
}

// loadEntries reads expectations.json strictly.
func loadEntries(t *testing.T) []entry {
	t.Helper()
	p := filepath.Join(corpusDir, "expectations.json")
	b, err := os.ReadFile(p)
	require.NoError(t, err, "reading the peer corpus")
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	var es []entry
	require.NoError(t, dec.Decode(&es), "decoding %s", p)
	require.NotEmpty(t, es)
	return es
}

// fixture is one loaded and checked Terraform file.
type fixture struct {
	diags    hcl.Diagnostics
	findings []rules.Finding
}

// run loads a fixture alone in a temporary directory and checks it.
func run(t *testing.T, rel string) fixture {
	t.Helper()
	src, err := os.ReadFile(filepath.Join(corpusDir, filepath.FromSlash(strings.TrimPrefix(rel, corpusPrefix))))
	require.NoError(t, err)
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "main.tf"), src, 0o644))
	m, diags := hclconfig.Load(dir, hclconfig.Options{})
	require.NotNil(t, m)
	fs, err := check.Run(m, check.Options{})
	require.NoError(t, err, "running the rules on %s", rel)
	return fixture{diags: diags, findings: fs}
}

// about says whether finding f concerns the resource addr: it is on it,
// names it as related, or names it in its message (rules about a
// security group name the cluster there).
func about(f rules.Finding, addr string) bool {
	if addr == "" || f.Address == addr {
		return true
	}
	for _, r := range f.Related {
		if r.Address == addr {
			return true
		}
	}
	return mentions(f.Message, addr)
}

// mentions reports whether addr occurs in s as a whole address.
func mentions(s, addr string) bool {
	for i := 0; ; {
		j := strings.Index(s[i:], addr)
		if j < 0 {
			return false
		}
		end := i + j + len(addr)
		if end == len(s) || !addressChar(s[end]) {
			return true
		}
		i = end
	}
}

func addressChar(c byte) bool {
	return c == '_' || c == '-' || c == '.' || c == '[' ||
		('a' <= c && c <= 'z') || ('A' <= c && c <= 'Z') || ('0' <= c && c <= '9')
}

// compare evaluates one entry against the findings of its fixture.
func compare(e entry, c concern, fs []rules.Finding) result {
	r := result{Entry: e, Status: "pass"}
	mapped := map[string]bool{}
	for _, id := range c.Rules {
		mapped[id] = true
	}
	var fail, indet, cl002 bool
	lineOK := len(e.Lines) == 0
	seenMapped, seenOther := map[string]bool{}, map[string]bool{}
	for _, f := range fs {
		if !about(f, e.Resource) {
			continue
		}
		switch {
		case mapped[f.RuleID]:
			s := f.RuleID + " " + string(f.Status)
			if !seenMapped[s] {
				seenMapped[s] = true
				r.Mapped = append(r.Mapped, s)
			}
			if f.Status == rules.Fail {
				fail = true
			} else {
				indet = true
			}
			if f.Location != nil {
				for _, l := range e.Lines {
					lineOK = lineOK || f.Location.Start.Line == l
				}
			}
		case f.RuleID == "EMR-CL-002" && f.Status == rules.Indeterminate:
			cl002 = true
		case f.Status == rules.Fail && (e.Resource == "" || f.Address == e.Resource) && !seenOther[f.RuleID]:
			seenOther[f.RuleID] = true
			r.Others = append(r.Others, f.RuleID)
		}
	}
	sort.Strings(r.Mapped)
	sort.Strings(r.Others)
	switch {
	case fail:
		r.Status = "fail"
	case indet:
		r.Status = "indeterminate"
	case c.Content && cl002:
		r.Status = "unverified"
	}
	switch e.Expect {
	case "fail":
		r.Match = r.Status == "fail" || r.Status == "indeterminate"
		if !r.Match {
			r.Why = fmt.Sprintf("peer expects a failure, tfemrcheck reports none of %s (%s)", strings.Join(c.Rules, ", "), r.Status)
		} else if !lineOK {
			r.Match = false
			r.Why = fmt.Sprintf("peer expects the failure on line(s) %v, tfemrcheck reports it elsewhere", e.Lines)
		}
	case "pass":
		r.Match = r.Status != "fail"
		if !r.Match {
			r.Why = "peer expects a pass, tfemrcheck reports " + strings.Join(r.Mapped, ", ")
		}
	default:
		r.Why = fmt.Sprintf("unknown expectation %q", e.Expect)
	}
	return r
}

// compareAll runs every Terraform entry of the corpus; it fails the test
// on unexplained diagnostics and returns the results in corpus order and
// the number of entries of other formats.
func compareAll(t *testing.T) (results []result, otherFormats int) {
	t.Helper()
	fixtures := map[string]fixture{}
	for _, e := range loadEntries(t) {
		if e.Format != "hcl" {
			otherFormats++
			continue
		}
		fx, ok := fixtures[e.File]
		if !ok {
			fx = run(t, e.File)
			fixtures[e.File] = fx
			checkDiags(t, e.path(), fx.diags)
		}
		c, ok := concerns[e.Rule]
		if !ok {
			t.Errorf("%s: peer rule %s has no entry in concerns", e.key(), e.Rule)
			continue
		}
		if e.Resource != "" && !hasResource(fx.findings, e.Resource) && e.Expect == "fail" {
			t.Logf("%s: tfemrcheck reports nothing at all on %s", e.key(), e.Resource)
		}
		r := compare(e, c, fx.findings)
		classify(&r)
		results = append(results, r)
	}
	for p := range explainedDiags {
		if _, ok := fixtures[corpusPrefix+p]; !ok {
			t.Errorf("explainedDiags names %s, which is not a Terraform fixture of the corpus", p)
		}
	}
	return results, otherFormats
}

func hasResource(fs []rules.Finding, addr string) bool {
	for _, f := range fs {
		if about(f, addr) {
			return true
		}
	}
	return false
}

// classify sets the verdict from the match and the tables.
func classify(r *result) {
	k := r.Entry.key()
	dis, isDis := disagreements[k]
	bug, isBug := knownBugs[k]
	switch {
	case r.Match && r.Status == "unverified":
		r.Verdict, r.Reason = unverified, notes[k]
	case r.Match:
		r.Verdict, r.Reason = agree, notes[k]
	case isBug:
		r.Verdict, r.Reason = knownBug, bug
	case isDis:
		r.Verdict, r.Reason = disagree, dis
	}
}

// checkDiags fails on error diagnostics that explainedDiags does not
// explain, and on explanations that no longer apply.
func checkDiags(t *testing.T, path string, diags hcl.Diagnostics) {
	t.Helper()
	exp, explained := explainedDiags[path]
	want := map[int]bool{}
	for _, l := range exp.Lines {
		want[l] = false
	}
	for _, d := range diags {
		if d.Severity != hcl.DiagError {
			continue
		}
		line := 0
		if d.Subject != nil {
			line = d.Subject.Start.Line
		}
		if _, ok := want[line]; !ok {
			t.Errorf("%s: unexplained error diagnostic on line %d: %s: %s", path, line, d.Summary, d.Detail)
			continue
		}
		want[line] = true
	}
	if !explained {
		return
	}
	for _, l := range exp.Lines {
		if !want[l] {
			t.Errorf("%s: explainedDiags expects an error diagnostic on line %d and there is none; update the table", path, l)
		}
	}
}

func TestPeerCorpus(t *testing.T) {
	results, other := compareAll(t)
	require.NotEmpty(t, results)
	counts := map[string]int{}
	for _, r := range results {
		k := r.Entry.key()
		_, isDis := disagreements[k]
		_, isBug := knownBugs[k]
		switch {
		case r.Match && isDis:
			t.Errorf("%s: listed in disagreements, but tfemrcheck now agrees with %s (%s): remove the entry", k, r.Entry.Peer, r.Status)
		case r.Match && isBug:
			t.Errorf("%s: listed in knownBugs, but tfemrcheck now agrees with %s (%s): the bug looks fixed, remove the entry", k, r.Entry.Peer, r.Status)
		case isDis && isBug:
			t.Errorf("%s: listed both in disagreements and in knownBugs", k)
		case !r.Match && r.Verdict == "":
			t.Errorf("%s (%s %s, expects %s): %s; tfemrcheck findings of the concern: %v, other failures: %v.\n"+
				"Fix tfemrcheck, or list the entry in disagreements (peer wrong) or knownBugs (tfemrcheck wrong) with the reason.",
				k, r.Entry.Peer, r.Entry.Rule, r.Entry.Expect, r.Why, r.Mapped, r.Others)
		}
		counts[r.Verdict]++
	}
	keys := map[string]bool{}
	for _, r := range results {
		keys[r.Entry.key()] = true
	}
	for _, tbl := range []map[string]string{disagreements, knownBugs, notes} {
		for k := range tbl {
			if !keys[k] {
				t.Errorf("table entry %q matches no Terraform entry of expectations.json", k)
			}
		}
	}
	t.Logf("%d Terraform entries: %d agree, %d agree (unverified), %d deliberate disagreements, %d known bugs; %d CloudFormation entries out of scope",
		len(results), counts[agree], counts[unverified], counts[disagree], counts[knownBug], other)
}

// The comparison itself: a peer failure is matched by a mapped finding,
// attributed through related resources and messages, and a pass is broken
// only by a failing mapped finding.
func TestCompare(t *testing.T) {
	c := concern{Rules: []string{"EMR-SC-007"}, Content: true}
	sc := "aws_emr_security_configuration.s"
	cl := "aws_emr_cluster.c"
	fail := rules.Finding{RuleID: "EMR-SC-007", Status: rules.Fail, Address: sc, Related: []rules.Related{{Address: cl}}}
	indet := rules.Finding{RuleID: "EMR-SC-007", Status: rules.Indeterminate, Address: sc}
	cl002 := rules.Finding{RuleID: "EMR-CL-002", Status: rules.Indeterminate, Address: sc, Related: []rules.Related{{Address: cl}}}
	other := rules.Finding{RuleID: "EMR-SC-005", Status: rules.Fail, Address: sc}
	sg := rules.Finding{RuleID: "EMR-SC-007", Status: rules.Fail, Address: "aws_security_group.g", Message: "group (of cluster " + cl + ") allows"}

	tests := []struct {
		name       string
		expect     string
		resource   string
		fs         []rules.Finding
		wantStatus string
		wantMatch  bool
	}{
		{"fail on resource", "fail", sc, []rules.Finding{fail}, "fail", true},
		{"fail via related cluster", "fail", cl, []rules.Finding{fail}, "fail", true},
		{"fail via message", "fail", cl, []rules.Finding{sg}, "fail", true},
		{"message prefix is not the address", "fail", "aws_emr_cluster.", []rules.Finding{sg}, "pass", false},
		{"indeterminate counts for fail", "fail", sc, []rules.Finding{indet}, "indeterminate", true},
		{"other rule does not count", "fail", sc, []rules.Finding{other}, "pass", false},
		{"content unknown is not a failure", "fail", cl, []rules.Finding{cl002}, "unverified", false},
		{"pass broken by failure", "pass", sc, []rules.Finding{fail, other}, "fail", false},
		{"pass kept with other rule", "pass", sc, []rules.Finding{other}, "pass", true},
		{"pass with indeterminate", "pass", sc, []rules.Finding{indet}, "indeterminate", true},
		{"pass unverified", "pass", cl, []rules.Finding{cl002}, "unverified", true},
		{"other resource ignored", "pass", "aws_emr_security_configuration.t", []rules.Finding{fail}, "pass", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := compare(entry{Expect: tt.expect, Resource: tt.resource}, c, tt.fs)
			require.Equal(t, tt.wantStatus, r.Status)
			require.Equal(t, tt.wantMatch, r.Match, r.Why)
		})
	}
	r := compare(entry{Expect: "fail", Resource: sc}, c, []rules.Finding{fail, other})
	require.Equal(t, []string{"EMR-SC-007 fail"}, r.Mapped)
	require.Equal(t, []string{"EMR-SC-005"}, r.Others)

	withLine := fail
	withLine.Location = nil
	r = compare(entry{Expect: "fail", Resource: sc, Lines: []int{3}}, c, []rules.Finding{withLine})
	require.False(t, r.Match, "a failure without the peer's line does not match")
}

// Every table entry refers to a known peer rule's tfemrcheck rules, and
// those rules exist in the catalogue.
func TestConcernRulesExist(t *testing.T) {
	ids := map[string]bool{}
	for _, r := range rules.Catalogue() {
		ids[r.ID] = true
	}
	for peer, c := range concerns {
		require.NotEmpty(t, c.Rules, peer)
		require.NotEmpty(t, c.Peer, peer)
		for _, id := range c.Rules {
			require.True(t, ids[id], "%s maps to %s, which is not in the catalogue", peer, id)
		}
	}
}
