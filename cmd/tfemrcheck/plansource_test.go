package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A plan with a source directory that cannot be evaluated still reports
// the plan's findings, with the source's diagnostics as errors beside
// them (exit 2 for the errors).
func TestPlanFindingsSurviveSourceErrors(t *testing.T) {
	const fixture = "../../testdata/plans/sc001-sse-c/"
	src, err := os.ReadFile(fixture + "main.tf")
	require.NoError(t, err)
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "main.tf"), src, 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "broken.tf"), []byte("locals {\n  x = nosuchfunction(1)\n}\n"), 0o644))

	alone := decode(t, runCLI(t, "", "--format", "json", fixture+"plan.json").stdout)
	require.NotEmpty(t, alone.Findings)

	r := runCLI(t, "", "--format", "json", fixture+"plan.json", dir)
	assert.Equal(t, 2, r.code, r.stderr)
	out := decode(t, r.stdout)
	assert.Equal(t, ruleIDs(alone), ruleIDs(out), "the plan's findings are all there")
	require.NotEmpty(t, out.Errors)
	var msgs []string
	for _, e := range out.Errors {
		msgs = append(msgs, e.Message)
	}
	assert.Contains(t, strings.Join(msgs, "\n"), "Call to unknown function")
	assert.True(t, strings.HasSuffix(out.Errors[0].File, "broken.tf"), out.Errors[0].File)
}

// --opentofu evaluates source with OpenTofu's functions.
func TestOpenTofuFlag(t *testing.T) {
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "main.tf"), []byte(`locals {
  inside = cidrcontains("10.0.0.0/8", "10.1.2.3")
}
`), 0o644))
	r := runCLI(t, "", "--format", "json", dir)
	assert.Equal(t, 2, r.code, "cidrcontains is not a Terraform function")
	assert.Contains(t, r.stdout, "Call to unknown function")

	r = runCLI(t, "", "--format", "json", "--opentofu", dir)
	assert.NotEqual(t, 2, r.code, r.stdout)
	assert.Empty(t, decode(t, r.stdout).Errors)
}
