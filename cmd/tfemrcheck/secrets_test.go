package main

import (
	"bytes"
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Secrets canary (issue 6, item 6): testdata/secrets puts canary in every
// sensitive attribute (kdc_admin_password,
// cross_realm_trust_principal_password, ad_domain_join_password) as
// literals, as a sensitive variable's default and through sensitive
// variables set in terraform.tfvars, some of which flow into values the
// rules quote. No output format and no error message may contain it.

// canary is the secret planted in testdata/secrets.
const canary = "tfemrcheck-canary-7f3a9c1e"

const secrets = "../../testdata/secrets"

var allFormats = []string{"text", "json", "sarif", "junit", "github", "markdown"}

// leaks returns the lines of s that hold the canary.
func leaks(s string) []string {
	var out []string
	for _, line := range strings.Split(s, "\n") {
		if strings.Contains(line, canary) {
			out = append(out, strings.TrimSpace(line))
		}
	}
	return out
}

// assertNoCanary fails if any of the named outputs holds the canary.
func assertNoCanary(t *testing.T, outputs map[string]string) {
	t.Helper()
	for _, name := range []string{"stdout", "stderr", "output file"} {
		if l := leaks(outputs[name]); len(l) > 0 {
			t.Errorf("the canary appears in %s (%d line(s)), e.g.: %s", name, len(l), l[0])
		}
	}
}

// TestSecretsFixtureHoldsTheCanary keeps the canary test honest: the
// fixture really holds the secret, and the literal-secret rule sees it.
func TestSecretsFixtureHoldsTheCanary(t *testing.T) {
	plan, err := os.ReadFile(filepath.Join(secrets, "plan.json"))
	require.NoError(t, err)
	assert.GreaterOrEqual(t, strings.Count(string(plan), canary), 9, "plan.json holds the canary in every sensitive attribute")
	for _, f := range []string{"main.tf", "terraform.tfvars"} {
		src, err := os.ReadFile(filepath.Join(secrets, f))
		require.NoError(t, err)
		assert.Contains(t, string(src), canary, f)
	}

	for _, paths := range [][]string{{secrets + "/plan.json"}, {secrets}, {secrets + "/plan.json", secrets}} {
		r := runCLI(t, "", append([]string{"--format", "json"}, paths...)...)
		require.Equal(t, exitFindings, r.code, r.stderr)
		o := decode(t, r.stdout)
		var cl005 []string
		for _, f := range o.Findings {
			if f.RuleID == "EMR-CL-005" && f.Status == "fail" {
				cl005 = append(cl005, f.Address)
			}
		}
		// Three literals on .literals, the variable default on .default.
		assert.Equal(t, []string{"aws_emr_cluster.default", "aws_emr_cluster.literals", "aws_emr_cluster.literals", "aws_emr_cluster.literals"},
			cl005, "inputs %v", paths)
	}
}

func TestSecretsNeverInOutput(t *testing.T) {
	inputs := map[string][]string{
		"plan":     {secrets + "/plan.json"},
		"dir":      {secrets},
		"plan+dir": {secrets + "/plan.json", secrets},
	}
	for _, in := range []string{"plan", "dir", "plan+dir"} {
		for _, format := range allFormats {
			t.Run(in+"/"+format, func(t *testing.T) {
				args := append([]string{"--format", format}, inputs[in]...)
				r := runCLI(t, "", args...)
				assert.Equal(t, exitFindings, r.code, r.stderr)
				assertNoCanary(t, map[string]string{"stdout": r.stdout, "stderr": r.stderr})

				out := filepath.Join(t.TempDir(), "report")
				r = runCLI(t, "", append([]string{"--output", out}, args...)...)
				assert.Equal(t, exitFindings, r.code, r.stderr)
				written, err := os.ReadFile(out)
				require.NoError(t, err)
				require.NotEmpty(t, written)
				assertNoCanary(t, map[string]string{"stdout": r.stdout, "stderr": r.stderr, "output file": string(written)})
			})
		}
	}
}

// TestSecretsNotInErrorMessages: configurations that do not load, with the
// canary on the offending line, exit 2 without echoing it.
func TestSecretsNotInErrorMessages(t *testing.T) {
	sensitiveVar := `variable "p" {
  type      = string
  sensitive = true
}
`
	cluster := func(kdc string) string {
		return `resource "aws_emr_cluster" "c" {
  name          = "c"
  release_label = "emr-7.5.0"
  service_role  = "EMR_DefaultRole"

  kerberos_attributes {
    realm              = "EC2.INTERNAL"
    kdc_admin_password = ` + kdc + `
  }
}
`
	}
	tfvars := `p = "` + canary + `"` + "\n"
	tests := []struct {
		name  string
		files map[string]string
	}{
		{"unterminated string", map[string]string{"main.tf": cluster(`"` + canary)}},
		{"two strings", map[string]string{"main.tf": cluster(`"` + canary + `" "` + canary + `"`)}},
		{"invalid escape", map[string]string{"main.tf": cluster(`"` + canary + `\q"`)}},
		{"unclosed template", map[string]string{"main.tf": cluster(`"` + canary + `${"`)}},
		{"bad tfvars syntax", map[string]string{"main.tf": sensitiveVar + cluster("var.p"), "terraform.tfvars": `p = "` + canary + `" "` + canary + `"` + "\n"}},
		{"tfvars value of the wrong type", map[string]string{"main.tf": strings.Replace(sensitiveVar, "string", "number", 1) + cluster("var.p"), "terraform.tfvars": tfvars}},
		{"sensitive variable in a failing function call", map[string]string{"main.tf": sensitiveVar + cluster("tonumber(var.p)"), "terraform.tfvars": tfvars}},
		{"literal secret in a failing function call", map[string]string{"main.tf": cluster(`tonumber("` + canary + `")`)}},
		{"sensitive variable in invalid JSON", map[string]string{"main.tf": sensitiveVar + cluster("jsondecode(var.p)"), "terraform.tfvars": tfvars}},
		{"password without quotes", map[string]string{"main.tf": cluster(strings.ReplaceAll(canary, "-", "_"))}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := writeModule(t, tt.files)
			for _, format := range []string{"text", "json"} {
				r := runCLI(t, "", "--format", format, dir)
				assert.Equal(t, exitError, r.code, "%s: %s", format, r.stderr)
				outputs := map[string]string{"stdout": r.stdout, "stderr": r.stderr}
				if tt.name == "password without quotes" {
					// The canary is an identifier here, not a string.
					bare := strings.ReplaceAll(canary, "-", "_")
					outputs = map[string]string{"stdout": strings.ReplaceAll(r.stdout, bare, canary), "stderr": strings.ReplaceAll(r.stderr, bare, canary)}
				}
				assertNoCanary(t, outputs)
			}
		})
	}
}

