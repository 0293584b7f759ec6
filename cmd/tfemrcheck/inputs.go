package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/hashicorp/hcl/v2"

	"github.com/tfemrcheck/tfemrcheck/pkg/discover"
	"github.com/tfemrcheck/tfemrcheck/pkg/hclconfig"
	"github.com/tfemrcheck/tfemrcheck/pkg/model"
	"github.com/tfemrcheck/tfemrcheck/pkg/plan"
	"github.com/tfemrcheck/tfemrcheck/pkg/policy"
	"github.com/tfemrcheck/tfemrcheck/pkg/report"
	"github.com/tfemrcheck/tfemrcheck/pkg/scan"
	"github.com/tfemrcheck/tfemrcheck/pkg/treefs"
)

// input is one thing to check: a file or directory, and for a plan
// optionally the directory holding its source.
type input struct {
	path   string
	source string
	// tree is DIR for a root module found by DIR/...: the checked tree
	// reaches up to it (treeRoot).
	tree string
	// root is the root's directory relative to DIR, slash-separated, for
	// a root found by DIR/...; every finding, note and error of the input
	// carries it (rules.Finding.Root).
	root string
	// arg is the command-line path the input came from ("envs/..." for
	// its roots); origin is arg when the run has several, else "".
	arg, origin string
}

// tag marks what checking the input gave with the input's root and
// origin, so that two roots (or two plans) sharing a module give findings
// that can be told apart.
func (in input) tag(r *inputResult) {
	if in.root == "" && in.origin == "" {
		return
	}
	for i := range r.findings {
		r.findings[i].Root, r.findings[i].Input = in.root, in.origin
	}
	// The notes are the model's: copied before they are changed.
	r.notes = append([]model.Note(nil), r.notes...)
	for i := range r.notes {
		r.notes[i].Root, r.notes[i].Input = in.root, in.origin
	}
	for i := range r.errors {
		r.errors[i].Root, r.errors[i].Input = in.root, in.origin
	}
	for _, p := range r.pairs {
		p.Root, p.Input = in.root, in.origin
	}
	if in.root != "" {
		r.coverage.ForRoot(in.root, in.origin)
	} else {
		for i := range r.coverage.ModulesNotEvaluated {
			r.coverage.ModulesNotEvaluated[i].Input = in.origin
		}
	}
}

// treeRoot is the directory that bounds every read of this input's
// source: the repository holding it (treefs.Roots), else DIR of DIR/...,
// else the root module's directory (hclconfig's default).
func (in input) treeRoot() string {
	if in.tree == "" {
		return ""
	}
	roots := treefs.Roots(in.tree)
	return roots[len(roots)-1]
}

// sourceDir is the Terraform source read for this input, if any.
func (in input) sourceDir() string {
	if in.source != "" {
		return in.source
	}
	if isDir(in.path) {
		return in.path
	}
	return ""
}

