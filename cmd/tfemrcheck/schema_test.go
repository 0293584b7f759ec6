package main

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// compileSchema compiles one of the published schemas (schemas/*.json).
func compileSchema(t *testing.T, name string) *jsonschema.Schema {
	t.Helper()
	f, err := os.Open(filepath.Join("..", "..", "schemas", name))
	require.NoError(t, err)
	defer f.Close()
	doc, err := jsonschema.UnmarshalJSON(f)
	require.NoError(t, err)
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	url := "https://github.com/tfemrcheck/tfemrcheck/schemas/" + name
	require.NoError(t, c.AddResource(url, doc))
	sch, err := c.Compile(url)
	require.NoError(t, err)
	return sch
}

func validateAgainst(t *testing.T, sch *jsonschema.Schema, out string) {
	t.Helper()
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader([]byte(out)))
	require.NoError(t, err)
	assert.NoError(t, sch.Validate(inst))
}

// TestReportSchema validates the --format json output of every bundled
// example and plan, security-configuration document, broken input and
// source fixture against schemas/report.schema.json: the schema is
// strict (no unknown members), so a new member fails here until the
// schema documents it.
func TestReportSchema(t *testing.T) {
	sch := compileSchema(t, "report.schema.json")
	var inputs [][]string
	for _, pattern := range []string{"../../examples/*/plan.json", "../../testdata/plans/*/plan.json", "../../testdata/plans/*",
		"../../testdata/docs/*.json", "../../testdata/bad/*", "../../testdata/source/*"} {
		m, err := filepath.Glob(pattern)
		require.NoError(t, err)
		for _, p := range m {
			if filepath.Ext(p) != ".md" {
				inputs = append(inputs, []string{p})
			}
		}
	}
	inputs = append(inputs,
		[]string{"../../examples/insecure"}, []string{"../../examples/compliant"},
		[]string{"../../examples/..."}, []string{"--strict", "../../examples/insecure/plan.json", "../../examples/insecure"})
	require.Greater(t, len(inputs), 20)
	codes := map[int]int{}
	for _, in := range inputs {
		args := append([]string{"--format", "json"}, in...)
		r := runCLI(t, "", args...)
		codes[r.code]++
		t.Run(filepath.ToSlash(in[len(in)-1]), func(t *testing.T) {
			validateAgainst(t, sch, r.stdout)
		})
	}
	// The schema is strict: a member it does not document fails.
	r := runCLI(t, "", "--format", "json", "../../examples/insecure/plan.json")
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader([]byte(r.stdout)))
	require.NoError(t, err)
	inst.(map[string]any)["undocumented"] = true
	assert.Error(t, sch.Validate(inst))
	// The inputs cover every exit code and so every shape of report.
	for _, c := range []int{exitOK, exitFindings, exitError} {
		assert.NotZero(t, codes[c], "no input exits %d", c)
	}
}

func TestVersionSchema(t *testing.T) {
	r := runCLI(t, "", "version", "--format", "json")
	require.Equal(t, 0, r.code, r.stderr)
	validateAgainst(t, compileSchema(t, "version.schema.json"), r.stdout)
}
