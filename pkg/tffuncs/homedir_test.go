package tffuncs

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/zclconf/go-cty/cty"

	"github.com/tfemrcheck/tfemrcheck/pkg/marks"
)

// What Terraform 1.11 gives with HOME set is recorded in
// testdata/functions/recorded.json (pathexpand("~"), "~/", "~\\a",
// "~other/a", "a/~", file and fileexists of "~/…") and checked by
// TestRecorded. With HOME unset or empty, `terraform console` answers
// pathexpand("~/a") with the home directory of the passwd entry
// ("/root/a" as root): go-homedir ran `getent passwd 0` from PATH to find
// it (with PATH holding a fake getent, Terraform printed that script's
// directory). tfemrcheck differs on purpose: the value is unknown,
// naming the reason, and no process is started.

func TestExpandHome(t *testing.T) {
	home := filepath.Join(t.TempDir(), "home")
	env := []string{"PATH=/bin", "HOME=/not/this/one", "HOME=" + home} // the last one wins, as in os/exec
	for in, want := range map[string]string{
		"~":          home,
		"~/":         home,
		"~/a":        filepath.Join(home, "a"),
		"~//a/../b/": filepath.Join(home, "b"),
		`~\a`:        filepath.Join(home, `\a`), // go-homedir accepts ~\ on every system
		"a/~":        "a/~",
		" ~/a":       " ~/a",
		"/x":         "/x",
		"":           "",
	} {
		got, err := expandHome(in, env)
		require.NoError(t, err, in)
		assert.Equal(t, want, got, in)
	}
	for _, in := range []string{"~other", "~other/a"} {
		_, err := expandHome(in, env)
		assert.EqualError(t, err, "cannot expand user-specific home dir", in)
		_, err = expandHome(in, nil)
		assert.EqualError(t, err, "cannot expand user-specific home dir", "%s: checked before the home directory is looked for, as go-homedir does", in)
	}
}

func TestExpandHomeWithoutHome(t *testing.T) {
	for _, env := range [][]string{nil, {"PATH=/bin"}, {"HOME="}, {"HOME=/h", "HOME="}} {
		for _, in := range []string{"~", "~/a", `~\a`} {
			_, err := expandHome(in, env)
			require.ErrorIs(t, err, ErrNoHome, "%s in %q", in, env)
			assert.Contains(t, err.Error(), "HOME is not set")
		}
		got, err := expandHome("a/~", env)
		require.NoError(t, err, "a path without a leading ~ needs no home directory")
		assert.Equal(t, "a/~", got)
	}
}

// TestHomeDirOtherSystems: where go-homedir looks without starting a
// process on Windows and Plan 9 (its dirWindows, and the lower-case
// variable of Plan 9).
func TestHomeDirOtherSystems(t *testing.T) {
	for _, tt := range []struct {
		goos string
		env  []string
		want string
	}{
		{"windows", []string{`HOME=C:\h`, `USERPROFILE=C:\u`}, `C:\h`},
		{"windows", []string{`Home=C:\h`}, `C:\h`},
		{"windows", []string{"HOME=", `USERPROFILE=C:\u`, "HOMEDRIVE=D:", `HOMEPATH=\p`}, `C:\u`},
		{"windows", []string{"HOMEDRIVE=D:", `HOMEPATH=\p`}, `D:\p`},
		{"plan9", []string{"home=/usr/glenda", "HOME=/h"}, "/usr/glenda"},
		{"linux", []string{"home=/usr/glenda", "HOME=/h"}, "/h"},
	} {
		got, err := homeDir(tt.goos, tt.env)
		require.NoError(t, err, "%s %q", tt.goos, tt.env)
		assert.Equal(t, tt.want, got, "%s %q", tt.goos, tt.env)
	}
	for _, tt := range []struct {
		goos string
		env  []string
	}{
		{"windows", []string{"HOMEDRIVE=D:"}},
		{"windows", []string{`HOMEPATH=\p`, "HOME=", "USERPROFILE="}},
		{"plan9", []string{"HOME=/h"}},
		{"linux", []string{"home=/h", "USERPROFILE=/u"}},
		{"darwin", nil},
	} {
		_, err := homeDir(tt.goos, tt.env)
		assert.ErrorIs(t, err, ErrNoHome, "%s %q", tt.goos, tt.env)
	}
}

func blockersOf(v cty.Value) []string {
	_, ms := v.UnmarkDeep()
	var out []string
	for m := range ms {
		if b, ok := m.(marks.Blocker); ok {
			out = append(out, string(b))
		}
	}
	return out
}

func TestPathFunctionsWithHome(t *testing.T) {
	base, opts, _ := testTree(t)
	home := filepath.Join(base, "home")
	require.NoError(t, os.MkdirAll(home, 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(home, "x.txt"), []byte("in home"), 0o644))
	opts.Env = []string{"HOME=" + home}

	v := evalOK(t, opts, `pathexpand("~/a")`)
	assert.Equal(t, filepath.Join(home, "a"), unmarked(v).AsString())
	_, ms := v.Unmark()
	assert.Contains(t, ms, marks.Tainted{Source: "environment HOME"})
	assert.Equal(t, "a/~", evalOK(t, opts, `pathexpand("a/~")`).AsString(), "only a leading ~ expands, and the result is not tainted")

	assert.Equal(t, "in home", unmarked(evalOK(t, opts, `file("~/x.txt")`)).AsString())
	assert.True(t, unmarked(evalOK(t, opts, `fileexists("~/x.txt")`)).True())
	assert.Contains(t, evalErr(t, opts, `file("~other/x.txt")`), "failed to expand ~: cannot expand user-specific home dir")
	assert.Contains(t, evalErr(t, opts, `pathexpand("~other")`), "cannot expand user-specific home dir")
}

