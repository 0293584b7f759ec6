package hclconfig

import (
	"os"
	"path/filepath"
	"testing"
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
