package main

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tfemrcheck/tfemrcheck/internal/testgen"
	"github.com/tfemrcheck/tfemrcheck/pkg/discover"
)

func TestInsecureExampleFromTheREADME(t *testing.T) {
	r := runCLI(t, "", "--format", "json", "../../examples/insecure/plan.json")
	assert.Equal(t, 1, r.code, r.stderr)
	o := decode(t, r.stdout)
	got := map[string]bool{}
	for _, f := range o.Findings {
		got[f.RuleID+" "+f.Address] = true
	}
	for _, want := range []string{
		"EMR-SC-001 aws_emr_security_configuration.legacy",
		"EMR-SC-002 aws_emr_security_configuration.legacy",
		"EMR-REL-001 aws_emr_cluster.legacy",
	} {
		assert.True(t, got[want], "missing %s", want)
	}
}

func TestCompliantExamplePasses(t *testing.T) {
	for _, path := range []string{"../../examples/compliant/plan.json", "../../examples/compliant"} {
		r := runCLI(t, "", "--format", "json", path)
		o := decode(t, r.stdout)
		for _, f := range o.Findings {
			t.Logf("%s: %s %s %s: %s", path, f.Severity, f.RuleID, f.Status, f.Message)
		}
		assert.Equal(t, 0, o.Summary.Fail, path)
		assert.Equal(t, 0, r.code, path)
	}
}

func TestRulesListsTheCatalogueWithDocPages(t *testing.T) {
	r := runCLI(t, "", "rules", "--format", "json")
	require.Equal(t, 0, r.code, r.stderr)
	var list []ruleJSON
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &list))
	ids := map[string]bool{}
	for _, rule := range list {
		ids[rule.ID] = true
		_, err := os.Stat(filepath.Join("../../docs/rules", rule.ID+".md"))
		assert.NoError(t, err, "doc page for %s", rule.ID)
	}
	// Every id of reference §5.
	for _, fam := range []struct {
		prefix   string
		from, to int
	}{{"EMR-SC-", 0, 18}, {"EMR-CL-", 1, 9}, {"EMR-REL-", 1, 4}, {"EMR-LOG-", 1, 3}, {"EMR-NET-", 1, 5}, {"EMR-ACC-", 1, 2}, {"EMR-SVC-", 1, 5}} {
		for i := fam.from; i <= fam.to; i++ {
			id := fam.prefix + pad3(i)
			assert.True(t, ids[id], "%s missing from `rules`", id)
		}
	}
	assert.True(t, ids["EMR-META-003"])

	r = runCLI(t, "", "rules")
	assert.Contains(t, r.stdout, "EMR-SC-001")
}

func pad3(i int) string {
	s := "00" + string(rune('0'+i%10))
	if i >= 10 {
		s = "0" + string(rune('0'+i/10)) + string(rune('0'+i%10))
	}
	return s
}

func TestExplain(t *testing.T) {
	r := runCLI(t, "", "explain", "EMR-SC-001")
	assert.Equal(t, 0, r.code)
	assert.True(t, strings.HasPrefix(r.stdout, "EMR-SC-001: SSE-C is not a valid EMRFS encryption mode"))
	assert.Contains(t, r.stdout, "How to fix")
	lower := runCLI(t, "", "explain", "emr-sc-001")
	assert.Equal(t, 0, lower.code, "rule ids are case-insensitive on the command line")
	assert.Equal(t, r.stdout, lower.stdout)
	r = runCLI(t, "", "explain", "EMR-XX-999")
	assert.Equal(t, 2, r.code)
}

