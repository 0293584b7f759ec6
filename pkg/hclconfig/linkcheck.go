package hclconfig

import (
	"os"
	"path/filepath"
	"strings"

	"github.com/tfemrcheck/tfemrcheck/pkg/treefs"
)

// linkLeavesTree says why a configuration file may not be read through a
// symbolic link, or "" when it may. A pull request can commit
// `creds.tf -> ~/.aws/credentials` or `env.tf -> /proc/self/environ`;
// parsing such a file would put the machine's secrets into diagnostics.
// The file functions are confined by pkg/treefs; the loader's own reads
// follow the same tree: the file's directory and the repository holding
// it. Kernel file systems (whose files look regular) are never read.
func linkLeavesTree(path string) string {
	abs, err := filepath.Abs(path)
	if err != nil {
		return ""
	}
	resolved, err := filepath.EvalSymlinks(abs)
	if err != nil {
		// a dangling link or a loop: reading it fails on its own
		return ""
	}
	if st, err := os.Stat(resolved); err != nil || !st.Mode().IsRegular() {
		// a device, a pipe, a directory: Read refuses it and says so
		return ""
	}
	for _, sys := range []string{"/proc", "/sys"} {
		if resolved == sys || strings.HasPrefix(resolved, sys+string(filepath.Separator)) {
			return "to a kernel file"
		}
	}
	if resolved == abs {
		return ""
	}
	for _, root := range treefs.Roots(filepath.Dir(abs)) {
		if r, err := filepath.EvalSymlinks(root); err == nil {
			root = r
		}
		if rel, err := filepath.Rel(root, resolved); err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
			return ""
		}
	}
	return "that leads outside the scanned tree"
}
