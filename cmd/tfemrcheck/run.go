package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/debug"
	"slices"
	"strings"
	"time"

	"github.com/tfemrcheck/tfemrcheck/pkg/check"
	"github.com/tfemrcheck/tfemrcheck/pkg/discover"
	"github.com/tfemrcheck/tfemrcheck/pkg/hclconfig"
	"github.com/tfemrcheck/tfemrcheck/pkg/model"
	"github.com/tfemrcheck/tfemrcheck/pkg/policy"
	"github.com/tfemrcheck/tfemrcheck/pkg/report"
	"github.com/tfemrcheck/tfemrcheck/pkg/rules"
	"github.com/tfemrcheck/tfemrcheck/pkg/suppress"
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
	// now is the current time (for expiry dates); nil means time.Now.
	now func() time.Time
}

func (e env) today() time.Time {
	if e.now != nil {
		return e.now()
	}
	return time.Now()
}

func run(args []string, e env) int {
	// Rule links in every output point at this version's documentation.
	v, _, _ := buildInfo()
	rules.SetDocVersion(v)
	if len(args) > 0 {
		switch args[0] {
		case "help":
			return help(args[1:], e)
		case "rules":
			return listRules(args[1:], e)
		case "explain":
			return explain(args[1:], e)
		case "serve":
			return serve(args[1:], e)
		case "module":
			return moduleCommand(args[1:], e)
		case "version":
			return versionCommand(args[1:], e)
		}
	}
	return checkCommand(args, e)
}

// checkCommand checks the paths on the command line.
func checkCommand(args []string, e env) int {
	o, err := parseArgs(args, e.environ...)
	if err != nil {
		return printUsageError(e.stderr, err)
	}
	if o.help {
		fmt.Fprint(e.stdout, usage)
		return exitOK
	}
	v, _, _ := buildInfo()
	if o.version {
		fmt.Fprint(e.stdout, versionText(readVersionInfo(version, commit, date, debug.ReadBuildInfo)))
		return exitOK
	}
	if len(o.paths) == 0 {
		o.paths = []string{"."}
	}

	rep := &report.Report{ToolName: "tfemrcheck", ToolVersion: v, Strict: o.strict}
	today := e.today()
	pol, perrs := loadPolicy(o, today)
	if len(perrs) > 0 {
		rep.Errors = append(rep.Errors, perrs...)
		return finish(rep, o, e)
	}
	selectRules(pol, o)
	catalogue := pol.Catalogue(rules.Catalogue())
	rep.Threshold = threshold(o, pol)
	var base *baselineFile
	if o.baseline != "" {
		b, err := readBaseline(o.baseline)
		if err != nil {
			rep.Errors = append(rep.Errors, report.InputError{File: o.baseline, Message: err.Error()})
			return finish(rep, o, e)
		}
		base = b
	}

	hclOpts := hclconfig.Options{Vars: o.vars, VarFiles: o.varFiles, Env: e.environ, Engine: o.engine,
		TrustInstalledModules: o.trustInstalled}
	if o.openTofu && o.engine == "" {
		hclOpts.Engine = hclconfig.EngineOpenTofu
	}
	paths, fileNotes, fileErrs := sourceFilePaths(o.paths)
	rep.Errors = append(rep.Errors, fileErrs...)
	rep.Notes = append(rep.Notes, fileNotes...)
	inputs, errs, notes := expandInputs(paths, pol)
	rep.Errors = append(rep.Errors, errs...)
	rep.Notes = append(rep.Notes, notes...)
	rep.Notes = append(rep.Notes, ignoredPolicies(pol, inputs)...)
	rep.Policy = pol
	warnUnusedFlags(o, inputs, e.stderr)
	stopBudget := startMemoryBudget(e.environ, inputs)
	defer stopBudget()
	// Inputs are checked in parallel (a monorepo's root modules), and the
	// results kept in input order so the output is stable.
	// The whole run has a time budget, not only each root module: many
	// hostile roots must not add up to an unbounded run. What the budget
	// does not reach is an input error, never a silent pass.
	deadline := time.Now().Add(o.timeout)
	ctx, cancel := context.WithDeadline(context.Background(), deadline)
	defer cancel()
	results := discover.Run(ctx, inputs, 0, func(in input) inputResult {
		left := time.Until(deadline)
		if left <= 0 {
			return inputResult{}
		}
		opts := hclOpts
		opts.Limits.Timeout = min(hclconfig.DefaultLimits().Timeout, left)
		r := checkInput(in, e, opts, catalogue, pol, today, needsEvaluations[o.format])
		r.done = true
		return r
	})
	for i := range results {
		if !results[i].done {
			results[i] = inputResult{errors: []report.InputError{{File: inputs[i].path, Message: fmt.Sprintf(
				"%s: not checked: the run's time budget (--timeout %s) was spent before this input was reached", inputs[i].path, o.timeout)}}}
		}
		inputs[i].tag(&results[i])
	}
	rep.Checked = &report.Coverage{}
	for _, r := range results {
		rep.Checked.Add(r.coverage)
		if rep.Findings == nil {
			// One input (or the first): its findings, not a copy; a large
			// plan has tens of thousands.
			rep.Findings = r.findings
		} else {
			rep.Findings = append(rep.Findings, r.findings...)
		}
		rep.Errors = append(rep.Errors, r.errors...)
		rep.Notes = append(rep.Notes, r.notes...)
		rep.Pairs = append(rep.Pairs, r.pairs...)
	}
	var problems []rules.Finding
	rep.Findings, problems = pol.Apply(rep.Findings, today)
	rep.Findings = append(rep.Findings, problems...)
	if o.writeBaseline != "" {
		if written, err := writeBaseline(o.writeBaseline, rep); err != nil {
			rep.Errors = append(rep.Errors, report.InputError{File: o.writeBaseline, Message: err.Error()})
		} else {
			// What was written is accepted from now on, this run included.
			base = written
			fmt.Fprintf(e.stderr, "Baseline: %d finding(s) written to %s\n", len(base.Findings), report.EscapeLine(o.writeBaseline))
			o.baseline = o.writeBaseline
		}
	}
	if base != nil {
		rep.Notes = append(rep.Notes, applyBaseline(rep.Findings, base, o.baseline)...)
	}
	check.Sort(rep.Findings)
	return finish(rep, o, e)
}

