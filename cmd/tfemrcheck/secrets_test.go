package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

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