func TestSeverityThreshold(t *testing.T) {
	// The insecure example has CRITICAL and HIGH failures.
	r := runCLI(t, "", "--severity-threshold", "CRITICAL", "../../examples/insecure/plan.json")
	assert.Equal(t, 1, r.code)
	// A configuration with only LOW/MEDIUM failures passes a HIGH threshold.
	dir := t.TempDir()
	doc := filepath.Join(dir, "sc.json")
	require.NoError(t, os.WriteFile(doc, []byte(`{"EncryptionConfiguration":{"EnableInTransitEncryption":true,"EnableAtRestEncryption":true,
	 "InTransitEncryptionConfiguration":{"TLSCertificateConfiguration":{"CertificateProviderType":"PEM","S3Object":"s3://b/c.zip"}},
	 "AtRestEncryptionConfiguration":{"S3EncryptionConfiguration":{"EncryptionMode":"SSE-KMS","AwsKmsKey":"alias/emr"},
	 "LocalDiskEncryptionConfiguration":{"EncryptionKeyProviderType":"AwsKms","AwsKmsKey":"alias/emr","EnableEbsEncryption":true}}},
	 "InstanceMetadataServiceConfiguration":{"MinimumInstanceMetadataServiceVersion":2,"HttpPutResponseHopLimit":1}}`), 0o644))
	r = runCLI(t, "", "--format", "json", doc)
	o := decode(t, r.stdout)
	require.NotZero(t, o.Summary.Fail, "the alias key ARNs fail a low-severity rule")
	for _, f := range o.Findings {
		assert.NotContains(t, []string{"HIGH", "CRITICAL"}, f.Severity, f.RuleID)
	}
	assert.Equal(t, 1, r.code)
	r = runCLI(t, "", "--severity-threshold", "HIGH", doc)
	assert.Equal(t, 0, r.code, r.stdout)
	r = runCLI(t, "", "--severity-threshold", "SEVERE", doc)
	assert.Equal(t, 2, r.code)
}

func TestOutputFileKeepsSummaryOnTerminal(t *testing.T) {
	out := filepath.Join(t.TempDir(), "report.sarif")
	r := runCLI(t, "", "--format", "sarif", "--output", out, "../../examples/insecure/plan.json")
	assert.Equal(t, 1, r.code)
	assert.Contains(t, r.stdout, "FAILED:")
	assert.Contains(t, r.stdout, out)
	data, err := os.ReadFile(out)
	require.NoError(t, err)
	var sarif map[string]any
	require.NoError(t, json.Unmarshal(data, &sarif))
	assert.Equal(t, "2.1.0", sarif["version"])
}

func TestEveryFormatRuns(t *testing.T) {
	for _, f := range []string{"text", "json", "sarif", "junit", "github", "markdown"} {
		r := runCLI(t, "", "--format", f, "../../examples/insecure/plan.json", "../../examples/insecure")
		assert.Equal(t, 1, r.code, "%s: %s", f, r.stderr)
		assert.NotEmpty(t, r.stdout, f)
		if f == "junit" {
			var v any
			assert.NoError(t, xml.Unmarshal([]byte(r.stdout), &v))
		}
		if f == "github" {
			assert.Contains(t, r.stdout, "::error file=../../examples/insecure/main.tf,line=")
		}
	}
}

// writeModule writes files into a new temporary root module.
func writeModule(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, text := range files {
		require.NoError(t, os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644))
	}
	return dir
}

const ssecModule = `resource "aws_emr_security_configuration" "sc" {
  name = "sc"
  # tfemrcheck:ignore EMR-SC-001 reason="migration to SSE-KMS tracked in SEC-42" expires=2027-03-31
  configuration = jsonencode({
    EncryptionConfiguration = {
      EnableAtRestEncryption = true
      AtRestEncryptionConfiguration = {
        S3EncryptionConfiguration = { EncryptionMode = "SSE-C" }
      }
    }
  })
}
`

