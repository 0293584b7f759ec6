package tffuncs

import (
	"errors"
	"io/fs"
)

// ErrRefused is wrapped by FileSystem errors for reads the file system will
// not do (outside the scanned tree, under .git, a special file, too large).
// A file function whose read is refused returns an unknown value blocked by
// the call instead of failing, so the rules report indeterminate.
var ErrRefused = errors.New("read refused")

// FileSystem is everything the filesystem functions (file, filebase64,
// fileexists, fileset, templatefile, file*sha*) may read. Paths are
// absolute and cleaned; the function table resolves relative paths the way
// Terraform does before calling it.
type FileSystem interface {
	// ReadFile returns the contents of a regular file.
	ReadFile(path string) ([]byte, error)
	// Stat describes a file or directory.
	Stat(path string) (fs.FileInfo, error)
	// ReadDir lists a directory, for fileset.
	ReadDir(path string) ([]fs.DirEntry, error)
}
