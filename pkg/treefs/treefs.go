package treefs

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/tfemrcheck/tfemrcheck/pkg/tffuncs"
)

// DefaultMaxBytes caps one file read when Options.MaxBytes is zero. The
// files a configuration reads (security-configuration JSON, templates,
// policies) are kilobytes; 4 MiB leaves room and still stops
// file("/dev/zero")-like reads long before memory is at risk.
const DefaultMaxBytes = 4 << 20

// DefaultMaxEntries caps the entries ReadDir returns when
// Options.MaxEntries is zero.
const DefaultMaxEntries = 10000

// maxLinks bounds the symbolic links followed while resolving one path
// (Linux's own limit is 40).
const maxLinks = 40

// pseudoFS are the directories of kernel pseudo file systems and device
// nodes: never read, even when a root contains them (scanning "/").
var pseudoFS = []string{"/proc", "/sys", "/dev"}

// Options tune a FS.
type Options struct {
	// MaxBytes is the most bytes ReadFile returns; a larger file is
	// refused. Zero means DefaultMaxBytes.
	MaxBytes int64
	// MaxEntries is the most entries ReadDir returns; a larger directory
	// is refused. Zero means DefaultMaxEntries.
	MaxEntries int
}

// FS is a tffuncs.FileSystem confined to a set of root directories. It
// holds no open files; it is safe for concurrent use.
type FS struct {
	roots      []root
	maxBytes   int64
	maxEntries int
}

// root is one allowed directory, as given (absolute, cleaned) and with
// its symbolic links resolved.
type root struct {
	given, real string
}

var _ tffuncs.FileSystem = (*FS)(nil)

// RefusedError is a read the FS will not do. It wraps tffuncs.ErrRefused.
// Its text is the reason alone.
type RefusedError struct {
	// Path is the path asked for, for callers that can show it safely.
	Path string
	// Reason says why, e.g. "outside the scanned tree".
	Reason string
}

func (e *RefusedError) Error() string { return tffuncs.ErrRefused.Error() + ": " + e.Reason }

// Unwrap makes errors.Is(err, tffuncs.ErrRefused) true.
func (e *RefusedError) Unwrap() error { return tffuncs.ErrRefused }

// Reasons of refusals, shared with tests.
const (
	ReasonOutside  = "outside the scanned tree"
	ReasonLink     = "a symbolic link leads outside the scanned tree"
	ReasonGit      = "inside a .git directory"
	ReasonSpecial  = "not a regular file"
	ReasonPseudo   = "a kernel or device file"
	ReasonTooLarge = "larger than the limit of %d bytes"
	ReasonTooMany  = "more than %d entries"
	ReasonLinkLoop = "too many symbolic links"
	ReasonNotAbs   = "not an absolute path"
)

// ErrIsDir is the error of ReadFile on a directory (an input error, as in
// Terraform, not a refusal).
var ErrIsDir = errors.New("is a directory")

// Roots returns the roots for scanning dir: dir itself (made absolute),
// and the repository root (the nearest directory at or above dir that
// holds a .git file or directory) when there is one.
func Roots(dir string) []string {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return []string{filepath.Clean(dir)}
	}
	out := []string{abs}
	for d := abs; ; {
		if _, err := os.Lstat(filepath.Join(d, ".git")); err == nil {
			if d != abs {
				out = append(out, d)
			}
			break
		}
		parent := filepath.Dir(d)
		if parent == d {
			break
		}
		d = parent
	}
	return out
}

// New returns a FS that reads inside the given directories. Roots are
// made absolute; a root that does not exist is an error.
func New(roots []string, opts Options) (*FS, error) {
	t := &FS{maxBytes: opts.MaxBytes, maxEntries: opts.MaxEntries}
	if t.maxBytes <= 0 {
		t.maxBytes = DefaultMaxBytes
	}
	if t.maxEntries <= 0 {
		t.maxEntries = DefaultMaxEntries
	}
	for _, r := range roots {
		given, err := filepath.Abs(r)
		if err != nil {
			return nil, fmt.Errorf("tree root %q: %w", r, err)
		}
		real, err := filepath.EvalSymlinks(given)
		if err != nil {
			return nil, fmt.Errorf("tree root %q: %w", r, err)
		}
		t.roots = append(t.roots, root{given: given, real: real})
	}
	return t, nil
}

