package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/tfemrcheck/tfemrcheck/pkg/model"
	"github.com/tfemrcheck/tfemrcheck/pkg/report"
)

// Terraform reads a module as a whole: every .tf file of its directory
// together (variables, locals and resources of one file used by another).
// A user who names one file (`tfemrcheck main.tf`, as with a linter) means
// that module, so the file stands for its directory, and a note says so.
// A variables file is not a module: it is an input error that says to use
// --var-file.

// sourceFileSuffixes are the names Terraform or OpenTofu read as module
// source.
var sourceFileSuffixes = []string{".tf", ".tf.json", ".tofu", ".tofu.json"}

// varsFileSuffixes are variables files.
var varsFileSuffixes = []string{".tfvars", ".tfvars.json"}

func hasSuffix(name string, suffixes []string) bool {
	for _, s := range suffixes {
		if strings.HasSuffix(name, s) {
			return true
		}
	}
	return false
}

// sourceFilePaths replaces each regular Terraform source file among paths
// by its directory (once, where the first of its files was), with a note
// per directory naming the files; variables files are input errors.
func sourceFilePaths(paths []string) ([]string, []model.Note, []report.InputError) {
	var out []string
	var notes []model.Note
	var errs []report.InputError
	files := map[string][]string{} // directory -> source files named
	var dirs []string
	for _, p := range paths {
		st, err := os.Stat(p)
		if p == "-" || err != nil || !st.Mode().IsRegular() {
			out = append(out, p)
			continue
		}
		name := filepath.Base(p)
		switch {
		case hasSuffix(name, sourceFileSuffixes):
			dir := filepath.Dir(p)
			if _, seen := files[dir]; !seen {
				dirs = append(dirs, dir)
				out = append(out, dir)
			}
			files[dir] = append(files[dir], p)
		case hasSuffix(name, varsFileSuffixes):
			errs = append(errs, report.InputError{File: p, Message: fmt.Sprintf(
				"%s: a variables file, not a module: pass it as --var-file %s, with the module's directory as PATH",
				p, p)})
		default:
			out = append(out, p)
		}
	}
	for _, dir := range dirs {
		fs := files[dir]
		what := fs[0] + " is a Terraform source file"
		if len(fs) > 1 {
			what = strings.Join(fs, ", ") + " are Terraform source files"
		}
		notes = append(notes, model.Note{
			Range: &model.Range{Filename: fs[0], Start: model.Pos{Line: 1, Column: 1}, End: model.Pos{Line: 1, Column: 1}},
			Message: fmt.Sprintf("%s: checked its module, the directory %s, as a whole (Terraform reads every file of a module together); pass the directory to check a module",
				what, dir),
		})
	}
	return out, notes, errs
}
