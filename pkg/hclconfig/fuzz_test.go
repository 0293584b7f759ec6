package hclconfig

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// FuzzLoad writes arbitrary text as a root module's main.tf and loads it:
// the loader must return diagnostics or a model, never panic or hang.
func FuzzLoad(f *testing.F) {
	seeds, _ := filepath.Glob("../../testdata/plans/*/main.tf")
	for i, s := range seeds {
		if i >= 8 {
			break
		}
		if data, err := os.ReadFile(s); err == nil {
			f.Add(data)
		}
	}
	f.Add([]byte("locals {\n  a = local.b\n  b = local.a\n}\n"))
	f.Add([]byte("module \"self\" {\n  source = \"./\"\n}\n"))
	// a go-cty panic inside a function (see TestFunctionPanicIsCleanError)
	f.Add([]byte("locals {\n  x = " + panicJSON + "\n  y = yamldecode(\"{\\\"e\\\\u0301\\\": 1, \\\"é\\\": 2}\")\n}\n"))
	f.Add([]byte("resource \"aws_emr_security_configuration\" \"x\" {\n  configuration = <<EOT\n{\"a\": \"${var.x}\"}\nEOT\n}\nvariable \"x\" {}\n"))
	// One directory per fuzzing process, rewritten for each input (a
	// process runs its inputs one at a time): a new directory per input
	// made the target ten times slower.
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, data []byte) {
		if err := os.WriteFile(filepath.Join(dir, "main.tf"), data, 0o644); err != nil {
			t.Fatal(err)
		}
		checkLoad(t, dir)
	})
}

// checkLoad loads dir and fails on what a loader must never give: no
// model, a diagnostic without a summary, or an internal error (a panic
// the loader recovered), except the one HCL's JSON syntax is known to
// raise (knownHCLPanic).
func checkLoad(t *testing.T, dir string) {
	t.Helper()
	m, diags := Load(dir, Options{})
	if m == nil {
		t.Fatalf("nil model (diags: %v)", diags)
	}
	for _, d := range diags {
		if d.Summary == "" {
			t.Fatalf("diagnostic without summary: %#v", d)
		}
		if d.Summary == "Internal error while loading configuration" && !strings.Contains(d.Detail, knownHCLPanic) {
			t.Fatalf("internal error: %s", d.Detail)
		}
	}
}

// knownHCLPanic is the panic of HCL's JSON syntax on a sensitive object
// key (terraform 1.11 crashes on it too; see
// TestInternalErrorNamesWhereItStood).
const knownHCLPanic = "value is marked, so must be unmarked first"

// FuzzLoadJSON writes arbitrary text as a root module's main.tf.json and
// loads it, as FuzzLoad does for main.tf: the JSON syntax has its own
// evaluation paths (templates parsed when evaluated, the budgeted body).
func FuzzLoadJSON(f *testing.F) {
	f.Add([]byte(`{"locals": {"a": "${local.b}", "b": "x"}}`))
	f.Add([]byte(`{"locals": {"x": "${jsondecode(\"{\\\"e\\\\u0301\\\":1,\\\"é\\\":2}\")}"}}`))
	f.Add([]byte(`{"locals": {"big": "${range(8)}", "x": "%{for a in local.big}%{for b in local.big}x%{endfor}%{endfor}"}}`))
	f.Add([]byte(`{"locals": {"o": {"${upper(\"k\")}": [1, "${[for i in range(3) : i]}", {"k": null}]}}}`))
	f.Add([]byte(`{"variable": {"v": {"default": {"a": "${1+1}"}}}, "resource": {"aws_emr_cluster": {"c": {"name": "${var.v.a}", "count": 2, "dynamic": {"step": {"for_each": "${[1,2]}", "content": {"name": "${step.value}"}}}}}}}`))
	f.Add([]byte(`{"resource": {"aws_emr_security_configuration": {"x": {"configuration": "{\"EncryptionConfiguration\": {\"EnableAtRestEncryption\": true}}"}}}}`))
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, data []byte) {
		if err := os.WriteFile(filepath.Join(dir, "main.tf.json"), data, 0o644); err != nil {
			t.Fatal(err)
		}
		checkLoad(t, dir)
	})
}

// exprGen turns fuzz bytes into a Terraform expression: each byte picks
// the next construct (operators, function calls, templates, for
// expressions, deep runs of one construct), so the fuzzer explores
// expressions the way a hostile pull request would write them rather
// than byte strings HCL rejects at once.
type exprGen struct {
	data []byte
	i    int
}

func (g *exprGen) next() byte {
	if g.i >= len(g.data) {
		return 0
	}
	b := g.data[g.i]
	g.i++
	return b
}

var fuzzFuncs = []string{
	"upper", "lower", "join", "split", "format", "formatlist", "jsonencode", "jsondecode",
	"yamlencode", "yamldecode", "setproduct", "range", "flatten", "concat", "merge", "lookup",
	"length", "replace", "regex", "regexall", "tostring", "tolist", "toset", "tomap", "try", "can",
	"coalesce", "element", "keys", "values", "zipmap", "indent", "base64encode", "base64decode",
	"sha256", "substr", "strrev", "sum", "max", "min", "abs", "pow", "chunklist", "distinct",
	"reverse", "slice", "sort", "trimspace", "title", "csvdecode", "one", "alltrue", "anytrue",
	"sensitive", "nonsensitive", "templatestring", "cidrsubnet", "contains", "index", "compact",
}

