package wanttest

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tfemrcheck/tfemrcheck/pkg/rules"
)

func TestReadAndCompare(t *testing.T) {
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "main.tf"), []byte(`# check EMR-SC-005
# want EMR-SC-001 fail aws_emr_security_configuration.a
# want-plan EMR-CL-002 indeterminate aws_emr_security_configuration.b
# want-hcl EMR-SC-005 fail aws_emr_security_configuration.b
resource "x" "y" {}
`), 0o644))
	e, err := Read(dir)
	require.NoError(t, err)
	assert.True(t, e.Scope["EMR-SC-005"])
	assert.True(t, e.Scope["EMR-SC-001"], "seed rules are always in scope")
	assert.Equal(t, []string{
		"EMR-CL-002 indeterminate aws_emr_security_configuration.b",
		"EMR-SC-001 fail aws_emr_security_configuration.a",
	}, e.Want(Plan))
	assert.Equal(t, []string{
		"EMR-SC-001 fail aws_emr_security_configuration.a",
		"EMR-SC-005 fail aws_emr_security_configuration.b",
	}, e.Want(Source))
	got := e.Got([]rules.Finding{
		{RuleID: "EMR-SC-001", Status: rules.Fail, Address: "aws_emr_security_configuration.a"},
		{RuleID: "EMR-SC-001", Status: rules.Fail, Address: "aws_emr_security_configuration.a"},
		{RuleID: "EMR-LOG-001", Status: rules.Fail, Address: "aws_emr_cluster.c"}, // out of scope
	})
	assert.Equal(t, []string{"EMR-SC-001 fail aws_emr_security_configuration.a"}, got)
}

func TestMalformedWantLine(t *testing.T) {
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "main.tf"), []byte("# want EMR-SC-001 failed x\n"), 0o644))
	_, err := Read(dir)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "main.tf:1")
}
