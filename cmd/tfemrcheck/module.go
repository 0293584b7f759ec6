package main

import (
	"bufio"
	"errors"
	"flag"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/hashicorp/hcl/v2"

	"github.com/tfemrcheck/tfemrcheck/pkg/hclconfig"
	"github.com/tfemrcheck/tfemrcheck/pkg/moduleproof"
	"github.com/tfemrcheck/tfemrcheck/pkg/report"
	"github.com/tfemrcheck/tfemrcheck/pkg/rules"
)

const moduleUsage = `usage: tfemrcheck module [flags] DIR

Proves a reusable module: can any input a caller is allowed to give make
it fail a rule? Each input variable is taken as the finite set of values
its type and validation blocks allow (bool; contains([...], var.x);
var.x == "a" || ...; can(regex("^(a|b)$", var.x)); the same over object
attributes and list elements; the default counts as one), or, when
nothing restricts it, as unknown. For each rule and resource, every
combination of the values it depends on is evaluated, with the same
evaluator and rules as 'tfemrcheck DIR'. Verdicts:

  safe           no allowed input fails the rule
  unsafe         an allowed input fails it; the witness is a module block
  unconstrained  it depends on variables nothing restricts: they are
                 named, with a validation block that would settle it
  indeterminate  too many combinations (the cap), an input that makes the
                 module fail to evaluate, or a value known only after apply

Flags:
  --format FORMAT              text (default), json, sarif or markdown
  --severity-threshold LEVEL   only verdicts at LEVEL or above fail the run
                               (alias --severity; default: the policy file's, else LOW)
  --config FILE                policy file: disabled rules, severity overrides,
                               parameters (alias --policy)
  --max-combinations N         combinations per rule and resource (default 4096)
  --region REGION              the AWS Region callers deploy in, for EMR-SC-012
                               (default: any, so that verdict is indeterminate)
  --opentofu                   evaluate with OpenTofu's functions
  --trust-installed-modules    use the modules in .terraform/modules (only after the
                               pipeline's own 'terraform init' in DIR)
  --help                       show this help

Exit status: 0 every verdict is safe, 1 a verdict at or above the threshold
is not safe, 2 usage error or a module that cannot be evaluated.
See docs/module-proof.md for the method and its limits.
`

var moduleFormats = []string{"text", "json", "sarif", "markdown"}

// moduleCommand runs 'tfemrcheck module DIR'.
func moduleCommand(args []string, e env) int {
	o := &options{}
	fs := flag.NewFlagSet("tfemrcheck module", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.StringVar(&o.format, "format", "text", "")
	fs.StringVar(&o.threshold, "severity-threshold", "", "")
	fs.StringVar(&o.threshold, "severity", "", "")
	fs.StringVar(&o.config, "config", "", "")
	fs.StringVar(&o.config, "policy", "", "")
	fs.BoolVar(&o.openTofu, "opentofu", false, "")
	fs.BoolVar(&o.trustInstalled, "trust-installed-modules", false, "")
	fs.BoolVar(&o.help, "help", false, "")
	fs.BoolVar(&o.help, "h", false, "")
	maxComb := fs.Int("max-combinations", moduleproof.DefaultCap, "")
	region := fs.String("region", "", "")
	for {
		if err := fs.Parse(args); err != nil {
			return printUsageError(e.stderr, flagError(err, fs, "tfemrcheck module"))
		}
		if fs.NArg() == 0 {
			break
		}
		o.paths = append(o.paths, fs.Arg(0))
		args = fs.Args()[1:]
	}
	if o.help {
		fmt.Fprint(e.stdout, moduleUsage)
		return exitOK
	}
	usageErr := func(msg string) int {
		return printUsageError(e.stderr, &usageError{msg: msg, help: "tfemrcheck module"})
	}
	if o.format = strings.ToLower(o.format); !slices.Contains(moduleFormats, o.format) {
		return usageErr(fmt.Sprintf("unknown format %q for --format%s (want %s)", o.format,
			didYouMean(o.format, moduleFormats, ""), strings.Join(moduleFormats, ", ")))
	}
	if o.threshold != "" {
		if _, err := rules.ParseSeverity(o.threshold); err != nil {
			return usageErr("--severity-threshold: " + err.Error())
		}
	}
	if *maxComb < 1 {
		return usageErr("--max-combinations must be at least 1")
	}
	if len(o.paths) != 1 {
		return usageErr("module takes one module directory, e.g. 'tfemrcheck module .'")
	}
	dir := o.paths[0]
	if !isDir(dir) {
		fmt.Fprintf(e.stderr, "Error: %s\n", report.EscapeLine(dir+": not a module directory"))
		return exitError
	}
	pol, perrs := loadPolicy(o, e.today())
	if len(perrs) > 0 {
		for _, ie := range perrs {
			fmt.Fprintf(e.stderr, "Error: %s\n", ie.Line())
		}
		return exitError
	}
	catalogue := pol.Catalogue(rules.Catalogue())
	res, err := moduleproof.Prove(dir, moduleproof.Options{Rules: catalogue, Params: &pol.Params, Cap: *maxComb,
		Region: *region, Load: hclconfig.Options{OpenTofu: o.openTofu, TrustInstalledModules: o.trustInstalled}})
	if err != nil {
		var ie *moduleproof.InputError
		if errors.As(err, &ie) {
			for _, d := range ie.Diags {
				if d.Severity == hcl.DiagError {
					fmt.Fprintf(e.stderr, "Error: %s\n", diagnosticError(d, dir).Line())
				}
			}
		} else {
			fmt.Fprintf(e.stderr, "Error: %s\n", report.EscapeLine(errorMessage(dir, err)))
		}
		return exitError
	}
	v, _, _ := buildInfo()
	ro := moduleproof.RenderOptions{Threshold: threshold(o, pol), PolicyFile: pol.File, ToolVersion: v}
	bw := bufio.NewWriterSize(e.stdout, 64<<10)
	switch o.format {
	case "json":
		err = moduleproof.JSON(bw, res, ro)
	case "sarif":
		err = moduleproof.SARIF(bw, res, ro, catalogue)
	case "markdown":
		err = moduleproof.Markdown(bw, res, ro)
	default:
		err = moduleproof.Text(bw, res, ro)
	}
	if ferr := bw.Flush(); err == nil {
		err = ferr
	}
	if err != nil {
		fmt.Fprintf(e.stderr, "Error: writing the report: %s\n", report.EscapeLine(err.Error()))
		return exitError
	}
	if res.Failed(ro.Threshold) {
		return exitFindings
	}
	return exitOK
}
