package tffuncs_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"

	"github.com/tfemrcheck/tfemrcheck/internal/tfconsole"
	"github.com/tfemrcheck/tfemrcheck/pkg/marks"
	"github.com/tfemrcheck/tfemrcheck/pkg/tffuncs"
)

// The recorded table: testdata/functions/expressions.txt evaluated by the
// real `terraform console -plan` (scripts/record-functions.sh) and stored
// in recorded.json. These tests check the function table against it
// offline, and against the live binary when terraform is on PATH.
const (
	functionsDir   = "../../testdata/functions"
	expressionFile = functionsDir + "/expressions.txt"
	recordingFile  = functionsDir + "/recorded.json"
	metadataFile   = functionsDir + "/terraform-1.11-metadata.json"
	consoleDir     = functionsDir + "/console"
)

// deviations are the recorded expressions whose result tfemrcheck gives
// differently on purpose, with the reason. Keep it short.
var deviations = map[string]struct {
	want tfconsole.Entry
	why  string
}{
	`jsondecode("{\"e\\u0301\":1,\"é\":2}")`: {tfconsole.Entry{Error: &tfconsole.Error{
		Summary: "Error in function call",
		Detail:  `Call to function "jsondecode" failed: panic in function implementation: multiple attributes that normalize to "é"`,
	}}, "the go-cty tfemrcheck is built with panics on keys that normalise to the same string (Terraform's refuses them as an unsupported attribute); the evaluator turns the panic into a clean error (pkg/hclconfig TestFunctionPanicIsCleanError)"},
	`jsondecode("{\"a\":{\"b\":1},\"a\":{\"c\":2}}")`: {tfconsole.Entry{Error: &tfconsole.Error{
		Summary: "Error in function call",
		Detail:  `Call to function "jsondecode" failed: duplicate "a" property in JSON object.`,
	}}, "both refuse an object whose duplicate key holds objects of different shapes; Terraform's go-cty words it as an unsupported attribute"},
	"plantimestamp()":                     {tfconsole.Entry{Result: "(known after apply)"}, noPlanTimestamp},
	`formatdate("YYYY", plantimestamp())`: {tfconsole.Entry{Result: "(known after apply)"}, noPlanTimestamp},
	"plantimestamp(1)": {tfconsole.Entry{Error: &tfconsole.Error{
		Summary: "Too many function arguments", Detail: `Function "plantimestamp" expects only 0 argument(s).`,
	}}, noPlanTimestamp},
	`lookup({a = 1}, sensitive("b"))`: {tfconsole.Entry{Error: &tfconsole.Error{
		Summary: "Invalid function argument",
		Detail:  `Invalid value for "inputMap" parameter: the given object has no attribute (sensitive value).`,
	}}, "Terraform quotes the sensitive key in its error; tfemrcheck never prints a sensitive value"},
	`templatefile("files/greeting.tftpl", {name = "a", items = "x"})`: {tfconsole.Entry{Error: &tfconsole.Error{
		Summary: "Error in function call",
		Detail: `Call to function "templatefile" failed: the template (file files/greeting.tftpl) has errors: ` +
			`Iteration over non-iterable value at line 1, column 28: A value of type string cannot be used as the collection in a 'for' expression.`,
	}}, "the same error; a template read from a file is tainted, so tfemrcheck words it so that no text of the file can appear"},
}

