// Package moduleproof answers a module author's question: can any input a
// caller is allowed to give make this module fail a rule? It treats the
// module's variables as symbolic (each a finite set of allowed values
// where its type and validation blocks make one, else unknown), and runs
// the same evaluator (pkg/hclconfig) and rules (pkg/check) as the command
// line on the combinations of values each rule × resource depends on.
package moduleproof

import (
	"fmt"
	"regexp"
	"sort"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"

	"github.com/tfemrcheck/tfemrcheck/pkg/check"
	"github.com/tfemrcheck/tfemrcheck/pkg/hclconfig"
	"github.com/tfemrcheck/tfemrcheck/pkg/marks"
	"github.com/tfemrcheck/tfemrcheck/pkg/model"
	"github.com/tfemrcheck/tfemrcheck/pkg/rules"
)

// DefaultCap is the most combinations of input values checked for one
// rule × resource.
const DefaultCap = 4096

// Verdict kinds.
const (
	Safe          = "safe"
	Unsafe        = "unsafe"
	Unconstrained = "unconstrained"
	// Indeterminate: the proof could not finish (the cap was reached, a
	// combination gives an error, or the result depends on values known
	// only after apply). Never safe.
	Indeterminate = "indeterminate"
)

// Options configure a proof.
type Options struct {
	// Rules to run; nil means rules.Catalogue().
	Rules []*rules.Rule
	// Params for the organisation rules; nil means rules.Defaults().
	Params *rules.Params
	// Cap bounds the combinations per rule × resource; 0 means DefaultCap.
	Cap int
	// MaxEvaluations bounds the evaluations of the module in all (each is
	// a full evaluation, as 'tfemrcheck DIR' does); 0 means 4 × Cap.
	// Verdicts that would need more are indeterminate.
	MaxEvaluations int
	// Load is the evaluator's options; its Inputs, Vars, VarFiles and Env
	// are replaced (a module's values come from its callers).
	Load hclconfig.Options
	// Region is the AWS Region the module's callers deploy in (their
	// provider's region), for the rules that compare with it (EMR-SC-012);
	// "" means any Region: those verdicts are indeterminate, saying so.
	Region string
}

// Verdict is the answer for one rule and one resource block.
type Verdict struct {
	RuleID   string
	Title    string
	Severity rules.Severity
	// Address is the resource's address without instance keys.
	Address string
	Verdict string
	// Inputs is the witness of an unsafe verdict: the values of the
	// variables it depends on (any value of the others fails too).
	Inputs map[string]cty.Value
	// Variables are the unconstrained variables an unconstrained verdict
	// depends on.
	Variables []string
	Message   string
	// Suggestion is a validation block that would settle an unconstrained
	// verdict, in Terraform.
	Suggestion string
	// Location is where the failing value is written (unsafe verdicts).
	Location *model.Range
	// Combinations is how many combinations were checked for this verdict.
	Combinations int
}

// Result is a module's proof.
type Result struct {
	Module    string
	Variables []*Variable
	Verdicts  []Verdict
	// Evaluations counts the distinct evaluations of the module.
	Evaluations int
	// Notes are the evaluator's notes on the first evaluation (modules
	// not installed, unknown counts, …).
	Notes []model.Note
}

// InputError is a module that cannot be evaluated at all.
type InputError struct {
	Dir   string
	Diags hcl.Diagnostics
}

func (e *InputError) Error() string {
	for _, d := range e.Diags {
		if d.Severity == hcl.DiagError {
			return d.Error()
		}
	}
	return e.Dir + ": cannot be evaluated"
}

// key identifies a rule on a resource block.
type key struct{ rule, addr string }

// status of one key in one evaluation.
type status struct {
	fail, indet, present bool
	finding              *rules.Finding
	// vars are the root variables blocking an indeterminate finding;
	// others is set when something else (a value known after apply) does.
	vars   []string
	others bool
}

type outcome struct {
	keys map[key]*status
	err  *hcl.Diagnostic
	// budget is set when the evaluation was not run: the budget is spent.
	budget bool
}

type prover struct {
	dir    string
	opts   Options
	vars   map[string]*Variable
	names  []string
	cache  map[string]*outcome
	seen   map[key]bool
	titles map[string]*rules.Rule
	notes  []model.Note
}

