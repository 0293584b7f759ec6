//go:build unix

package treefs

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tfemrcheck/tfemrcheck/pkg/tffuncs"
)

const canary = "CANARY-7f3c9e1d"

// tree builds
//
//	outside/secret, outside/dir/secret
//	repo/.git/config, repo/shared/x.json
//	repo/mod/{sc.json, links…, fifo, big}
//
// and returns the base directory.
func tree(t *testing.T) string {
	t.Helper()
	base := t.TempDir()
	mk := func(rel, content string) {
		p := filepath.Join(base, rel)
		require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
		require.NoError(t, os.WriteFile(p, []byte(content), 0o600))
	}
	link := func(target, rel string) {
		require.NoError(t, os.Symlink(target, filepath.Join(base, rel)))
	}
	mk("outside/secret", canary)
	mk("outside/dir/secret", canary)
	mk("repo/.git/config", "[http]\n\textraheader = AUTHORIZATION: basic "+canary+"\n")
	mk("repo/shared/x.json", `{"a":1}`)
	mk("repo/mod/sc.json", `{"EncryptionConfiguration":{}}`)
	mk("repo/mod/sub/.git", "gitdir: "+canary) // a submodule's .git file
	mk("repo/mod/exact", strings.Repeat("x", 64))
	mk("repo/mod/big", strings.Repeat("x", 65))
	link("../shared/x.json", "repo/mod/rel-in")
	link(filepath.Join(base, "repo/shared/x.json"), "repo/mod/abs-in")
	link("../../outside/secret", "repo/mod/rel-out")
	link(filepath.Join(base, "outside/secret"), "repo/mod/abs-out")
	link(filepath.Join(base, "outside/dir"), "repo/mod/dir-out")
	link(filepath.Join(base, "outside/missing"), "repo/mod/dangling-out")
	link("../.git/config", "repo/mod/to-git")
	link("../.git", "repo/mod/gitdir")
	link("/proc/self/environ", "repo/mod/environ")
	link("/dev/zero", "repo/mod/zero")
	link("loop-b", "repo/mod/loop-a")
	link("loop-a", "repo/mod/loop-b")
	link("../shared", "repo/mod/shared-dir")
	require.NoError(t, syscall.Mkfifo(filepath.Join(base, "repo/mod/fifo"), 0o600))
	return base
}

func TestRoots(t *testing.T) {
	base := tree(t)
	assert.Equal(t, []string{filepath.Join(base, "repo/mod"), filepath.Join(base, "repo")}, Roots(filepath.Join(base, "repo/mod")))
	assert.Equal(t, []string{filepath.Join(base, "repo")}, Roots(filepath.Join(base, "repo")))
	assert.Equal(t, []string{filepath.Join(base, "outside/dir")}, Roots(filepath.Join(base, "outside/dir")))
}

