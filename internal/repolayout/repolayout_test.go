package repolayout

import (
	"bufio"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

const root = "../.."

// goDirs returns the directories holding Go files and those holding a
// go.mod, relative to the repository root, skipping testdata and hidden
// directories.
func goDirs(t *testing.T) (pkgs, modules []string) {
	t.Helper()
	seen := map[string]bool{}
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		name := d.Name()
		if d.IsDir() {
			if path != root && (name == "testdata" || strings.HasPrefix(name, ".")) {
				return filepath.SkipDir
			}
			return nil
		}
		rel, err := filepath.Rel(root, filepath.Dir(path))
		if err != nil {
			return err
		}
		rel = filepath.ToSlash(rel)
		switch {
		case name == "go.mod":
			modules = append(modules, rel)
		case strings.HasSuffix(name, ".go") && !seen[rel]:
			seen[rel] = true
			pkgs = append(pkgs, rel)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return pkgs, modules
}

// layoutPaths returns the paths in the first column of the README's
// layout table.
func layoutPaths(t *testing.T) []string {
	t.Helper()
	f, err := os.Open(filepath.Join(root, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var paths []string
	inLayout := false
	code := regexp.MustCompile("`([^`]+)`")
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "## ") {
			inLayout = line == "## Layout"
			continue
		}
		if !inLayout || !strings.HasPrefix(line, "| `") {
			continue
		}
		first := strings.SplitN(line[1:], "|", 2)[0]
		for _, m := range code.FindAllStringSubmatch(first, -1) {
			paths = append(paths, m[1])
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if len(paths) == 0 {
		t.Fatal("README.md: no layout table under '## Layout'")
	}
	return paths
}

// TestLayoutTableIsTrue: each package is listed in the README's layout
// table, itself or through a listed parent directory (bench covers
// bench/floor), and each listed path exists.
func TestLayoutTableIsTrue(t *testing.T) {
	listed := layoutPaths(t)
	for _, p := range listed {
		if _, err := os.Stat(filepath.Join(root, p)); err != nil {
			t.Errorf("README.md layout table: %s does not exist", p)
		}
	}
	pkgs, _ := goDirs(t)
	for _, pkg := range pkgs {
		covered := slices.ContainsFunc(listed, func(l string) bool {
			return pkg == l || strings.HasPrefix(pkg, l+"/")
		})
		if !covered {
			t.Errorf("README.md layout table: package %s is not listed (add a row saying what it is for)", pkg)
		}
	}
}

// TestCIRunsEveryModule: .ci/run's list of modules is the set of go.mod
// files in the repository, so a module's tests cannot drop out of CI.
func TestCIRunsEveryModule(t *testing.T) {
	b, err := os.ReadFile(filepath.Join(root, ".ci", "run"))
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?m)^modules=\(([^)]*)\)`).FindSubmatch(b)
	if m == nil {
		t.Fatal(".ci/run: no modules=(...) line")
	}
	var inCI []string
	for _, f := range strings.Fields(string(m[1])) {
		inCI = append(inCI, strings.TrimPrefix(strings.TrimSuffix(f, "/"), "./"))
	}
	_, all := goDirs(t)
	// tools/*: modules that only pin a program the release scripts build
	// (go get -tool), with no code or tests of their own.
	var modules []string
	for _, m := range all {
		if !strings.HasPrefix(m, "tools/") {
			modules = append(modules, m)
		}
	}
	slices.Sort(inCI)
	slices.Sort(modules)
	if !slices.Equal(inCI, modules) {
		t.Errorf(".ci/run tests the modules %q; the repository has %q", inCI, modules)
	}
}

// TestProductionDoesNotImportTestTooling: the top-level internal/ holds
// test tooling only (generators, harnesses, recorders); what the shipped
// binary needs lives under pkg/ (pkg/internal for helpers). A non-test Go
// file outside internal/ importing internal/... would ship test tooling.
func TestProductionDoesNotImportTestTooling(t *testing.T) {
	const tooling = `"github.com/tfemrcheck/tfemrcheck/internal/`
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, path)
		rel = filepath.ToSlash(rel)
		if d.IsDir() {
			if path != root && (d.Name() == "testdata" || strings.HasPrefix(d.Name(), ".") || rel == "internal") {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(rel, ".go") || strings.HasSuffix(rel, "_test.go") {
			return nil
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		if strings.Contains(string(b), tooling) {
			t.Errorf("%s imports the test tooling under internal/; move what production needs to pkg/internal", rel)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