var fuzzUnary = []string{"!", "-"}
var fuzzBinary = []string{"+", "-", "*", "/", "%", "==", "!=", "<", ">", "<=", ">=", "&&", "||"}

func (g *exprGen) expr(depth int) string {
	b := g.next()
	if depth > 12 {
		b %= 4
	}
	switch b % 16 {
	case 0:
		return fmt.Sprint(int(g.next()) - 20)
	case 1:
		return fmt.Sprintf("%q", strings.Repeat("ab-", int(g.next()%5)))
	case 2:
		return []string{"local.a", "local.b", "var.v", "each.key", "count.index", "path.module", "x"}[g.next()%7]
	case 3:
		return fuzzUnary[g.next()%2] + g.expr(depth+1)
	case 4:
		return "(" + g.expr(depth+1) + " " + fuzzBinary[int(g.next())%len(fuzzBinary)] + " " + g.expr(depth+1) + ")"
	case 5:
		name := fuzzFuncs[int(g.next())%len(fuzzFuncs)]
		n := int(g.next() % 4)
		args := make([]string, n)
		for k := range args {
			args[k] = g.expr(depth + 1)
		}
		return name + "(" + strings.Join(args, ", ") + ")"
	case 6:
		return `"x-${` + g.expr(depth+1) + `}-y"`
	case 7:
		return `"%{ if ` + g.expr(depth+1) + ` }a%{ else }b%{ endif }"`
	case 8:
		return `"%{ for x in ` + g.expr(depth+1) + ` }${x}%{ endfor }"`
	case 9:
		return "[" + g.expr(depth+1) + ", " + g.expr(depth+1) + "]"
	case 10:
		return "{ a = " + g.expr(depth+1) + ", b = " + g.expr(depth+1) + " }"
	case 11:
		return "[for x in " + g.expr(depth+1) + " : " + g.expr(depth+1) + "]"
	case 12:
		return g.expr(depth+1) + " ? " + g.expr(depth+1) + " : " + g.expr(depth+1)
	case 13:
		// a deep run of one construct: around the nesting limit
		n := int(g.next())*8 + int(g.next()%8)
		switch g.next() % 5 {
		case 0:
			return strings.Repeat("!", n) + "true"
		case 1:
			return strings.Repeat("-", n) + "1"
		case 2:
			return strings.Repeat("(", n) + "1" + strings.Repeat(")", n)
		case 3:
			return "1" + strings.Repeat(" + 1", n)
		default:
			return `"` + strings.Repeat("%{if true}", n) + "x" + strings.Repeat("%{endif}", n) + `"`
		}
	case 14:
		return "<<EOT\n${" + g.expr(depth+1) + "}\nEOT\n"
	default:
		return "[for k, v in { a = 1 } : " + g.expr(depth+1) + " if " + g.expr(depth+1) + "]"
	}
}

// FuzzLoadExpressions drives the loader with generated expressions:
// nesting, unary and binary operators, function calls, templates and
// for expressions, with deep runs around the nesting limit. Whatever
// the input, Load returns (within the limits, which are small here to
// keep each run short) and never reports an internal error (a recovered
// panic).
func FuzzLoadExpressions(f *testing.F) {
	f.Add([]byte{5, 10, 2, 0, 1, 0, 5})
	f.Add([]byte{13, 125, 0, 0})                // 1000 "!"
	f.Add([]byte{13, 125, 1, 3})                // 1001 "+ 1"
	f.Add([]byte{13, 200, 0, 4})                // template directives
	f.Add([]byte{5, 10, 3, 5, 13, 1, 5, 13, 1}) // setproduct(range(..), ...)
	f.Add([]byte{11, 5, 13, 1, 0, 200, 11, 5, 13, 1, 0, 200, 0, 1})
	f.Add([]byte{8, 5, 13, 1, 0, 100, 6, 3, 0, 7})
	dir := f.TempDir()
	lim := Limits{Timeout: 2 * time.Second, MaxValues: 100_000, MaxBytes: 8 << 20, MaxBlocks: 1000, MaxInstances: 100, MaxTotalInstances: 1000, MaxModuleInstances: 100}
	f.Fuzz(func(t *testing.T, data []byte) {
		g := &exprGen{data: data}
		a, b, c := g.expr(0), g.expr(0), g.expr(0)
		src := fmt.Sprintf(`variable "v" {
  default = %s
}
locals {
  a = %s
  b = %s
}
resource "aws_emr_security_configuration" "sc" {
  name          = "sc"
  configuration = jsonencode({ x = local.a })
}
resource "aws_emr_cluster" "c" {
  for_each = try(toset([for k in local.b : tostring(k)]), {})
  name     = tostring(try(local.a, "c"))
  dynamic "step" {
    for_each = try(tolist(local.b), [])
    content {
      name = tostring(step.value)
    }
  }
}
`, c, a, b)
		if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
		m, diags := Load(dir, Options{Limits: lim})
		if m == nil {
			t.Fatalf("nil model")
		}
		for _, d := range diags {
			if strings.HasPrefix(d.Summary, "Internal error") {
				t.Fatalf("%s: %s\nsource:\n%s", d.Summary, d.Detail, src)
			}
		}
	})
}
