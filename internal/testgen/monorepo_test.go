package testgen

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestWriteMonorepoLayout(t *testing.T) {
	dir := t.TempDir()
	require.NoError(t, WriteMonorepo(dir, 3))
	for i := range 3 {
		for _, f := range []string{"main.tf", filepath.Join("modules", "emr", "main.tf")} {
			_, err := os.Stat(filepath.Join(StackDir(dir, i), f))
			assert.NoError(t, err)
		}
	}
	assert.FileExists(t, filepath.Join(dir, "modules", "tags", "main.tf"))
	assert.Equal(t, filepath.Join(dir, "team-01", "stack-0050"), StackDir(dir, 50))

	// Deterministic: a second tree is byte-identical.
	other := t.TempDir()
	require.NoError(t, WriteMonorepo(other, 3))
	a, err := os.ReadFile(filepath.Join(StackDir(dir, 0), "main.tf"))
	require.NoError(t, err)
	b, err := os.ReadFile(filepath.Join(StackDir(other, 0), "main.tf"))
	require.NoError(t, err)
	assert.Equal(t, a, b)
}
