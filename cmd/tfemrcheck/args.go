package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/agext/levenshtein"

	"github.com/tfemrcheck/tfemrcheck/pkg/hclconfig"
	"github.com/tfemrcheck/tfemrcheck/pkg/report"
	"github.com/tfemrcheck/tfemrcheck/pkg/rules"
)

const usage = `usage: tfemrcheck [flags] PATH...
       tfemrcheck rules [--format text|json] [--severity LEVEL,...] [TEXT...]
       tfemrcheck explain RULE-ID...
       tfemrcheck serve [flags]
       tfemrcheck module [flags] DIR
       tfemrcheck help [TOPIC]

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
  main.tf      a Terraform source file (.tf, .tf.json, .tofu): its module, the
               directory, is checked as a whole, and a note says so

A DIR right after a plan is that plan's source: 'tfemrcheck plan.json DIR'
reports each finding once, under the plan's addresses, sees through values
the plan leaves unknown, and adds file:line to the findings.

Flags:
  -f, --format FORMAT          text (default), json, sarif, junit, github or markdown
  -o, --output FILE            write the report to FILE ('-': standard output); a short
                               summary still goes to the terminal
  --severity-threshold LEVEL   only failing findings at LEVEL or above fail the run:
                               INFO, LOW, MEDIUM, HIGH or CRITICAL (default: the policy
                               file's, else LOW: INFO findings are reported but do not fail)
  --strict                     indeterminate findings fail too
  --soft-fail                  report, but exit 0 when findings fail (an input that
                               cannot be read still exits 2)
  --baseline FILE              accept the findings FILE lists: only new ones fail
                               (keyed by rule, address and a fingerprint of what is
                               wrong, so moved lines do not count as new); take FILE
                               from the protected branch, as the policy file
  --write-baseline FILE        write this run's failing and indeterminate findings
                               to FILE (not with input errors) and accept them
  --rule ID[,ID]               run only these rules (repeatable)
  --skip-rule ID[,ID]          do not run these rules (repeatable)
  --config FILE                policy file (default: .tfemrcheck.hcl in the working
                               directory or a parent, up to the repository root)
  --var NAME=VALUE             set a root module variable (repeatable; Terraform source only)
  --var-file FILE              read variables from a .tfvars file (repeatable; Terraform source only)
  --engine ENGINE              terraform or opentofu: the program that deploys the source.
                               Without it, source with .tofu files is checked as both
                               read it (Terraform ignores .tofu files, OpenTofu reads
                               x.tofu instead of x.tf) and a finding of one view names it
  --opentofu                   the same as --engine opentofu
  --trust-installed-modules    use the modules in .terraform/modules: set it only when the
                               pipeline ran its own 'terraform init' in the checked tree
                               (a .terraform directory in a pull request is not trusted;
                               without the flag installed modules are not evaluated)
  --timeout DURATION           the time the whole run may take (default 5m); the inputs
                               not checked within it are input errors, each root module
                               gets at most 10s of it
  --version                    print version, commit, commit date and Go version
  --help                       show this help

Commands:
  rules                        list the rules: id, severity, title
  explain RULE-ID              a rule's documentation (ids in any case: emr-sc-001)
  serve                        run as an HCP Terraform / Terraform Enterprise run task
  module DIR                   prove a reusable module: can any allowed input make it fail?
  version [--format json]      version, commit, commit date and Go version
  help TOPIC                   help on a command: 'tfemrcheck help rules'

Environment: each of these flags can be set by a variable, TFEMRCHECK_ and
the flag's name in capitals with "_" for "-": TFEMRCHECK_FORMAT,
TFEMRCHECK_OUTPUT, TFEMRCHECK_SEVERITY_THRESHOLD, TFEMRCHECK_STRICT,
TFEMRCHECK_CONFIG, TFEMRCHECK_ENGINE, TFEMRCHECK_TIMEOUT,
TFEMRCHECK_SOFT_FAIL, TFEMRCHECK_BASELINE, TFEMRCHECK_RULE,
TFEMRCHECK_SKIP_RULE. A flag wins over its variable, a variable over the
policy file, the policy file over the default. An empty variable sets
nothing. Checking plans and states of 1 MiB or more, the run keeps its
memory near 16 MiB plus 2 KiB per EMR resource (Go's soft memory limit);
GOMEMLIMIT, when set, is the limit instead.

Problems with the input (a file that cannot be read, a Terraform error) are
printed on standard error, one per line, starting with "Error:"; the report
goes to standard output.

Exit status: 0 nothing fails (or --soft-fail), 1 a finding fails, 2 usage error
or unreadable input.
`