// Prove runs the proof on the module in dir.
func Prove(dir string, opts Options) (*Result, error) {
	if opts.Rules == nil {
		opts.Rules = rules.Catalogue()
	}
	if opts.Cap <= 0 {
		opts.Cap = DefaultCap
	}
	if opts.MaxEvaluations <= 0 {
		opts.MaxEvaluations = 4 * opts.Cap
	}
	// One evaluation first, as 'tfemrcheck DIR' does it, within the
	// evaluator's limits (file sizes, nesting, budget): a module it
	// refuses is an input error before anything else parses it.
	load := opts.Load
	load.Vars, load.VarFiles, load.Env, load.Inputs = nil, nil, nil, nil
	if _, d := hclconfig.Load(dir, load); d.HasErrors() {
		return nil, &InputError{Dir: dir, Diags: d}
	}
	vs, diags := ReadVariables(dir)
	if diags.HasErrors() {
		return nil, &InputError{Dir: dir, Diags: diags}
	}
	p := &prover{dir: dir, opts: opts, vars: map[string]*Variable{}, cache: map[string]*outcome{},
		seen: map[key]bool{}, titles: map[string]*rules.Rule{}}
	for _, v := range vs {
		p.vars[v.Name] = v
		p.names = append(p.names, v.Name)
	}
	for _, r := range opts.Rules {
		p.titles[r.ID] = r
	}
	if base := p.eval(map[string]cty.Value{}); base.err != nil {
		return nil, &InputError{Dir: dir, Diags: hcl.Diagnostics{base.err}}
	}
	res := &Result{Module: dir, Variables: vs, Notes: p.notes}
	done := map[key]bool{}
	for {
		var todo []key
		for k := range p.seen {
			if !done[k] {
				todo = append(todo, k)
			}
		}
		if len(todo) == 0 {
			break
		}
		sort.Slice(todo, func(i, j int) bool {
			if todo[i].rule != todo[j].rule {
				return todo[i].rule < todo[j].rule
			}
			return todo[i].addr < todo[j].addr
		})
		for _, k := range todo {
			done[k] = true
			res.Verdicts = append(res.Verdicts, p.prove(k))
		}
	}
	sort.SliceStable(res.Verdicts, func(i, j int) bool {
		a, b := res.Verdicts[i], res.Verdicts[j]
		if a.RuleID != b.RuleID {
			return a.RuleID < b.RuleID
		}
		return a.Address < b.Address
	})
	res.Evaluations = len(p.cache)
	return res, nil
}

// prove settles one key: it enumerates the combinations of the
// constrained variables the key turns out to depend on, adding a
// variable each time an indeterminate finding names one.
func (p *prover) prove(k key) Verdict {
	r := p.titles[k.rule]
	v := Verdict{RuleID: k.rule, Address: k.addr}
	if r != nil {
		v.Title, v.Severity = r.Title, r.Severity
	}
	var deps []string
	checked := 0
	for {
		n := 1
		for _, d := range deps {
			n *= len(p.vars[d].Allowed)
			if n > p.opts.Cap {
				break
			}
		}
		if n > p.opts.Cap {
			v.Verdict = Indeterminate
			v.Variables = deps
			v.Message = fmt.Sprintf("cap reached: %s allow more than %d combinations; not all were checked", joinAnd(deps), p.opts.Cap)
			v.Combinations = checked
			return v
		}
		grown := false
		unconstrained := map[string]bool{}
		var indet *status
		for i := 0; i < n; i++ {
			assign := p.combination(deps, i)
			out := p.eval(assign)
			checked++
			if out.budget {
				v.Verdict = Indeterminate
				v.Message = "cap reached: " + out.err.Detail + "; not all combinations were checked"
				v.Combinations = checked
				return v
			}
			if out.err != nil {
				v.Verdict = Indeterminate
				v.Inputs = p.publishable(assign)
				v.Message = "these inputs make the module fail to evaluate: " + out.err.Summary
				if out.err.Detail != "" {
					v.Message += ": " + out.err.Detail
				}
				v.Combinations = checked
				return v
			}
			st := out.keys[k]
			if st == nil || !st.present {
				// No instance under these inputs (a count of 0): nothing
				// to fail. An unknown count is one instance [*], never none.
				continue
			}
			switch {
			case st.fail:
				v.Verdict = Unsafe
				v.Inputs = p.publishable(assign)
				v.Location = st.finding.Location
				v.Message = witnessMessage(st.finding, v.Inputs, len(assign) > len(v.Inputs))
				v.Combinations = checked
				return v
			case st.indet:
				var named []string
				for _, name := range st.vars {
					pv := p.vars[name]
					switch {
					case pv == nil:
					case pv.Constrained() && !contains(deps, name):
						named = append(named, name)
					case !pv.Constrained() || len(pv.Partial) > 0:
						unconstrained[name] = true
					}
				}
				if len(named) == 0 {
					// Blockers may be lost on the way (HCL's ! drops the
					// marks of an unknown bool), so a finding that names no
					// constrained variable left to enumerate still makes
					// every one of them a suspect.
					named = p.unenumerated(deps)
				}
				if len(named) > 0 {
					deps = append(deps, named...)
					grown = true
				}
				if indet == nil || (len(st.vars) == 0 && indet.finding == nil) {
					indet = st
				}
			}
			if grown {
				break
			}
		}
		if grown {
			sort.Strings(deps)
			continue
		}
		v.Combinations = checked
		switch {
		case indet == nil:
			v.Verdict = Safe
			if len(deps) == 0 {
				v.Message = "no allowed input fails this rule: it does not depend on the inputs"
			} else {
				v.Message = fmt.Sprintf("no allowed input fails this rule: every combination of %s checked (%d)", joinAnd(deps), n)
			}
		case len(unconstrained) > 0:
			v.Verdict = Unconstrained
			for name := range unconstrained {
				v.Variables = append(v.Variables, name)
			}
			sort.Strings(v.Variables)
			v.Message = fmt.Sprintf("the result depends on %s, which no validation restricts to a list of values", joinAnd(prefixed(v.Variables)))
			v.Suggestion = p.suggest(k, deps, v.Variables)
		default:
			v.Verdict = Indeterminate
			v.Message = "the result depends on a value known only after apply"
			if indet.finding != nil {
				v.Message += ": " + indet.finding.Message
				if strings.Contains(indet.finding.Message, regionUnknownMark) {
					v.Message += "; the module's callers choose the Region: prove it for one with --region"
				}
			}
		}
		return v
	}
}