// expandInputs turns the command line's paths into inputs: DIR/... (or
// "...") stands for every root module below DIR, and a plan is paired with
// a directory that directly follows it. Roots are taken out only by the
// policy's exclude_roots (each one a note); a symbolic link that hides a
// directory from the walk is an input error (discover.Link), so the run
// fails closed rather than pass over code Terraform could apply.
func expandInputs(paths []string, pol *policy.Policy) ([]input, []report.InputError, []model.Note) {
	var flat []string
	var errs []report.InputError
	var notes []model.Note
	trees := map[string]string{}
	roots := map[string]string{}
	args := map[string]string{}
	arg := func(path, a string) {
		path = strings.TrimSuffix(path, string(os.PathSeparator))
		if _, ok := args[path]; !ok {
			args[path] = a
		}
	}
	for _, p := range paths {
		base, recursive := recursiveBase(p)
		if !recursive {
			flat = append(flat, p)
			arg(p, p)
			continue
		}
		if st, err := os.Stat(base); err != nil || !st.IsDir() {
			msg := base + ": not a directory (DIR/... checks the root modules below a directory)"
			if err != nil {
				msg = errorMessage(base, err)
			}
			errs = append(errs, report.InputError{File: base, Message: msg})
			continue
		}
		found, err := discover.Find(base, discover.Options{Exclude: pol.ExcludeRoots})
		if err != nil {
			errs = append(errs, report.InputError{File: base, Message: errorMessage(base, err)})
			continue
		}
		for _, l := range found.Links {
			errs = append(errs, report.InputError{File: l.Path, Message: l.Message(base)})
		}
		for _, x := range found.Excluded {
			notes = append(notes, model.Note{Root: discover.Rel(base, x.Dir), Input: p, Message: fmt.Sprintf(
				"%s: root module not checked: the policy excludes it (exclude_roots %q, %s:%d)",
				x.Dir, x.Pattern, pol.ExcludeRootsRange.Filename, pol.ExcludeRootsRange.Start.Line)})
		}
		if len(found.Roots) == 0 {
			if len(found.Excluded) == 0 {
				errs = append(errs, report.InputError{File: base, Message: base + ": no Terraform root module below this directory"})
			}
			continue
		}
		for _, r := range found.Roots {
			trees[r] = base
			roots[r] = discover.Rel(base, r)
			arg(r, p)
			// A directory marker keeps a root from being taken as a
			// plan's source by pairInputs.
			flat = append(flat, r+string(os.PathSeparator))
		}
	}
	out := pairInputs(flat)
	distinct := map[string]bool{}
	for i := range out {
		out[i].tree = trees[out[i].path]
		out[i].root = roots[out[i].path]
		out[i].arg = args[out[i].path]
		distinct[out[i].arg] = true
	}
	// Name the input only when there are several: a run of one input
	// reads as it always did.
	several := len(distinct) > 1
	for i := range out {
		if several {
			out[i].origin = out[i].arg
		}
	}
	for i := range notes {
		if !several {
			notes[i].Input = ""
		}
	}
	return out, errs, notes
}

// recursiveBase reports whether p is DIR/... and returns DIR.
func recursiveBase(p string) (string, bool) {
	switch {
	case p == "...":
		return ".", true
	case strings.HasSuffix(p, "/..."):
		base := strings.TrimSuffix(p, "/...")
		if base == "" {
			base = "/"
		}
		return base, true
	}
	return "", false
}

// pairInputs pairs each plan file with a directory that directly follows it.
func pairInputs(paths []string) []input {
	var out []input
	for i := 0; i < len(paths); i++ {
		in := input{path: strings.TrimSuffix(paths[i], string(os.PathSeparator))}
		if in.path == "" {
			in.path = paths[i]
		}
		if !isDir(paths[i]) && i+1 < len(paths) && isDir(paths[i+1]) && !strings.HasSuffix(paths[i+1], string(os.PathSeparator)) {
			in.source = strings.TrimSuffix(paths[i+1], string(os.PathSeparator))
			i++
		}
		out = append(out, in)
	}
	return out
}

func isDir(p string) bool {
	if p == "-" {
		return false
	}
	st, err := os.Stat(p)
	return err == nil && st.IsDir()
}

// load reads one input into a model. For a plan with its source, a source
// that cannot be evaluated still leaves the plan's model, returned with
// the source's error: the plan's findings are reported beside it.
func load(in input, e env, opts hclconfig.Options) (*model.Model, error) {
	var m *model.Model
	var err error
	switch {
	case in.path == "-":
		m, err = scan.File(e.stdin, "-")
	case isDir(in.path):
		return scan.Dir(in.path, opts)
	default:
		m, err = scan.Open(in.path)
	}
	if err != nil || in.source == "" {
		return m, err
	}
	src, err := scan.Dir(in.source, opts)
	if err != nil {
		return m, err
	}
	return scan.Pair(m, src, in.path, in.source)
}

