package repolayout

import (
	"bufio"
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestBinaryStartsNoProcess: the checked code is hostile, and nothing
// tfemrcheck evaluates may make it start a program (docs/security.md,
// "Never a process"). go-homedir did, for ~ with HOME unset (the
// homedir finding; pkg/tffuncs/homedir.go replaces it). So no package
// the tfemrcheck binary is built from imports os/exec, and none outside
// the standard library calls os.StartProcess or syscall's exec and fork
// functions. A dependency that needs to start processes must be
// discussed first, then listed here with the reason.
func TestBinaryStartsNoProcess(t *testing.T) {
	goCmd, err := exec.LookPath("go")
	if err != nil {
		t.Skip("the go command is not on PATH")
	}
	cmd := exec.Command(goCmd, "list", "-deps", "-f",
		"{{.ImportPath}}\t{{.Standard}}\t{{.Dir}}\t{{join .GoFiles \",\"}}\t{{join .Imports \",\"}}", "./cmd/tfemrcheck")
	cmd.Dir = root
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, stderr.String())
	}
	calls := []string{"os.StartProcess(", "syscall.StartProcess(", "syscall.ForkExec(", "syscall.Exec("}
	n := 0
	sc := bufio.NewScanner(bytes.NewReader(out))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		f := strings.Split(sc.Text(), "\t")
		if len(f) != 5 {
			t.Fatalf("go list: unexpected line %q", sc.Text())
		}
		pkg, std, dir, files, imports := f[0], f[1] == "true", f[2], f[3], f[4]
		n++
		for _, imp := range strings.Split(imports, ",") {
			if imp == "os/exec" {
				t.Errorf("%s imports os/exec: the tfemrcheck binary must start no process", pkg)
			}
		}
		if std || files == "" {
			continue
		}
		for _, name := range strings.Split(files, ",") {
			b, err := os.ReadFile(filepath.Join(dir, name))
			if err != nil {
				t.Fatal(err)
			}
			for _, c := range calls {
				if bytes.Contains(b, []byte(c)) {
					t.Errorf("%s (%s) calls %s: the tfemrcheck binary must start no process", pkg, name, strings.TrimSuffix(c, "("))
				}
			}
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if n < 50 {
		t.Fatalf("go list gave %d packages: the dependency list looks incomplete", n)
	}
}
