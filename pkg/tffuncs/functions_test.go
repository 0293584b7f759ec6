package tffuncs

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/zclconf/go-cty/cty"

	"github.com/tfemrcheck/tfemrcheck/pkg/marks"
)

// refusingFS refuses every path under a prefix and reads the rest from
// the operating system, as a confined file system would.
type refusingFS struct {
	OSFileSystem
	prefix string
}

func (r refusingFS) check(p string) error {
	if strings.HasPrefix(p, r.prefix) {
		return fmt.Errorf("%w: outside the scanned tree", ErrRefused)
	}
	return nil
}

func (r refusingFS) ReadFile(p string) ([]byte, error) {
	if err := r.check(p); err != nil {
		return nil, err
	}
	return r.OSFileSystem.ReadFile(p)
}

func (r refusingFS) Stat(p string) (fs.FileInfo, error) {
	if err := r.check(p); err != nil {
		return nil, err
	}
	return r.OSFileSystem.Stat(p)
}

func (r refusingFS) ReadDir(p string) ([]fs.DirEntry, error) {
	if err := r.check(p); err != nil {
		return nil, err
	}
	return r.OSFileSystem.ReadDir(p)
}

// testTree is a root module directory with a few files and a secret
// directory the file system refuses.
func testTree(t *testing.T) (base string, opts Options, refused *[]string) {
	t.Helper()
	base = t.TempDir()
	write := func(rel, content string) {
		p := filepath.Join(base, rel)
		require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
		require.NoError(t, os.WriteFile(p, []byte(content), 0o644))
	}
	write("sc.json", `{"a": 1}`)
	write("tpl/doc.tftpl", `{"mode": "${mode}"}`)
	write("tpl/list.tftpl", `${jsonencode([for x in xs : upper(x)])}`)
	write("tpl/self.tftpl", `${templatefile("tpl/doc.tftpl", {mode = "x"})}`)
	write("mod/a.txt", "a")
	write("mod/sub/b.txt", "b")
	write("secret/token", "TOKEN=hunter2")
	var calls []string
	opts = Options{
		FS:        refusingFS{prefix: filepath.Join(base, "secret")},
		BaseDir:   base,
		ModuleDir: filepath.Join(base, "mod"),
		Refused:   func(call string, err error) { calls = append(calls, call) },
	}
	return base, opts, &calls
}

// eval evaluates an expression with the table of opts.
func eval(t *testing.T, opts Options, src string, vars map[string]cty.Value) (cty.Value, hcl.Diagnostics) {
	t.Helper()
	expr, diags := hclsyntax.ParseExpression([]byte(src), "test.tf", hcl.InitialPos)
	require.False(t, diags.HasErrors(), diags.Error())
	return expr.Value(&hcl.EvalContext{Variables: vars, Functions: Functions(opts)})
}

func unmarked(v cty.Value) cty.Value {
	u, _ := v.UnmarkDeep()
	return u
}

func evalOK(t *testing.T, opts Options, src string) cty.Value {
	t.Helper()
	v, diags := eval(t, opts, src, nil)
	require.False(t, diags.HasErrors(), "%s: %s", src, diags.Error())
	return v
}

func evalErr(t *testing.T, opts Options, src string) string {
	t.Helper()
	_, diags := eval(t, opts, src, nil)
	require.True(t, diags.HasErrors(), "%s must fail", src)
	return diags[0].Detail
}

func TestFileReadsAreTaintedWithTheirSource(t *testing.T) {
	_, opts, _ := testTree(t)
	for src, want := range map[string]string{
		`file("sc.json")`:                           "file sc.json",
		`filebase64("mod/a.txt")`:                   "file mod/a.txt",
		`filesha256("./mod/../sc.json")`:            "file sc.json",
		`templatefile("tpl/doc.tftpl", {mode="x"})`: "file tpl/doc.tftpl",
		`jsondecode(file("sc.json")).a`:             "file sc.json",
		`fileexists("mod/a.txt")`:                   "file mod/a.txt",
	} {
		v := evalOK(t, opts, src)
		_, ms := v.Unmark()
		assert.Contains(t, ms, marks.Tainted{Source: want}, src)
	}
	v := evalOK(t, opts, `file("sc.json")`)
	assert.Equal(t, `{"a": 1}`, unmarked(v).AsString(), "marked, and the content unchanged")
}