// Taint canary (issue 11, items 1 and 2): a secret in a file inside the
// scanned tree, in a file outside it, in .git/config and in the
// environment (a TOKEN variable /proc/self/environ would show, and
// TF_VAR_x), reached through file, filebase64, templatefile, regex,
// base64decode, string templates, jsondecode keys and values, for_each
// keys and configurations_json, never appears in any format, in stderr
// or in an error. The built command runs in a child process with the
// canary in its real environment.

// taintCanary looks like the tokens CI systems hold (letters and digits
// mixed): an alias name built around it ("alias/${…}") is then not shown
// either, see model.TaintShowable.
const taintCanary = "ghs_TFEMRCHECKcanary4f9a2c7e1b83d605"

var (
	builtOnce sync.Once
	builtPath string
	builtErr  error
)

// builtCLI builds the command once per test run.
func builtCLI(t *testing.T) string {
	t.Helper()
	builtOnce.Do(func() {
		dir, err := os.MkdirTemp("", "tfemrcheck-bin")
		if err != nil {
			builtErr = err
			return
		}
		builtPath = filepath.Join(dir, "tfemrcheck")
		cmd := exec.Command(filepath.Join(runtime.GOROOT(), "bin", "go"), "build", "-o", builtPath, ".")
		out, err := cmd.CombinedOutput()
		if err != nil {
			builtErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	require.NoError(t, builtErr)
	return builtPath
}

// runBuilt runs the built command in dir with the canary in its
// environment, within a time limit.
func runBuilt(t *testing.T, dir string, args ...string) result {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, builtCLI(t), args...)
	cmd.Dir = dir
	var environ []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "TF_VAR_") {
			environ = append(environ, kv)
		}
	}
	cmd.Env = append(environ, "TOKEN="+taintCanary, "TF_VAR_x="+taintCanary)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	require.NoError(t, ctx.Err(), "the command did not finish in time")
	var exitErr *exec.ExitError
	if err != nil && !errors.As(err, &exitErr) {
		require.NoError(t, err)
	}
	return result{cmd.ProcessState.ExitCode(), out.String(), errb.String()}
}

