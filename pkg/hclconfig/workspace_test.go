package hclconfig

import (
	"bufio"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestWorkspaceAsTerraform: terraform.workspace is what terraform console
// gave for each recorded environment and environment file, and the model
// says where the name came from.
func TestWorkspaceAsTerraform(t *testing.T) {
	const fixture = "testdata/workspace"
	f, err := os.Open(filepath.Join(fixture, "terraform.txt"))
	require.NoError(t, err)
	defer f.Close()
	main, err := os.ReadFile(filepath.Join(fixture, "main.tf"))
	require.NoError(t, err)
	sc := bufio.NewScanner(f)
	n := 0
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "#") || strings.TrimSpace(line) == "" {
			continue
		}
		cols := strings.Split(line, " | ")
		require.Len(t, cols, 4, line)
		env, content, result, path := cols[0], cols[1], cols[2], cols[3]
		n++
		t.Run(line, func(t *testing.T) {
			files := map[string]string{"main.tf": string(main)}
			if content != "-" {
				files[path] = strings.ReplaceAll(content, `\n`, "\n")
			}
			dir := writeModule(t, files)
			var environ []string
			if env != "-" {
				environ = []string{env}
			}
			// The pipeline ran its own init and workspace select: the
			// data directory is trusted (TestWorkspaceFromTheTreeIsUnknown).
			m, diags := Load(dir, Options{Env: environ, TrustInstalledModules: true})
			require.False(t, diags.HasErrors(), diags.Error())
			want, err := strconv.Unquote(result)
			require.NoError(t, err)
			require.Len(t, m.Clusters, 1)
			name, _ := m.Clusters[0].Resource.Attr("name").AsString()
			assert.Equal(t, "etl-"+want, name)
			require.NotNil(t, m.Workspace)
			assert.Equal(t, want, m.Workspace.Name)
			switch {
			case strings.HasPrefix(env, "TF_WORKSPACE="):
				assert.Equal(t, "TF_WORKSPACE", m.Workspace.Source)
			case content == "-":
				assert.Equal(t, "default", m.Workspace.Source)
			default:
				assert.Equal(t, path, m.Workspace.Source)
			}
		})
	}
	require.NoError(t, sc.Err())
	require.NotZero(t, n)
}

// TestWorkspaceOnlyWhenReferred: a configuration that does not refer to
// terraform.workspace does not depend on it, and the model says nothing.
func TestWorkspaceOnlyWhenReferred(t *testing.T) {
	dir := writeModule(t, map[string]string{"main.tf": "resource \"aws_emr_cluster\" \"c\" {\n  name = \"c\"\n}\n"})
	m, diags := Load(dir, Options{Env: []string{"TF_WORKSPACE=prod"}})
	require.False(t, diags.HasErrors())
	assert.Nil(t, m.Workspace)
}
