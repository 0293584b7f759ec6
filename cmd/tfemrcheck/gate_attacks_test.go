package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The attacks of issue 24: a pull request that shows the gate a
// configuration other than the one the deploy job applies. Each test
// builds the attacker's tree and runs the CLI on it.

// sseC is a security configuration that fails EMR-SC-001 (SSE-C).
const sseC = `
resource "aws_emr_security_configuration" "sc" {
  name = "sc"
  configuration = jsonencode({
    EncryptionConfiguration = {
      EnableInTransitEncryption = false
      EnableAtRestEncryption    = true
      AtRestEncryptionConfiguration = {
        S3EncryptionConfiguration = { EncryptionMode = "SSE-C" }
      }
    }
  })
}
`

// sseKMS is the same configuration with SSE-KMS: no EMR-SC-001.
const sseKMS = `
resource "aws_emr_security_configuration" "sc" {
  name = "sc"
  configuration = jsonencode({
    EncryptionConfiguration = {
      EnableInTransitEncryption = false
      EnableAtRestEncryption    = true
      AtRestEncryptionConfiguration = {
        S3EncryptionConfiguration = {
          EncryptionMode = "SSE-KMS"
          AwsKmsKey      = "arn:aws:kms:eu-west-1:123456789012:key/0b7c2f1e-1111-4a5b-9c3d-000000000001"
        }
      }
    }
  })
}
`

func writeTree(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, body := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
		require.NoError(t, os.WriteFile(p, []byte(body), 0o644))
	}
	return dir
}

func findingsOf(o jsonOut, rule string) (out []string) {
	for _, f := range o.Findings {
		if f.RuleID == rule {
			out = append(out, f.Status+" "+f.Address+" engine="+f.Engine)
		}
	}
	return out
}

// TestAttackTofuFileHidesTheTerraformConfiguration: main.tofu (SSE-KMS)
// beside an SSE-C main.tf. Terraform ignores main.tofu and applies the
// SSE-C main.tf; the gate must not check only the OpenTofu view.
func TestAttackTofuFileHidesTheTerraformConfiguration(t *testing.T) {
	dir := writeTree(t, map[string]string{"main.tf": sseC, "main.tofu": sseKMS})

	r := runCLI(t, "", dir)
	assert.Equal(t, 1, r.code, r.stdout+r.stderr)
	assert.Contains(t, r.stdout, "Terraform only")
	assert.Contains(t, r.stdout, "reads differently under Terraform and OpenTofu")

	out := decode(t, runCLI(t, "", "--format", "json", dir).stdout)
	assert.Equal(t, []string{"fail aws_emr_security_configuration.sc engine=terraform"}, findingsOf(out, "EMR-SC-001"))

	// The engine named: Terraform sees SSE-C, OpenTofu does not.
	out = decode(t, runCLI(t, "", "--format", "json", "--engine", "terraform", dir).stdout)
	assert.Equal(t, []string{"fail aws_emr_security_configuration.sc engine="}, findingsOf(out, "EMR-SC-001"))
	out = decode(t, runCLI(t, "", "--format", "json", "--engine", "opentofu", dir).stdout)
	assert.Empty(t, findingsOf(out, "EMR-SC-001"))
	out = decode(t, runCLI(t, "", "--format", "json", "--opentofu", dir).stdout)
	assert.Empty(t, findingsOf(out, "EMR-SC-001"))
}

// TestAttackTofuFileCarriesTheBadConfiguration: the reverse, for a
// pipeline that deploys with OpenTofu: the SSE-C document is in main.tofu.
func TestAttackTofuFileCarriesTheBadConfiguration(t *testing.T) {
	dir := writeTree(t, map[string]string{"main.tf": sseKMS, "main.tofu": sseC})
	out := decode(t, runCLI(t, "", "--format", "json", dir).stdout)
	assert.Equal(t, []string{"fail aws_emr_security_configuration.sc engine=opentofu"}, findingsOf(out, "EMR-SC-001"))
	out = decode(t, runCLI(t, "", "--format", "json", "--engine", "terraform", dir).stdout)
	assert.Empty(t, findingsOf(out, "EMR-SC-001"))
}

// TestSameFindingInBothViewsIsReportedOnce: a .tofu file that changes
// nothing relevant leaves the finding once, with no engine.
func TestSameFindingInBothViewsIsReportedOnce(t *testing.T) {
	dir := writeTree(t, map[string]string{"main.tf": sseC, "versions.tofu": "terraform {}\n"})
	out := decode(t, runCLI(t, "", "--format", "json", dir).stdout)
	assert.Equal(t, []string{"fail aws_emr_security_configuration.sc engine="}, findingsOf(out, "EMR-SC-001"))
}

