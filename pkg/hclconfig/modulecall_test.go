package hclconfig

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/zclconf/go-cty/cty"

	"github.com/tfemrcheck/tfemrcheck/pkg/marks"
)

// An argument of an uninstalled module is a security configuration only
// when its value shows it: an unknown string (a variable without a value,
// a label module's output) tells nothing, so it is neither a document nor
// a sign that the module creates EMR resources. Public modules call
// label modules with a dozen such arguments.
func TestUnevaluatedCallUnknownArgumentIsNoDocument(t *testing.T) {
	dir := t.TempDir()
	src := `
variable "name" {
  type    = string
}
module "this" {
  source    = "cloudposse/label/null"
  version   = "0.25.0"
  name      = var.name
  delimiter = "-"
  tags      = { Team = "data" }
}
module "sc" {
  source = "example/things/aws"
  config = jsonencode({ EncryptionConfiguration = { EnableAtRestEncryption = false } })
}
`
	if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	m, diags := Load(dir, Options{})
	if diags.HasErrors() {
		t.Fatal(diags.Error())
	}
	calls := map[string]bool{}
	for _, mc := range m.ModuleCalls {
		calls[mc.Address] = true
		switch mc.Address {
		case "module.this":
			if mc.MayCreateEMR() || len(mc.Documents) != 0 {
				t.Errorf("module.this: hints %q, %d documents; want none: its arguments are not security configurations", mc.EMRHints, len(mc.Documents))
			}
		case "module.sc":
			if len(mc.Documents) != 1 || !mc.MayCreateEMR() {
				t.Errorf("module.sc: hints %q, %d documents; want the jsonencode document", mc.EMRHints, len(mc.Documents))
			}
		}
	}
	if !calls["module.this"] || !calls["module.sc"] {
		t.Fatalf("module calls %v, want module.this and module.sc", calls)
	}
}

// emrShapedKey looks through marks, unknowns, nulls, sets and maps for an
// EMR-only key, and within its bounds only: a value nested deeper than
// emrShapeMaxDepth (hostile code) is not walked to the bottom.
func TestEMRShapedKey(t *testing.T) {
	secret := cty.StringVal("x").Mark(marks.Sensitive{})
	fleet := cty.ObjectVal(map[string]cty.Value{
		"instance_type_configs": cty.ListVal([]cty.Value{cty.ObjectVal(map[string]cty.Value{"instance_type": secret})}),
		"name":                  cty.UnknownVal(cty.String),
	})
	deep := cty.MapVal(map[string]cty.Value{"default_s3_location": cty.StringVal("s3://b")})
	for i := 0; i < emrShapeMaxDepth+1; i++ {
		deep = cty.ListVal([]cty.Value{deep})
	}
	for _, c := range []struct {
		name string
		v    cty.Value
		want string
	}{
		{"nested in a tuple, marked", cty.TupleVal([]cty.Value{cty.NullVal(cty.String), fleet.Mark(marks.Sensitive{})}), "instance_type_configs"},
		{"map key", cty.MapVal(map[string]cty.Value{"eks_info": cty.StringVal("x"), "auth_mode": cty.StringVal("IAM")}), "eks_info"},
		{"shared names only", cty.ObjectVal(map[string]cty.Value{"instance_type": cty.StringVal("m5.xlarge"), "auth_mode": cty.StringVal("IAM")}), ""},
		{"unknown", cty.UnknownVal(cty.Map(cty.String)), ""},
		{"a string", cty.StringVal("instance_type_configs"), ""},
		{"deeper than the bound", deep, ""},
	} {
		if got := emrShapedKey(c.v); got != c.want {
			t.Errorf("%s: got %q, want %q", c.name, got, c.want)
		}
	}
}