func TestRefusedReadsAreBlockedUnknowns(t *testing.T) {
	_, opts, refused := testTree(t)
	for _, src := range []string{
		`file("secret/token")`,
		`filebase64("secret/token")`,
		`filemd5("secret/token")`,
		`templatefile("secret/token", {})`,
		`fileexists("secret/token")`,
		`fileset("secret", "*")`,
		`regex("TOKEN=(.*)", file("secret/token"))[0]`,
	} {
		v, diags := eval(t, opts, src, nil)
		require.False(t, diags.HasErrors(), "%s: a refused read is not an error: %s", src, diags.Error())
		assert.False(t, v.IsKnown(), "%s is unknown", src)
		_, ms := v.UnmarkDeep()
		var blockers []string
		for m := range ms {
			if b, ok := m.(marks.Blocker); ok {
				blockers = append(blockers, string(b))
			}
		}
		require.Len(t, blockers, 1, src)
		assert.Contains(t, blockers[0], "(read refused: outside the scanned tree)", src)
		assert.NotContains(t, fmt.Sprint(v), "hunter2")
	}
	assert.Contains(t, *refused, `file("secret/token")`)
	assert.Contains(t, *refused, `fileset("secret")`)
}

func TestFileErrorsAsTerraform(t *testing.T) {
	_, opts, _ := testTree(t)
	assert.Contains(t, evalErr(t, opts, `file("nope.txt")`), `no file exists at "nope.txt"`)
	assert.Contains(t, evalErr(t, opts, `file(sensitive("nope.txt"))`), "no file exists at (sensitive value)")
	assert.Contains(t, evalErr(t, opts, `filemd5("nope.txt")`), "failed: open nope.txt: no such file or directory.")

	assert.Contains(t, evalErr(t, opts, `fileexists("mod")`), `failed: "mod" is a directory, not a file.`)
	assert.Equal(t, cty.False, unmarked(evalOK(t, opts, `fileexists("nope")`)))
}

func TestFileset(t *testing.T) {
	_, opts, _ := testTree(t)
	set := func(src string) []string {
		var out []string
		for _, v := range unmarked(evalOK(t, opts, src)).AsValueSlice() {
			out = append(out, v.AsString())
		}
		return out
	}
	assert.Equal(t, []string{"a.txt", "sub/b.txt"}, set(`fileset("mod", "**")`))
	assert.Equal(t, []string{"a.txt"}, set(`fileset("mod", "*.txt")`))
	assert.Equal(t, []string{"sub/b.txt"}, set(`fileset("mod", "*/*.txt")`))
	assert.Equal(t, []string{"mod/a.txt"}, set(`fileset(".", "mod/a.txt")`))
	assert.Empty(t, set(`fileset("nowhere", "*")`))
	assert.Contains(t, evalErr(t, opts, `fileset("mod", "[")`), `failed to glob pattern "mod/["`)
}

func TestTemplateFile(t *testing.T) {
	_, opts, _ := testTree(t)
	assert.Equal(t, `{"mode": "SSE-KMS"}`, unmarked(evalOK(t, opts, `templatefile("tpl/doc.tftpl", {mode = "SSE-KMS"})`)).AsString())
	assert.Equal(t, `["A","B"]`, unmarked(evalOK(t, opts, `templatefile("tpl/list.tftpl", {xs = ["a", "b"]})`)).AsString())
	assert.Contains(t, evalErr(t, opts, `templatefile("tpl/doc.tftpl", {})`), `vars map does not contain key "mode"`)
	assert.Contains(t, evalErr(t, opts, `templatefile("tpl/self.tftpl", {})`), "cannot recursively call templatefile")
	v := evalOK(t, opts, `templatefile("tpl/doc.tftpl", {mode = sensitive("x")})`)
	assert.True(t, v.HasMark(marks.Sensitive{}))
}

func TestTemplateStringTakesAReference(t *testing.T) {
	_, opts, _ := testTree(t)
	vars := map[string]cty.Value{"local": cty.ObjectVal(map[string]cty.Value{"t": cty.StringVal("Hello, ${name}!")})}
	v, diags := eval(t, opts, `templatestring(local.t, {name = "EMR"})`, vars)
	require.False(t, diags.HasErrors(), diags.Error())
	assert.Equal(t, "Hello, EMR!", v.AsString())
	_, diags = eval(t, opts, `templatestring("x", {})`, vars)
	require.True(t, diags.HasErrors())
	assert.Contains(t, diags[0].Detail, "does not support providing a literal template")
	_, diags = eval(t, opts, `templatestring(lower(local.t), {})`, vars)
	require.True(t, diags.HasErrors())
	assert.Contains(t, diags[0].Detail, "must be a direct reference")
}