// taintTree writes the repository of the taint canary: base/repo (with
// .git) holding the root module infra, and base/outside.
func taintTree(t *testing.T, mainTF string) (base, module string) {
	t.Helper()
	base = t.TempDir()
	files := map[string]string{
		"outside/secret.txt":    "TOKEN=" + taintCanary + "\n",
		"repo/.git/config":      "[http \"https://github.com/\"]\n\textraheader = AUTHORIZATION: basic " + taintCanary + "\n",
		"repo/.git/HEAD":        "ref: refs/heads/main\n",
		"repo/infra/secret.txt": "TOKEN=" + taintCanary + "\n",
		"repo/infra/b64.txt":    base64.StdEncoding.EncodeToString([]byte(taintCanary)),
		"repo/infra/creds.json": `{"EncryptionConfiguration": {"` + taintCanary + `": "` + taintCanary + `",
  "EnableAtRestEncryption": true, "EnableInTransitEncryption": "` + taintCanary + `",
  "AtRestEncryptionConfiguration": {"S3EncryptionConfiguration": {"EncryptionMode": "` + taintCanary + `", "AwsKmsKey": "` + taintCanary + `"},
    "LocalDiskEncryptionConfiguration": {"EncryptionKeyProviderType": "` + taintCanary + `", "AwsKmsKey": "alias/` + taintCanary + `"}}}}`,
		"repo/infra/tmpl.tftpl": `{"EncryptionConfiguration": {"EnableAtRestEncryption": true,
  "AtRestEncryptionConfiguration": {"S3EncryptionConfiguration": {"EncryptionMode": "${mode}", "AwsKmsKey": "alias/${key}",
    "Overrides": [{"BucketName": "${key}", "EncryptionMode": "SSE-C"}]}}}}`,
		"repo/infra/main.tf": mainTF,
	}
	for rel, content := range files {
		p := filepath.Join(base, rel)
		require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
		require.NoError(t, os.WriteFile(p, []byte(content), 0o644))
	}
	return base, filepath.Join(base, "repo/infra")
}

const taintMainTF = `
variable "x" { type = string }

locals {
  in_tree = regex("TOKEN=(.*)", file("secret.txt"))[0]
  creds   = jsondecode(file("creds.json"))
  environ = file("/proc/self/environ")
}

resource "aws_emr_security_configuration" "from_file" {
  name          = "from_file"
  configuration = file("creds.json")
}

resource "aws_emr_security_configuration" "tmpl" {
  name          = "tmpl"
  configuration = templatefile("tmpl.tftpl", { mode = local.in_tree, key = var.x })
}

resource "aws_emr_security_configuration" "enc" {
  name = "enc"
  configuration = jsonencode({
    EncryptionConfiguration = {
      EnableAtRestEncryption    = true
      EnableInTransitEncryption = local.in_tree
      (local.in_tree)           = var.x
      AtRestEncryptionConfiguration = {
        S3EncryptionConfiguration = {
          EncryptionMode = var.x
          AwsKmsKey      = "alias/${local.in_tree}"
        }
        LocalDiskEncryptionConfiguration = {
          EncryptionKeyProviderType = [for k in keys(local.creds.EncryptionConfiguration) : k if length(k) > 30][0]
          AwsKmsKey                 = "arn:aws:kms:us-east-1:123456789012:alias/${var.x}"
        }
      }
    }
  })
}

resource "aws_emr_security_configuration" "heredoc" {
  name          = "heredoc"
  configuration = <<-EOT
    {"EncryptionConfiguration": {"EnableAtRestEncryption": true, "EnableInTransitEncryption": false,
      "AtRestEncryptionConfiguration": {"S3EncryptionConfiguration": {"EncryptionMode": "${base64decode(file("b64.txt"))}"}}}}
  EOT
}

resource "aws_emr_cluster" "proc" {
  name                   = "proc"
  release_label          = "emr-${regex("TOKEN=(.*)", file("/proc/self/environ"))[0]}"
  service_role           = "EMR_DefaultRole"
  security_configuration = aws_emr_security_configuration.from_file.name
}

resource "aws_emr_cluster" "intree" {
  name                   = "intree"
  release_label          = "emr-${local.in_tree}"
  service_role           = "EMR_DefaultRole"
  log_uri                = "s3://${base64decode(file("b64.txt"))}/logs"
  security_configuration = var.x
  configurations_json = jsonencode([{
    Classification = local.in_tree
    Properties = {
      "fs.s3.${var.x}.password"        = "hunter22"
      "hadoop.security.authentication" = "simple"
    }
  }])
}

resource "aws_emr_cluster" "env" {
  for_each               = toset([var.x, local.in_tree])
  name                   = each.key
  release_label          = var.x
  service_role           = "EMR_DefaultRole"
  security_configuration = aws_emr_security_configuration.tmpl.name
}

resource "aws_emr_cluster" "outside" {
  name                   = "outside"
  release_label          = file("../../outside/secret.txt")
  log_uri                = file("../.git/config")
  service_role           = filebase64("${path.module}/../../outside/secret.txt")
  security_configuration = aws_emr_security_configuration.enc.name
  custom_ami_id          = local.environ
}

resource "aws_emr_cluster" "heredoc" {
  name                   = "heredoc"
  release_label          = "emr-7.1.0"
  service_role           = "EMR_DefaultRole"
  security_configuration = aws_emr_security_configuration.heredoc.name
}
`

