package main

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestInfoNeverFailsByDefault: an informational finding (EMR-SVC-005 on an
// EMR on EKS virtual cluster) is reported but fails the run only when the
// threshold is lowered to INFO, on the command line or in the policy file.
func TestInfoNeverFailsByDefault(t *testing.T) {
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "main.tf"), []byte(`resource "aws_emrcontainers_virtual_cluster" "eks" {
  name = "example"
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
`), 0o644))
	r := runCLI(t, "", "--format", "json", dir)
	assert.Equal(t, 0, r.code, r.stdout+r.stderr)
	o := decode(t, r.stdout)
	require.Len(t, o.Findings, 1)
	assert.Equal(t, "EMR-SVC-005", o.Findings[0].RuleID)
	assert.Equal(t, "INFO", o.Findings[0].Severity)
	assert.Equal(t, "fail", o.Findings[0].Status)
	assert.False(t, o.Summary.Failed)

	r = runCLI(t, "", "--severity-threshold", "INFO", dir)
	assert.Equal(t, 1, r.code, r.stdout+r.stderr)

	policy := filepath.Join(t.TempDir(), "policy.hcl")
	require.NoError(t, os.WriteFile(policy, []byte("severity_threshold = \"INFO\"\n"), 0o644))
	r = runCLI(t, "", "--config", policy, dir)
	assert.Equal(t, 1, r.code, r.stdout+r.stderr)
}