func TestAfterApplyFunctionsAreBlocked(t *testing.T) {
	_, opts, _ := testTree(t)
	for src, blocker := range map[string]string{
		`timestamp()`:        "timestamp() (known only after apply)",
		`uuid()`:             "uuid() (known only after apply)",
		`bcrypt("x")`:        "bcrypt() (known only after apply)",
		`bcrypt("x", 5)`:     "bcrypt() (known only after apply)",
		`plantimestamp()`:    "plantimestamp() (the time of the plan, different on every run)",
		`"a-${uuid()}"`:      "uuid() (known only after apply)",
		`upper(timestamp())`: "timestamp() (known only after apply)",
	} {
		v := evalOK(t, opts, src)
		assert.False(t, v.IsKnown(), src)
		_, ms := v.Unmark()
		assert.Contains(t, ms, marks.Blocker(blocker), src)
	}
	// The argument checks still run.
	evalErr(t, opts, `timestamp(1)`)
	evalErr(t, opts, `bcrypt()`)
}

func TestRemovedFunctionsSayWhatToWrite(t *testing.T) {
	_, opts, _ := testTree(t)
	assert.Contains(t, evalErr(t, opts, `list("a")`), `the "list" function was deprecated in Terraform v0.12 and is no longer available; use tolist([ ... ]) syntax`)
	assert.Contains(t, evalErr(t, opts, `core::map("a", 1)`), `use tomap({ ... }) syntax to write a literal map`)
	assert.Contains(t, evalErr(t, opts, `list()`), "no longer available")
}

func TestLookup(t *testing.T) {
	_, opts, _ := testTree(t)
	assert.Equal(t, cty.StringVal("v"), evalOK(t, opts, `lookup({k = "v"}, "k")`))
	assert.Equal(t, cty.StringVal("d"), evalOK(t, opts, `lookup({k = "v"}, "x", "d")`))
	assert.True(t, evalOK(t, opts, `lookup({k = "v"}, "x", null)`).IsNull())
	assert.True(t, evalOK(t, opts, `lookup(tomap({k = "v"}), "x", null)`).IsNull())
	assert.Contains(t, evalErr(t, opts, `lookup(tomap({k = "v"}), "x")`), `lookup failed to find key "x"`)
	assert.Contains(t, evalErr(t, opts, `lookup({k = "v"}, "x")`), `the given object has no attribute "x"`)
	assert.Contains(t, evalErr(t, opts, `lookup({k = "v"}, "x", 1, 2)`), "lookup() takes two or three arguments, got 4")
}

func TestCollectionFunctions(t *testing.T) {
	_, opts, _ := testTree(t)
	assert.Equal(t, cty.NumberIntVal(1), evalOK(t, opts, `index(["a", "b"], "b")`))
	assert.Contains(t, evalErr(t, opts, `index(["a"], "b")`), "failed: item not found.")
	assert.Equal(t, cty.StringVal("b"), evalOK(t, opts, `coalesce("", "b")`))
	assert.Equal(t, cty.ListVal([]cty.Value{cty.StringVal("x")}), evalOK(t, opts, `matchkeys(["x", "y"], ["a", "b"], ["a"])`))
	tr := evalOK(t, opts, `transpose({a = ["1", "2"], b = ["2"]})`)
	assert.Equal(t, cty.MapVal(map[string]cty.Value{
		"1": cty.ListVal([]cty.Value{cty.StringVal("a")}),
		"2": cty.ListVal([]cty.Value{cty.StringVal("a"), cty.StringVal("b")}),
	}), tr)
	assert.True(t, cty.NumberIntVal(6).Equals(evalOK(t, opts, `sum([1, 2, 3])`)).True())
	anyU, err := Functions(opts)["anytrue"].Call([]cty.Value{cty.ListVal([]cty.Value{cty.False, cty.UnknownVal(cty.Bool)})})
	require.NoError(t, err)
	assert.False(t, anyU.IsKnown())
	anyT, err := Functions(opts)["anytrue"].Call([]cty.Value{cty.ListVal([]cty.Value{cty.True, cty.UnknownVal(cty.Bool)})})
	require.NoError(t, err)
	assert.Equal(t, cty.True, anyT)
	assert.Equal(t, cty.False, evalOK(t, opts, `alltrue([true, null])`))
}

