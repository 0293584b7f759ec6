// Package discover finds the Terraform root modules below a directory and
// runs work on them in parallel with results in a stable order.
//
// Every directory holding ".tf", ".tf.json", ".tofu" or ".tofu.json" files
// is a root: Terraform can be run in it, so the gate checks it, whether or
// not another directory also calls it as a module. Nothing in the checked
// tree can take a directory out of the check (a module call with
// count = 0, two directories calling each other, a vendor/ or
// node_modules/ placement): a pull request chooses the tree, so only the
// trusted policy excludes roots (Options.Exclude, the policy's
// exclude_roots). Only what "terraform init" installs (.terraform) and
// version-control metadata (.git, .hg, .svn) are not descended into; other
// hidden directories are roots like any other. No file is read: a root is
// known by its file names. Symbolic links to directories are not
// followed; a link that leaves the tree, leads into a directory that is
// not descended into, or leads to a directory the policy excludes, while
// the link itself is not excluded, is reported as a Link: Terraform run
// through it would apply code the walk did not see.
package discover

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/bmatcuk/doublestar/v4"
)

// Options tune Find.
type Options struct {
	// Exclude are path globs (doublestar syntax: "modules/**",
	// "examples/*"), matched against a directory's path relative to the
	// directory given, slash-separated ("." for that directory itself).
	// They come from the trusted policy, never from the checked tree.
	Exclude []string
}

// Found is what Find gives.
type Found struct {
	// Roots are the root directories to check, sorted.
	Roots []string
	// Excluded are the roots an Exclude pattern took out, sorted.
	Excluded []Excluded
	// Links are the symbolic links to directories the walk did not
	// follow and that hide code from it, sorted by path.
	Links []Link
}

// Excluded is a root the policy excludes.
type Excluded struct {
	Dir     string
	Pattern string
}

// Link is a symbolic link to a directory that is reported: Terraform run
// in it would apply code the gate does not check.
type Link struct {
	// Path is the link; Target what it says (os.Readlink).
	Path, Target string
	// Why is "outside", "hidden" (into .terraform, .git, ...) or
	// "excluded".
	Why string
}

// Message says what is wrong with the link, naming it first.
func (l Link) Message(base string) string {
	name := Rel(base, l.Path)
	switch l.Why {
	case "outside":
		return fmt.Sprintf("%s: a symbolic link to a directory outside the checked tree (%s); it is not followed, so Terraform run in %s would apply code the gate did not check: replace the link with the code, or exclude %s in the policy (exclude_roots)", l.Path, l.Target, name, name)
	case "hidden":
		return fmt.Sprintf("%s: a symbolic link into a directory that is not checked (%s: .terraform, .git, .hg and .svn are skipped) holding Terraform files, so Terraform run in %s would apply code the gate did not check: move the code out of it, or exclude %s in the policy (exclude_roots)", l.Path, l.Target, name, name)
	}
	return fmt.Sprintf("%s: a symbolic link to a directory the policy excludes (%s); Terraform run in %s would apply code the gate did not check: exclude %s in the policy too, or point the link elsewhere", l.Path, l.Target, name, name)
}

// Rel is dir relative to base, slash-separated; "." for base itself. A
// dir outside base is returned slash-separated as it is.
func Rel(base, dir string) string {
	r, err := filepath.Rel(filepath.Clean(base), filepath.Clean(dir))
	if err != nil || r == ".." || strings.HasPrefix(r, ".."+string(filepath.Separator)) {
		return filepath.ToSlash(dir)
	}
	return filepath.ToSlash(r)
}

// ValidatePattern reports whether an Exclude pattern is well formed.
func ValidatePattern(p string) bool {
	return doublestar.ValidatePattern(p)
}

// MatchPath reports whether a slash-separated relative path matches a
// doublestar glob; a malformed pattern matches nothing.
func MatchPath(pattern, path string) bool {
	ok, err := doublestar.Match(pattern, path)
	return err == nil && ok
}

// RootModules returns every Terraform root directory at or below dir,
// sorted, without exclusions (Find with no Options).
func RootModules(dir string) ([]string, error) {
	f, err := Find(dir, Options{})
	if err != nil {
		return nil, err
	}
	return f.Roots, nil
}

