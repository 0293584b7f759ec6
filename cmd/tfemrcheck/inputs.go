package main

import (
	"errors"
	"os"
	"strings"

	"github.com/hashicorp/hcl/v2"

	"github.com/tfemrcheck/tfemrcheck/pkg/discover"
	"github.com/tfemrcheck/tfemrcheck/pkg/hclconfig"
	"github.com/tfemrcheck/tfemrcheck/pkg/model"
	"github.com/tfemrcheck/tfemrcheck/pkg/report"
	"github.com/tfemrcheck/tfemrcheck/pkg/scan"
)

// input is one thing to check: a file or directory, and for a plan
// optionally the directory holding its source.
type input struct {
	path   string
	source string
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
// a directory that directly follows it.
func expandInputs(paths []string) ([]input, []report.InputError) {
	var flat []string
	var errs []report.InputError
	for _, p := range paths {
		base, recursive := recursiveBase(p)
		if !recursive {
			flat = append(flat, p)
			continue
		}
		roots, err := discover.RootModules(base)
		if err != nil {
			errs = append(errs, report.InputError{File: base, Message: err.Error()})
			continue
		}
		if len(roots) == 0 {
			errs = append(errs, report.InputError{File: base, Message: base + ": no Terraform root module below this directory"})
			continue
		}
		for _, r := range roots {
			// A directory marker keeps a root from being taken as a
			// plan's source by pairInputs.
			flat = append(flat, r+string(os.PathSeparator))
		}
	}
	return pairInputs(flat), errs
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

// load reads one input into a model.
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
		return nil, err
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
				out = append(out, report.InputError{File: diagFile(d, de.Dir), Message: scan.FormatDiagnostic(d)})
			}
		}
		if len(out) > 0 {
			return out
		}
	}
	return []report.InputError{{File: path, Message: errorMessage(path, err)}}
}

func diagFile(d *hcl.Diagnostic, fallback string) string {
	if d.Subject != nil && d.Subject.Filename != "" {
		return d.Subject.Filename
	}
	return fallback
}

// errorMessage makes sure the message names the file exactly once.
func errorMessage(path string, err error) string {
	msg := err.Error()
	if strings.HasPrefix(msg, path+":") || strings.HasPrefix(msg, path+" ") {
		return msg
	}
	return path + ": " + msg
}

func hasNoColor(environ []string) bool {
	for _, kv := range environ {
		if k, v, ok := strings.Cut(kv, "="); ok && k == "NO_COLOR" && v != "" {
			return true
		}
	}
	return false
}
