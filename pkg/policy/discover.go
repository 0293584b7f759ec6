package policy

import (
	"os"
	"path/filepath"
	"sort"
)

// The policy is the organisation's, not the pull request's: a file that a
// change adds next to the code it checks must not be able to loosen the
// gate. So discovery starts where the run starts (the working directory of
// the CI job or hook, normally the repository root) and never at the
// scanned path, and it never leaves the repository.

// RepositoryRoot returns the nearest of dir and its parents that holds a
// .git entry (a directory, or the file of a worktree or submodule). ok is
// false when dir is in no repository.
func RepositoryRoot(dir string) (root string, ok bool) {
	d, err := filepath.Abs(dir)
	if err != nil {
		return "", false
	}
	for {
		if _, err := os.Lstat(filepath.Join(d, ".git")); err == nil {
			return d, true
		}
		parent := filepath.Dir(d)
		if parent == d {
			return "", false
		}
		d = parent
	}
}

// searchPath lists the directories Discover looks in, nearest first:
// workDir and its parents up to the repository root, or workDir alone
// outside a repository. The paths are absolute.
func searchPath(workDir string) []string {
	d, err := filepath.Abs(workDir)
	if err != nil {
		return nil
	}
	root, ok := RepositoryRoot(d)
	if !ok {
		return []string{d}
	}
	var dirs []string
	for {
		dirs = append(dirs, d)
		if d == root {
			return dirs
		}
		parent := filepath.Dir(d)
		if parent == d {
			return dirs
		}
		d = parent
	}
}

// Discover finds the policy file of a run started in workDir: the first
// entry named .tfemrcheck.hcl in workDir or one of its parents up to the
// repository root (the nearest directory holding .git), never above it;
// outside a repository, in workDir only. The path is named from workDir as
// given (see display).
//
// Any entry counts, not only a regular file: a directory, a special file
// or a dangling symbolic link in the policy's place is returned, so that
// Load fails on it, rather than skipped, which would run the check
// without the policy (or with one from further up) and pass silently.
//
// The scanned paths play no part: a .tfemrcheck.hcl next to the scanned
// code is read only when named with --config (Ignored lists such files so
// that the run can say it did not read them).
func Discover(workDir string) (path string, found bool) {
	for _, d := range searchPath(workDir) {
		p := filepath.Join(d, FileName)
		if _, err := os.Lstat(p); err == nil {
			return display(workDir, p), true
		}
	}
	return "", false
}

// display names the absolute path p as seen from workDir: relative to it
// (with ../ for a parent) when workDir is relative, absolute otherwise.
func display(workDir, p string) string {
	if filepath.IsAbs(workDir) {
		return p
	}
	wd, err := filepath.Abs(workDir)
	if err != nil {
		return p
	}
	rel, err := filepath.Rel(wd, p)
	if err != nil {
		return p
	}
	return filepath.Join(workDir, rel)
}

// Ignored lists the policy files that sit in a scanned directory or
// between it and its repository root (where an upward search from the
// scanned path would find them) and that are not the policy in use
// (used, "" for none). They are not read: the run names them so that a
// reviewer sees the attempt. dirs are the scanned directories (the
// directory of a scanned file); the search from each stops at the first
// directory of Discover's own search path, at its repository root, or at
// the filesystem root. The result is sorted and has no duplicates; a
// path below workDir is named from it as Discover names paths, any other
// is absolute.
func Ignored(workDir string, dirs []string, used string) []string {
	wd, err := filepath.Abs(workDir)
	if err != nil {
		return nil
	}
	stop := map[string]bool{}
	for _, d := range searchPath(wd) {
		stop[d] = true
	}
	usedAbs := ""
	if used != "" {
		usedAbs, _ = filepath.Abs(used)
	}
	seen := map[string]bool{}
	found := map[string]bool{}
	for _, dir := range dirs {
		d, err := filepath.Abs(dir)
		if err != nil {
			continue
		}
		root, inRepo := RepositoryRoot(d)
		for !stop[d] && !seen[d] {
			seen[d] = true
			p := filepath.Join(d, FileName)
			if _, err := os.Lstat(p); err == nil && p != usedAbs {
				found[p] = true
			}
			parent := filepath.Dir(d)
			if (inRepo && d == root) || parent == d {
				break
			}
			d = parent
		}
	}
	out := make([]string, 0, len(found))
	for p := range found {
		if rel, err := filepath.Rel(wd, p); err == nil && filepath.IsLocal(rel) {
			p = display(workDir, p)
		}
		out = append(out, p)
	}
	sort.Strings(out)
	return out
}