// Find walks dir and returns its roots, the roots opts excludes and the
// links that hide code. .terraform and version-control directories are
// skipped and symbolic links to directories are not followed (dir itself
// may be one). No file is read: files that do not parse are the loader's
// to report.
func Find(dir string, opts Options) (*Found, error) {
	st, err := os.Stat(dir)
	if err != nil {
		return nil, fmt.Errorf("scanning %s: %w", dir, err)
	}
	if !st.IsDir() {
		return nil, fmt.Errorf("scanning %s: not a directory", dir)
	}
	root := filepath.Clean(dir)
	walkRoot := root
	if lst, err := os.Lstat(root); err == nil && lst.Mode()&fs.ModeSymlink != 0 {
		// Follow the named directory itself, nothing below it.
		walkRoot = root + string(filepath.Separator)
	}
	realRoot, err := filepath.EvalSymlinks(root)
	if err != nil {
		return nil, fmt.Errorf("scanning %s: %w", dir, err)
	}
	// excluded matches a path of the walk (below root) against the
	// policy's globs, relative to root.
	excluded := func(p string) (string, bool) {
		return matchAny(opts.Exclude, Rel(root, p))
	}
	// excludedReal does the same for a link's resolved target.
	excludedReal := func(real string) (string, bool) {
		r, err := filepath.Rel(realRoot, real)
		if err != nil {
			return "", false
		}
		return matchAny(opts.Exclude, filepath.ToSlash(r))
	}

	found := &Found{}
	seen := map[string]bool{}
	var dirs []string
	err = filepath.WalkDir(walkRoot, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return fmt.Errorf("scanning %s: %w", p, err)
		}
		p = filepath.Clean(p)
		if d.IsDir() {
			if p != root && skipDir(d.Name()) {
				return filepath.SkipDir
			}
			return nil
		}
		if d.Type()&fs.ModeSymlink != 0 && !isTerraformName(d.Name()) {
			if l, ok := checkLink(p, realRoot, excludedReal); ok {
				if _, ex := excluded(p); !ex {
					found.Links = append(found.Links, l)
				}
			}
			return nil
		}
		if !isTerraformFile(p, d) {
			return nil
		}
		if dir := filepath.Dir(p); !seen[dir] {
			seen[dir] = true
			dirs = append(dirs, dir)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	for _, d := range dirs {
		if pat, ok := excluded(d); ok {
			found.Excluded = append(found.Excluded, Excluded{Dir: d, Pattern: pat})
			continue
		}
		found.Roots = append(found.Roots, d)
	}
	sort.Strings(found.Roots)
	sort.Slice(found.Excluded, func(i, j int) bool { return found.Excluded[i].Dir < found.Excluded[j].Dir })
	sort.Slice(found.Links, func(i, j int) bool { return found.Links[i].Path < found.Links[j].Path })
	return found, nil
}

// checkLink classifies the symbolic link at p: ok when it leads to a
// directory outside realRoot, into a skipped directory (skipDir) of the
// tree holding Terraform files, or to a
// directory the policy excludes. A link to a file, a dangling link and a
// link to a directory the walk checks anyway are not reported. Nothing
// outside the tree is read: the target is resolved, not opened.
func checkLink(p, realRoot string, excluded func(string) (string, bool)) (Link, bool) {
	st, err := os.Stat(p)
	if err != nil || !st.IsDir() {
		return Link{}, false
	}
	target, _ := os.Readlink(p)
	l := Link{Path: p, Target: target}
	real, err := filepath.EvalSymlinks(p)
	if err != nil {
		return Link{}, false
	}
	r, err := filepath.Rel(realRoot, real)
	if err != nil || r == ".." || strings.HasPrefix(r, ".."+string(filepath.Separator)) || filepath.IsAbs(r) {
		l.Why = "outside"
		return l, true
	}
	for _, part := range strings.Split(r, string(filepath.Separator)) {
		if part != "." && skipDir(part) {
			if holdsTerraform(real) {
				l.Why = "hidden"
				return l, true
			}
			return Link{}, false
		}
	}
	if _, ex := excluded(real); ex && holdsTerraform(real) {
		l.Why = "excluded"
		return l, true
	}
	return Link{}, false
}

// maxLinkScan bounds the entries holdsTerraform looks at.
const maxLinkScan = 100000

// holdsTerraform reports whether the directory dir (inside the tree) or a
// directory below it holds a Terraform file; links are not followed. A
// tree too large to scan counts as holding some.
func holdsTerraform(dir string) bool {
	n := 0
	found := false
	_ = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		n++
		if n > maxLinkScan {
			found = true
			return filepath.SkipAll
		}
		if !d.IsDir() && isTerraformName(d.Name()) && !strings.HasPrefix(d.Name(), ".") {
			found = true
			return filepath.SkipAll
		}
		return nil
	})
	return found
}

// skippedDirs are the directory names never descended into: what
// "terraform init" installs (.terraform) and version-control metadata.
// Every other directory, hidden ones included (".deploy/prod"), is walked:
// Terraform can be run in it.
var skippedDirs = map[string]bool{".terraform": true, ".git": true, ".hg": true, ".svn": true}

// skipDir reports whether a directory name is never descended into.
func skipDir(name string) bool {
	return skippedDirs[name]
}

// matchAny returns the first pattern that matches rel.
func matchAny(patterns []string, rel string) (string, bool) {
	for _, pat := range patterns {
		if MatchPath(pat, rel) {
			return pat, true
		}
	}
	return "", false
}

// isTerraformFile reports whether d, at p, is a Terraform configuration
// file: a regular file or a link to one (a dangling or looping link is not).
func isTerraformFile(p string, d fs.DirEntry) bool {
	name := d.Name()
	if !isTerraformName(name) {
		return false
	}
	if strings.HasPrefix(name, ".") {
		return false
	}
	if d.Type().IsRegular() {
		return true
	}
	if d.Type()&fs.ModeSymlink == 0 {
		return false
	}
	st, err := os.Stat(p)
	return err == nil && st.Mode().IsRegular()
}

// isTerraformName reports whether a file name is a Terraform or OpenTofu
// configuration file's.
func isTerraformName(name string) bool {
	return strings.HasSuffix(name, ".tf") || strings.HasSuffix(name, ".tf.json") ||
		strings.HasSuffix(name, ".tofu") || strings.HasSuffix(name, ".tofu.json")
}