// ReadFile returns the contents of a regular file inside the roots, at
// most MaxBytes of them.
func (t *FS) ReadFile(path string) ([]byte, error) {
	r, rel, err := t.resolve(path)
	if err != nil {
		return nil, err
	}
	f, err := t.open(path, r, rel)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if st.IsDir() {
		return nil, &fs.PathError{Op: "read", Path: path, Err: ErrIsDir}
	}
	if !st.Mode().IsRegular() {
		return nil, &RefusedError{Path: path, Reason: ReasonSpecial}
	}
	// The size is checked on what is read, not on what stat says: kernel
	// and network files report sizes that do not hold.
	b, err := io.ReadAll(io.LimitReader(f, t.maxBytes+1))
	if err != nil {
		return nil, err
	}
	if int64(len(b)) > t.maxBytes {
		return nil, &RefusedError{Path: path, Reason: fmt.Sprintf(ReasonTooLarge, t.maxBytes)}
	}
	return b, nil
}

// Stat describes a file or directory inside the roots (symbolic links
// resolved).
func (t *FS) Stat(path string) (fs.FileInfo, error) {
	r, rel, err := t.resolve(path)
	if err != nil {
		return nil, err
	}
	or, err := os.OpenRoot(r.real)
	if err != nil {
		return nil, err
	}
	defer or.Close()
	return or.Lstat(relOrDot(rel))
}

// ReadDir lists a directory inside the roots, sorted by name, leaving out
// entries named .git.
func (t *FS) ReadDir(path string) ([]fs.DirEntry, error) {
	r, rel, err := t.resolve(path)
	if err != nil {
		return nil, err
	}
	or, err := os.OpenRoot(r.real)
	if err != nil {
		return nil, err
	}
	defer or.Close()
	f, err := or.Open(relOrDot(rel))
	if err != nil {
		return nil, err
	}
	defer f.Close()
	entries, err := f.ReadDir(t.maxEntries + 1)
	if err != nil && !errors.Is(err, io.EOF) {
		return nil, err
	}
	if len(entries) > t.maxEntries {
		return nil, &RefusedError{Path: path, Reason: fmt.Sprintf(ReasonTooMany, t.maxEntries)}
	}
	out := entries[:0]
	for _, e := range entries {
		if !isGit(e.Name()) {
			out = append(out, e)
		}
	}
	slices.SortFunc(out, func(a, b fs.DirEntry) int { return strings.Compare(a.Name(), b.Name()) })
	return out, nil
}

// open opens the resolved file through an os.Root of its root, so a
// symbolic link swapped in after resolve still cannot leave the root,
// without blocking on a fifo and without following a final link.
func (t *FS) open(path string, r root, rel string) (*os.File, error) {
	or, err := os.OpenRoot(r.real)
	if err != nil {
		return nil, err
	}
	defer or.Close()
	f, err := or.OpenFile(relOrDot(rel), openFlags, 0)
	if err != nil {
		if isLinkErr(err) {
			return nil, &RefusedError{Path: path, Reason: ReasonLink}
		}
		return nil, err
	}
	return f, nil
}

