//go:build unix

package policy_test

import (
	"path/filepath"
	"syscall"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tfemrcheck/tfemrcheck/pkg/policy"
)

func TestLoadRefusesANamedPipe(t *testing.T) {
	p := filepath.Join(t.TempDir(), "fifo.hcl")
	if err := syscall.Mkfifo(p, 0o644); err != nil {
		t.Skipf("no named pipes here: %v", err)
	}
	_, diags := policy.Load(p) // would block if it opened the pipe
	require.True(t, diags.HasErrors())
	assert.Contains(t, diags.Error(), "not a regular file")
}
