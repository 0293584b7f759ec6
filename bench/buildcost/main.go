// Command buildcost says where the build time of a first run goes: it
// builds a package with an empty build cache (a temporary GOCACHE; the
// module cache is used as it is, so run it after the modules are
// downloaded) and reads the go command's action graph
// (-debug-actiongraph), which records the CPU time of every compile,
// assemble, cgo and link step.
//
//	go run ./bench/buildcost [-top N] [PKG]     # default ./cmd/tfemrcheck
//
// It prints the wall time of the build and the CPU time of all its steps,
// then the CPU time by group (the standard library, each module, this
// module), and last, for every import from this module to another
// module's package or to the standard library, and for the heaviest
// packages, what removing it would save: the CPU time of the packages
// that nothing else in the build needs. The machine's load changes the
// numbers; the proportions hold.
package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"time"
)

// action is the part of a -debug-actiongraph entry read here. CmdUser and
// CmdSys are the CPU time of the step's command (nanoseconds).
type action struct {
	Mode    string
	Package string
	CmdUser int64
	CmdSys  int64
}

// pkg is the part of `go list -json` read here.
type pkg struct {
	ImportPath string
	Standard   bool
	Imports    []string
	Module     *struct {
		Path string
		Main bool
	}
}

func main() {
	top := flag.Int("top", 25, "how many of the heaviest packages to list")
	flag.Parse()
	target := "./cmd/tfemrcheck"
	if flag.NArg() > 0 {
		target = flag.Arg(0)
	}
	if err := run(target, *top, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "buildcost:", err)
		os.Exit(1)
	}
}

