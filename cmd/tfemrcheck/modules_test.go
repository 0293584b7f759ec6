package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// copyTree copies a fixture (hidden directories included) into a
// temporary directory.
func copyTree(t *testing.T, src string) string {
	t.Helper()
	dst := t.TempDir()
	require.NoError(t, filepath.WalkDir(src, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dst, rel), b, 0o644)
	}))
	return dst
}

// TestSuppressionInsideAnInstalledModule: a tfemrcheck:ignore comment in a
// module installed by terraform init covers the findings in it.
func TestSuppressionInsideAnInstalledModule(t *testing.T) {
	dir := copyTree(t, "../../testdata/plans/module-installed-registry")
	f := filepath.Join(dir, ".terraform/modules/emr/modules/security-configuration/main.tf")
	b, err := os.ReadFile(f)
	require.NoError(t, err)
	src := strings.Replace(string(b), `resource "aws_emr_security_configuration" "this" {`,
		"# tfemrcheck:ignore EMR-SC-007 reason=\"TLS terminated by the platform\"\nresource \"aws_emr_security_configuration\" \"this\" {", 1)
	require.NoError(t, os.WriteFile(f, []byte(src), 0o644))

	r := runCLI(t, "", "--trust-installed-modules", "--format", "json", dir)
	out := decode(t, r.stdout)
	found := false
	for _, fd := range out.Findings {
		if fd.RuleID == "EMR-SC-007" {
			found = true
			require.NotNil(t, fd.Suppression, "EMR-SC-007 in the installed module is suppressed")
			assert.Equal(t, "TLS terminated by the platform", fd.Suppression.Reason)
		}
	}
	assert.True(t, found)
	assert.Equal(t, 1, out.Summary.Checked.Clusters)
	assert.Equal(t, 2, out.Summary.Checked.ModulesEvaluated)
}

// TestUnevaluatedEMRModuleIsNeverABarePass: a module that may create EMR
// resources and was not evaluated leaves the run indeterminate, says so
// in the verdict and the coverage line, and fails with --strict.
func TestUnevaluatedEMRModuleIsNeverABarePass(t *testing.T) {
	dir := "../../testdata/source/module-stale-manifest"
	r := runCLI(t, "", "--trust-installed-modules", dir)
	assert.Equal(t, 0, r.code)
	assert.Contains(t, r.stdout, "EMR-MOD-001 INDETERMINATE")
	assert.Contains(t, r.stdout, "PASSED (INCOMPLETE)")
	assert.NotContains(t, r.stdout, "PASSED:")
	assert.Contains(t, r.stdout, "modules: 0 evaluated, 1 not evaluated (module.emr); 1 module that may create EMR resources NOT checked")

	r = runCLI(t, "", "--trust-installed-modules", "--strict", dir)
	assert.Equal(t, 1, r.code)

	r = runCLI(t, "", "--trust-installed-modules", "--format", "json", dir)
	out := decode(t, r.stdout)
	require.Len(t, out.Summary.Checked.ModulesNotEvaluated, 1)
	gap := out.Summary.Checked.ModulesNotEvaluated[0]
	assert.Equal(t, "module.emr", gap.Address)
	assert.True(t, gap.MayCreateEMR)
	assert.Contains(t, gap.Reason, "stale")

	for _, format := range []string{"sarif", "junit", "markdown", "github"} {
		r = runCLI(t, "", "--trust-installed-modules", "--format", format, dir)
		assert.Contains(t, r.stdout, "module.emr", format)
		switch format {
		case "sarif":
			assert.Contains(t, r.stdout, `"modules_not_evaluated"`)
		case "junit":
			assert.Contains(t, r.stdout, `name="checked.modules_not_evaluated" value="1"`)
		default:
			assert.Contains(t, r.stdout, "1 not evaluated", format)
		}
	}
}

// TestPlanWithTheWrongDirectory: a plan and a directory that holds none
// of its EMR resources is an input error naming both.
func TestPlanWithTheWrongDirectory(t *testing.T) {
	plan := "../../testdata/plans/sc001-sse-c/plan.json"
	dir := "../../testdata/plans/count-two"
	r := runCLI(t, "", plan, dir)
	assert.Equal(t, 2, r.code)
	assert.Contains(t, r.stderr, plan+" and "+dir+" do not belong together")
}