// formatNames are the values of --format, in the order the help lists them.
var formatNames = []string{"text", "json", "sarif", "junit", "github", "markdown"}

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
	openTofu  bool
	engine    string
	// trustInstalled: the pipeline ran its own terraform init, so
	// .terraform/modules is what init installs.
	trustInstalled bool
	// timeout bounds the whole run (defaultRunTimeout when zero).
	timeout time.Duration
	// softFail: findings never make the exit code 1 (input errors still 2).
	softFail bool
	// baseline accepts the findings it lists; writeBaseline writes one.
	baseline, writeBaseline string
	// onlyRules and skipRules choose the rules that run (ids, upper case).
	onlyRules, skipRules listFlag
	paths                []string
	// fromEnv names, by flag, the environment variable that set it.
	fromEnv map[string]string
}

// envFlags are the flags an environment variable sets when the command
// line does not: flag > environment > policy file > default. --var and
// --var-file have Terraform's own TF_VAR_name; --trust-installed-modules
// is a decision of the pipeline's step, so a flag only.
var envFlags = []struct{ flag, env string }{
	{"format", "TFEMRCHECK_FORMAT"},
	{"output", "TFEMRCHECK_OUTPUT"},
	{"severity-threshold", "TFEMRCHECK_SEVERITY_THRESHOLD"},
	{"strict", "TFEMRCHECK_STRICT"},
	{"config", "TFEMRCHECK_CONFIG"},
	{"engine", "TFEMRCHECK_ENGINE"},
	{"timeout", "TFEMRCHECK_TIMEOUT"},
	{"soft-fail", "TFEMRCHECK_SOFT_FAIL"},
	{"baseline", "TFEMRCHECK_BASELINE"},
	{"rule", "TFEMRCHECK_RULE"},
	{"skip-rule", "TFEMRCHECK_SKIP_RULE"},
}

// flagName is how a message names a setting: --format, or the
// environment variable that set it.
func (o *options) flagName(flag string) string {
	if env, ok := o.fromEnv[flag]; ok {
		return env
	}
	return "--" + flag
}

// ruleList is a repeatable flag of rule ids, each value a comma-separated
// list.
type ruleList struct{ l *listFlag }

func (r ruleList) String() string {
	if r.l == nil {
		return ""
	}
	return r.l.String()
}

func (r ruleList) Set(v string) error {
	for _, id := range strings.Split(v, ",") {
		if id = strings.TrimSpace(id); id != "" {
			*r.l = append(*r.l, strings.ToUpper(id))
		}
	}
	return nil
}

// listFlag collects a repeatable flag.
type listFlag []string

func (l *listFlag) String() string     { return strings.Join(*l, ",") }
func (l *listFlag) Set(v string) error { *l = append(*l, v); return nil }

// usageError is a mistake on the command line: printed as one "Error:"
// line and a pointer to the help, exit status 2.
type usageError struct {
	msg string
	// help is the command whose --help the message points to.
	help string
}

func (e *usageError) Error() string { return e.msg }