// combination i of the allowed values of deps (mixed radix, first
// variable slowest).
func (p *prover) combination(deps []string, i int) map[string]cty.Value {
	out := map[string]cty.Value{}
	for j := len(deps) - 1; j >= 0; j-- {
		allowed := p.vars[deps[j]].Allowed
		out[deps[j]] = allowed[i%len(allowed)]
		i /= len(allowed)
	}
	return out
}

// eval evaluates the module with assign, every other variable unknown.
func (p *prover) eval(assign map[string]cty.Value) *outcome {
	ck := cacheKey(assign)
	if o, ok := p.cache[ck]; ok {
		return o
	}
	o := &outcome{keys: map[key]*status{}}
	if len(p.cache) >= p.opts.MaxEvaluations {
		// Not cached: the budget, not these inputs, stops it.
		o.err = &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "evaluation budget reached",
			Detail: fmt.Sprintf("the module was evaluated %d times, the most one proof does", p.opts.MaxEvaluations)}
		o.budget = true
		return o
	}
	p.cache[ck] = o
	m, diags := p.load(assign)
	if diags.HasErrors() {
		for _, d := range diags {
			if d.Severity == hcl.DiagError {
				o.err = d
				break
			}
		}
		return o
	}
	findings, err := check.Run(m, check.Options{Rules: p.opts.Rules, Params: p.opts.Params})
	if err != nil {
		o.err = &hcl.Diagnostic{Severity: hcl.DiagError, Summary: err.Error()}
		return o
	}
	get := func(k key) *status {
		st := o.keys[k]
		if st == nil {
			st = &status{}
			o.keys[k] = st
			p.seen[k] = true
		}
		st.present = true
		return st
	}
	for _, e := range check.Evaluations(m, p.opts.Rules) {
		get(key{e.RuleID, configAddress(e.Address)})
	}
	for i := range findings {
		f := &findings[i]
		st := get(key{f.RuleID, configAddress(f.Address)})
		switch f.Status {
		case rules.Fail:
			if !st.fail {
				st.fail, st.finding = true, f
			}
		case rules.Indeterminate:
			st.indet = true
			if st.finding == nil {
				st.finding = f
			}
			vars, others := p.blockers(m, f)
			st.others = st.others || others
			for _, v := range vars {
				if !contains(st.vars, v) {
					st.vars = append(st.vars, v)
				}
			}
		}
	}
	return o
}

// regionUnknownMark is in a finding's message when it depends on the
// provider's Region, which a module's caller chooses (pkg/hclconfig names
// it so).
const regionUnknownMark = "no AWS_REGION or AWS_DEFAULT_REGION"