// TestPathFunctionsWithoutHome: with no home directory in the
// environment, every function that expands ~ gives an unknown value that
// names the call and the reason (so the rules reading it report
// indeterminate), and a file function's read is reported as refused.
func TestPathFunctionsWithoutHome(t *testing.T) {
	_, opts, refused := testTree(t)
	for _, env := range [][]string{nil, {"HOME="}} {
		opts.Env = env
		for src, blocker := range map[string]string{
			`pathexpand("~/a")`:                   `pathexpand("~/a") (the home directory is not known: HOME is not set)`,
			`pathexpand("~")`:                     `pathexpand("~") (the home directory is not known: HOME is not set)`,
			`pathexpand(sensitive("~/hunter2"))`:  `pathexpand(…) (the home directory is not known: HOME is not set)`,
			`file("~/x.txt")`:                     `file("~/x.txt") (read refused: the path starts with ~ and the home directory is not known: HOME is not set)`,
			`filebase64("~/x.txt")`:               `filebase64("~/x.txt") (read refused: the path starts with ~ and the home directory is not known: HOME is not set)`,
			`filesha256("~/x.txt")`:               `filesha256("~/x.txt") (read refused: the path starts with ~ and the home directory is not known: HOME is not set)`,
			`fileexists("~/x.txt")`:               `fileexists("~/x.txt") (read refused: the path starts with ~ and the home directory is not known: HOME is not set)`,
			`templatefile("~/t.tftpl", {})`:       `templatefile("~/t.tftpl") (read refused: the path starts with ~ and the home directory is not known: HOME is not set)`,
			`file(sensitive("~/hunter2"))`:        `file(…) (read refused: the path starts with ~ and the home directory is not known: HOME is not set)`,
			`upper(file(pathexpand("~/x.txt")))`:  `pathexpand("~/x.txt") (the home directory is not known: HOME is not set)`,
			`jsondecode(file("~/sc.json")).a + 1`: `file("~/sc.json") (read refused: the path starts with ~ and the home directory is not known: HOME is not set)`,
		} {
			v, diags := eval(t, opts, src, nil)
			require.False(t, diags.HasErrors(), "%s: %s", src, diags.Error())
			assert.False(t, v.IsKnown(), "%s is unknown", src)
			assert.Equal(t, []string{blocker}, blockersOf(v), src)
			if strings.Contains(src, "hunter2") {
				_, ms := v.UnmarkDeep()
				assert.Contains(t, ms, marks.Sensitive{}, "%s stays sensitive", src)
			}
		}
	}
	assert.Contains(t, *refused, `file("~/x.txt")`)
	assert.Contains(t, *refused, `templatefile("~/t.tftpl")`)
	assert.Contains(t, *refused, `file(…)`)
}

// TestNoProcessStartedWithoutHome: with HOME unset, go-homedir would run
// getent and sh from PATH. Here PATH holds only scripts of those names
// that leave a marker file; the functions must not have run them.
func TestNoProcessStartedWithoutHome(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("the stand-in programs are shell scripts")
	}
	bin := t.TempDir()
	marker := filepath.Join(t.TempDir(), "started")
	for _, name := range []string{"getent", "sh", "dscl", "whoami"} {
		script := "#!/bin/sh\necho " + name + " >> '" + marker + "'\necho 'u:x:0:0::/planted:/bin/sh'\n"
		require.NoError(t, os.WriteFile(filepath.Join(bin, name), []byte(script), 0o755))
	}
	t.Setenv("PATH", bin)
	t.Setenv("HOME", "")
	require.NoError(t, os.Unsetenv("HOME")) // t.Setenv restores it after the test

	_, opts, _ := testTree(t)
	opts.Env = os.Environ() // as the CLI passes it
	for _, src := range []string{
		`pathexpand("~/a")`, `pathexpand("~")`, `file("~/a")`, `fileexists("~/a")`,
		`filemd5("~/a")`, `templatefile("~/a.tftpl", {})`,
	} {
		v, diags := eval(t, opts, src, nil)
		if !assert.False(t, diags.HasErrors(), "%s: %s", src, diags.Error()) {
			continue // the marker is still checked
		}
		assert.False(t, v.IsKnown(), src)
		for _, b := range blockersOf(v) {
			assert.NotContains(t, b, "/planted", src)
		}
	}
	_, err := os.Stat(marker)
	assert.True(t, errors.Is(err, os.ErrNotExist), "a process was started: %s exists", marker)

	// The trap works: a program looked up on this PATH leaves the marker.
	out, err := exec.Command("getent", "passwd", "0").Output()
	require.NoError(t, err)
	assert.Contains(t, string(out), "/planted")
	_, err = os.Stat(marker)
	assert.NoError(t, err, "the stand-in getent leaves the marker")
}
