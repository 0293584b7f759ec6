package tfconsole

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"testing"
)

// What terraform 1.11.4 printed, `terraform console -plan -no-color` in
// testdata/functions/console, for each expression alone (stdout, or stderr
// when it failed) and for them in one batch tuple with the sentinels S0,
// S1, ….

var aloneValues = []struct{ expr, out string }{
	{`"a\nb"`, "<<EOT\na\nb\nEOT"},
	{`{a="x\n\ny", b=[1,[2]]}`, `{
  "a" = <<-EOT
  x
  
  y
  EOT
  "b" = [
    1,
    [
      2,
    ],
  ]
}`},
	{`[["EOT\n"]]`, `[
  [
    <<-EOT_
    EOT
    
    EOT_,
  ],
]`},
	{`tolist(["a"])`, "tolist([\n  \"a\",\n])"},
	{`local.slist`, "(sensitive value)"},
	{`local.umap`, "tomap({\n  \"a\" = (known after apply)\n})"},
	{`toset([])`, "toset([])"},
	{`tolist(null)`, "tolist(null) /* of dynamic */"},
	{`null`, "null"},
	{`"  S,"`, `"  S,"`},
	{`"EOT\nx"`, "<<EOT_\nEOT\nx\nEOT_"},
	{`"a\n"`, "<<EOT\na\n\nEOT"},
}

const batchValues = `[
  <<-EOT
  a
  b
  EOT,
  "S0",
  {
    "a" = <<-EOT
    x
    
    y
    EOT
    "b" = [
      1,
      [
        2,
      ],
    ]
  },
  "S1",
  [
    [
      <<-EOT_
      EOT
      
      EOT_,
    ],
  ],
  "S2",
  tolist([
    "a",
  ]),
  "S3",
  (sensitive value),
  "S4",
  tomap({
    "a" = (known after apply)
  }),
  "S5",
  toset([]),
  "S6",
  tolist(null) /* of dynamic */,
  "S7",
  null,
  "S8",
  "  S,",
  "S9",
  <<-EOT_
  EOT
  x
  EOT_,
  "S10",
  <<-EOT
  a
  
  EOT,
  "S11",
]`

func sentinelNames(n int) []string {
	s := make([]string, n)
	for i := range s {
		s[i] = "S" + strconv.Itoa(i)
	}
	return s
}

func TestSplitTupleGivesTopLevelTexts(t *testing.T) {
	parts, ok := splitTuple(batchValues, sentinelNames(len(aloneValues)))
	if !ok {
		t.Fatal("the batch output does not split")
	}
	for i, want := range aloneValues {
		if parts[i] != want.out {
			t.Errorf("%s: batch gives\n%s\nalone it prints\n%s", want.expr, parts[i], want.out)
		}
	}
}

func TestSplitTupleRefusesWhatIsNotOneElementASentinel(t *testing.T) {
	two := "[\n  1,\n  \"S0\",\n  2,\n  \"S1\",\n]"
	if parts, ok := splitTuple(two, sentinelNames(2)); !ok || strings.Join(parts, "|") != "1|2" {
		t.Fatalf("splitTuple(%q) = %q, %v", two, parts, ok)
	}
	for name, out := range map[string]string{
		"a sentinel missing":          "[\n  1,\n  \"S0\",\n  2,\n]",
		"sentinels out of order":      "[\n  1,\n  \"S1\",\n  2,\n  \"S0\",\n]",
		"an element missing":          "[\n  \"S0\",\n  2,\n  \"S1\",\n]",
		"a line after the last":       "[\n  1,\n  \"S0\",\n  2,\n  \"S1\",\n  3,\n]",
		"not a tuple":                 "(sensitive value)",
		"an empty tuple":              "[]",
		"an element not indented":     "[\n  [\n1,\n  ],\n  \"S0\",\n  2,\n  \"S1\",\n]",
		"an element without a comma":  "[\n  1\n  \"S0\",\n  2,\n  \"S1\",\n]",
		"a sentinel indented further": "[\n  [\n    \"S0\",\n  ],\n  2,\n  \"S1\",\n]",
	} {
		if parts, ok := splitTuple(out, sentinelNames(2)); ok {
			t.Errorf("%s: splitTuple(%q) = %q, want a refusal", name, out, parts)
		}
	}
}