func (p *prover) load(assign map[string]cty.Value) (*model.Model, hcl.Diagnostics) {
	opts := p.opts.Load
	opts.Vars, opts.VarFiles, opts.Env = nil, nil, nil
	if p.opts.Region != "" {
		opts.Env = []string{"AWS_REGION=" + p.opts.Region}
	}
	opts.Inputs = map[string]cty.Value{}
	for _, n := range p.names {
		if v, ok := assign[n]; ok {
			opts.Inputs[n] = v
		} else {
			opts.Inputs[n] = unknownInput(p.vars[n].Type, n)
		}
	}
	m, diags := hclconfig.Load(p.dir, opts)
	if p.notes == nil && m != nil {
		p.notes = append([]model.Note{}, m.Notes...)
	}
	return m, diags
}

// unknownInput is a variable's value when a caller may give anything.
func unknownInput(ty cty.Type, name string) cty.Value {
	return cty.UnknownVal(ty).Mark(marks.Blocker(model.NoValueBlocker("var." + name)))
}

var rootVarRef = regexp.MustCompile(`(?:^|[^.\w])var\.([A-Za-z_][\w-]*)`)

// blockers names the root variables an indeterminate finding depends on:
// those its message names, or failing that those blocking any value of
// the resources involved. others is set when no variable explains it.
func (p *prover) blockers(m *model.Model, f *rules.Finding) (vars []string, others bool) {
	add := func(n string) {
		if _, ok := p.vars[n]; ok && !contains(vars, n) {
			vars = append(vars, n)
		}
	}
	for _, g := range rootVarRef.FindAllStringSubmatch(f.Message, -1) {
		add(g[1])
	}
	if len(vars) > 0 {
		return vars, false
	}
	if strings.Contains(f.Message, regionUnknownMark) {
		// The caller's Region, not a variable of the resource.
		return nil, true
	}
	addrs := map[string]bool{f.Address: true}
	for _, r := range f.Related {
		addrs[r.Address] = true
	}
	for _, r := range m.Resources {
		if !addrs[r.Address] {
			continue
		}
		bs := append([]string{}, r.UnknownInstances...)
		if r.Attrs != nil {
			bs = append(bs, r.Attrs.UnknownBlockers()...)
		}
		for _, b := range bs {
			if name, ok := strings.CutSuffix(b, " (no value given)"); ok {
				if n, ok := strings.CutPrefix(name, "var."); ok {
					add(n)
				}
			} else {
				others = true
			}
		}
	}
	return vars, others || len(vars) == 0
}

func cacheKey(assign map[string]cty.Value) string {
	names := make([]string, 0, len(assign))
	for n := range assign {
		names = append(names, n)
	}
	sort.Strings(names)
	var b strings.Builder
	for _, n := range names {
		fmt.Fprintf(&b, "%s=%#v;", n, assign[n])
	}
	return b.String()
}

// publishable drops from a witness the sensitive variables at their
// default: the caller omits them, and the default is never printed. A
// sensitive variable set to another value keeps it: that value is one its
// validation lists, in the module's source.
func (p *prover) publishable(assign map[string]cty.Value) map[string]cty.Value {
	out := map[string]cty.Value{}
	for n, val := range assign {
		pv := p.vars[n]
		if pv != nil && pv.Sensitive && pv.Default != cty.NilVal && val.RawEquals(pv.Default) {
			continue
		}
		out[n] = val
	}
	return out
}

func witnessMessage(f *rules.Finding, assign map[string]cty.Value, defaults bool) string {
	if defaults && len(assign) == 0 {
		return "an allowed input fails this rule (sensitive inputs left to their defaults): " + f.Message
	}
	if len(assign) == 0 {
		return "every caller fails this rule, whatever the inputs: " + f.Message
	}
	names := make([]string, 0, len(assign))
	for n := range assign {
		names = append(names, n)
	}
	sort.Strings(names)
	var parts []string
	for _, n := range names {
		parts = append(parts, n+" = "+RenderValue(assign[n]))
	}
	if defaults {
		parts = append(parts, "sensitive inputs left to their defaults")
	}
	return "an allowed input fails this rule (" + strings.Join(parts, ", ") + "): " + f.Message
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

func prefixed(names []string) []string {
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = "var." + n
	}
	return out
}

func joinAnd(names []string) string {
	switch len(names) {
	case 0:
		return ""
	case 1:
		return names[0]
	}
	return strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
}

// unenumerated lists the constrained variables not in deps.
func (p *prover) unenumerated(deps []string) []string {
	var out []string
	for _, n := range p.names {
		if p.vars[n].Constrained() && !contains(deps, n) {
			out = append(out, n)
		}
	}
	return out
}