// resolve follows path component by component from the root that holds
// it, resolving every symbolic link itself so that nothing outside the
// roots is ever looked at (not even whether it exists), and returns the
// root and the link-free path relative to its real directory.
//
// Written by hand: os.Root refuses escapes but cannot say where a link
// led (needed for the .git and pseudo-file-system rules) and rejects
// absolute links that stay inside the tree; filepath.EvalSymlinks stats
// outside the tree before anyone can check.
func (t *FS) resolve(path string) (root, string, error) {
	if !filepath.IsAbs(path) {
		return root{}, "", &RefusedError{Path: path, Reason: ReasonNotAbs}
	}
	p := filepath.Clean(path)
	r, rel, ok := t.rootOf(p)
	if !ok {
		return root{}, "", &RefusedError{Path: path, Reason: ReasonOutside}
	}
	if hasGit(rel) {
		return root{}, "", &RefusedError{Path: path, Reason: ReasonGit}
	}
	cur := r.real
	rest := splitRel(rel)
	links := 0
	for len(rest) > 0 {
		c := rest[0]
		rest = rest[1:]
		next := filepath.Join(cur, c)
		if isPseudo(next) {
			return root{}, "", &RefusedError{Path: path, Reason: ReasonPseudo}
		}
		st, err := os.Lstat(next)
		if err != nil {
			return root{}, "", &fs.PathError{Op: "open", Path: path, Err: unwrapPathErr(err)}
		}
		if st.Mode()&fs.ModeSymlink == 0 {
			cur = next
			continue
		}
		links++
		if links > maxLinks {
			return root{}, "", &RefusedError{Path: path, Reason: ReasonLinkLoop}
		}
		target, err := os.Readlink(next)
		if err != nil {
			return root{}, "", &fs.PathError{Op: "readlink", Path: path, Err: unwrapPathErr(err)}
		}
		if !filepath.IsAbs(target) {
			// cur has no links left in it, so ".." in target is lexical.
			target = filepath.Join(cur, target)
		}
		target = filepath.Clean(target)
		nr, nrel, ok := t.rootOf(target)
		if !ok {
			return root{}, "", &RefusedError{Path: path, Reason: ReasonLink}
		}
		if hasGit(nrel) {
			return root{}, "", &RefusedError{Path: path, Reason: ReasonGit}
		}
		r, cur = nr, nr.real
		rest = append(splitRel(nrel), rest...)
	}
	if isPseudo(cur) {
		return root{}, "", &RefusedError{Path: path, Reason: ReasonPseudo}
	}
	rel, err := filepath.Rel(r.real, cur)
	if err != nil || !filepath.IsLocal(rel) {
		return root{}, "", &RefusedError{Path: path, Reason: ReasonOutside}
	}
	return r, rel, nil
}

// rootOf finds the outermost root holding p (lexically, in its given or
// real form) and p relative to it.
func (t *FS) rootOf(p string) (root, string, bool) {
	best, bestRel, found := root{}, "", false
	for _, r := range t.roots {
		for _, base := range []string{r.given, r.real} {
			rel, ok := within(base, p)
			if ok && (!found || len(r.real) < len(best.real)) {
				best, bestRel, found = r, rel, true
			}
		}
	}
	return best, bestRel, found
}

// within reports whether p is base or below it, and p relative to base.
func within(base, p string) (string, bool) {
	if p == base {
		return ".", true
	}
	prefix := base
	if !strings.HasSuffix(prefix, string(filepath.Separator)) {
		prefix += string(filepath.Separator)
	}
	if !strings.HasPrefix(p, prefix) {
		return "", false
	}
	return p[len(prefix):], true
}

func splitRel(rel string) []string {
	var out []string
	for _, c := range strings.Split(rel, string(filepath.Separator)) {
		if c != "" && c != "." {
			out = append(out, c)
		}
	}
	return out
}

// isGit matches .git in any letter case: on a case-insensitive file
// system .GIT/config is .git/config.
func isGit(name string) bool { return strings.EqualFold(name, ".git") }

func hasGit(rel string) bool {
	for _, c := range splitRel(rel) {
		if isGit(c) {
			return true
		}
	}
	return false
}

func isPseudo(p string) bool {
	for _, d := range pseudoFS {
		if _, ok := within(d, p); ok {
			return true
		}
	}
	return false
}

func relOrDot(rel string) string {
	if rel == "" {
		return "."
	}
	return rel
}

// unwrapPathErr drops the resolved path from an error, which would tell
// where a link inside the tree leads.
func unwrapPathErr(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// isLinkErr reports an os.Root refusal of a link (an escape, or a link
// that appeared after resolve).
func isLinkErr(err error) bool {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		s := pe.Err.Error()
		return strings.Contains(s, "escapes") || strings.Contains(s, "too many levels of symbolic links")
	}
	return false
}
