package hclconfig

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclparse"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tfemrcheck/tfemrcheck/internal/testgen"
)

// writeModule writes files (name -> text) into a new directory.
func writeModule(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, text := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
		require.NoError(t, os.WriteFile(p, []byte(text), 0o644))
	}
	return dir
}

// limitDiag returns the one "Evaluation limit reached" diagnostic.
func limitDiag(t *testing.T, diags hcl.Diagnostics) *hcl.Diagnostic {
	t.Helper()
	var found []*hcl.Diagnostic
	for _, d := range diags {
		if strings.HasPrefix(d.Summary, "Evaluation limit reached") {
			found = append(found, d)
		}
	}
	require.Len(t, found, 1, "diagnostics: %s", diags.Error())
	return found[0]
}

func TestBudgetStopsHostileEvaluation(t *testing.T) {
	doubling := "locals {\n  s0 = \"ab\"\n"
	for i := 1; i <= 40; i++ {
		doubling += fmt.Sprintf("  s%d = \"${local.s%d}${local.s%d}\"\n", i, i-1, i-1)
	}
	doubling += "}\nresource \"aws_emr_cluster\" \"c\" {\n  name = local.s40\n}\n"
	funcDoubling := "locals {\n  s0 = \"ab\"\n"
	for i := 1; i <= 40; i++ {
		funcDoubling += fmt.Sprintf("  s%d = join(\"\", [local.s%d, local.s%d])\n", i, i-1, i-1)
	}
	funcDoubling += "}\nresource \"aws_emr_cluster\" \"c\" {\n  name = local.s40\n}\n"
	const cluster = "resource \"aws_emr_cluster\" \"c\" {\n  name = local.x\n}\n"
	cases := []struct {
		name  string
		files map[string]string
		limit string
	}{
		{"count = 1e9", map[string]string{"main.tf": "resource \"aws_emr_cluster\" \"c\" {\n  count = 1e9\n  name = \"c\"\n}\n"}, "max_instances"},
		{"count = 1e30", map[string]string{"main.tf": "resource \"aws_emr_cluster\" \"c\" {\n  count = 1e30\n  name = \"c\"\n}\n"}, "max_instances"},
		{"module count = 1e9", map[string]string{"main.tf": "module \"m\" {\n  source = \"./m\"\n  count = 1e9\n}\n", "m/main.tf": ""}, "max_instances"},
		{"25 modules calling the next twice", testgen.NestedModules(25), "max_module_instances"},
		{"20 nested dynamic blocks", map[string]string{"main.tf": testgen.NestedDynamicCluster(20)}, "max_blocks"},
		{"string doubled 40 times", map[string]string{"main.tf": doubling}, "max_bytes"},
		{"string doubled 40 times by join", map[string]string{"main.tf": funcDoubling}, "max_bytes"},
		{"setproduct of three ranges", map[string]string{"main.tf": "locals {\n  x = length(setproduct(range(1024), range(1024), range(1024)))\n}\n" + cluster}, "max_values"},
		{"nested for over ranges", map[string]string{"main.tf": "locals {\n  x = length(flatten([for a in range(1024) : [for b in range(1024) : [for c in range(1024) : c]]]))\n}\n" + cluster}, "max_values"},
		{"nested for in a template", map[string]string{"main.tf": "locals {\n  x = \"%{for a in range(1024)}%{for b in range(1024)}%{for c in range(1024)}x%{endfor}%{endfor}%{endfor}\"\n}\n" + cluster}, "max_values"},
		{"nested for in a template file", map[string]string{"main.tf": "locals {\n  x = templatefile(\"${path.module}/t.tpl\", {})\n}\n" + cluster, "t.tpl": "%{for a in range(1024)}%{for b in range(1024)}%{for c in range(1024)}x%{endfor}%{endfor}%{endfor}"}, "max_values"},
		{"nested for in a default", map[string]string{"main.tf": "variable \"v\" {\n  default = [for a in [1,2,3,4,5,6,7,8,9,10] : [for b in [1,2,3,4,5,6,7,8,9,10] : [for c in [1,2,3,4,5,6,7,8,9,10] : [for d in [1,2,3,4,5,6,7,8,9,10] : [for e in [1,2,3,4,5,6,7,8,9,10] : [for f in [1,2,3,4,5,6,7,8,9,10] : [for g in [1,2,3,4,5,6,7,8,9,10] : 1]]]]]]]\n}\n"}, "max_values"},
		{"nested for in a .tf.json template over a local", map[string]string{"main.tf.json": jsonLocals(`"x": "` + jsonLoop + `"`)}, "max_values"},
		{"nested [for] inside ${} in a .tf.json string", map[string]string{"main.tf.json": jsonLocals(`"x": "${length(flatten([for a in local.big : [for b in local.big : [for c in local.big : c]]]))}"`)}, "max_values"},
		{"nested for in a .tf.json string inside an object and an array", map[string]string{"main.tf.json": jsonLocals(`"x": {"k": [1, "` + jsonLoop + `"]}`)}, "max_values"},
		{"nested for in a .tf.json object key", map[string]string{"main.tf.json": jsonLocals(`"x": {"` + jsonLoop + `": 1}`)}, "max_values"},
		{"nested for in a .tf.json resource argument", map[string]string{"main.tf.json": `{"locals": {"big": "${range(1024)}"}, "resource": {"aws_emr_cluster": {"c": {"name": "` + jsonLoop + `"}}}}`}, "max_values"},
		{"nested for in a .tf.json dynamic block", map[string]string{"main.tf.json": `{"locals": {"big": "${range(1024)}"}, "resource": {"aws_emr_cluster": {"c": {"name": "c", "dynamic": {"step": {"for_each": [1], "content": {"name": "` + jsonLoop + `"}}}}}}}`}, "max_values"},
		{"format width", map[string]string{"main.tf": "locals {\n  x = format(\"%999999999999d\", 1)\n}\n" + cluster}, "max_bytes"},
		{"indent", map[string]string{"main.tf": "locals {\n  x = indent(1e12, \"a\\nb\")\n}\n" + cluster}, "max_bytes"},
		{"join separator", map[string]string{"main.tf": "locals {\n  sep = join(\"\", [for i in range(1000) : \"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\"])\n  x = join(local.sep, [for p in setproduct(range(1000), range(1000)) : \"\"])\n}\n" + cluster}, "max_"},
		{"regex replace", map[string]string{"main.tf": "locals {\n  s = join(\"\", [for i in range(1000) : \"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\"])\n  x = replace(local.s, \"/x/\", \"$0$0$0$0\")\n  y = replace(local.x, \"/x/\", \"$0$0$0$0\")\n  z = replace(local.y, \"/x/\", \"$0$0$0$0\")\n}\n" + cluster}, "max_bytes"},
		{"yaml billion laughs", map[string]string{"main.tf": "locals {\n  x = jsonencode(yamldecode(file(\"${path.module}/laughs.yaml\")))\n}\n" + cluster, "laughs.yaml": testgen.BillionLaughsYAML}, "max_"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			dir := writeModule(t, tc.files)
			start := time.Now()
			// Budgets far below the defaults: this test proves that each
			// budget stops its attack and names itself, and reaching a
			// small budget is as good a proof as reaching a large one, at
			// a fraction of the CPU (under the race detector too). The
			// CLI's hostile-input tests run the same attacks against the
			// defaults.
			_, diags := Load(dir, Options{Limits: Limits{MaxValues: 20_000, MaxBytes: 4 << 20, MaxBlocks: 1_000, MaxModuleInstances: 100}})
			elapsed := time.Since(start)
			require.True(t, diags.HasErrors())
			d := limitDiag(t, diags)
			assert.Contains(t, d.Summary, tc.limit)
			assert.Contains(t, d.Detail, "(max_", "the detail names the limit")
			require.NotNil(t, d.Subject, "the diagnostic names a file: %s", d.Detail)
			assert.True(t, strings.HasPrefix(d.Subject.Filename, dir), d.Subject.Filename)
			t.Logf("%s in %s: %s", d.Subject, elapsed.Round(time.Millisecond), d.Detail)
		})
	}
}

