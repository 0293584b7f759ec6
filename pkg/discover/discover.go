// Package discover finds the Terraform root modules below a directory and
// runs work on them in parallel with results in a stable order.
//
// A root module is a directory holding ".tf" or ".tf.json" files that no
// other directory of the scanned tree calls as a local module (a module
// block whose source starts with "./" or "../"). The rule is deliberately
// simple: a directory called as a local module by some other directory of
// the tree is not a root, even if it also has a terraform.tfvars or a
// backend block; a directory calling only itself is still a root (the
// loader reports the cycle). A file with syntax errors calls nothing, so
// what it calls is checked as a root too and nothing goes unchecked. Modules called only from outside the tree, or
// through registry or git sources, do not count.
package discover

import (
	"bytes"
	"context"
	"fmt"
	"github.com/tfemrcheck/tfemrcheck/pkg/internal/nesting"
	"github.com/tfemrcheck/tfemrcheck/pkg/internal/regularfile"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	hcljson "github.com/hashicorp/hcl/v2/json"
	"github.com/zclconf/go-cty/cty"
)

// MaxParseSize bounds the Terraform files read to find module calls. A
// larger file still makes its directory a module; it is not searched for
// calls (the loader reports it when the module is checked).
const MaxParseSize = 8 << 20

// MaxNesting bounds the bracket nesting of a file parsed for module calls:
// the HCL parsers recurse once per level, and a file nested 100,000 deep
// overflows the goroutine stack (a fatal error, not a panic). A deeper file
// calls nothing.
const MaxNesting = nesting.Max

// skipDirs are directory names never descended into, besides hidden ones.
var skipDirs = map[string]bool{"node_modules": true, "vendor": true}

// RootModules returns every Terraform root module at or below dir, sorted.
// Hidden directories (".terraform", ".git", ...), node_modules and vendor
// are skipped, and symbolic links to directories are not followed (dir
// itself may be one). Files that do not parse are not an error here:
// their directory is still a module and the loader reports the problem.
func RootModules(dir string) ([]string, error) {
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

	files := map[string][]string{} // directory -> its Terraform files
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
		if !isTerraformFile(p, d) {
			return nil
		}
		dir := filepath.Dir(p)
		if files[dir] == nil {
			dirs = append(dirs, dir)
		}
		files[dir] = append(files[dir], p)
		return nil
	})
	if err != nil {
		return nil, err
	}

	var all []string
	for _, d := range dirs {
		all = append(all, files[d]...)
	}
	calls := Run(context.Background(), all, 0, localCalls)
	called := map[string]bool{}
	for i, f := range all {
		from := filepath.Dir(f)
		for _, target := range calls[i] {
			if target != from {
				called[target] = true
			}
		}
	}

	var roots []string
	for _, d := range dirs {
		if !called[d] {
			roots = append(roots, d)
		}
	}
	sort.Strings(roots)
	return roots, nil
}

// skipDir reports whether a directory name is never descended into.
func skipDir(name string) bool {
	return strings.HasPrefix(name, ".") || skipDirs[name]
}

// isTerraformFile reports whether d, at p, is a Terraform configuration
// file: a regular file or a link to one (a dangling or looping link is not).
func isTerraformFile(p string, d fs.DirEntry) bool {
	name := d.Name()
	if !strings.HasSuffix(name, ".tf") && !strings.HasSuffix(name, ".tf.json") &&
		!strings.HasSuffix(name, ".tofu") && !strings.HasSuffix(name, ".tofu.json") {
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

// moduleSchema selects module blocks; sourceSchema their source.
var (
	moduleSchema = &hcl.BodySchema{Blocks: []hcl.BlockHeaderSchema{{Type: "module", LabelNames: []string{"name"}}}}
	sourceSchema = &hcl.BodySchema{Attributes: []hcl.AttributeSchema{{Name: "source"}}}
)

// localCalls returns the cleaned directories that the file at path calls
// as local modules. Unreadable files and files with syntax errors call
// nothing, so the modules they would call are checked on their own.
func localCalls(path string) []string {
	src, err := readBounded(path)
	if err != nil || !bytes.Contains(src, []byte("module")) {
		return nil // no module block without the word: skip the parse
	}
	if nesting.CheckHCL(src) != nil {
		return nil // the HCL parsers recurse per level: do not risk the stack
	}
	var file *hcl.File
	var diags hcl.Diagnostics
	if strings.HasSuffix(path, ".json") {
		file, diags = hcljson.Parse(src, path)
	} else {
		file, diags = hclsyntax.ParseConfig(src, path, hcl.InitialPos)
	}
	if diags.HasErrors() || file == nil || file.Body == nil {
		return nil
	}
	content, _, _ := file.Body.PartialContent(moduleSchema)
	if content == nil {
		return nil
	}
	var out []string
	for _, b := range content.Blocks {
		attrs, _, _ := b.Body.PartialContent(sourceSchema)
		if attrs == nil {
			continue
		}
		a, ok := attrs.Attributes["source"]
		if !ok {
			continue
		}
		v, diags := a.Expr.Value(nil)
		if diags.HasErrors() || !v.IsKnown() || v.IsNull() || !v.Type().Equals(cty.String) {
			continue
		}
		s := v.AsString()
		if isLocalSource(s) {
			out = append(out, filepath.Join(filepath.Dir(path), filepath.FromSlash(s)))
		}
	}
	return out
}

// isLocalSource reports whether a module source is a local path, as
// Terraform defines it.
func isLocalSource(s string) bool {
	return strings.HasPrefix(s, "./") || strings.HasPrefix(s, "../") || s == "." || s == ".."
}

// readBounded reads a regular file of at most MaxParseSize bytes.
func readBounded(path string) ([]byte, error) {
	return regularfile.Read(path, MaxParseSize)
}