func TestReadFile(t *testing.T) {
	base := tree(t)
	fsys, err := New(Roots(filepath.Join(base, "repo/mod")), Options{MaxBytes: 64})
	require.NoError(t, err)
	p := func(rel string) string { return filepath.Join(base, rel) }
	tests := []struct {
		name, path string
		want       string // content when the read succeeds
		refused    string // reason when refused
		notExist   bool
	}{
		{name: "inside the module", path: p("repo/mod/sc.json"), want: `{"EncryptionConfiguration":{}}`},
		{name: "elsewhere in the repository", path: p("repo/shared/x.json"), want: `{"a":1}`},
		{name: "through ..", path: p("repo/mod/../shared/x.json"), want: `{"a":1}`},
		{name: "relative link inside", path: p("repo/mod/rel-in"), want: `{"a":1}`},
		{name: "absolute link inside", path: p("repo/mod/abs-in"), want: `{"a":1}`},
		{name: "through a directory link inside", path: p("repo/mod/shared-dir/x.json"), want: `{"a":1}`},
		{name: "exactly the cap", path: p("repo/mod/exact"), want: strings.Repeat("x", 64)},
		{name: "missing file", path: p("repo/mod/nope.json"), notExist: true},

		{name: "outside by path", path: p("outside/secret"), refused: ReasonOutside},
		{name: "outside through ..", path: p("repo/mod/../../outside/secret"), refused: ReasonOutside},
		{name: "missing outside (no oracle)", path: p("outside/missing"), refused: ReasonOutside},
		{name: "proc environ", path: "/proc/self/environ", refused: ReasonOutside},
		{name: "dev zero", path: "/dev/zero", refused: ReasonOutside},
		{name: "etc passwd", path: "/etc/passwd", refused: ReasonOutside},
		{name: "relative path", path: "sc.json", refused: ReasonNotAbs},
		{name: "relative link out", path: p("repo/mod/rel-out"), refused: ReasonLink},
		{name: "absolute link out", path: p("repo/mod/abs-out"), refused: ReasonLink},
		{name: "directory link out", path: p("repo/mod/dir-out/secret"), refused: ReasonLink},
		{name: "dangling link out (no oracle)", path: p("repo/mod/dangling-out"), refused: ReasonLink},
		{name: "link to proc", path: p("repo/mod/environ"), refused: ReasonLink},
		{name: "link to dev zero", path: p("repo/mod/zero"), refused: ReasonLink},
		{name: "../.git/config", path: p("repo/mod/../.git/config"), refused: ReasonGit},
		{name: ".git/config", path: p("repo/.git/config"), refused: ReasonGit},
		{name: "upper-case .GIT", path: p("repo/.GIT/config"), refused: ReasonGit},
		{name: "submodule .git file", path: p("repo/mod/sub/.git"), refused: ReasonGit},
		{name: "link to .git/config", path: p("repo/mod/to-git"), refused: ReasonGit},
		{name: "through a link to .git", path: p("repo/mod/gitdir/config"), refused: ReasonGit},
		{name: "fifo", path: p("repo/mod/fifo"), refused: ReasonSpecial},
		{name: "over the cap", path: p("repo/mod/big"), refused: fmt.Sprintf(ReasonTooLarge, 64)},
		{name: "link loop", path: p("repo/mod/loop-a"), refused: ReasonLinkLoop},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			done := make(chan struct{})
			var b []byte
			var err error
			go func() { b, err = fsys.ReadFile(tt.path); close(done) }()
			select {
			case <-done:
			case <-time.After(5 * time.Second):
				t.Fatal("ReadFile blocked")
			}
			switch {
			case tt.refused != "":
				require.Error(t, err)
				assert.True(t, errors.Is(err, tffuncs.ErrRefused), "%v", err)
				var re *RefusedError
				require.ErrorAs(t, err, &re)
				assert.Equal(t, tt.refused, re.Reason)
				assert.Equal(t, "read refused: "+tt.refused, err.Error())
				assert.Nil(t, b)
			case tt.notExist:
				require.Error(t, err)
				assert.True(t, errors.Is(err, fs.ErrNotExist), "%v", err)
				assert.False(t, errors.Is(err, tffuncs.ErrRefused))
			default:
				require.NoError(t, err)
				assert.Equal(t, tt.want, string(b))
			}
			if err != nil {
				assert.NotContains(t, err.Error(), canary)
			}
		})
	}
}

func TestReadFileDirectory(t *testing.T) {
	base := tree(t)
	fsys, err := New([]string{filepath.Join(base, "repo")}, Options{})
	require.NoError(t, err)
	_, err = fsys.ReadFile(filepath.Join(base, "repo/shared"))
	assert.ErrorIs(t, err, ErrIsDir)
	assert.False(t, errors.Is(err, tffuncs.ErrRefused))
}