// gaps are recorded expressions tfemrcheck does not yet give as
// Terraform does (issue 19), with what is missing. TestRecorded checks
// that each still differs, so that a fix removes it from here.
var gaps = map[string]string{
	"yamldecode(\"a: &a {p: 1}\\nb: &b {q: 2}\\nc:\\n  <<: [*a, *b]\")": "a merge key with a sequence of mappings is merged; Terraform refuses it",
	"try(local.nope, 1)":     "a reference Terraform refuses before evaluating (checked by the evaluator, not the functions)",
	"can(local.nope)":        "a reference Terraform refuses before evaluating (checked by the evaluator, not the functions)",
	"try(var.nope, 1)":       "a reference Terraform refuses before evaluating (checked by the evaluator, not the functions)",
	"try(count.index, 1)":    "a reference Terraform refuses before evaluating (checked by the evaluator, not the functions)",
	"can(each.key)":          "a reference Terraform refuses before evaluating (checked by the evaluator, not the functions)",
	"try(self.x, 1)":         "a reference Terraform refuses before evaluating (checked by the evaluator, not the functions)",
	"false && tobool(\"x\")": "Terraform 1.11 evaluates both operands of && and ||",
	"true || tobool(\"x\")":  "Terraform 1.11 evaluates both operands of && and ||",
	"false && local.ubool":   "Terraform 1.11 evaluates both operands of && and ||",
	"local.ubool && false":   "Terraform 1.11 evaluates both operands of && and ||",
	"true || local.ubool":    "Terraform 1.11 evaluates both operands of && and ||",
	"local.ubool || true":    "Terraform 1.11 evaluates both operands of && and ||",
}

// evaluatorLevel are recorded expressions whose answer comes from the
// evaluator rather than the functions (references Terraform refuses
// before evaluating, the logical operators of Terraform 1.11):
// pkg/hclconfig's TestRecordedThroughEvaluator checks them.
var evaluatorLevel = map[string]bool{}

const noPlanTimestamp = "the console has no plan, so it knows no plantimestamp function; in `terraform plan` it is " +
	"the plan's time, which changes every run: tfemrcheck keeps it unknown so that its reports are deterministic"

// consoleLocals mirrors the locals of console/main.tf.
func consoleLocals() cty.Value {
	sens := func(v cty.Value) cty.Value { return v.Mark(marks.Sensitive{}) }
	return cty.ObjectVal(map[string]cty.Value{
		"ustr":    cty.UnknownVal(cty.String),
		"unum":    cty.UnknownVal(cty.Number),
		"ubool":   cty.UnknownVal(cty.Bool),
		"ulist":   cty.UnknownVal(cty.List(cty.String)),
		"umap":    cty.MapVal(map[string]cty.Value{"a": cty.UnknownVal(cty.String)}),
		"sstr":    sens(cty.StringVal("secret")),
		"snum":    sens(cty.NumberIntVal(3)),
		"slist":   sens(cty.TupleVal([]cty.Value{cty.StringVal("a"), cty.StringVal("b")})),
		"smap":    sens(cty.ObjectVal(map[string]cty.Value{"a": cty.StringVal("x")})),
		"nstr":    cty.NullVal(cty.String),
		"tmpl":    cty.StringVal("Hello, ${name}!"),
		"tmplfor": cty.StringVal("%{ for x in xs }${x},%{ endfor }"),
		// templatestring refuses the filesystem functions
		"tmplfile":       cty.StringVal(`${file("nope.txt")}`),
		"tmplfileexists": cty.StringVal(`${file("files/greeting.tftpl")}`),
	})
}

// evalRecorded evaluates one expression as the console would, in the
// console configuration's directory, and renders it as a recorded entry.
func evalRecorded(t *testing.T, dir, src string) tfconsole.Entry {
	t.Helper()
	e := tfconsole.Entry{Expr: src}
	expr, diags := hclsyntax.ParseExpression([]byte(src), "<console-input>", hcl.InitialPos)
	if !diags.HasErrors() {
		ctx := &hcl.EvalContext{
			Variables: map[string]cty.Value{"local": consoleLocals()},
			Functions: tffuncs.Functions(tffuncs.Options{FS: tffuncs.OSFileSystem{}, BaseDir: dir, ModuleDir: dir, Env: os.Environ()}),
		}
		var v cty.Value
		// Terraform resolves namespaced names (core::, provider::)
		// before it evaluates, as the loader does.
		diags = tffuncs.NamespaceDiagnostics(expr, ctx.Functions)
		if !diags.HasErrors() {
			v, diags = expr.Value(ctx)
		}
		if !diags.HasErrors() {
			e.Result = tfconsole.Normalise(tfconsole.Format(v), dir)
			return e
		}
	}
	for _, d := range diags {
		if d.Severity == hcl.DiagError {
			e.Error = &tfconsole.Error{Summary: d.Summary, Detail: tfconsole.Normalise(tfconsole.Unwrap(d.Detail), dir)}
			break
		}
	}
	return e
}