// assertNoTaintCanary fails if an output holds the canary, raw or in
// base64.
func assertNoTaintCanary(t *testing.T, what, s string) {
	t.Helper()
	for _, form := range []string{taintCanary, base64.StdEncoding.EncodeToString([]byte(taintCanary)), "TFEMRCHECKcanary"} {
		if i := strings.Index(s, form); i >= 0 {
			lo, hi := max(0, i-120), min(len(s), i+len(form)+40)
			t.Errorf("the canary (%q) appears in %s: …%s…", form, what, s[lo:hi])
		}
	}
}

func TestTaintCanaryNeverInOutput(t *testing.T) {
	_, module := taintTree(t, taintMainTF)
	// The fixture is honest: the files are there, the run reads the ones
	// inside the tree (the values are tainted, not missing).
	r := runBuilt(t, module, "--format", "json", ".")
	require.Equal(t, exitFindings, r.code, "stdout: %s\nstderr: %s", r.stdout, r.stderr)
	assert.Contains(t, r.stdout, "(value read from file secret.txt)")
	assert.Contains(t, r.stdout, "read refused: outside the scanned tree")
	assert.Contains(t, r.stdout, "read refused: inside a .git directory")
	assert.Contains(t, r.stdout, "environment TF_VAR_x")
	assertNoTaintCanary(t, "json stdout", r.stdout)
	assertNoTaintCanary(t, "json stderr", r.stderr)

	for _, format := range allFormats {
		t.Run(format, func(t *testing.T) {
			r := runBuilt(t, module, "--format", format, ".")
			assert.Equal(t, exitFindings, r.code, r.stderr)
			assert.NotContains(t, r.stdout+r.stderr, "panic")
			assertNoTaintCanary(t, format+" stdout", r.stdout)
			assertNoTaintCanary(t, format+" stderr", r.stderr)
		})
	}
}

// Configurations that fail to evaluate because of a value read from a
// file or the environment exit 2 without quoting it.
func TestTaintCanaryNotInErrors(t *testing.T) {
	cases := map[string]string{
		"tonumber of a file": `resource "aws_emr_cluster" "c" {
  name          = "c"
  release_label = tonumber(file("secret.txt"))
}`,
		"jsondecode of a non-JSON file": `resource "aws_emr_cluster" "c" {
  name          = "c"
  release_label = jsondecode(file("secret.txt"))
}`,
		"missing file named by the environment": `variable "x" { type = string }
resource "aws_emr_cluster" "c" {
  name          = "c"
  release_label = file(var.x)
}`,
		"environment value of the wrong type": `variable "x" { type = number }
resource "aws_emr_cluster" "c" {
  name          = "c"
  release_label = "emr-${var.x}"
}`,
		"regex mismatch on a file": `resource "aws_emr_cluster" "c" {
  name          = "c"
  release_label = regex("^emr-", file("secret.txt"))
}`,
		"index of a tainted key": `locals { m = jsondecode(file("creds.json")).EncryptionConfiguration }
resource "aws_emr_cluster" "c" {
  name          = "c"
  release_label = local.m["nope"]
}`,
	}
	for name, tf := range cases {
		t.Run(name, func(t *testing.T) {
			_, module := taintTree(t, tf)
			for _, format := range []string{"text", "json", "sarif", "github"} {
				r := runBuilt(t, module, "--format", format, ".")
				assert.Equal(t, exitError, r.code, "%s: %s", format, r.stderr)
				assertNoTaintCanary(t, format+" stdout", r.stdout)
				assertNoTaintCanary(t, format+" stderr", r.stderr)
			}
		})
	}
}