// inputErrors turns a load error into report errors, one per diagnostic
// for Terraform source.
func inputErrors(path string, err error) []report.InputError {
	var de *scan.DirError
	if errors.As(err, &de) {
		var out []report.InputError
		for _, d := range de.Diags {
			if d.Severity == hcl.DiagError {
				out = append(out, diagnosticError(d, de.Dir))
			}
		}
		if len(out) > 0 {
			return out
		}
	}
	msg := errorMessage(path, err)
	if off, ok := plan.SyntaxOffset(err); ok && off == 0 && errors.Is(err, plan.ErrInvalidJSON) {
		msg += "; this input is not JSON: tfemrcheck reads a plan or a state as 'terraform show -json' writes it, " +
			"an EMR security-configuration JSON document, or a directory of Terraform source"
	}
	switch {
	case isDir(path) && !hasConfigFiles(path):
		msg += rootModulesHint(path)
	case errors.Is(err, fs.ErrNotExist) && !strings.ContainsAny(path, `/\.`):
		// "tfemrcheck rule" is more likely a command than a file.
		if hint := didYouMean(path, []string{"help", "rules", "explain", "serve", "module", "version"}, "'tfemrcheck "); hint != "" {
			msg += strings.Replace(hint, "?", "'?", 1)
		}
	}
	return []report.InputError{{File: path, Message: msg}}
}

// hasConfigFiles reports whether dir holds a .tf or .tf.json file.
func hasConfigFiles(dir string) bool {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return true // the error is reported as it is
	}
	for _, e := range entries {
		if n := e.Name(); !e.IsDir() && (strings.HasSuffix(n, ".tf") || strings.HasSuffix(n, ".tf.json")) {
			return true
		}
	}
	return false
}

// rootModulesHint tells the user who gave a folder of root modules how to
// check them all, or "" when there are none below dir.
func rootModulesHint(dir string) string {
	roots, err := discover.RootModules(dir)
	if err != nil || len(roots) == 0 {
		return ""
	}
	var names []string
	for i, r := range roots {
		if i == 4 {
			names = append(names, "…")
			break
		}
		if rel, err := filepath.Rel(dir, r); err == nil {
			r = rel
		}
		names = append(names, filepath.ToSlash(r))
	}
	all := strings.TrimSuffix(filepath.ToSlash(dir), "/") + "/..."
	return fmt.Sprintf("; %s below it (%s): check them all with 'tfemrcheck %s'",
		plural(len(roots), "root module"), strings.Join(names, ", "), all)
}

// plural is "1 root module" or "3 root modules".
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

func diagFile(d *hcl.Diagnostic, fallback string) string {
	if d.Subject != nil && d.Subject.Filename != "" {
		return d.Subject.Filename
	}
	return fallback
}

// diagnosticError is an HCL diagnostic as one input error on one line,
// "FILE:LINE:COLUMN: Summary: Detail", so that every line the tool prints
// starts with its own words (a multi-line detail is escaped, not broken).
func diagnosticError(d *hcl.Diagnostic, fallback string) report.InputError {
	file := diagFile(d, fallback)
	msg := file
	if d.Subject != nil {
		msg = fmt.Sprintf("%s:%d:%d", file, d.Subject.Start.Line, d.Subject.Start.Column)
	}
	msg += ": " + d.Summary
	if d.Detail != "" {
		msg += ": " + d.Detail
	}
	return report.InputError{File: file, Message: msg}
}

// displayName is how the tool names an input: "standard input" for "-".
func displayName(path string) string {
	if path == "-" {
		return "standard input"
	}
	return path
}

// errorMessage makes sure the message names the input exactly once, at
// its start: "open /x: no such file or directory" becomes "/x: no such
// file or directory".
func errorMessage(path string, err error) string {
	msg := err.Error()
	var pe *fs.PathError
	if errors.As(err, &pe) {
		msg = strings.Replace(msg, pe.Error(), pe.Path+": "+pe.Err.Error(), 1)
	}
	name := displayName(path)
	switch {
	case strings.HasPrefix(msg, path+":") || strings.HasPrefix(msg, path+" "):
		return name + msg[len(path):]
	case path != "-" && strings.Contains(msg, path):
		return msg
	}
	return name + ": " + msg
}

func hasNoColor(environ []string) bool {
	for _, kv := range environ {
		if k, v, ok := strings.Cut(kv, "="); ok && k == "NO_COLOR" && v != "" {
			return true
		}
	}
	return false
}
