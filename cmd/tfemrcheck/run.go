package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/hashicorp/hcl/v2"

	"github.com/tfemrcheck/tfemrcheck/pkg/check"
	"github.com/tfemrcheck/tfemrcheck/pkg/hclconfig"
	"github.com/tfemrcheck/tfemrcheck/pkg/model"
	"github.com/tfemrcheck/tfemrcheck/pkg/report"
	"github.com/tfemrcheck/tfemrcheck/pkg/scan"
)

// Exit codes: part of the public contract.
const (
	exitOK       = 0
	exitFindings = 1
	exitError    = 2
)

// env is everything run touches outside its arguments.
type env struct {
	stdin      io.Reader
	stdout     io.Writer
	stderr     io.Writer
	environ    []string
	isTerminal bool
}

const usage = `usage: tfemrcheck [flags] PATH...

Checks Amazon EMR resources for insecure or invalid configuration.

PATH is one of (default "."):
  DIR          a Terraform root module (.tf and .tf.json files), evaluated
               like Terraform does: variables, tfvars, locals, local modules
  plan.json    output of 'terraform show -json PLANFILE' (Terraform >= 1.0, OpenTofu)
  state.json   output of 'terraform show -json' on a state
  sc.json      an EMR security-configuration document
  -            a plan or state on standard input

A DIR right after a plan is that plan's source: 'tfemrcheck plan.json DIR'
reports each finding once, under the plan's addresses, sees through values
the plan leaves unknown, and adds file:line to the findings.

Flags:
  --format text|json   output format (default text)
  --strict             indeterminate findings fail too
  --var NAME=VALUE     set a root module variable (repeatable; directories only)
  --var-file FILE      read variables from a .tfvars file (repeatable)
  --version            print version, commit and build date
  --help               show this help

Exit status: 0 nothing fails, 1 a finding fails, 2 usage error or unreadable input.
`

type options struct {
	format   string
	strict   bool
	version  bool
	help     bool
	vars     listFlag
	varFiles listFlag
	paths    []string
}

// listFlag collects a repeatable flag.
type listFlag []string

func (l *listFlag) String() string     { return strings.Join(*l, ",") }
func (l *listFlag) Set(v string) error { *l = append(*l, v); return nil }

func parseArgs(args []string, stderr io.Writer) (*options, error) {
	o := &options{}
	fs := flag.NewFlagSet("tfemrcheck", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.StringVar(&o.format, "format", "text", "")
	fs.BoolVar(&o.strict, "strict", false, "")
	fs.BoolVar(&o.version, "version", false, "")
	fs.BoolVar(&o.help, "help", false, "")
	fs.BoolVar(&o.help, "h", false, "")
	fs.Var(&o.vars, "var", "")
	fs.Var(&o.varFiles, "var-file", "")
	// Accept flags before and after paths.
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		if fs.NArg() == 0 {
			break
		}
		o.paths = append(o.paths, fs.Arg(0))
		args = fs.Args()[1:]
	}
	switch o.format {
	case "text", "json":
	default:
		return nil, fmt.Errorf("unknown --format %q (want text or json)", o.format)
	}
	return o, nil
}

func run(args []string, e env) int {
	o, err := parseArgs(args, e.stderr)
	if err != nil {
		fmt.Fprintf(e.stderr, "tfemrcheck: %v\n\n%s", err, usage)
		return exitError
	}
	if o.help {
		fmt.Fprint(e.stdout, usage)
		return exitOK
	}
	v, c, d := buildInfo()
	if o.version {
		fmt.Fprintf(e.stdout, "tfemrcheck %s (commit %s, built %s)\n", v, c, d)
		return exitOK
	}
	if len(o.paths) == 0 {
		o.paths = []string{"."}
	}
	hclOpts := hclconfig.Options{Vars: o.vars, VarFiles: o.varFiles, Env: e.environ}

	rep := &report.Report{ToolName: "tfemrcheck", ToolVersion: v, Strict: o.strict}
	for _, in := range pairInputs(o.paths) {
		m, err := load(in, e, hclOpts)
		if err != nil {
			rep.Errors = append(rep.Errors, inputErrors(in.path, err)...)
			continue
		}
		fs, err := check.Run(m, check.Options{})
		if err != nil {
			rep.Errors = append(rep.Errors, report.InputError{File: in.path, Message: err.Error()})
		}
		rep.Findings = append(rep.Findings, fs...)
		rep.Evaluated = append(rep.Evaluated, check.Evaluations(m, nil)...)
	}
	check.Sort(rep.Findings)

	switch o.format {
	case "json":
		err = report.JSON(e.stdout, rep)
	default:
		err = report.Text(e.stdout, rep, report.TextOptions{Color: e.isTerminal && !hasNoColor(e.environ)})
	}
	if err != nil {
		fmt.Fprintf(e.stderr, "tfemrcheck: writing report: %v\n", err)
		return exitError
	}
	for _, ie := range rep.Errors {
		fmt.Fprintf(e.stderr, "tfemrcheck: %s\n", ie.Message)
	}
	s := rep.Summarize()
	switch {
	case s.Errors > 0:
		return exitError
	case s.Failed:
		return exitFindings
	}
	return exitOK
}

// input is one thing to check: a file or directory, and for a plan
// optionally the directory holding its source.
type input struct {
	path   string
	source string
}

// pairInputs pairs each plan file with a directory that directly follows it.
func pairInputs(paths []string) []input {
	var out []input
	for i := 0; i < len(paths); i++ {
		in := input{path: paths[i]}
		if !isDir(paths[i]) && i+1 < len(paths) && isDir(paths[i+1]) {
			in.source = paths[i+1]
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
	switch {
	case in.path == "-":
		m, err := scan.File(e.stdin, "-")
		if err != nil || in.source == "" {
			return m, err
		}
		return withSource(m, in.source, opts)
	case isDir(in.path):
		return scan.Dir(in.path, opts)
	}
	m, err := scan.Open(in.path)
	if err != nil || in.source == "" {
		return m, err
	}
	return withSource(m, in.source, opts)
}

func withSource(m *model.Model, dir string, opts hclconfig.Options) (*model.Model, error) {
	src, err := scan.Dir(dir, opts)
	if err != nil {
		return nil, err
	}
	return scan.Merge(m, src), nil
}

// inputErrors turns a load error into report errors, one per diagnostic
// for Terraform source.
func inputErrors(path string, err error) []report.InputError {
	var de *scan.DirError
	if errors.As(err, &de) {
		var out []report.InputError
		for _, d := range de.Diags {
			if d.Severity != hcl.DiagError {
				continue
			}
			file := de.Dir
			if d.Subject != nil {
				file = d.Subject.Filename
			}
			out = append(out, report.InputError{File: file, Message: scan.FormatDiagnostic(d)})
		}
		if len(out) > 0 {
			return out
		}
	}
	return []report.InputError{{File: path, Message: errorMessage(path, err)}}
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
