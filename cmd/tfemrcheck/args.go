package main

import (
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/tfemrcheck/tfemrcheck/pkg/rules"
)

const usage = `usage: tfemrcheck [flags] PATH...
       tfemrcheck rules [--format text|json]
       tfemrcheck explain RULE-ID

Checks Amazon EMR resources for insecure or invalid configuration.

PATH is one of (default "."):
  DIR          a Terraform root module (.tf and .tf.json files), evaluated
               like Terraform does: variables, tfvars, locals, local modules
  DIR/...      every root module below DIR (a directory with .tf files that is
               not called as a local module by another), checked in parallel
  plan.json    output of 'terraform show -json PLANFILE' (Terraform >= 1.0, OpenTofu)
  state.json   output of 'terraform show -json' on a state
  sc.json      an EMR security-configuration document
  -            a plan or state on standard input

A DIR right after a plan is that plan's source: 'tfemrcheck plan.json DIR'
reports each finding once, under the plan's addresses, sees through values
the plan leaves unknown, and adds file:line to the findings.

Flags:
  --format FORMAT              text (default), json, sarif, junit, github or markdown
  --output FILE                write the report to FILE; a short summary still goes to the terminal
  --severity-threshold LEVEL   only failing findings at LEVEL or above fail the run:
                               INFO, LOW, MEDIUM, HIGH or CRITICAL (default: the policy
                               file's, else LOW: INFO findings are reported but do not fail)
  --strict                     indeterminate findings fail too
  --config FILE                policy file (default: .tfemrcheck.hcl in the working
                               directory or a parent, up to the repository root)
  --var NAME=VALUE             set a root module variable (repeatable; directories only)
  --var-file FILE              read variables from a .tfvars file (repeatable)
  --version                    print version, commit and build date
  --help                       show this help

Exit status: 0 nothing fails, 1 a finding fails, 2 usage error or unreadable input.
`

var formats = map[string]bool{"text": true, "json": true, "sarif": true, "junit": true, "github": true, "markdown": true}

type options struct {
	format    string
	output    string
	threshold string
	strict    bool
	config    string
	version   bool
	help      bool
	vars      listFlag
	varFiles  listFlag
	paths     []string
}

// listFlag collects a repeatable flag.
type listFlag []string

func (l *listFlag) String() string     { return strings.Join(*l, ",") }
func (l *listFlag) Set(v string) error { *l = append(*l, v); return nil }

func parseArgs(args []string) (*options, error) {
	o := &options{}
	fs := flag.NewFlagSet("tfemrcheck", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.StringVar(&o.format, "format", "text", "")
	fs.StringVar(&o.output, "output", "", "")
	fs.StringVar(&o.threshold, "severity-threshold", "", "")
	fs.BoolVar(&o.strict, "strict", false, "")
	fs.StringVar(&o.config, "config", "", "")
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
	if !formats[o.format] {
		return nil, fmt.Errorf("unknown --format %q (want text, json, sarif, junit, github or markdown)", o.format)
	}
	if o.threshold != "" {
		if _, err := rules.ParseSeverity(o.threshold); err != nil {
			return nil, fmt.Errorf("--severity-threshold: %v", err)
		}
	}
	return o, nil
}