// selectRules applies --rule (only these rules run) and --skip-rule
// (these do not) to the policy, as rule blocks with enabled = false: the
// report's policy then names every rule that did not run.
func selectRules(pol *policy.Policy, o *options) {
	if len(o.onlyRules) == 0 && len(o.skipRules) == 0 {
		return
	}
	if pol.Rules == nil {
		pol.Rules = map[string]policy.RuleSetting{}
	}
	for _, r := range rules.Catalogue() {
		off := slices.Contains(o.skipRules, r.ID) || (len(o.onlyRules) > 0 && !slices.Contains(o.onlyRules, r.ID))
		if !off {
			continue
		}
		rs, ok := pol.Rules[r.ID]
		if !ok {
			rs = policy.RuleSetting{}
		}
		rs.Enabled = false
		pol.Rules[r.ID] = rs
	}
}

// warnUnusedFlags warns about flags that have no effect on the inputs
// given: --var and --var-file set variables of Terraform source, which a
// plan, a state or a security-configuration document does not read.
func warnUnusedFlags(o *options, inputs []input, stderr io.Writer) {
	if len(o.vars) == 0 && len(o.varFiles) == 0 {
		return
	}
	var files []string
	for _, in := range inputs {
		if in.sourceDir() != "" {
			return
		}
		files = append(files, displayName(in.path))
	}
	if len(files) == 0 {
		return
	}
	flags := "--var-file"
	switch {
	case len(o.vars) > 0 && len(o.varFiles) > 0:
		flags = "--var and --var-file"
	case len(o.vars) > 0:
		flags = "--var"
	}
	fmt.Fprintf(stderr, "Warning: %s has no effect: it sets variables of Terraform source, and no input here is source (%s). "+
		"A plan already holds its variables' values; to check a plan with its source, pass the directory after it: tfemrcheck plan.json DIR\n",
		flags, report.EscapeLine(strings.Join(files, ", ")))
}