// What terraform printed for [upper([]), lower({})], upper(1) and abs("x")
// alone, and for them in one failing batch.
var aloneFailures = []struct{ expr, out string }{
	{`[upper([]), lower({})]`, `
Error: Invalid function argument

  on <console-input> line 1:
  (source code not available)

Invalid value for "str" parameter: string required.


Error: Invalid function argument

  on <console-input> line 1:
  (source code not available)

Invalid value for "str" parameter: string required.

`},
	{`upper(1)`, ""}, // it succeeds: "1"
	{`abs("x")`, `
Error: Invalid function argument

  on <console-input> line 1:
  (source code not available)

Invalid value for "num" parameter: a number is required.

`},
}

const batchFailures = `
Error: Invalid function argument

  on <console-input> line 1:
  (source code not available)

Invalid value for "str" parameter: string required.


Error: Invalid function argument

  on <console-input> line 1:
  (source code not available)

Invalid value for "str" parameter: string required.


Error: Invalid function argument

  on <console-input> line 1:
  (source code not available)

Invalid value for "v" parameter: cannot convert "S0" to number; given string
must be a decimal representation of a number.


Error: Invalid function argument

  on <console-input> line 1:
  (source code not available)

Invalid value for "v" parameter: cannot convert "S1" to number; given string
must be a decimal representation of a number.


Error: Invalid function argument

  on <console-input> line 1:
  (source code not available)

Invalid value for "num" parameter: a number is required.


Error: Invalid function argument

  on <console-input> line 1:
  (source code not available)

Invalid value for "v" parameter: cannot convert "S2" to number; given string
must be a decimal representation of a number.

`

func TestSplitDiagnosticsGivesEachElementsDiagnostics(t *testing.T) {
	parts, ok := splitDiagnostics(batchFailures, sentinelNames(3))
	if !ok {
		t.Fatal("the batch output does not split")
	}
	for i, want := range aloneFailures {
		got, gotOK := parseDiagnostic(parts[i])
		alone, aloneOK := parseDiagnostic(want.out)
		if got != alone || gotOK != aloneOK {
			t.Errorf("%s: batch gives %+v (%v), alone %+v (%v)", want.expr, got, gotOK, alone, aloneOK)
		}
	}
	if d, _ := parseDiagnostic(parts[0]); d.Detail != `Invalid value for "str" parameter: string required.` {
		t.Errorf("first part: %+v", d)
	}
}

func TestSplitDiagnosticsRefusesMissingOrExtraMarkers(t *testing.T) {
	marker := func(s string) string {
		return "\nError: Invalid function argument\n\nInvalid value for \"v\" parameter: cannot convert \"" + s + "\" to number.\n\n"
	}
	e := "\nError: Boom\n\nit failed\n\n"
	for name, out := range map[string]string{
		"a marker missing":           e + marker("S0") + e,
		"markers out of order":       e + marker("S1") + e + marker("S0"),
		"an error after the last":    e + marker("S0") + e + marker("S1") + e,
		"a sentinel outside a block": "S0 \"S0\"" + e + marker("S1"),
	} {
		if parts, ok := splitDiagnostics(out, sentinelNames(2)); ok {
			t.Errorf("%s: splitDiagnostics = %q, want a refusal", name, parts)
		}
	}
	parts, ok := splitDiagnostics(e+marker("S0")+marker("S1"), sentinelNames(2))
	if !ok || parts[0] != e+"\n" || parts[1] != "" {
		t.Errorf("an element without an error: %q, %v", parts, ok)
	}
}

func TestEntryKind(t *testing.T) {
	for result, kind := range map[string]string{
		`"x"`: `"`, "<<EOT\na\nEOT": "<<", "-1.5": "number", "+Inf": "number", "true": "true",
		"tolist(null) /* of string */": "tolist(null)", "tolist([])": "tolist(", "(known after apply)": "(known after apply)",
		"[]": "[", "{}": "{", "null": "null", "(sensitive value)": "(sensitive value)",
	} {
		if got := entryKind(Entry{Result: result}); got != kind {
			t.Errorf("entryKind(%q) = %q, want %q", result, got, kind)
		}
	}
	if got := entryKind(Entry{Error: &Error{Summary: "Boom"}}); got != "error: Boom" {
		t.Errorf("an error's kind: %q", got)
	}
}