// printUsageError prints err and where to find the usage.
func printUsageError(w io.Writer, err error) int {
	cmd := "tfemrcheck"
	var ue *usageError
	if errors.As(err, &ue) && ue.help != "" {
		cmd = ue.help
	}
	fmt.Fprintf(w, "Error: %s\nRun '%s --help' for usage.\n", report.EscapeLine(err.Error()), cmd)
	return exitError
}

func parseArgs(args []string, environ ...string) (*options, error) {
	o := &options{fromEnv: map[string]string{}}
	fs := flag.NewFlagSet("tfemrcheck", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.StringVar(&o.format, "format", "text", "")
	fs.StringVar(&o.format, "f", "text", "")
	fs.StringVar(&o.output, "output", "", "")
	fs.StringVar(&o.output, "o", "", "")
	fs.BoolVar(&o.softFail, "soft-fail", false, "")
	fs.StringVar(&o.baseline, "baseline", "", "")
	fs.StringVar(&o.writeBaseline, "write-baseline", "", "")
	fs.Var(ruleList{&o.onlyRules}, "rule", "")
	fs.Var(ruleList{&o.skipRules}, "skip-rule", "")
	fs.StringVar(&o.threshold, "severity-threshold", "", "")
	fs.BoolVar(&o.strict, "strict", false, "")
	fs.StringVar(&o.config, "config", "", "")
	fs.BoolVar(&o.version, "version", false, "")
	fs.BoolVar(&o.help, "help", false, "")
	fs.BoolVar(&o.help, "h", false, "")
	fs.Var(&o.vars, "var", "")
	fs.Var(&o.varFiles, "var-file", "")
	fs.BoolVar(&o.openTofu, "opentofu", false, "")
	fs.StringVar(&o.engine, "engine", "", "")
	fs.BoolVar(&o.trustInstalled, "trust-installed-modules", false, "")
	fs.DurationVar(&o.timeout, "timeout", defaultRunTimeout, "")
	// Accept flags before and after paths.
	for {
		if err := fs.Parse(args); err != nil {
			return nil, flagError(err, fs, "tfemrcheck")
		}
		if fs.NArg() == 0 {
			break
		}
		o.paths = append(o.paths, fs.Arg(0))
		args = fs.Args()[1:]
	}
	if o.help || o.version {
		return o, nil
	}
	if err := o.applyEnv(fs, environ); err != nil {
		return nil, err
	}
	// "-" is standard output, as for the inputs' standard input.
	if o.output == "-" {
		o.output = ""
	}
	o.format = strings.ToLower(o.format)
	if !slices.Contains(formatNames, o.format) {
		return nil, &usageError{msg: fmt.Sprintf("unknown format %q for %s%s (want %s)",
			o.format, o.flagName("format"), didYouMean(o.format, formatNames, ""), strings.Join(formatNames, ", "))}
	}
	if o.timeout <= 0 {
		return nil, &usageError{msg: fmt.Sprintf("%s %s: want a positive duration such as 90s or 5m", o.flagName("timeout"), o.timeout)}
	}
	o.engine = strings.ToLower(o.engine)
	if o.engine != "" && !slices.Contains(engineNames, o.engine) {
		return nil, &usageError{msg: fmt.Sprintf("unknown engine %q for %s (want %s)", o.engine, o.flagName("engine"), strings.Join(engineNames, " or "))}
	}
	if err := checkRuleIDs(o); err != nil {
		return nil, err
	}
	if o.baseline != "" && o.writeBaseline != "" {
		return nil, &usageError{msg: "--baseline and --write-baseline: use one (--write-baseline accepts every finding of this run)"}
	}
	if o.openTofu && o.engine == hclconfig.EngineTerraform {
		return nil, &usageError{msg: "--opentofu and --engine terraform contradict each other"}
	}
	if o.threshold != "" {
		if _, err := rules.ParseSeverity(o.threshold); err != nil {
			return nil, &usageError{msg: o.flagName("severity-threshold") + ": " + err.Error()}
		}
	}
	for _, v := range o.vars {
		if name, _, ok := strings.Cut(v, "="); !ok || name == "" {
			return nil, &usageError{msg: fmt.Sprintf("--var %q: want NAME=VALUE", v)}
		}
	}
	for _, f := range o.varFiles {
		if _, err := os.Stat(f); err != nil {
			return nil, &usageError{msg: "--var-file " + errorMessage(f, err)}
		}
	}
	return o, nil
}

// applyEnv sets, from the environment, each flag of envFlags that the
// command line did not set. An empty variable sets nothing.
func (o *options) applyEnv(fs *flag.FlagSet, environ []string) error {
	given := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { given[f.Name] = true })
	// A short flag is its long flag given.
	given["format"] = given["format"] || given["f"]
	given["output"] = given["output"] || given["o"]
	vals := map[string]string{}
	for _, kv := range environ {
		if k, v, ok := strings.Cut(kv, "="); ok {
			vals[k] = v
		}
	}
	for _, ef := range envFlags {
		v, ok := vals[ef.env]
		if !ok || v == "" || given[ef.flag] {
			continue
		}
		if err := fs.Set(ef.flag, v); err != nil {
			if bf, ok := fs.Lookup(ef.flag).Value.(interface{ IsBoolFlag() bool }); ok && bf.IsBoolFlag() {
				return &usageError{msg: fmt.Sprintf("%s=%q: want true or false (or 1 or 0)", ef.env, v)}
			}
			return &usageError{msg: fmt.Sprintf("%s=%q: %v", ef.env, v, err)}
		}
		o.fromEnv[ef.flag] = ef.env
	}
	return nil
}