func TestInlineSuppression(t *testing.T) {
	dir := writeModule(t, map[string]string{"main.tf": ssecModule})
	now := func() time.Time { return time.Date(2026, 11, 24, 0, 0, 0, 0, time.UTC) }
	var out bytes.Buffer
	code := run([]string{"--format", "json", "--severity-threshold", "CRITICAL", dir}, env{stdout: &out, stderr: &bytes.Buffer{}, now: now})
	o := decode(t, out.String())
	found := false
	for _, f := range o.Findings {
		if f.RuleID == "EMR-SC-001" {
			found = true
			require.NotNil(t, f.Suppression)
			assert.Equal(t, "inline", f.Suppression.Kind)
			assert.Equal(t, "migration to SSE-KMS tracked in SEC-42", f.Suppression.Reason)
		}
	}
	assert.True(t, found, "a suppressed finding is still reported")
	assert.Equal(t, 0, code, "only the suppressed finding is CRITICAL")

	// After the expiry date the comment no longer suppresses and is reported.
	out.Reset()
	later := func() time.Time { return time.Date(2027, 4, 1, 0, 0, 0, 0, time.UTC) }
	code = run([]string{"--format", "json", dir}, env{stdout: &out, stderr: &bytes.Buffer{}, now: later})
	o = decode(t, out.String())
	ids := ruleIDs(o)
	assert.Contains(t, ids, "EMR-SC-001 fail")
	assert.Contains(t, ids, "EMR-META-001 fail")
	assert.Equal(t, 1, code)
}

func TestPolicyFileException(t *testing.T) {
	dir := writeModule(t, map[string]string{
		"main.tf": strings.Replace(ssecModule, "  # tfemrcheck:ignore", "  # not a directive:", 1),
		".tfemrcheck.hcl": `severity_threshold = "CRITICAL"
exception {
  rule    = "EMR-SC-001"
  address = "aws_emr_security_configuration.*"
  reason  = "legacy bucket, see SEC-7"
  ticket  = "SEC-7"
}
`,
	})
	// The policy next to the code is read only when named.
	r := runCLI(t, "", "--format", "json", "--config", filepath.Join(dir, ".tfemrcheck.hcl"), dir)
	o := decode(t, r.stdout)
	for _, f := range o.Findings {
		if f.RuleID == "EMR-SC-001" {
			require.NotNil(t, f.Suppression)
			assert.Equal(t, "policy", f.Suppression.Kind)
			assert.Equal(t, "SEC-7", f.Suppression.Ticket)
		}
	}
	assert.Equal(t, 0, r.code, r.stdout)

	bad := writeModule(t, map[string]string{"main.tf": ssecModule, "policy.hcl": "unknown_key = 1\n"})
	r = runCLI(t, "", "--config", filepath.Join(bad, "policy.hcl"), bad)
	assert.Equal(t, 2, r.code)
	assert.Contains(t, r.stderr, "policy.hcl:1:1: ")
}

func TestHCLErrorsExit2WithFileAndLine(t *testing.T) {
	dir := writeModule(t, map[string]string{"main.tf": "resource \"aws_emr_cluster\" \"c\" {\n  name = \n}\n"})
	r := runCLI(t, "", dir)
	assert.Equal(t, 2, r.code)
	assert.Contains(t, r.stderr, "main.tf:2:10: ")
	assert.Contains(t, r.stderr, "Error: ")
}

func TestMonorepoRecursion(t *testing.T) {
	dir := t.TempDir()
	require.NoError(t, testgen.WriteMonorepo(dir, 12))
	r := runCLI(t, "", "--format", "json", dir+"/...")
	require.NotEqual(t, 2, r.code, r.stderr)
	o := decode(t, r.stdout)
	addrFiles := map[string]bool{}
	for _, f := range o.Findings {
		if f.Location != nil {
			addrFiles[filepath.Dir(f.Location.File)] = true
		}
	}
	roots, err := discover.RootModules(dir)
	require.NoError(t, err)
	// The stacks, the local module each calls and the shared module: each
	// is a directory Terraform could run in.
	assert.Len(t, roots, 2*12+1)
	// Every stack was checked: each has at least one located finding
	// under it, and the output is identical on a second run.
	for i := range 12 {
		root := testgen.StackDir(dir, i)
		found := false
		for d := range addrFiles {
			if strings.HasPrefix(d, root) {
				found = true
			}
		}
		assert.True(t, found, "no finding located under %s", root)
	}
	again := runCLI(t, "", "--format", "json", dir+"/...")
	assert.Equal(t, r.stdout, again.stdout)

	empty := t.TempDir()
	r = runCLI(t, "", empty+"/...")
	assert.Equal(t, 2, r.code)
	assert.Contains(t, r.stderr, "no Terraform root module")
}