// jsonLoop is a template string asking for 1024^3 iterations over
// local.big (see jsonLocals) with no function call inside the loop.
const jsonLoop = "%{for a in local.big}%{for b in local.big}%{for c in local.big}x%{endfor}%{endfor}%{endfor}"

// jsonLocals is a main.tf.json whose locals are local.big = range(1024)
// and the given members, and whose cluster's name is local.x.
func jsonLocals(members string) string {
	return `{"locals": {"big": "${range(1024)}", ` + members + `}, "resource": {"aws_emr_cluster": {"c": {"name": "${jsonencode(local.x)}"}}}}`
}

// TestBudgetTimeout: the deadline is checked at each evaluation step, so
// a root module that takes too long stops with an error naming a file.
func TestBudgetTimeout(t *testing.T) {
	dir := writeModule(t, map[string]string{"main.tf": "locals {\n  x = [for i in range(1000) : i]\n}\nresource \"aws_emr_cluster\" \"c\" {\n  name = local.x[0]\n}\n"})
	_, diags := Load(dir, Options{Limits: Limits{Timeout: time.Nanosecond}})
	d := limitDiag(t, diags)
	assert.Equal(t, "Evaluation limit reached: timeout", d.Summary)
	require.NotNil(t, d.Subject)
	assert.Contains(t, d.Subject.Filename, "main.tf")
}