func TestProviderFunctions(t *testing.T) {
	_, opts, _ := testTree(t)
	v := evalOK(t, opts, `provider::aws::arn_parse("arn:aws:kms:eu-west-1:111122223333:key/a:b")`)
	assert.Equal(t, "key/a:b", v.GetAttr("resource").AsString())
	assert.Equal(t, "eu-west-1", v.GetAttr("region").AsString())
	assert.Equal(t, "arn:aws:s3:::b", evalOK(t, opts, `provider::aws::arn_build("aws", "s3", "", "", "b")`).AsString())
	assert.Equal(t, "arn:aws:iam::1:role/r", evalOK(t, opts, `provider::aws::trim_iam_role_path("arn:aws:iam::1:role/p/q/r")`).AsString())
	assert.Equal(t, "arn:aws:iam::1:role/r", evalOK(t, opts, `provider::aws::trim_iam_role_path("arn:aws:iam::1:role/r")`).AsString())
	// The provider documentation's examples.
	assert.Equal(t, "arn:aws:iam::444455556666:role/example", evalOK(t, opts, `provider::aws::trim_iam_role_path("arn:aws:iam::444455556666:role/with/path/example")`).AsString())
	assert.Equal(t, "arn:aws:iam::444455556666:role/example", evalOK(t, opts, `provider::aws::arn_build("aws", "iam", "", "444455556666", "role/example")`).AsString())
	parsed := evalOK(t, opts, `provider::aws::arn_parse("arn:aws:iam::444455556666:role/example")`)
	assert.Equal(t, cty.ObjectVal(map[string]cty.Value{
		"partition": cty.StringVal("aws"), "service": cty.StringVal("iam"), "region": cty.StringVal(""),
		"account_id": cty.StringVal("444455556666"), "resource": cty.StringVal("role/example"),
	}), parsed)
	evalErr(t, opts, `provider::aws::arn_parse("nope")`)
	evalErr(t, opts, `provider::aws::arn_parse("arn:aws:iam")`)
	evalErr(t, opts, `provider::aws::trim_iam_role_path("arn:aws:iam::1:user/u")`)

	other := ProviderFunction("provider::google::f")
	out, err := other.Call([]cty.Value{cty.StringVal("x"), cty.NullVal(cty.String)})
	require.NoError(t, err)
	assert.False(t, out.IsKnown())
	assert.True(t, out.HasMark(marks.Blocker("provider::google::f() (provider function, not evaluated)")))
}

func TestOpenTofuOnlyFunctions(t *testing.T) {
	_, opts, _ := testTree(t)
	opts.OpenTofu = true
	assert.Equal(t, cty.True, evalOK(t, opts, `cidrcontains("192.168.2.0/20", "192.168.2.0/22")`))
	assert.Equal(t, cty.False, evalOK(t, opts, `cidrcontains("fe80::/48", "fe81::1")`))
	evalErr(t, opts, `cidrcontains("10.0.0.0/8", "fe80::1")`)
	assert.Equal(t, "a b&c", evalOK(t, opts, `urldecode("a+b%26c")`).AsString())
	assert.Equal(t, "hello", evalOK(t, opts, `base64gunzip(base64gzip("hello"))`).AsString())
}

func TestCIDRAsTerraform(t *testing.T) {
	_, opts, _ := testTree(t)
	assert.Equal(t, "10.0.0.3", evalOK(t, opts, `cidrhost("010.0.0.0/8", 3)`).AsString(), "leading zeros, as Go before 1.17")
	assert.Equal(t, "fd00::ffff:ffff:ffff:ffff", evalOK(t, opts, `cidrhost("fd00::/64", 18446744073709551615)`).AsString(), "a host number beyond int64")
	assert.Contains(t, evalErr(t, opts, `cidrnetmask("fd00::/64")`), "IPv6 addresses cannot have a netmask")
	assert.Equal(t, cty.ListVal([]cty.Value{cty.StringVal("10.0.0.0/24"), cty.StringVal("10.0.1.0/24")}), evalOK(t, opts, `cidrsubnets("10.0.0.0/16", 8, 8)`))
}

func TestTimeCmp(t *testing.T) {
	_, opts, _ := testTree(t)
	assert.Equal(t, cty.NumberIntVal(1), evalOK(t, opts, `timecmp("2024-01-01T00:00:00.5Z", "2024-01-01T00:00:00Z")`))
	assert.Equal(t, cty.NumberIntVal(0), evalOK(t, opts, `timecmp("2024-01-01T01:00:00+01:00", "2024-01-01T00:00:00Z")`))
	assert.Contains(t, evalErr(t, opts, `timecmp("x", "2024-01-01T00:00:00Z")`), "not a valid RFC3339 timestamp")
}