func TestEngineFlagIsChecked(t *testing.T) {
	r := runCLI(t, "", "--engine", "pulumi", ".")
	assert.Equal(t, 2, r.code)
	assert.Contains(t, r.stderr, `unknown engine "pulumi"`)
	r = runCLI(t, "", "--engine", "terraform", "--opentofu", ".")
	assert.Equal(t, 2, r.code)
}

// TestAttackCommittedModuleStub: the pull request commits
// .terraform/modules/modules.json and a harmless stub in place of the
// registry module terraform init would download. Without
// --trust-installed-modules the stub is not evaluated: EMR-MOD-001, and
// --strict fails.
func TestAttackCommittedModuleStub(t *testing.T) {
	dir := writeTree(t, map[string]string{
		"main.tf": `
module "emr" {
  source  = "example-org/emr-cluster/aws"
  version = "1.2.3"
  release_label = "emr-6.15.0"
  s3_encryption_mode = "SSE-C"
}
`,
		".terraform/modules/modules.json": `{"Modules":[{"Key":"","Source":"","Dir":"."},{"Key":"emr","Source":"registry.terraform.io/example-org/emr-cluster/aws","Version":"1.2.3","Dir":".terraform/modules/emr"}]}`,
		".terraform/modules/emr/main.tf": `
variable "release_label" {}
variable "s3_encryption_mode" {}
`,
	})
	out := decode(t, runCLI(t, "", "--format", "json", dir).stdout)
	assert.Equal(t, []string{"indeterminate module.emr engine="}, findingsOf(out, "EMR-MOD-001"))
	r := runCLI(t, "", "--strict", dir)
	assert.Equal(t, 1, r.code, r.stdout)
	assert.Contains(t, r.stdout, "--trust-installed-modules")

	// The pipeline that ran its own init says so: the module is used.
	out = decode(t, runCLI(t, "", "--trust-installed-modules", "--format", "json", dir).stdout)
	assert.Empty(t, findingsOf(out, "EMR-MOD-001"))
	assert.Equal(t, 1, out.Summary.Checked.ModulesEvaluated)
}

// TestRunTaskIsTerraform is in pkg/runtask; here, the message of an
// error of one view names the engine.
func TestEngineErrorNamesTheView(t *testing.T) {
	dir := writeTree(t, map[string]string{"main.tf": sseKMS, "main.tofu": "resource \"aws_emr_security_configuration\" \"sc\" {\n  name = urldecode(\"a%20b\")\n  configuration = nope(\n"})
	r := runCLI(t, "", dir)
	assert.Equal(t, 2, r.code)
	assert.True(t, strings.Contains(r.stderr, "as OpenTofu reads the configuration"), r.stderr)
}

// TestAttackOutOfTreeModule: a module source that leaves the repository
// (another checkout on a shared runner) is not read: an input error, and
// nothing of the other tree in the output.
func TestAttackOutOfTreeModule(t *testing.T) {
	base := writeTree(t, map[string]string{
		"repo/.git/HEAD": "ref: refs/heads/main\n",
		"repo/envs/prod/main.tf": `
module "x" {
  source = "../../../otherrepo"
}
`,
		"otherrepo/main.tf": `
locals {
  secret = "SECRET-OF-THE-OTHER-CHECKOUT"
}
resource "aws_emr_security_configuration" "sc" {
  name          = local.secret
  configuration = nope(local.secret)
}
`,
	})
	r := runCLI(t, "", filepath.Join(base, "repo/envs/prod"))
	assert.Equal(t, 2, r.code, r.stdout+r.stderr)
	assert.Contains(t, r.stderr, "outside the scanned tree")
	assert.NotContains(t, r.stdout+r.stderr, "SECRET-OF-THE-OTHER-CHECKOUT")

	// The same through DIR/...: the tree is the repository.
	r = runCLI(t, "", filepath.Join(base, "repo")+"/...")
	assert.Equal(t, 2, r.code)
	assert.NotContains(t, r.stdout+r.stderr, "SECRET-OF-THE-OTHER-CHECKOUT")
}

// TestAttackCommittedDirectorySymlink: a module directory committed as a
// symbolic link out of the tree is not read.
func TestAttackCommittedDirectorySymlink(t *testing.T) {
	base := writeTree(t, map[string]string{
		"repo/.git/HEAD": "ref: refs/heads/main\n",
		"repo/main.tf":   "module \"m\" {\n  source = \"./mods\"\n}\n",
		"outside/main.tf": `output "o" { value = nope("SECRET-OUTSIDE") }
`,
	})
	require.NoError(t, os.Symlink(filepath.Join(base, "outside"), filepath.Join(base, "repo/mods")))
	r := runCLI(t, "", filepath.Join(base, "repo"))
	assert.Equal(t, 2, r.code, r.stdout+r.stderr)
	assert.Contains(t, r.stderr, "symbolic link leads outside")
	assert.NotContains(t, r.stdout+r.stderr, "SECRET-OUTSIDE")
}