// fakeConsole stands in for terraform: values maps an expression to what
// the console prints for it alone, failures to its error detail (summary
// "Boom"). It renders a batch tuple the console's way, indenting each
// element (topLevel's inverse, checked against the real console by
// TestSplitTupleGivesTopLevelTexts).
type fakeConsole struct {
	values    map[string]string
	failures  map[string]string
	topPrefix string // printed before a value alone only
	// inBatch maps an expression to what it gives in a batch instead
	// (as try's error detail cites its own column).
	inBatch map[string]string
	lines   []string
}

func (f *fakeConsole) run(_ context.Context, line string) (string, string, error) {
	f.lines = append(f.lines, line)
	failed := errors.New("exit status 1")
	diag := func(detail string) string {
		return "\nError: Boom\n\n  on <console-input> line 1:\n  (source code not available)\n\n" + detail + "\n\n"
	}
	if !strings.Contains(line, "tfconsole-batch-") {
		if d, ok := f.failures[line]; ok {
			return "", diag(d), failed
		}
		if v, ok := f.values[line]; ok {
			return f.topPrefix + v + "\n", "", nil
		}
		return "", diag("unknown expression " + line), failed
	}
	var tuple, diags strings.Builder
	tuple.WriteString("[\n")
	for _, e := range strings.Split(strings.TrimSuffix(strings.TrimPrefix(line, "["), "]"), ", ") {
		if s, ok := strings.CutPrefix(e, "tonumber("); ok {
			diags.WriteString(diag("cannot convert " + strings.TrimSuffix(s, ")") + " to number"))
			continue
		}
		if strings.HasPrefix(e, `"tfconsole-batch-`) {
			tuple.WriteString("  " + e + ",\n")
			continue
		}
		if d, ok := f.failures[e]; ok {
			if b, ok := f.inBatch[e]; ok {
				d = b
			}
			diags.WriteString(diag(d))
			continue
		}
		v, ok := f.values[e]
		if b, ok := f.inBatch[e]; ok {
			v = b
		}
		if !ok {
			diags.WriteString(diag("unknown expression " + e))
			continue
		}
		v = strings.Replace(v, "<<EOT", "<<-EOT", 1)
		tuple.WriteString("  " + strings.ReplaceAll(v, "\n", "\n  ") + ",\n")
	}
	tuple.WriteString("]\n")
	if diags.Len() > 0 {
		return "", diags.String(), failed
	}
	return tuple.String(), "", nil
}

func fakeRecording(n int) (*fakeConsole, []Entry) {
	f := &fakeConsole{values: map[string]string{}, failures: map[string]string{}, inBatch: map[string]string{}}
	var rec []Entry
	for i := 0; i < n; i++ {
		v := fmt.Sprintf("v%d", i)
		f.values[v] = strconv.Quote(v)
		if i%4 == 0 {
			f.values[v] = "<<EOT\n" + v + "\n\nEOT"
		}
		rec = append(rec, Entry{Expr: v, Result: f.values[v]})
		e := fmt.Sprintf("e%d", i)
		f.failures[e] = "failure " + e
		rec = append(rec, Entry{Expr: e, Error: &Error{Summary: "Boom", Detail: "failure " + e}})
	}
	return f, rec
}

func equalEntries(a, b Entry) bool {
	return a.Result == b.Result && (a.Error == nil) == (b.Error == nil) && (a.Error == nil || *a.Error == *b.Error)
}