// TestBudgetAllowsOrdinaryConfigurations: every configuration under
// testdata/ and examples/ (the deliberately broken ones under
// testdata/bad aside) loads without reaching any limit.
func TestBudgetAllowsOrdinaryConfigurations(t *testing.T) {
	dirs := map[string]bool{}
	for _, root := range []string{"../../testdata", "../../examples"} {
		_ = filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
			if err != nil {
				return nil
			}
			if d.IsDir() && (d.Name() == "bad" || d.Name() == ".terraform") {
				return filepath.SkipDir
			}
			if !d.IsDir() && (strings.HasSuffix(p, ".tf") || strings.HasSuffix(p, ".tf.json")) {
				dirs[filepath.Dir(p)] = true
			}
			return nil
		})
	}
	require.Greater(t, len(dirs), 10)
	for _, dir := range sortedKeys(dirs) {
		_, diags := Load(dir, Options{})
		for _, d := range diags {
			assert.False(t, strings.HasPrefix(d.Summary, "Evaluation limit") || d.Summary == "File too large" || d.Summary == "Nesting too deep",
				"%s: %s: %s", dir, d.Summary, d.Detail)
		}
	}
	t.Logf("%d directories", len(dirs))
}

func TestFileLimits(t *testing.T) {
	t.Run("symlink to /dev/zero", func(t *testing.T) {
		dir := writeModule(t, nil)
		require.NoError(t, os.Symlink("/dev/zero", filepath.Join(dir, "main.tf")))
		_, diags := Load(dir, Options{})
		require.True(t, diags.HasErrors())
		assert.Contains(t, diags.Error(), "main.tf")
		assert.Contains(t, diags.Error(), "a symbolic link leads outside the scanned tree")
	})
	t.Run("file over max_file_bytes", func(t *testing.T) {
		dir := writeModule(t, map[string]string{"main.tf": "locals {\n  a = \"" + strings.Repeat("x", 2000) + "\"\n}\n"})
		_, diags := Load(dir, Options{Limits: Limits{MaxFileBytes: 1000}})
		require.True(t, diags.HasErrors())
		assert.Contains(t, diags.Error(), "max_file_bytes")
		assert.Contains(t, diags.Error(), "main.tf")
	})
	t.Run("sources over max_source_bytes", func(t *testing.T) {
		files := map[string]string{}
		for i := 0; i < 4; i++ {
			files[fmt.Sprintf("f%d.tf", i)] = fmt.Sprintf("locals {\n  a%d = \"%s\"\n}\n", i, strings.Repeat("x", 400))
		}
		dir := writeModule(t, files)
		_, diags := Load(dir, Options{Limits: Limits{MaxSourceBytes: 1000}})
		require.True(t, diags.HasErrors())
		assert.Contains(t, diags.Error(), "max_source_bytes")
	})
	t.Run("deep unary in tfvars", func(t *testing.T) {
		dir := writeModule(t, map[string]string{
			"main.tf":          "variable \"a\" {}\n",
			"terraform.tfvars": "a = " + strings.Repeat("!", 300000) + "true\n",
		})
		_, diags := Load(dir, Options{})
		require.True(t, diags.HasErrors())
		assert.Contains(t, diags.Error(), "terraform.tfvars")
		assert.Contains(t, diags.Error(), "levels deep")
	})
	t.Run("deep template through templatefile", func(t *testing.T) {
		dir := writeModule(t, map[string]string{
			"main.tf": "locals {\n  x = templatefile(\"${path.module}/t.tpl\", {})\n}\nresource \"aws_emr_cluster\" \"c\" {\n  name = local.x\n}\n",
			"t.tpl":   strings.Repeat("%{if true}", 100000),
		})
		_, diags := Load(dir, Options{})
		require.True(t, diags.HasErrors())
		assert.Contains(t, diags.Error(), "levels deep")
		assert.Contains(t, diags.Error(), "main.tf")
	})
	t.Run("deep JSON through jsondecode", func(t *testing.T) {
		dir := writeModule(t, map[string]string{
			"main.tf": "locals {\n  x = jsondecode(file(\"${path.module}/d.json\"))\n}\nresource \"aws_emr_cluster\" \"c\" {\n  name = local.x\n}\n",
			"d.json":  strings.Repeat("[", 200000) + strings.Repeat("]", 200000),
		})
		_, diags := Load(dir, Options{})
		require.True(t, diags.HasErrors())
		assert.Contains(t, diags.Error(), "main.tf:2")
		// the detail is hidden because the text was read from a file
		// (taint); the same JSON given inline says why
		dir = writeModule(t, map[string]string{
			"main.tf": "locals {\n  x = jsondecode(\"" + strings.Repeat("[", 2000) + strings.Repeat("]", 2000) + "\")\n}\nresource \"aws_emr_cluster\" \"c\" {\n  name = local.x\n}\n",
		})
		_, diags = Load(dir, Options{})
		require.True(t, diags.HasErrors())
		assert.Contains(t, diags.Error(), "the JSON text nests brackets 2000 levels deep")
	})
}

