package regularfile

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestRead(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "main.tf")
	require.NoError(t, os.WriteFile(p, []byte("12345"), 0o644))

	b, err := Read(p, 5)
	require.NoError(t, err)
	assert.Equal(t, "12345", string(b))

	_, err = Read(p, 4)
	var tl *TooLargeError
	require.ErrorAs(t, err, &tl)
	assert.Equal(t, "larger than the 4 bytes limit", err.Error())

	_, err = Read(dir, 10)
	require.ErrorIs(t, err, ErrNotRegular)
	assert.Contains(t, err.Error(), "directory")

	_, err = Read(filepath.Join(dir, "missing.tf"), 10)
	require.ErrorIs(t, err, os.ErrNotExist)
}

func TestReadRefusesDevicesAndPipes(t *testing.T) {
	dir := t.TempDir()
	link := filepath.Join(dir, "main.tf")
	require.NoError(t, os.Symlink("/dev/zero", link))
	_, err := Read(link, 1<<20)
	require.ErrorIs(t, err, ErrNotRegular)
	assert.Contains(t, err.Error(), "character device")

	fifo := filepath.Join(dir, "x.tf")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skipf("no FIFO here: %v", err)
	}
	_, err = Read(fifo, 1<<20) // must not block waiting for a writer
	require.ErrorIs(t, err, ErrNotRegular)
	assert.True(t, strings.Contains(err.Error(), "named pipe"), err.Error())
}

func TestSize(t *testing.T) {
	assert.Equal(t, "4 MiB", Size(4<<20))
	assert.Equal(t, "512 KiB", Size(512<<10))
	assert.Equal(t, "100 bytes", Size(100))
}