func TestRecheckBatchesWhatMatches(t *testing.T) {
	f, rec := fakeRecording(100)
	c := &Console{runLine: f.run}
	live, stats, err := c.Recheck(context.Background(), rec, equalEntries)
	if err != nil {
		t.Fatal(err)
	}
	for i := range rec {
		if !equalEntries(live[i], rec[i]) {
			t.Errorf("%s: live %+v, recorded %+v", rec[i].Expr, live[i], rec[i])
		}
	}
	// One of each kind alone (a heredoc, a string, an error), the 197
	// others in batches of at most 64.
	want := RecheckStats{Processes: 3 + 2 + 2, Alone: 3, Batched: 197}
	if stats != want {
		t.Errorf("stats %+v, want %+v", stats, want)
	}
	if len(f.lines) != want.Processes {
		t.Errorf("%d processes, stats say %d", len(f.lines), want.Processes)
	}
}

func TestRecheckReportsEachDifferenceAsEvalDoes(t *testing.T) {
	f, rec := fakeRecording(40)
	f.values["v9"] = `"changed"`            // a value changed
	delete(f.values, "v13")                 // a value that now fails
	f.failures["v13"] = "now fails"         //
	f.failures["e17"] = "another wording"   // an error changed
	f.values["e21"] = `"now succeeds"`      // an error that now succeeds
	delete(f.failures, "e21")               //
	f.values["v25"] = "<<EOT\nchanged\nEOT" // a heredoc changed
	// Batch texts that differ from what the console prints alone: the
	// one alone is the judge.
	f.inBatch["v29"] = `"batch"`                     // alone as recorded
	f.inBatch["e33"] = "failure e33 at column 40"    // alone as recorded
	f.values["v37"], f.inBatch["v37"] = `"a"`, `"b"` // alone changed
	c := &Console{runLine: f.run}
	live, stats, err := c.Recheck(context.Background(), rec, equalEntries)
	if err != nil {
		t.Fatal(err)
	}
	differ := map[string]bool{}
	for i := range rec {
		alone, err := c.Eval(context.Background(), rec[i].Expr)
		if err != nil {
			t.Fatal(err)
		}
		if !equalEntries(live[i], alone) {
			t.Errorf("%s: Recheck gives %+v, Eval %+v", rec[i].Expr, live[i], alone)
		}
		if !equalEntries(live[i], rec[i]) {
			differ[rec[i].Expr] = true
		}
	}
	if len(differ) != 6 || !differ["v9"] || !differ["v13"] || !differ["e17"] || !differ["e21"] || !differ["v25"] || !differ["v37"] {
		t.Errorf("differences found: %v", differ)
	}
	if stats.Alone+stats.Batched != len(rec) {
		t.Errorf("stats %+v for %d entries", stats, len(rec))
	}
}

func TestRecheckEvaluatesEachKindAloneOnce(t *testing.T) {
	// A console that printed values differently at top level than in a
	// tuple: only the entries evaluated alone can show it, and the first
	// of each kind is.
	f, rec := fakeRecording(10)
	f.topPrefix = "top: "
	c := &Console{runLine: f.run}
	live, _, err := c.Recheck(context.Background(), rec, equalEntries)
	if err != nil {
		t.Fatal(err)
	}
	for _, expr := range []string{"v0", "v1"} { // the first heredoc, the first string
		i := slicesIndex(rec, expr)
		if !strings.HasPrefix(live[i].Result, "top: ") {
			t.Errorf("%s was not evaluated alone: %q", expr, live[i].Result)
		}
	}
}

func slicesIndex(rec []Entry, expr string) int {
	for i, e := range rec {
		if e.Expr == expr {
			return i
		}
	}
	return -1
}

func TestBatchesKeepWithinLimits(t *testing.T) {
	var rec []Entry
	var idx []int
	for i := 0; i < 300; i++ {
		rec = append(rec, Entry{Expr: strings.Repeat("x", 10+i)})
		idx = append(idx, i)
	}
	r := &recheck{recorded: rec}
	n := 0
	for _, b := range r.batches(idx) {
		size := 0
		for _, i := range b {
			if i != n {
				t.Fatalf("batch %v: entry %d out of order", b, i)
			}
			n++
			size += len(rec[i].Expr) + 64
		}
		if len(b) == 0 || len(b) > maxBatchEntries || (len(b) > 1 && size > maxBatchBytes) {
			t.Errorf("a batch of %d entries, %d bytes", len(b), size)
		}
	}
	if n != len(rec) {
		t.Errorf("batches hold %d of %d entries", n, len(rec))
	}
}