// checkRuleIDs refuses --rule and --skip-rule ids that name no rule, with
// the closest id.
func checkRuleIDs(o *options) error {
	var ids []string
	for _, r := range rules.Catalogue() {
		ids = append(ids, r.ID)
	}
	for _, fl := range []struct {
		name string
		ids  []string
	}{{"rule", o.onlyRules}, {"skip-rule", o.skipRules}} {
		for _, id := range fl.ids {
			if !slices.Contains(ids, id) {
				return &usageError{msg: fmt.Sprintf("%s %s: no such rule%s (see 'tfemrcheck rules')",
					o.flagName(fl.name), id, didYouMean(id, ids, ""))}
			}
		}
	}
	return nil
}

// flagError turns the flag package's error into one line that names the
// flag as the user typed it (with two dashes) and the closest flag.
func flagError(err error, fs *flag.FlagSet, cmd string) error {
	msg := err.Error()
	if name, ok := strings.CutPrefix(msg, "flag provided but not defined: -"); ok {
		var names []string
		fs.VisitAll(func(f *flag.Flag) {
			if len(f.Name) > 1 { // -h is an alias
				names = append(names, f.Name)
			}
		})
		return &usageError{msg: "unknown flag --" + name + didYouMean(name, names, "--"), help: cmd}
	}
	if name, ok := strings.CutPrefix(msg, "flag needs an argument: -"); ok {
		return &usageError{msg: "flag --" + name + " needs a value", help: cmd}
	}
	return &usageError{msg: msg, help: cmd}
}

// didYouMean returns "; did you mean PREFIXNAME?" naming the candidate
// closest to typed, ignoring case (Levenshtein distance at most 2, or a
// candidate that starts with what was typed), or "" when none is close.
func didYouMean(typed string, candidates []string, prefix string) string {
	t := strings.ToLower(typed)
	best, bestDist := "", 3
	for _, c := range candidates {
		lc := strings.ToLower(c)
		d := levenshtein.Distance(t, lc, nil)
		if len(t) >= 2 && strings.HasPrefix(lc, t) {
			d = 1
		}
		if d < bestDist {
			best, bestDist = c, d
		}
	}
	if best == "" {
		return ""
	}
	return "; did you mean " + prefix + best + "?"
}

// defaultRunTimeout is the time budget of a whole run.
const defaultRunTimeout = 5 * time.Minute