// needsEvaluations are the formats that read the rule × resource pairs
// (JUnit test cases; SARIF locates plan-only findings in their plan); the
// others skip them. The pairs are kept as rules and resources
// (check.Pairs), never one value per pair: a large plan has hundreds of
// thousands.
var needsEvaluations = map[string]bool{"junit": true, "sarif": true}

// inputResult is what checking one input gives.
type inputResult struct {
	// done is set when the input was checked within the run's budget.
	done     bool
	findings []rules.Finding
	// pending are the findings of a plan or state not yet made
	// (checkInput makes them once the model is dropped).
	pending  *check.Results
	errors   []report.InputError
	notes    []model.Note
	pairs    []*check.Pairs
	coverage report.Coverage
}

// checkInput loads one input, runs the rules and applies the inline
// suppressions of its source.
//
// Source read differently by Terraform and OpenTofu is checked in both
// views unless the engine is named (checkBothEngines).
func checkInput(in input, e env, opts hclconfig.Options, catalogue []*rules.Rule, pol *policy.Policy, today time.Time, evaluations bool) inputResult {
	if opts.TreeRoot == "" {
		opts.TreeRoot = in.treeRoot()
	}
	view := func(opts hclconfig.Options) (inputResult, *model.Model) {
		return checkInputView(in, e, opts, catalogue, pol, today, evaluations)
	}
	if in.sourceDir() == "" || opts.Engine != "" {
		res, _ := view(opts)
		// The model is gone: its findings now (a large plan's model and
		// findings are not in memory together).
		if res.pending != nil {
			reclaimDropped(res.pending.Len())
			res.findings, res.pending = res.pending.Findings(), nil
		}
		return res
	}
	return checkBothEngines(view, opts)
}

// checkInputView checks one input as one engine reads it; the model is
// nil when the input could not be loaded.
func checkInputView(in input, e env, opts hclconfig.Options, catalogue []*rules.Rule, pol *policy.Policy, today time.Time, evaluations bool) (inputResult, *model.Model) {
	var res inputResult
	m, err := load(in, e, opts)
	sourceFailed := err != nil
	if err != nil {
		res.errors = inputErrors(in.path, err)
		if m == nil {
			return res, nil
		}
	}
	results, err := check.Collect(m, check.Options{Rules: catalogue, Params: &pol.Params})
	if err != nil {
		res.errors = append(res.errors, report.InputError{File: in.path, Message: errorMessage(in.path, err)})
	}
	if in.sourceDir() == "" {
		res.pending = results
	} else {
		res.findings = results.Findings()
	}
	// Suppressions live in the source; when it could not be evaluated its
	// errors are already reported, and no finding is hidden.
	if dir := in.sourceDir(); dir != "" && !sourceFailed {
		// Installed remote modules hold directives too.
		dirs := append([]string{dir}, m.ModuleDirs...)
		directives, diags := suppress.Scan(dirs...)
		if opts.TreeRoot != "" {
			directives, diags = suppress.ScanIn(opts.TreeRoot, dirs...)
		}
		for _, d := range diags {
			res.errors = append(res.errors, diagnosticError(d, dir))
		}
		fs, problems := suppress.Apply(res.findings, directives, m, today)
		res.findings = append(fs, problems...)
	}
	res.notes = m.Notes
	res.coverage = report.CoverageOf(m)
	if evaluations {
		res.pairs = []*check.Pairs{check.PairsOf(m, catalogue)}
	}
	return res, m
}

// loadPolicy reads --config, or else the policy file found from the
// working directory up to the repository root (never from the scanned
// paths: a pull request must not bring its own policy); without one, the
// defaults. today is the day exception expiries are checked against.
func loadPolicy(o *options, today time.Time) (*policy.Policy, []report.InputError) {
	path := o.config
	if path == "" {
		found, ok := policy.Discover(".")
		if !ok {
			return policy.New(), nil
		}
		path = found
	}
	pol, diags := policy.Load(path)
	if !diags.HasErrors() {
		diags = pol.Validate(today)
	}
	if !diags.HasErrors() {
		return pol, nil
	}
	var errs []report.InputError
	for _, d := range diags {
		errs = append(errs, diagnosticError(d, path))
	}
	return nil, errs
}