func run(target string, top int, w io.Writer) error {
	tmp, err := os.MkdirTemp("", "buildcost")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)

	pkgs, err := list(target)
	if err != nil {
		return err
	}
	graph := filepath.Join(tmp, "actions.json")
	build := exec.Command("go", "build", "-debug-actiongraph="+graph, "-o", filepath.Join(tmp, "out"), target)
	build.Env = append(os.Environ(), "GOCACHE="+filepath.Join(tmp, "cache"))
	build.Stderr = os.Stderr
	start := time.Now()
	if err := build.Run(); err != nil {
		return fmt.Errorf("go build: %w", err)
	}
	wall := time.Since(start)
	raw, err := os.ReadFile(graph)
	if err != nil {
		return err
	}
	var actions []action
	if err := json.Unmarshal(raw, &actions); err != nil {
		return fmt.Errorf("reading the action graph: %w", err)
	}

	cpu := map[string]float64{} // seconds of CPU, by package; "link" for the link
	var total float64
	for _, a := range actions {
		s := float64(a.CmdUser+a.CmdSys) / 1e9
		if s == 0 {
			continue
		}
		key := a.Package
		if a.Mode == "link" {
			key = "(link)"
		}
		cpu[key] += s
		total += s
	}
	// The go command's own usage includes the steps it waited for.
	all := (build.ProcessState.UserTime() + build.ProcessState.SystemTime()).Seconds()
	fmt.Fprintf(w, "build of %s, empty build cache: %.1f s wall, %.1f s CPU (%.1f s in its steps, the rest the go command), %d packages\n",
		target, wall.Seconds(), all, total, len(pkgs))

	byPath := map[string]*pkg{}
	var root string
	for _, p := range pkgs {
		byPath[p.ImportPath] = p
		root = p.ImportPath // go list -deps prints the target last
	}
	group := func(p *pkg) string {
		switch {
		case p.Standard:
			return "standard library"
		case p.Module == nil:
			return "(no module)"
		case p.Module.Main:
			return p.Module.Path + " (this module)"
		}
		return p.Module.Path
	}
	type row struct {
		name string
		cpu  float64
		n    int
	}
	groups := map[string]*row{}
	for _, p := range pkgs {
		g := group(p)
		if groups[g] == nil {
			groups[g] = &row{name: g}
		}
		groups[g].cpu += cpu[p.ImportPath]
		groups[g].n++
	}
	groups["(link)"] = &row{name: "(link)", cpu: cpu["(link)"]}
	var rows []*row
	for _, r := range groups {
		rows = append(rows, r)
	}
	sort.Slice(rows, func(i, j int) bool { return rows[i].cpu > rows[j].cpu })
	fmt.Fprintln(w, "\nCPU by group:")
	for _, r := range rows {
		fmt.Fprintf(w, "%6.1f s %5.1f%%  %3d packages  %s\n", r.cpu, 100*r.cpu/total, r.n, r.name)
	}

	// reach is the set of packages the target needs without the import
	// edge cut (from, to) or, with from == "", without package to.
	reach := func(from, to string) map[string]bool {
		seen := map[string]bool{}
		stack := []string{root}
		for len(stack) > 0 {
			p := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			if seen[p] || (from == "" && p == to) {
				continue
			}
			seen[p] = true
			for _, q := range byPath[p].Imports {
				if q == "C" { // cgo: the package needs runtime/cgo
					q = "runtime/cgo"
				}
				if byPath[q] != nil && !(p == from && q == to) {
					stack = append(stack, q)
				}
			}
		}
		return seen
	}
	needed := reach("", "")
	saved := func(kept map[string]bool) (float64, int, []string) {
		var s float64
		var gone []string
		for _, p := range pkgs {
			if needed[p.ImportPath] && !kept[p.ImportPath] {
				s += cpu[p.ImportPath]
				gone = append(gone, p.ImportPath)
			}
		}
		return s, len(gone), gone
	}
	type cut struct {
		what  string
		cpu   float64
		n     int
		std   []string
		toStd bool
	}
	stdOf := func(gone []string) []string {
		var out []string
		for _, p := range gone {
			if byPath[p].Standard {
				out = append(out, p)
			}
		}
		return out
	}
	var edges []cut
	for _, p := range pkgs {
		if p.Module == nil || !p.Module.Main {
			continue
		}
		for _, q := range p.Imports {
			d := byPath[q]
			if d == nil || (d.Module != nil && d.Module.Main) {
				continue
			}
			s, n, gone := saved(reach(p.ImportPath, q))
			if n > 0 {
				edges = append(edges, cut{short(p.ImportPath) + " -> " + q, s, n, stdOf(gone), d.Standard})
			}
		}
	}
	sort.Slice(edges, func(i, j int) bool { return edges[i].cpu > edges[j].cpu })
	fmt.Fprintln(w, "\nwhat each import of this module costs (CPU of the packages only it brings in; imports of the standard library under 0.3 s left out):")
	for _, e := range edges {
		if e.toStd && e.cpu < 0.3 {
			continue
		}
		fmt.Fprintf(w, "%6.1f s  %3d packages  %s", e.cpu, e.n, e.what)
		if len(e.std) > 0 {
			fmt.Fprintf(w, "  (standard library: %s)", strings.Join(e.std, " "))
		}
		fmt.Fprintln(w)
	}

	var heavy []cut
	for _, p := range pkgs {
		if p.ImportPath == root {
			continue
		}
		s, n, _ := saved(reach("", p.ImportPath))
		heavy = append(heavy, cut{p.ImportPath, s, n, nil, p.Standard})
	}
	sort.Slice(heavy, func(i, j int) bool { return heavy[i].cpu > heavy[j].cpu })
	fmt.Fprintf(w, "\nthe %d packages whose removal would save the most (with what only they bring in):\n", top)
	for i, h := range heavy {
		if i == top {
			break
		}
		fmt.Fprintf(w, "%6.1f s  %3d packages  %s (itself %.1f s)\n", h.cpu, h.n, h.what, cpu[h.what])
	}
	return nil
}

// list returns the packages the target builds, dependencies first.
func list(target string) ([]*pkg, error) {
	out, err := exec.Command("go", "list", "-deps", "-json=ImportPath,Standard,Imports,Module", target).Output()
	if err != nil {
		return nil, fmt.Errorf("go list: %w", err)
	}
	var pkgs []*pkg
	dec := json.NewDecoder(bytes.NewReader(out))
	for dec.More() {
		p := new(pkg)
		if err := dec.Decode(p); err != nil {
			return nil, fmt.Errorf("go list: %w", err)
		}
		pkgs = append(pkgs, p)
	}
	if len(pkgs) == 0 {
		return nil, fmt.Errorf("go list: no packages for %s", target)
	}
	return pkgs, nil
}

// short drops the module path from one of this module's packages.
func short(path string) string {
	if i := strings.Index(path, "/pkg/"); i >= 0 {
		return path[i+1:]
	}
	if i := strings.Index(path, "/cmd/"); i >= 0 {
		return path[i+1:]
	}
	return path
}