func absConsoleDir(t *testing.T) string {
	t.Helper()
	dir, err := filepath.Abs(consoleDir)
	if err != nil {
		t.Fatal(err)
	}
	return dir
}

// TestRecorded checks every recorded expression: the same value, printed
// the console's way, or the same error summary and detail.
func TestRecorded(t *testing.T) {
	rec, err := tfconsole.ReadRecording(recordingFile)
	if err != nil {
		t.Fatal(err)
	}
	dir := absConsoleDir(t)
	for _, want := range rec.Entries {
		t.Run(want.Expr, func(t *testing.T) {
			if evaluatorLevel[want.Expr] {
				t.Skip("checked through the evaluator, in pkg/hclconfig")
			}
			if why, ok := gaps[want.Expr]; ok {
				got := evalRecorded(t, dir, want.Expr)
				if entryDiff("terraform", "tfemrcheck", want, got) == "" {
					t.Errorf("%s now agrees with terraform: remove it from gaps (%s)", want.Expr, why)
				}
				return
			}
			if d, ok := deviations[want.Expr]; ok {
				expr := want.Expr
				want = d.want
				want.Expr = expr
			}
			got := evalRecorded(t, dir, want.Expr)
			compareEntry(t, "terraform console "+rec.Terraform, "tfemrcheck", want, got)
		})
	}
}

func compareEntry(t *testing.T, who, gotWho string, want, got tfconsole.Entry) {
	t.Helper()
	if d := entryDiff(who, gotWho, want, got); d != "" {
		t.Error(d)
	}
}

// entryDiff says how got (what gotWho gives) differs from want (what who
// gives), or nothing when they are the same.
func entryDiff(who, gotWho string, want, got tfconsole.Entry) string {
	switch {
	case want.Error == nil && got.Error != nil:
		return fmt.Sprintf("%s\n%s gives:\n%s\n%s fails: %s: %s", want.Expr, who, want.Result, gotWho, got.Error.Summary, got.Error.Detail)
	case want.Error != nil && got.Error == nil:
		return fmt.Sprintf("%s\n%s fails: %s: %s\n%s gives:\n%s", want.Expr, who, want.Error.Summary, want.Error.Detail, gotWho, got.Result)
	case want.Error != nil:
		if strings.Contains(want.Error.Detail, "panic in function implementation") {
			// Terraform crashed inside the function (its detail is a
			// stack trace): tfemrcheck must refuse the call too, in its
			// own words.
			if want.Error.Summary != got.Error.Summary {
				return fmt.Sprintf("%s\n%s fails (a panic): %s\n%s fails: %s: %s", want.Expr, who, want.Error.Summary, gotWho, got.Error.Summary, got.Error.Detail)
			}
			return ""
		}
		if want.Error.Summary != got.Error.Summary || ctyWording(want.Error.Detail) != ctyWording(got.Error.Detail) {
			return fmt.Sprintf("%s\n%s fails: %s: %s\n%s fails: %s: %s", want.Expr, who, want.Error.Summary, want.Error.Detail, gotWho, got.Error.Summary, got.Error.Detail)
		}
	case want.Result != got.Result:
		return fmt.Sprintf("%s\n%s gives:\n%s\n%s gives:\n%s", want.Expr, who, want.Result, gotWho, got.Result)
	}
	return ""
}

// butHave is the clause go-cty 1.17 and later add to a conversion error
// ("string required, but have tuple"); Terraform 1.11 is built with go-cty
// 1.16, which says only "string required".
var butHave = regexp.MustCompile(`, but have [^.:]+`)

// ofDynamic is how go-cty 1.17 and later name a collection of any element
// type in that error ("list of dynamic required"); go-cty 1.16 says "list of
// any single type required".
var ofDynamic = regexp.MustCompile(`\b(list|set|map) of dynamic required`)