// TestAttackManifestLinkedOutside: modules.json linked to a file outside
// the tree is refused before a byte of it is read (a JSON syntax error
// used to quote its first byte).
func TestAttackManifestLinkedOutside(t *testing.T) {
	base := writeTree(t, map[string]string{
		"repo/.git/HEAD": "ref: refs/heads/main\n",
		"repo/main.tf":   "module \"emr\" {\n  source = \"example-org/emr/aws\"\n  release_label = \"emr-6.15.0\"\n}\n",
		"secret":         "Qwerty-secret",
	})
	require.NoError(t, os.MkdirAll(filepath.Join(base, "repo/.terraform/modules"), 0o755))
	require.NoError(t, os.Symlink(filepath.Join(base, "secret"), filepath.Join(base, "repo/.terraform/modules/modules.json")))
	r := runCLI(t, "", "--trust-installed-modules", "--format", "json", filepath.Join(base, "repo"))
	assert.NotContains(t, r.stdout+r.stderr, "'Q'")
	assert.NotContains(t, r.stdout+r.stderr, "Qwerty")
	out := decode(t, r.stdout)
	assert.Equal(t, []string{"indeterminate module.emr engine="}, findingsOf(out, "EMR-MOD-001"))
}

// TestAttackDevZeroBesideTofuFile: with main.tofu present, OpenTofu's
// view does not read main.tf; a committed main.tf -> /dev/zero must still
// not be read by anything (the suppression scanner read it whole).
func TestAttackDevZeroBesideTofuFile(t *testing.T) {
	dir := writeTree(t, map[string]string{"main.tofu": sseKMS})
	require.NoError(t, os.Symlink("/dev/zero", filepath.Join(dir, "main.tf")))
	r := runCLI(t, "", dir)
	assert.Equal(t, 2, r.code, r.stdout+r.stderr)
	assert.Contains(t, r.stderr, "symbolic link leads outside")
	r = runCLI(t, "", "--engine", "opentofu", dir)
	assert.Equal(t, 2, r.code, r.stdout+r.stderr)
	assert.Contains(t, r.stderr, "symbolic link leads outside")
}

// TestRunTimeBudgetCoversTheWholeRun: the budget is the run's, not each
// root module's; the roots it does not reach are input errors, never a
// silent pass. (A budget spent before the first root: no timing.)
func TestRunTimeBudgetCoversTheWholeRun(t *testing.T) {
	files := map[string]string{}
	for _, n := range []string{"a", "b", "c"} {
		files[n+"/main.tf"] = sseKMS
	}
	dir := writeTree(t, files)
	r := runCLI(t, "", "--timeout", "1ns", dir+"/...")
	assert.Equal(t, 2, r.code, r.stdout+r.stderr)
	assert.Equal(t, 3, strings.Count(r.stderr, "not checked: the run's time budget (--timeout 1ns) was spent"), r.stderr)
	assert.Equal(t, 2, runCLI(t, "", "--timeout", "0s", dir).code)
}

// TestAttackLookupQuotesTheSecret: lookup({a = 1}, var.token) quoted the
// whole TF_VAR_token in its error, in every format and on stderr.
func TestAttackLookupQuotesTheSecret(t *testing.T) {
	dir := writeTree(t, map[string]string{"main.tf": `
variable "token" {
  type = string
}
locals {
  x = lookup({a = 1}, var.token)
}
`})
	for _, format := range formatNames {
		var out, errb strings.Builder
		code := run([]string{"--format", format, dir}, env{stdin: strings.NewReader(""), stdout: &out, stderr: &errb,
			environ: []string{"TF_VAR_token=hunter2-TOKEN-VALUE"}})
		assert.Equal(t, 2, code, format)
		assert.NotContains(t, out.String()+errb.String(), "hunter2", format)
		assert.Contains(t, errb.String(), "TF_VAR_token", format)
	}
}

// machineSC is a security configuration whose S3 mode is chosen by a
// machine-dependent expression EXPR: SSE-KMS when it is true, else SSE-C.
func machineSC(expr string) string {
	return strings.Replace(sseKMS, `EncryptionMode = "SSE-KMS"`, `EncryptionMode = (`+expr+`) ? "SSE-KMS" : "SSE-C"`, 1)
}