// A root that holds the kernel's pseudo file systems (scanning "/")
// still never reads them.
func TestPseudoFileSystemsUnderARoot(t *testing.T) {
	fsys, err := New([]string{"/"}, Options{})
	require.NoError(t, err)
	for _, p := range []string{"/proc/self/environ", "/proc/self/cmdline", "/dev/zero", "/sys/kernel/mm/transparent_hugepage/enabled"} {
		_, err := fsys.ReadFile(p)
		var re *RefusedError
		require.ErrorAs(t, err, &re, p)
		assert.Equal(t, ReasonPseudo, re.Reason, p)
	}
}

func TestOutsideARepositoryOnlyTheModule(t *testing.T) {
	base := tree(t)
	mod := filepath.Join(base, "outside/dir")
	fsys, err := New(Roots(mod), Options{})
	require.NoError(t, err)
	b, err := fsys.ReadFile(filepath.Join(mod, "secret"))
	require.NoError(t, err)
	assert.Equal(t, canary, string(b))
	_, err = fsys.ReadFile(filepath.Join(base, "outside/secret"))
	assert.ErrorIs(t, err, tffuncs.ErrRefused)
}

func TestStat(t *testing.T) {
	base := tree(t)
	fsys, err := New(Roots(filepath.Join(base, "repo/mod")), Options{})
	require.NoError(t, err)
	st, err := fsys.Stat(filepath.Join(base, "repo/mod/rel-in"))
	require.NoError(t, err)
	assert.True(t, st.Mode().IsRegular())
	assert.Equal(t, "x.json", st.Name())
	st, err = fsys.Stat(filepath.Join(base, "repo/mod/shared-dir"))
	require.NoError(t, err)
	assert.True(t, st.IsDir())
	for _, p := range []string{filepath.Join(base, "outside/secret"), filepath.Join(base, "repo/.git/config"), filepath.Join(base, "repo/mod/abs-out"), "/proc/self/environ"} {
		_, err := fsys.Stat(p)
		assert.ErrorIs(t, err, tffuncs.ErrRefused, p)
	}
	_, err = fsys.Stat(filepath.Join(base, "repo/mod/nope"))
	assert.ErrorIs(t, err, fs.ErrNotExist)
}

func TestReadDir(t *testing.T) {
	base := tree(t)
	fsys, err := New(Roots(filepath.Join(base, "repo/mod")), Options{})
	require.NoError(t, err)
	entries, err := fsys.ReadDir(filepath.Join(base, "repo"))
	require.NoError(t, err)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	assert.Equal(t, []string{"mod", "shared"}, names, ".git is left out")
	for _, p := range []string{filepath.Join(base, "outside"), filepath.Join(base, "repo/.git"), filepath.Join(base, "repo/mod/dir-out"), "/proc"} {
		_, err := fsys.ReadDir(p)
		assert.ErrorIs(t, err, tffuncs.ErrRefused, p)
	}
	small, err := New(Roots(filepath.Join(base, "repo/mod")), Options{MaxEntries: 3})
	require.NoError(t, err)
	_, err = small.ReadDir(filepath.Join(base, "repo/mod"))
	var re *RefusedError
	require.ErrorAs(t, err, &re)
	assert.Equal(t, fmt.Sprintf(ReasonTooMany, 3), re.Reason)
}

// A root reached through a symbolic link (macOS's /tmp) accepts paths in
// either form.
func TestRootThroughALink(t *testing.T) {
	base := tree(t)
	require.NoError(t, os.Symlink(filepath.Join(base, "repo"), filepath.Join(base, "repo-link")))
	fsys, err := New([]string{filepath.Join(base, "repo-link")}, Options{})
	require.NoError(t, err)
	for _, p := range []string{filepath.Join(base, "repo-link/shared/x.json"), filepath.Join(base, "repo/shared/x.json"), filepath.Join(base, "repo-link/mod/abs-in")} {
		b, err := fsys.ReadFile(p)
		require.NoError(t, err, p)
		assert.Equal(t, `{"a":1}`, string(b))
	}
	_, err = fsys.ReadFile(filepath.Join(base, "repo-link/.git/config"))
	assert.ErrorIs(t, err, tffuncs.ErrRefused)
}
