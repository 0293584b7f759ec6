package hclconfig

import (
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tfemrcheck/tfemrcheck/pkg/model"
)

// TestHomeComesFromOptionsEnv: ~ in paths expands to the HOME of
// Options.Env, the environment the caller gives (the CLI: its own), not
// to the process's; without one, the values are unknown and name why
// (testdata/source/home-unset checks the findings).
func TestHomeComesFromOptionsEnv(t *testing.T) {
	t.Setenv("HOME", t.TempDir()) // the process's HOME is not the one read
	dir := writeTree(t, map[string]string{"main.tf": `
resource "aws_emr_cluster" "c" {
  name          = "c"
  release_label = "emr-7.2.0"
  log_uri       = pathexpand("~/logs")
  service_role  = file("~/role.txt")
}
`})
	home := filepath.Join(t.TempDir(), "home")
	m, diags := Load(dir, Options{Env: []string{"HOME=" + home}})
	require.False(t, diags.HasErrors(), "%v", diags)
	c := clusterByAddr(t, m, "aws_emr_cluster.c")
	logURI := c.Resource.Attr("log_uri")
	assert.Equal(t, model.Known, logURI.State)
	assert.Equal(t, filepath.Join(home, "logs"), logURI.Str)
	assert.Equal(t, "environment HOME", logURI.Taint())
	assert.Equal(t, []string{`file("~/role.txt") (read refused: outside the scanned tree)`}, c.Resource.Attr("service_role").Blockers())

	for _, env := range [][]string{nil, {"HOME="}, {"TF_VAR_x=1"}} {
		m, diags := Load(dir, Options{Env: env})
		require.False(t, diags.HasErrors(), "no home directory is not an error: %v", diags)
		c := clusterByAddr(t, m, "aws_emr_cluster.c")
		logURI := c.Resource.Attr("log_uri")
		assert.Equal(t, model.Unknown, logURI.State, "%q", env)
		assert.Equal(t, []string{`pathexpand("~/logs") (the home directory is not known: HOME is not set)`}, logURI.Blockers())
		assert.Equal(t, []string{`file("~/role.txt") (read refused: the path starts with ~ and the home directory is not known: HOME is not set)`},
			c.Resource.Attr("service_role").Blockers())
		ws := warnings(diags)
		require.Len(t, ws, 1, "the file read is reported: %v", ws)
		assert.Equal(t, "File read refused", ws[0].Summary)
	}
}
