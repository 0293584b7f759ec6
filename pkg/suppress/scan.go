package suppress

import (
	"fmt"
	"path/filepath"
	"sort"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"

	"github.com/tfemrcheck/tfemrcheck/pkg/model"
	"github.com/tfemrcheck/tfemrcheck/pkg/treefs"
)

// Scan reads the directives in the .tf files of each directory and of the
// local modules they call (module blocks whose source starts with "./" or
// "../", followed recursively, each directory once), as the HCL loader
// does. Files are named as the loader names them (filepath.Join of the
// directory as given and the file name). Directives come back sorted by
// file and position.
//
// The diagnostics are files that cannot be read or parsed; the HCL loader
// reports the same parse errors, so a caller that loads the configuration
// too may ignore them. Directives of a file with syntax errors are read
// from its comment tokens all the same.
//
// Reads stay inside the tree of the first directory (treefs.Roots: the
// repository holding it, else itself); ScanIn names the tree.
func Scan(dirs ...string) ([]Directive, hcl.Diagnostics) {
	root := ""
	if len(dirs) > 0 {
		roots := treefs.Roots(dirs[0])
		root = roots[len(roots)-1]
	}
	return ScanIn(root, dirs...)
}

// ScanIn is Scan with every read inside root, through pkg/treefs: a
// committed main.tf -> /dev/zero or a module directory linked out of the
// tree is refused, never read.
func ScanIn(root string, dirs ...string) ([]Directive, hcl.Diagnostics) {
	var roots []string
	if root != "" {
		roots = []string{root}
	}
	tree, err := treefs.New(roots, treefs.Options{})
	if err != nil {
		return nil, hcl.Diagnostics{{Severity: hcl.DiagError, Summary: "Cannot read configuration directory",
			Detail: fmt.Sprintf("reading %q for tfemrcheck:ignore comments: %v", root, err)}}
	}
	var out []Directive
	var diags hcl.Diagnostics
	seen := map[string]bool{}
	queue := append([]string(nil), dirs...)
	for len(queue) > 0 {
		dir := queue[0]
		queue = queue[1:]
		if seen[abs(dir)] {
			continue
		}
		seen[abs(dir)] = true
		files, err := tfFiles(tree, dir)
		if err != nil {
			diags = append(diags, &hcl.Diagnostic{
				Severity: hcl.DiagError,
				Summary:  "Cannot read configuration directory",
				Detail:   fmt.Sprintf("reading %q for tfemrcheck:ignore comments: %v", dir, err),
			})
			continue
		}
		for _, path := range files {
			src, err := tree.ReadFile(abs(path))
			if err != nil {
				diags = append(diags, &hcl.Diagnostic{
					Severity: hcl.DiagError,
					Summary:  "Cannot read configuration file",
					Detail:   fmt.Sprintf("reading %q for tfemrcheck:ignore comments: %v", path, err),
				})
				continue
			}
			ds, modules, d := scanFile(src, path)
			out = append(out, ds...)
			diags = append(diags, d...)
			for _, m := range modules {
				queue = append(queue, filepath.Join(dir, filepath.FromSlash(m)))
			}
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i].Range, out[j].Range
		if a.Filename != b.Filename {
			return a.Filename < b.Filename
		}
		return a.Start.Byte < b.Start.Byte
	})
	return out, diags
}

// tfFiles lists the .tf files of dir as the HCL loader picks them (no
// hidden or editor backup files), sorted.
func tfFiles(tree *treefs.FS, dir string) ([]string, error) {
	entries, err := tree.ReadDir(abs(dir))
	if err != nil {
		return nil, err
	}
	var out []string
	for _, e := range entries {
		n := e.Name()
		if e.IsDir() || !strings.HasSuffix(n, ".tf") || strings.HasPrefix(n, ".") || strings.HasPrefix(n, "#") {
			continue
		}
		out = append(out, filepath.Join(dir, n))
	}
	sort.Strings(out)
	return out, nil
}

// element is something a directive can be placed on.
type element struct {
	start    int // line the element starts on
	cover    hcl.Range
	resource *hclsyntax.Block // the resource block it is in (or is)
	isBlock  bool             // the resource block itself
}

