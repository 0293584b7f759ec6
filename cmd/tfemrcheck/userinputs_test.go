package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestSourceFileChecksItsModule: `tfemrcheck main.tf` checks the module
// the file belongs to, as Terraform reads it (every file together), and
// says so; two files of one module check it once.
func TestSourceFileChecksItsModule(t *testing.T) {
	dir := t.TempDir()
	src, err := os.ReadFile("../../examples/insecure/main.tf")
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(filepath.Join(dir, "main.tf"), src, 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "other.tf"), []byte("locals {}\n"), 0o644))

	whole := decode(t, runCLI(t, "", "--format", "json", dir).stdout)
	r := runCLI(t, "", "--format", "json", filepath.Join(dir, "main.tf"))
	assert.Equal(t, exitFindings, r.code, r.stderr)
	assert.Empty(t, r.stderr)
	one := decode(t, r.stdout)
	assert.Equal(t, ruleIDs(whole), ruleIDs(one), "the module's findings, not a JSON error")
	require.Len(t, one.Notes, 1)
	assert.Contains(t, one.Notes[0].Message, filepath.Join(dir, "main.tf")+" is a Terraform source file: checked its module, the directory "+dir)

	both := decode(t, runCLI(t, "", "--format", "json", filepath.Join(dir, "main.tf"), filepath.Join(dir, "other.tf")).stdout)
	assert.Equal(t, ruleIDs(whole), ruleIDs(both), "one module, checked once")
	require.Len(t, both.Notes, 1)
	assert.Contains(t, both.Notes[0].Message, "other.tf are Terraform source files")

	require.NoError(t, os.WriteFile(filepath.Join(dir, "prod.tfvars"), []byte("a = 1\n"), 0o644))
	r = runCLI(t, "", filepath.Join(dir, "prod.tfvars"))
	assert.Equal(t, exitError, r.code)
	assert.Contains(t, r.stderr, "prod.tfvars: a variables file, not a module: pass it as --var-file ")
}

// TestTextThatIsNotJSON: text that only starts like a JSON value is a
// syntax error naming the file, line and column, never "the JSON
// document is null".
func TestTextThatIsNotJSON(t *testing.T) {
	dir := t.TempDir()
	for name, c := range map[string]struct{ text, want string }{
		"nope.json":    {"nope\n", "nope.json: invalid JSON at line 1, column 1 (byte 0): invalid literal, expected null; this input is not JSON"},
		"tool.json":    {"tfemrcheck output\n", "tool.json: invalid JSON at line 1, column 1 (byte 0): invalid literal, expected true; this input is not JSON"},
		"lines.json":   {"{\n  \"a\": 1,\n  \"b\": x\n}\n", "lines.json: invalid JSON at line 3, column 8 (byte 19): unexpected 'x'"},
		"really.json":  {"null\n", "really.json: not a Terraform plan or state: the JSON document is null, not an object"},
		"trailing.txt": {"[1, 2", "trailing.txt: unexpected end of input at line 1, column 6 (byte 5)"},
	} {
		p := filepath.Join(dir, name)
		require.NoError(t, os.WriteFile(p, []byte(c.text), 0o644))
		r := runCLI(t, "", p)
		assert.Equal(t, exitError, r.code, name)
		first := strings.SplitN(r.stderr, "\n", 2)[0]
		assert.True(t, strings.HasPrefix(first, "Error: "+filepath.Join(dir, c.want)), "%s: %s", name, first)
	}
}

// TestOutputDashIsStandardOutput: --output - writes the report to
// standard output, and no file named "-".
func TestOutputDashIsStandardOutput(t *testing.T) {
	doc, err := filepath.Abs(lowOnlyDoc)
	require.NoError(t, err)
	t.Chdir(t.TempDir())
	r := runCLI(t, "", "--format", "json", "--output", "-", doc)
	assert.Equal(t, exitFindings, r.code, r.stderr)
	assert.Equal(t, "EMR-SC-015", decode(t, r.stdout).Findings[0].RuleID)
	_, err = os.Lstat("-")
	assert.True(t, os.IsNotExist(err), "no file named -")
}

// TestMissingPolicyFileNamedOnce: a --config that does not exist is one
// message that names the file once.
func TestMissingPolicyFileNamedOnce(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "nosuch.hcl")
	r := runCLI(t, "", "--config", missing, lowOnlyDoc)
	assert.Equal(t, exitError, r.code)
	first := strings.SplitN(r.stderr, "\n", 2)[0]
	assert.Equal(t, 1, strings.Count(first, "nosuch.hcl"), first)
	assert.True(t, strings.HasPrefix(first, "Error: "+missing+": Cannot read policy file: "), first)
}