// TestSensitiveForEach: as Terraform 1.11 (terraform plan on the same
// shapes, recorded here): a sensitive for_each value, a sensitive key or
// a sensitive set element is an error that does not echo the value;
// sensitive values inside a map are allowed. A sensitive count is
// accepted by Terraform, and here.
func TestSensitiveForEach(t *testing.T) {
	const secret = "s3cr3t-key"
	head := "variable \"s\" {\n  default   = \"" + secret + "\"\n  sensitive = true\n}\n"
	for name, tc := range map[string]struct {
		body string
		ok   bool
	}{
		"sensitive key":                  {"resource \"aws_emr_cluster\" \"c\" {\n  for_each = { (var.s) = 1 }\n  name = \"c\"\n}\n", false},
		"sensitive set element":          {"resource \"aws_emr_cluster\" \"c\" {\n  for_each = toset([var.s, \"b\"])\n  name = \"c\"\n}\n", false},
		"sensitive whole value":          {"resource \"aws_emr_cluster\" \"c\" {\n  for_each = sensitive({ a = 1 })\n  name = \"c\"\n}\n", false},
		"sensitive module keys":          {"module \"m\" {\n  source = \"./m\"\n  for_each = toset([var.s])\n}\n", false},
		"sensitive map value":            {"resource \"aws_emr_cluster\" \"c\" {\n  for_each = { a = var.s }\n  name = \"c\"\n}\n", true},
		"sensitive count (as Terraform)": {"resource \"aws_emr_cluster\" \"c\" {\n  count = length(var.s) > 0 ? 1 : 0\n  name = \"c\"\n}\n", true},
	} {
		t.Run(name, func(t *testing.T) {
			dir := writeModule(t, map[string]string{"main.tf": head + tc.body, "m/main.tf": "resource \"aws_emr_cluster\" \"c\" { name = \"c\" }\n"})
			m, diags := Load(dir, Options{})
			for _, r := range m.Resources {
				assert.NotContains(t, r.Address, secret)
			}
			assert.NotContains(t, diags.Error(), secret)
			if tc.ok {
				require.False(t, diags.HasErrors(), diags.Error())
				return
			}
			require.True(t, diags.HasErrors())
			assert.Contains(t, diags.Error(), "Invalid for_each argument")
			assert.Contains(t, diags.Error(), "Sensitive values, or values derived from sensitive values, cannot be used as for_each arguments.")
		})
	}
}