// scanFile returns the directives of one file and the local module sources
// it calls.
func scanFile(src []byte, path string) ([]Directive, []string, hcl.Diagnostics) {
	start := hcl.Pos{Line: 1, Column: 1}
	f, diags := hclsyntax.ParseConfig(src, path, start)
	var elems []element
	var modules []string
	if f != nil {
		if body, ok := f.Body.(*hclsyntax.Body); ok {
			elems, modules = structure(body)
		}
	}
	tokens, _ := hclsyntax.LexConfig(src, path, start)
	// Lines holding something other than comments.
	code := map[int]bool{}
	comment := map[int]bool{}
	for _, t := range tokens {
		switch t.Type {
		case hclsyntax.TokenNewline, hclsyntax.TokenEOF:
		case hclsyntax.TokenComment:
			comment[t.Range.Start.Line] = true
		default:
			for l := t.Range.Start.Line; l <= t.Range.End.Line; l++ {
				if l == t.Range.End.Line && l > t.Range.Start.Line && t.Range.End.Column == 1 {
					break
				}
				code[l] = true
			}
		}
	}
	var out []Directive
	lastCodeLine := 0
	for _, t := range tokens {
		if t.Type != hclsyntax.TokenComment {
			if t.Type != hclsyntax.TokenNewline && t.Type != hclsyntax.TokenEOF {
				lastCodeLine = t.Range.End.Line
			}
			continue
		}
		text := strings.TrimRight(string(t.Bytes), "\r\n")
		d, ok := parseComment(text)
		if !ok {
			continue
		}
		rng := t.Range
		if rng.End.Line > rng.Start.Line {
			// Line comments include their newline; end on the same line.
			rng.End = hcl.Pos{Line: rng.Start.Line, Column: rng.Start.Column + len(text), Byte: rng.Start.Byte + len(text)}
		}
		d.Range = toModel(rng)
		line := rng.Start.Line
		target := line
		if lastCodeLine != line {
			// A comment on its own line covers the next line that is not
			// a comment.
			target = line + 1
			for comment[target] && !code[target] {
				target++
			}
		}
		place(&d, elems, target)
		out = append(out, d)
	}
	return out, modules, diags
}

// place sets the directive's scope from the outermost element starting on
// line target.
func place(d *Directive, elems []element, target int) {
	var best *element
	for i := range elems {
		e := &elems[i]
		if e.start != target {
			continue
		}
		if best == nil || e.cover.Start.Byte < best.cover.Start.Byte ||
			(e.cover.Start.Byte == best.cover.Start.Byte && e.cover.End.Byte > best.cover.End.Byte) {
			best = e
		}
	}
	if best == nil {
		d.Errors = append(d.Errors, "it is not on or directly above a resource block or one of its attributes")
		return
	}
	d.Covers = toModel(best.cover)
	d.Header = toModel(best.resource.DefRange())
	d.Resource = best.resource.Labels[0] + "." + best.resource.Labels[1]
	if best.isBlock {
		d.Scope = ScopeResource
	} else {
		d.Scope = ScopeRange
	}
}

// structure lists the resource blocks of a file with their attributes,
// nested blocks and object items, and the local module sources.
func structure(body *hclsyntax.Body) ([]element, []string) {
	var elems []element
	var modules []string
	for _, b := range body.Blocks {
		switch {
		case b.Type == "resource" && len(b.Labels) == 2:
			elems = append(elems, element{start: b.TypeRange.Start.Line, cover: b.Range(), resource: b, isBlock: true})
			elems = inner(elems, b.Body, b)
		case b.Type == "module":
			if a, ok := b.Body.Attributes["source"]; ok {
				if v, d := a.Expr.Value(nil); !d.HasErrors() && v.Type() == cty.String && v.IsKnown() && !v.IsNull() {
					s := v.AsString()
					if strings.HasPrefix(s, "./") || strings.HasPrefix(s, "../") {
						modules = append(modules, s)
					}
				}
			}
		}
	}
	return elems, modules
}

func inner(elems []element, body *hclsyntax.Body, res *hclsyntax.Block) []element {
	for _, a := range body.Attributes {
		elems = append(elems, element{start: a.NameRange.Start.Line, cover: a.SrcRange, resource: res})
		hclsyntax.VisitAll(a.Expr, func(n hclsyntax.Node) hcl.Diagnostics {
			if oc, ok := n.(*hclsyntax.ObjectConsExpr); ok {
				for _, it := range oc.Items {
					k := it.KeyExpr.Range()
					elems = append(elems, element{start: k.Start.Line, cover: hcl.RangeBetween(k, it.ValueExpr.Range()), resource: res})
				}
			}
			return nil
		})
	}
	for _, b := range body.Blocks {
		elems = append(elems, element{start: b.TypeRange.Start.Line, cover: b.Range(), resource: res})
		elems = inner(elems, b.Body, res)
	}
	return elems
}

func toModel(r hcl.Range) model.Range {
	return model.Range{
		Filename: r.Filename,
		Start:    model.Pos{Line: r.Start.Line, Column: r.Start.Column, Byte: r.Start.Byte},
		End:      model.Pos{Line: r.End.Line, Column: r.End.Column, Byte: r.End.Byte},
	}
}

func abs(p string) string {
	a, err := filepath.Abs(p)
	if err != nil {
		return filepath.Clean(p)
	}
	return a
}
