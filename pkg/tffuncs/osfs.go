package tffuncs

import (
	"io/fs"
	"os"
)

// OSFileSystem reads the operating system's files without any confinement.
// It is meant for tests and for callers that have already decided every
// path is safe to read; pull-request gates use a confined FileSystem.
type OSFileSystem struct{}

// ReadFile implements FileSystem.
func (OSFileSystem) ReadFile(path string) ([]byte, error) { return os.ReadFile(path) }

// Stat implements FileSystem.
func (OSFileSystem) Stat(path string) (fs.FileInfo, error) { return os.Stat(path) }

// ReadDir implements FileSystem.
func (OSFileSystem) ReadDir(path string) ([]fs.DirEntry, error) { return os.ReadDir(path) }