func TestSensitivity(t *testing.T) {
	_, opts, _ := testTree(t)
	assert.Equal(t, cty.True, evalOK(t, opts, `issensitive(sensitive("a"))`))
	assert.Equal(t, cty.False, evalOK(t, opts, `issensitive(nonsensitive(sensitive("a")))`))
	// sensitive() keeps the other marks: the taint of a file read.
	v := evalOK(t, opts, `sensitive(file("sc.json"))`)
	assert.True(t, v.HasMark(marks.Sensitive{}))
	assert.True(t, v.HasMark(marks.Tainted{Source: "file sc.json"}))
}

func TestOSFileSystemReadsDirectly(t *testing.T) {
	base, _, _ := testTree(t)
	b, err := OSFileSystem{}.ReadFile(filepath.Join(base, "sc.json"))
	require.NoError(t, err)
	assert.Equal(t, `{"a": 1}`, string(b))
	_, err = OSFileSystem{}.Stat(filepath.Join(base, "nope"))
	assert.True(t, errors.Is(err, fs.ErrNotExist))
}

// A path or template read from a file, or sensitive, is not echoed.
func TestTaintedAndSensitiveTextIsNotEchoed(t *testing.T) {
	base, opts, _ := testTree(t)
	const canary = "CANARY7f3a9b2c1d"
	require.NoError(t, os.WriteFile(filepath.Join(base, "tpl", "bad.tftpl"), []byte("x ${"+canary+"} ${tonumber(\""+canary+"\")}"), 0o644))
	tainted := cty.StringVal("secret/" + canary).Mark(marks.Tainted{Source: "file paths.txt"})
	vars := map[string]cty.Value{"local": cty.ObjectVal(map[string]cty.Value{"p": tainted, "missing": cty.StringVal(canary).Mark(marks.Tainted{Source: "file p"})})}

	v, diags := eval(t, opts, `file(local.p)`, vars)
	require.False(t, diags.HasErrors())
	_, ms := v.Unmark()
	assert.Contains(t, ms, marks.Blocker("file(…) (read refused: outside the scanned tree)"))

	for _, src := range []string{`file(local.missing)`, `filemd5(local.missing)`, `templatefile("tpl/bad.tftpl", {})`, `templatefile("tpl/bad.tftpl", {` + canary + ` = "a"})`} {
		_, diags := eval(t, opts, src, vars)
		require.True(t, diags.HasErrors(), src)
		assert.NotContains(t, diags.Error(), canary, src)
	}
	_, diags = eval(t, opts, `templatefile("tpl/bad.tftpl", {})`, vars)
	assert.Contains(t, diags.Error(), "vars map does not contain key (value read from file tpl/bad.tftpl)")
}

// TestLookupWithUnknownElements: a known map or object holding some
// unknown elements gives its known element; what terraform 1.11.4 console
// prints for u = terraform_data.x.id (unknown) is recorded in the comments.
func TestLookupWithUnknownElements(t *testing.T) {
	_, opts, _ := testTree(t)
	u := cty.UnknownVal(cty.String)
	vars := map[string]cty.Value{
		"obj": cty.ObjectVal(map[string]cty.Value{"k": cty.StringVal("subnet-1"), "u": u}),
		"m":   cty.MapVal(map[string]cty.Value{"k": cty.StringVal("subnet-1"), "u": u}),
	}
	for src, want := range map[string]cty.Value{
		`lookup(obj, "k")`:       cty.StringVal("subnet-1"), // "subnet-1"
		`lookup(m, "k")`:         cty.StringVal("subnet-1"), // "subnet-1"
		`m["k"]`:                 cty.StringVal("subnet-1"), // "subnet-1"
		`lookup(m, "zz", "d")`:   cty.StringVal("d"),        // "d"
		`lookup(obj, "zz", "d")`: cty.StringVal("d"),        // "d"
	} {
		v, diags := eval(t, opts, src, vars)
		require.False(t, diags.HasErrors(), "%s: %s", src, diags.Error())
		assert.True(t, want.RawEquals(v), "%s = %#v", src, v)
	}
	v, diags := eval(t, opts, `lookup(m, "u")`, vars)
	require.False(t, diags.HasErrors())
	assert.False(t, v.IsKnown(), "the unknown element stays unknown")
}