// TestLiteralContexts: variable defaults and tfvars are evaluated with
// the budget's counter but no functions; a function call there is the
// error Terraform gives, and a for expression still works.
func TestLiteralContexts(t *testing.T) {
	dir := writeModule(t, map[string]string{
		"main.tf":          "variable \"a\" {\n  default = upper(\"x\")\n}\nvariable \"b\" {\n  default = [for x in [1, 2] : x * 2]\n}\nvariable \"c\" {}\n",
		"terraform.tfvars": "c = { for k in [\"p\", \"q\"] : k => k }\n",
	})
	l := &loader{opts: Options{}, rootDir: dir, parser: hclparse.NewParser(), modules: map[string]*moduleConfig{}, budget: newBudget(Limits{}, nil)}
	cfg, diags := l.loadModule(dir, nil)
	require.False(t, diags.HasErrors(), diags.Error())
	vars := l.rootVariables(cfg)
	require.True(t, l.diags.HasErrors())
	assert.Contains(t, l.diags.Error(), "Function calls not allowed")
	assert.Equal(t, `cty.TupleVal([]cty.Value{cty.NumberIntVal(2), cty.NumberIntVal(4)})`, vars["b"].val.GoString())
	assert.Equal(t, `cty.ObjectVal(map[string]cty.Value{"p":cty.StringVal("p"), "q":cty.StringVal("q")})`, vars["c"].val.GoString())
}

// stallingFS is a file system whose reads wait until release is closed:
// an evaluation step nothing in the budget can interrupt (as a read from
// a hung network file system would be).
type stallingFS struct{ release chan struct{} }

func (s stallingFS) ReadFile(string) ([]byte, error) {
	<-s.release
	return nil, fs.ErrNotExist
}
func (s stallingFS) Stat(string) (fs.FileInfo, error)      { <-s.release; return nil, fs.ErrNotExist }
func (s stallingFS) ReadDir(string) ([]fs.DirEntry, error) { <-s.release; return nil, fs.ErrNotExist }

// TestBudgetAbandonsUncheckedSteps: a step that never calls back into
// the budget (here a file read that hangs) does not hold Load: it
// returns soon after the deadline, with a timeout error naming the
// directory, and leaves the step to end itself.
func TestBudgetAbandonsUncheckedSteps(t *testing.T) {
	release := make(chan struct{})
	t.Cleanup(func() { close(release) })
	dir := writeModule(t, map[string]string{"main.tf": "locals {\n  x = file(\"${path.module}/x\")\n}\nresource \"aws_emr_cluster\" \"c\" {\n  name = local.x\n}\n"})
	start := time.Now()
	m, diags := Load(dir, Options{Files: stallingFS{release}, Limits: Limits{Timeout: 20 * time.Millisecond}})
	elapsed := time.Since(start)
	require.NotNil(t, m)
	require.Len(t, diags, 1, diags.Error())
	assert.Equal(t, "Evaluation limit reached: timeout", diags[0].Summary)
	assert.Contains(t, diags[0].Detail, dir)
	assert.Contains(t, diags[0].Detail, "abandoned")
	t.Logf("returned after %s", elapsed)
}
