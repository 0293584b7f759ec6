package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// moduleJSON mirrors the documented JSON of 'tfemrcheck module'.
type moduleJSON struct {
	Version int `json:"version"`
	Tool    struct {
		Name    string `json:"name"`
		Version string `json:"version"`
	} `json:"tool"`
	Module   string  `json:"module"`
	Policy   *string `json:"policy"`
	Verdicts []struct {
		RuleID     string         `json:"rule_id"`
		Title      string         `json:"title"`
		Severity   string         `json:"severity"`
		Address    string         `json:"address"`
		Verdict    string         `json:"verdict"`
		Inputs     map[string]any `json:"inputs"`
		Variables  []string       `json:"variables"`
		Message    string         `json:"message"`
		Suggestion string         `json:"suggestion"`
		Location   *struct {
			File         string
			Line, Column int
		} `json:"location"`
		Combinations int `json:"combinations"`
	} `json:"verdicts"`
	Variables []struct {
		Name        string   `json:"name"`
		Type        string   `json:"type"`
		Constrained bool     `json:"constrained"`
		Allowed     []any    `json:"allowed"`
		Partial     []string `json:"unrestricted_attributes"`
		Why         string   `json:"why"`
	} `json:"variables"`
	Notes   []struct{ Address, Message string } `json:"notes"`
	Summary struct {
		Total         int    `json:"total"`
		Safe          int    `json:"safe"`
		Unsafe        int    `json:"unsafe"`
		Unconstrained int    `json:"unconstrained"`
		Indeterminate int    `json:"indeterminate"`
		Threshold     string `json:"severity_threshold"`
		Failed        bool   `json:"failed"`
		Evaluations   int    `json:"evaluations"`
	} `json:"summary"`
}

func TestModuleExample(t *testing.T) {
	r := runCLI(t, "", "module", "--format", "json", "../../examples/module-proof")
	assert.Equal(t, exitFindings, r.code, r.stderr)
	dec := json.NewDecoder(strings.NewReader(r.stdout))
	dec.DisallowUnknownFields()
	var o moduleJSON
	require.NoError(t, dec.Decode(&o), r.stdout)
	unsafe := map[string]map[string]any{}
	for _, v := range o.Verdicts {
		if v.RuleID == "EMR-SC-012" {
			// No --region: the callers' Region decides.
			assert.Equal(t, "indeterminate", v.Verdict)
			assert.Contains(t, v.Message, "--region")
			continue
		}
		if v.Verdict != "safe" {
			assert.Equal(t, "unsafe", v.Verdict, v.RuleID)
			unsafe[v.RuleID] = v.Inputs
		}
	}
	assert.Equal(t, map[string]map[string]any{
		"EMR-SC-001": {"s3_encryption_mode": "SSE-C"},
		"EMR-SC-006": {"encrypt_ebs": false},
	}, unsafe)
	assert.True(t, o.Summary.Failed)
	assert.Equal(t, 2, o.Summary.Unsafe)

	// For callers in the keys' Region, EMR-SC-012 is safe.
	r = runCLI(t, "", "module", "--region", "eu-west-1", "--format", "json", "../../examples/module-proof")
	assert.Equal(t, exitFindings, r.code, r.stderr)
	assert.NotContains(t, r.stdout, `"verdict": "indeterminate"`)

	// EMR-SC-001 is CRITICAL, EMR-SC-006 HIGH: the threshold decides.
	r = runCLI(t, "", "module", "--severity", "CRITICAL", "../../examples/module-proof")
	assert.Equal(t, exitFindings, r.code)
	assert.Contains(t, r.stdout, `s3_encryption_mode = "SSE-C"`)

	for _, format := range []string{"sarif", "markdown", "text"} {
		r = runCLI(t, "", "module", "--format", format, "../../examples/module-proof")
		assert.Equal(t, exitFindings, r.code, format)
		assert.Contains(t, r.stdout, "EMR-SC-006", format)
	}
}

func TestModuleExitCodes(t *testing.T) {
	dir := t.TempDir()
	write := func(src string) {
		require.NoError(t, os.WriteFile(filepath.Join(dir, "main.tf"), []byte(src), 0o600))
	}
	write(`variable "release" {
  type    = string
  default = "emr-7.5.0"
  validation {
    condition     = contains(["emr-7.5.0", "emr-7.6.0"], var.release)
    error_message = "a supported release"
  }
}
resource "aws_emrcontainers_virtual_cluster" "eks" {
  name = "x"
  container_provider {
    id   = "example-eks"
    type = "EKS"
    info {
      eks_info {
        namespace = "emr"
      }
    }
  }
}
`)
	// Only an INFO rule fails: below the default threshold.
	r := runCLI(t, "", "module", dir)
	assert.Equal(t, exitOK, r.code, r.stdout+r.stderr)
	r = runCLI(t, "", "module", "--severity-threshold", "INFO", dir)
	assert.Equal(t, exitFindings, r.code, r.stdout+r.stderr)

	write("resource \"aws_emr_cluster\" \"x\" {\n")
	r = runCLI(t, "", "module", dir)
	assert.Equal(t, exitError, r.code)
	assert.Contains(t, r.stderr, "Error: ")

	r = runCLI(t, "", "module", "--fromat", "json", dir)
	assert.Equal(t, exitError, r.code)
	assert.Contains(t, r.stderr, "did you mean --format?")
	r = runCLI(t, "", "module")
	assert.Equal(t, exitError, r.code)
	r = runCLI(t, "", "module", filepath.Join(dir, "nope"))
	assert.Equal(t, exitError, r.code)
	r = runCLI(t, "", "module", "--help")
	assert.Equal(t, exitOK, r.code)
	assert.Contains(t, r.stdout, "usage: tfemrcheck module")
}