// ctyWording drops what differs between go-cty versions in messages, and
// nothing else.
func ctyWording(detail string) string {
	detail = butHave.ReplaceAllString(detail, "")
	return ofDynamic.ReplaceAllString(detail, "$1 of any single type required")
}

// TestRecordingCurrent keeps the recording in step with the expressions
// file, and checks that every function of Terraform's metadata is called
// by at least three recorded expressions.
func TestRecordingCurrent(t *testing.T) {
	exprs, err := tfconsole.ReadExpressions(expressionFile)
	if err != nil {
		t.Fatal(err)
	}
	rec, err := tfconsole.ReadRecording(recordingFile)
	if err != nil {
		t.Fatal(err)
	}
	var recorded []string
	for _, e := range rec.Entries {
		recorded = append(recorded, e.Expr)
	}
	if strings.Join(exprs, "\n") != strings.Join(recorded, "\n") {
		t.Fatalf("%s is not the recording of %s: run scripts/record-functions.sh", recordingFile, expressionFile)
	}
	calls := map[string]int{}
	for _, src := range exprs {
		seen := map[string]bool{}
		expr, diags := hclsyntax.ParseExpression([]byte(src), "expr", hcl.InitialPos)
		if diags.HasErrors() {
			t.Errorf("%s: %s", src, diags.Error())
			continue
		}
		hclsyntax.VisitAll(expr, func(n hclsyntax.Node) hcl.Diagnostics {
			if c, ok := n.(*hclsyntax.FunctionCallExpr); ok {
				seen[strings.TrimPrefix(c.Name, "core::")] = true
			}
			return nil
		})
		for name := range seen {
			calls[name]++
		}
	}
	for _, name := range metadataFunctionNames(t) {
		if strings.HasPrefix(name, "core::") {
			continue
		}
		if calls[name] < 3 {
			t.Errorf("function %s: %d recorded expressions, want at least 3", name, calls[name])
		}
	}
}

// TestRecordedLive re-evaluates the recorded expressions with the real
// terraform, when it is on PATH, so that a change in Terraform (or a
// recording edited by hand) shows up. Every recorded expression: batched
// (see tfconsole.Recheck), all of them cost about 3 s of CPU.
func TestRecordedLive(t *testing.T) {
	tf, err := exec.LookPath("terraform")
	if err != nil {
		t.Skip("terraform is not on PATH; the offline comparison (TestRecorded) still runs")
	}
	if testing.Short() {
		t.Skip("-short: the live comparison runs the real terraform")
	}
	rec, err := tfconsole.ReadRecording(recordingFile)
	if err != nil {
		t.Fatal(err)
	}
	c, err := tfconsole.NewConsole(context.Background(), tf, consoleDir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(c.Dir) })
	entries := rec.Entries
	// Many expressions a terraform process (see tfconsole.Recheck); an
	// expression whose batch text is not the recorded one is evaluated
	// alone before it is reported.
	live, stats, err := c.Recheck(context.Background(), entries, func(live, recorded tfconsole.Entry) bool {
		return entryDiff("terraform console (live)", "the recording", live, recorded) == ""
	})
	if err != nil {
		t.Fatal(err)
	}
	for i, want := range entries {
		compareEntry(t, "terraform console (live)", "the recording", live[i], want)
	}
	t.Logf("%d expressions, %d terraform processes: %d confirmed in batches, %d evaluated alone",
		len(entries), stats.Processes, stats.Batched, stats.Alone)
}

func metadataFunctionNames(t *testing.T) []string {
	t.Helper()
	b, err := os.ReadFile(metadataFile)
	if err != nil {
		t.Fatal(err)
	}
	var md struct {
		Signatures map[string]json.RawMessage `json:"function_signatures"`
	}
	if err := json.Unmarshal(b, &md); err != nil {
		t.Fatal(err)
	}
	names := make([]string, 0, len(md.Signatures))
	for n := range md.Signatures {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}