// TestAttackMachineDependentValues: values that differ between the gate
// and the deploy job are not known; what depends on them is
// indeterminate, naming why, so --strict fails.
func TestAttackMachineDependentValues(t *testing.T) {
	cases := []struct {
		name, expr string
		files      map[string]string
		says       string
	}{
		{"committed .terraform/environment", `terraform.workspace == "prod"`,
			map[string]string{".terraform/environment": "prod"}, "terraform.workspace"},
		{"the default workspace", `terraform.workspace == "default"`, nil, "no workspace was given"},
		{"path.cwd", `path.cwd != ""`, nil, "path.cwd"},
		{"abspath(path.root)", `abspath(path.root) != ""`, nil, "abspath()"},
		{"fileset over .terraform", `length(fileset(path.root, ".terraform/**")) == 0`, nil, "fileset() over .terraform"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			files := map[string]string{"main.tf": machineSC(c.expr)}
			for k, v := range c.files {
				files[k] = v
			}
			dir := writeTree(t, files)
			r := runCLI(t, "", "--format", "json", dir)
			out := decode(t, r.stdout)
			assert.Equal(t, []string{"indeterminate aws_emr_security_configuration.sc engine="}, findingsOf(out, "EMR-SC-001"), r.stdout+r.stderr)
			for _, f := range out.Findings {
				if f.RuleID == "EMR-SC-001" {
					assert.Contains(t, f.Message, c.says)
				}
			}
		})
	}
	// The pipeline names the workspace: known again.
	dir := writeTree(t, map[string]string{"main.tf": machineSC(`terraform.workspace == "prod"`), ".terraform/environment": "dev"})
	var o, e strings.Builder
	run([]string{"--format", "json", dir}, env{stdin: strings.NewReader(""), stdout: &o, stderr: &e, environ: []string{"TF_WORKSPACE=prod"}})
	assert.Empty(t, findingsOf(decode(t, o.String()), "EMR-SC-001"))
	// fileset elsewhere in the tree is the tree's own.
	dir = writeTree(t, map[string]string{"main.tf": machineSC(`length(fileset(path.root, "conf/*.json")) == 1`), "conf/a.json": "{}"})
	assert.Empty(t, findingsOf(decode(t, runCLI(t, "", "--format", "json", dir).stdout), "EMR-SC-001"))
}

// TestAttackOtherProviders: the SSE-C document through the awscc
// provider, or in a CloudFormation template, is not checked by the
// rules; the report says so instead of passing silently.
func TestAttackOtherProviders(t *testing.T) {
	dir := writeTree(t, map[string]string{"main.tf": `
resource "awscc_emr_security_configuration" "sc" {
  name = "sc"
  security_configuration = jsonencode({
    EncryptionConfiguration = {
      EnableAtRestEncryption = true
      AtRestEncryptionConfiguration = { S3EncryptionConfiguration = { EncryptionMode = "SSE-C" } }
    }
  })
}
resource "aws_cloudformation_stack" "emr" {
  name = "emr"
  template_body = jsonencode({
    Resources = {
      SC = { Type = "AWS::EMR::SecurityConfiguration", Properties = { SecurityConfiguration = { EncryptionConfiguration = {} } } }
    }
  })
}
resource "aws_cloudformation_stack" "bucket" {
  name          = "bucket"
  template_body = "{\"Resources\":{\"B\":{\"Type\":\"AWS::S3::Bucket\"}}}"
}
`})
	r := runCLI(t, "", "--format", "json", dir)
	assert.Contains(t, r.stdout, "awscc_emr_security_configuration is not checked")
	assert.Contains(t, r.stdout, "it declares AWS::EMR resources")
	assert.Equal(t, 1, strings.Count(r.stdout, "CloudFormation template of this stack is not checked"), "the S3-only stack is not noted")
}

// TestAttackForEachSpellsTheSecret: for_each over split("", var.token)
// made one address per character of a TF_VAR_ secret; keys from the
// environment are never shown.
func TestAttackForEachSpellsTheSecret(t *testing.T) {
	dir := writeTree(t, map[string]string{"main.tf": `
variable "token" {
  type = string
}
resource "aws_emr_security_configuration" "sc" {
  for_each      = toset(split("", var.token))
  name          = "sc"
  configuration = "{}"
}
`})
	var o, e strings.Builder
	run([]string{"--format", "json", dir}, env{stdin: strings.NewReader(""), stdout: &o, stderr: &e,
		environ: []string{"TF_VAR_token=qzv"}})
	out := decode(t, o.String())
	require.NotEmpty(t, out.Findings, o.String()+e.String())
	for _, f := range out.Findings {
		for _, c := range []string{`["q"]`, `["z"]`, `["v"]`} {
			assert.NotContains(t, f.Address, c)
		}
	}
	for _, c := range []string{`\"q\"`, `\"z\"`, `\"v\"`, `["q"]`} {
		assert.NotContains(t, o.String()+e.String(), c)
	}
}
