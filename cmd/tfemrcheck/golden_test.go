package main

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/tools/txtar"
)

var update = flag.Bool("update", false, "rewrite the expected output in testdata/golden/*.txtar")

// The golden tests pin what a user sees: each testdata/golden/NAME.txtar
// holds one command line, the input files it reads, and the expected
// standard output, standard error and exit status.
//
//	args: --format text main.tf
//	-- main.tf --
//	(an input file; any number, in folders too)
//	-- stdin --
//	(optional: what standard input holds)
//	-- stdout --
//	-- stderr --
//	-- exit --
//	2
//
// The command runs in a fresh directory holding the input files, so the
// paths in the output are the ones written in the archive. After a
// deliberate change of the output, `go test ./cmd/tfemrcheck -run
// TestGolden -update` rewrites the expectations; review the diff.
func TestGolden(t *testing.T) {
	paths, err := filepath.Glob(filepath.Join("testdata", "golden", "*.txtar"))
	require.NoError(t, err)
	require.NotEmpty(t, paths)
	for _, path := range paths {
		path, _ = filepath.Abs(path)
		t.Run(strings.TrimSuffix(filepath.Base(path), ".txtar"), func(t *testing.T) {
			runGolden(t, path)
		})
	}
}

// goldenOutputs are the sections the test writes, in this order.
var goldenOutputs = []string{"stdout", "stderr", "exit"}

func runGolden(t *testing.T, path string) {
	ar, err := txtar.ParseFile(path)
	require.NoError(t, err)
	args := goldenArgs(t, ar.Comment)

	dir := t.TempDir()
	var stdin string
	want := map[string]string{}
	for _, f := range ar.Files {
		switch {
		case f.Name == "stdin":
			stdin = string(f.Data)
		case isGoldenOutput(f.Name):
			want[f.Name] = string(f.Data)
		default:
			p := filepath.Join(dir, filepath.FromSlash(f.Name))
			require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
			require.NoError(t, os.WriteFile(p, f.Data, 0o644))
		}
	}
	t.Chdir(dir)

	var stdout, stderr bytes.Buffer
	code := run(args, env{
		stdin:  strings.NewReader(stdin),
		stdout: &stdout,
		stderr: &stderr,
		now:    func() time.Time { return time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC) },
	})
	got := map[string]string{"stdout": stdout.String(), "stderr": stderr.String(), "exit": strconv.Itoa(code) + "\n"}

	if *update {
		var files []txtar.File
		for _, f := range ar.Files {
			if !isGoldenOutput(f.Name) {
				files = append(files, f)
			}
		}
		for _, name := range goldenOutputs {
			files = append(files, txtar.File{Name: name, Data: []byte(got[name])})
		}
		ar.Files = files
		require.NoError(t, os.WriteFile(path, txtar.Format(ar), 0o644))
		return
	}
	for _, name := range goldenOutputs {
		w, ok := want[name]
		if !assert.True(t, ok, "%s has no -- %s -- section (go test ./cmd/tfemrcheck -run TestGolden -update writes it)", path, name) {
			continue
		}
		assert.Equal(t, w, got[name], "%s of tfemrcheck %s (go test ./cmd/tfemrcheck -run TestGolden -update rewrites it)",
			name, strings.Join(args, " "))
	}
}

func isGoldenOutput(name string) bool {
	for _, n := range goldenOutputs {
		if n == name {
			return true
		}
	}
	return false
}

// goldenArgs reads the "args:" line of the archive's comment; arguments
// are separated by blanks, and "" stands for an empty argument.
func goldenArgs(t *testing.T, comment []byte) []string {
	for _, line := range strings.Split(string(comment), "\n") {
		if rest, ok := strings.CutPrefix(line, "args:"); ok {
			args := strings.Fields(rest)
			for i, a := range args {
				if a == `""` {
					args[i] = ""
				}
			}
			return args
		}
	}
	t.Fatal("no args: line in the archive's comment")
	return nil
}