// ignoredPolicies records in pol, and as notes, the policy files next to
// the scanned code that the run does not read, so that a reviewer sees a
// pull request's attempt to bring its own policy.
func ignoredPolicies(pol *policy.Policy, inputs []input) []model.Note {
	var dirs []string
	for _, in := range inputs {
		switch {
		case isDir(in.path):
			dirs = append(dirs, in.path)
		case in.path != "-":
			dirs = append(dirs, filepath.Dir(in.path))
		}
		if in.source != "" {
			dirs = append(dirs, in.source)
		}
	}
	pol.Ignored = policy.Ignored(".", dirs, pol.File)
	var notes []model.Note
	for _, f := range pol.Ignored {
		notes = append(notes, model.Note{
			Range: &model.Range{Filename: f, Start: model.Pos{Line: 1, Column: 1}, End: model.Pos{Line: 1, Column: 1}},
			Message: fmt.Sprintf("policy file %s was not read: the policy comes from --config or from the working directory up to the repository root, never from the scanned code (pass --config %s to use it)",
				f, f),
		})
	}
	return notes
}

func threshold(o *options, pol *policy.Policy) rules.Severity {
	return resolveThreshold(o.threshold, pol)
}

// resolveThreshold is the threshold in force for the command line and
// serve alike: the flag's (already checked), else the policy file's, else
// rules.DefaultThreshold.
func resolveThreshold(flag string, pol *policy.Policy) rules.Severity {
	if flag != "" {
		s, _ := rules.ParseSeverity(flag) // checked by the caller
		return s
	}
	if pol != nil && pol.SeverityThreshold != nil {
		return *pol.SeverityThreshold
	}
	return rules.DefaultThreshold
}

// finish prints the input errors on standard error, writes the report and
// returns the exit code.
func finish(rep *report.Report, o *options, e env) int {
	// One line per problem, before the report: on a terminal the errors
	// come first and the report's summary, which counts them, last.
	for _, ie := range rep.Errors {
		fmt.Fprintf(e.stderr, "Error: %s\n", ie.Line())
	}
	// The report is streamed to its destination, not built in memory: on a
	// large plan it is tens of megabytes.
	if o.output != "" {
		f, err := os.Create(o.output)
		if err == nil {
			bw := bufio.NewWriterSize(f, 64<<10)
			err = render(bw, rep, o.format, e, false)
			if ferr := bw.Flush(); err == nil {
				err = ferr
			}
			if cerr := f.Close(); err == nil {
				err = cerr
			}
		}
		if err != nil {
			fmt.Fprintf(e.stderr, "Error: writing the report: %s\n", report.EscapeLine(errorMessage(o.output, err)))
			return exitError
		}
		fmt.Fprintf(e.stdout, "%s; %s report written to %s\n", report.SummaryLine(rep), o.format, report.EscapeLine(o.output))
	} else {
		bw := bufio.NewWriterSize(e.stdout, 64<<10)
		err := render(bw, rep, o.format, e, true)
		if ferr := bw.Flush(); err == nil {
			err = ferr
		}
		if err != nil {
			fmt.Fprintf(e.stderr, "Error: writing the report: %s\n", report.EscapeLine(err.Error()))
			return exitError
		}
	}
	s := rep.Summarize()
	switch {
	case s.Errors > 0:
		return exitError
	case s.Failed && !o.softFail:
		return exitFindings
	}
	return exitOK
}

func render(w io.Writer, rep *report.Report, format string, e env, toTerminal bool) error {
	switch format {
	case "json":
		return report.JSON(w, rep)
	case "sarif":
		return report.SARIF(w, rep, report.SARIFOptions{})
	case "junit":
		return report.JUnit(w, rep)
	case "github":
		return report.GitHub(w, rep)
	case "markdown":
		return report.Markdown(w, rep)
	}
	color := toTerminal && e.isTerminal && !hasNoColor(e.environ)
	// On standard output the errors, already on standard error, are only
	// counted; a report file keeps them.
	return report.Text(w, rep, report.TextOptions{Color: color, ErrorsShownApart: toTerminal})
}
