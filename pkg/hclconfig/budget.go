package hclconfig

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"math/big"
	"regexp"
	"runtime"
	"strings"
	"sync/atomic"
	"time"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/function"
	"go.yaml.in/yaml/v3"

	"github.com/tfemrcheck/tfemrcheck/pkg/internal/nesting"
	"github.com/tfemrcheck/tfemrcheck/pkg/regularfile"
)

// Limits bound the work one Load does on a root module (its child
// modules included). The checked code comes from whoever opened the pull
// request, and Terraform's language lets a few lines ask for billions of
// instances, blocks or bytes; each limit turns such a request into an
// input error naming the file and the limit instead of exhausting the
// process. A zero field takes its default (DefaultLimits); real
// configurations stay orders of magnitude below every default.
type Limits struct {
	// MaxFileBytes bounds one file the loader reads (.tf, .tf.json,
	// .tfvars): 4 MiB, counted on the bytes read.
	MaxFileBytes int64
	// MaxSourceBytes bounds all the files of a root module and its local
	// modules together: 32 MiB.
	MaxSourceBytes int64
	// MaxInstances bounds the instances of one resource or one module
	// call (count or for_each): 10,000.
	MaxInstances int64
	// MaxTotalInstances bounds the resource instances expanded in the
	// whole root module: 100,000.
	MaxTotalInstances int64
	// MaxModuleInstances bounds the module instances expanded (every
	// instance of every call, at every depth): 1,000.
	MaxModuleInstances int64
	// MaxBlocks bounds the nested blocks built from resource bodies,
	// dynamic blocks expanded: 10,000.
	MaxBlocks int64
	// MaxBytes bounds the bytes of the values produced by function calls,
	// for-expression iterations and evaluated expressions, all together:
	// 128 MiB.
	MaxBytes int64
	// MaxValues bounds the number of values (each element of a collection
	// counts) produced, as MaxBytes does: 1,000,000.
	MaxValues int64
	// Timeout is the wall-clock time the evaluation of one root module may
	// take: 10 s.
	Timeout time.Duration
}

// DefaultLimits returns the limits used where Options.Limits leaves a
// field zero.
func DefaultLimits() Limits {
	return Limits{
		MaxFileBytes:       4 << 20,
		MaxSourceBytes:     32 << 20,
		MaxInstances:       10_000,
		MaxTotalInstances:  100_000,
		MaxModuleInstances: 1_000,
		MaxBlocks:          10_000,
		MaxBytes:           128 << 20,
		MaxValues:          1_000_000,
		Timeout:            10 * time.Second,
	}
}

// withDefaults fills the zero fields of l.
func (l Limits) withDefaults() Limits {
	d := DefaultLimits()
	fill := func(v *int64, def int64) {
		if *v <= 0 {
			*v = def
		}
	}
	fill(&l.MaxFileBytes, d.MaxFileBytes)
	fill(&l.MaxSourceBytes, d.MaxSourceBytes)
	fill(&l.MaxInstances, d.MaxInstances)
	fill(&l.MaxTotalInstances, d.MaxTotalInstances)
	fill(&l.MaxModuleInstances, d.MaxModuleInstances)
	fill(&l.MaxBlocks, d.MaxBlocks)
	fill(&l.MaxBytes, d.MaxBytes)
	fill(&l.MaxValues, d.MaxValues)
	if l.Timeout <= 0 {
		l.Timeout = d.Timeout
	}
	return l
}

// budget is what is left of the limits during one Load. The evaluation
// runs on one goroutine at a time (see guard), so the budget needs no
// lock; abandoned, the only field the waiting goroutine sets while the
// evaluation may still run, is atomic.
type budget struct {
	lim      Limits
	deadline time.Time
	now      func() time.Time

	source, instances, modules, blocks, bytes, values int64

	// exhausted is the first limit reached; from then on the evaluation
	// stops (see stop) and every function call fails at once.
	exhausted *hcl.Diagnostic
	// guarded is set while a guard runs: stop may end the goroutine.
	guarded bool
	// where is the expression being evaluated, the subject of an
	// exhaustion found inside a function call.
	where hcl.Range
	// grace is how long past the deadline guard waits.
	grace time.Duration
	// abandoned is set (by the caller's goroutine) when guard gave up
	// waiting.
	abandoned atomic.Bool
}

// guard runs fn on a goroutine of its own and reports whether it ran to
// the end. Once the budget is exhausted, stop ends that goroutine with
// runtime.Goexit: a panic would not do, since cty turns a panic inside a
// function into an error, and HCL's for expressions go on to the next
// element after an error, so a billion-element loop would run on.
// Goexit runs the deferred calls (cty's recover sees nothing) and ends
// the goroutine wherever it is.
//
// A step may call back into nothing that checks the budget (a file read
// that hangs). So guard also waits no longer than the deadline plus a
// grace period: past it, the goroutine is abandoned (abandoned is true)
// and ends itself at its next check, and the caller must not touch
// anything the goroutine uses, the budget included.
func (b *budget) guard(fn func()) (completed, abandoned bool) {
	done := make(chan bool, 1)
	b.guarded = true
	go func() {
		ok := false
		defer func() { done <- ok }()
		fn()
		ok = true
	}()
	wait := max(time.Until(b.deadline), 0) + b.grace
	timer := time.NewTimer(wait)
	defer timer.Stop()
	select {
	case ok := <-done:
		b.guarded = false
		return ok, false
	case <-timer.C:
		b.abandoned.Store(true)
		return false, true
	}
}

// stop ends the guarded evaluation once the budget is exhausted or the
// guard has abandoned it; outside a guard it returns, and callers return
// an error instead.
func (b *budget) stop() {
	if b.abandoned.Load() || b.exhausted != nil && b.guarded {
		runtime.Goexit()
	}
}

func newBudget(lim Limits, now func() time.Time) *budget {
	if now == nil {
		now = time.Now
	}
	lim = lim.withDefaults()
	return &budget{lim: lim, deadline: now().Add(lim.Timeout), now: now, grace: max(min(2*time.Second, lim.Timeout), 100*time.Millisecond)}
}

// abandonedDiag is the error of a root module whose evaluation guard
// abandoned. It names the directory: where evaluation stood is known only
// to the abandoned goroutine.
func abandonedDiag(dir string, lim Limits) *hcl.Diagnostic {
	return &hcl.Diagnostic{
		Severity: hcl.DiagError,
		Summary:  "Evaluation limit reached: timeout",
		Detail:   fmt.Sprintf("Evaluating the root module in %q took longer than %s (timeout) and was abandoned. tfemrcheck stops here rather than exhaust the machine it runs on; see docs/security.md for the limits.", dir, lim.Timeout),
	}
}

// record notes the first exhaustion and returns its diagnostic.
func (b *budget) record(limit string, detail string, subject *hcl.Range) *hcl.Diagnostic {
	if subject == nil && b.where.Filename != "" {
		subject = b.where.Ptr()
	}
	if b.exhausted == nil {
		b.exhausted = &hcl.Diagnostic{
			Severity: hcl.DiagError,
			Summary:  "Evaluation limit reached: " + limit,
			Detail:   detail + " tfemrcheck stops here rather than exhaust the machine it runs on; see docs/security.md for the limits.",
			Subject:  subject,
		}
	}
	return b.exhausted
}

// fail records an exhaustion and stops the evaluation.
func (b *budget) fail(limit, detail string, subject *hcl.Range) {
	b.record(limit, detail, subject)
	b.stop()
}

// checkpoint stops the evaluation if the budget is exhausted or the
// deadline has passed; rng names where evaluation stood, and becomes the
// subject of an exhaustion found inside a function call.
func (b *budget) checkpoint(rng hcl.Range) {
	if b.abandoned.Load() {
		runtime.Goexit()
	}
	if b.exhausted == nil && b.now().After(b.deadline) {
		b.record("timeout", fmt.Sprintf("Evaluating the root module took longer than %s.", b.lim.Timeout), nil)
	}
	if b.exhausted != nil {
		if b.exhausted.Subject == nil && rng.Filename != "" {
			b.exhausted.Subject = rng.Ptr()
		}
		b.stop()
	}
}

// err stops the evaluation once the budget is exhausted or the deadline
// has passed; outside a guard it returns the error a function call
// gives.
func (b *budget) err() error {
	if b.abandoned.Load() {
		runtime.Goexit()
	}
	if b.exhausted == nil && b.now().After(b.deadline) {
		b.record("timeout", fmt.Sprintf("Evaluating the root module took longer than %s.", b.lim.Timeout), nil)
	}
	if b.exhausted != nil {
		b.stop()
		return fmt.Errorf("%s", strings.ToLower(b.exhausted.Summary[:1])+b.exhausted.Summary[1:])
	}
	return nil
}

// spendSource counts the bytes of a file read; it returns a diagnostic
// naming the file when the sources of the root module are too large.
func (b *budget) spendSource(path string, n int64) *hcl.Diagnostic {
	b.source += n
	if b.source <= b.lim.MaxSourceBytes {
		return nil
	}
	return &hcl.Diagnostic{
		Severity: hcl.DiagError, Summary: "Evaluation limit reached: max_source_bytes",
		Detail:  fmt.Sprintf("Reading %q brings the files of this root module and its modules over %s (limit max_source_bytes).", path, regularfile.Size(b.lim.MaxSourceBytes)),
		Subject: &hcl.Range{Filename: path, Start: hcl.InitialPos, End: hcl.InitialPos},
	}
}

// perObject checks the instance count of one resource or module call
// before its instances are made.
func (b *budget) perObject(addr string, n int64, rng hcl.Range) {
	if n > b.lim.MaxInstances {
		b.fail("max_instances", fmt.Sprintf("%s would have %s instances; the limit is %d (max_instances).", addr, countText(n), b.lim.MaxInstances), rng.Ptr())
	}
}

// expansion charges the instances of one resource or module call to the
// totals of the root module.
func (b *budget) expansion(addr string, n int64, module bool, rng hcl.Range) {
	b.perObject(addr, n, rng)
	if module {
		b.modules += n
		if b.modules > b.lim.MaxModuleInstances {
			b.fail("max_module_instances", fmt.Sprintf("Expanding %s brings the module instances of this root module over %d (max_module_instances).", addr, b.lim.MaxModuleInstances), rng.Ptr())
		}
		return
	}
	b.instances += n
	if b.instances > b.lim.MaxTotalInstances {
		b.fail("max_total_instances", fmt.Sprintf("Expanding %s brings the resource instances of this root module over %d (max_total_instances).", addr, b.lim.MaxTotalInstances), rng.Ptr())
	}
}

// at notes the expression about to be evaluated and returns the previous
// one, to restore when it is done.
func (b *budget) at(rng hcl.Range) hcl.Range {
	prev := b.where
	b.where = rng
	return prev
}

// spendBlocks counts nested blocks built from a resource body.
func (b *budget) spendBlocks(n int, addr string, rng hcl.Range) {
	b.where = rng // the attributes of the body are evaluated next
	b.blocks += int64(n)
	if b.blocks > b.lim.MaxBlocks {
		b.fail("max_blocks", fmt.Sprintf("Building %s brings the nested blocks of this root module (dynamic blocks expanded) over %d (max_blocks).", addr, b.lim.MaxBlocks), rng.Ptr())
	}
	b.checkpoint(rng)
}

func countText(n int64) string {
	if n == math.MaxInt64 {
		return "more than 9e18"
	}
	return fmt.Sprint(n)
}

// spendValue charges the size of a value produced; it returns an error
// (and records the exhaustion) when the value budgets run out.
func (b *budget) spendValue(v cty.Value, what string) error {
	if err := b.err(); err != nil {
		return err
	}
	bytes, values := measure(v, b.lim.MaxBytes-b.bytes, b.lim.MaxValues-b.values)
	b.bytes += bytes
	b.values += values
	switch {
	case b.bytes > b.lim.MaxBytes:
		b.record("max_bytes", fmt.Sprintf("The values produced by %s bring the values of this root module over %s (max_bytes).", what, regularfile.Size(b.lim.MaxBytes)), nil)
	case b.values > b.lim.MaxValues:
		b.record("max_values", fmt.Sprintf("The values produced by %s bring the values of this root module over %d (max_values).", what, b.lim.MaxValues), nil)
	default:
		return nil
	}
	return b.err()
}

// isReference reports whether expr only refers to a value made
// elsewhere (local.x, var.y[0]): its result shares that value's memory,
// so charging it again would count one value once per reference.
func isReference(expr hcl.Expression) bool {
	switch e := expr.(type) {
	case *hclsyntax.ScopeTraversalExpr:
		return true
	case *hclsyntax.TemplateWrapExpr:
		return isReference(e.Wrapped)
	}
	return false
}

// measure returns the bytes (string lengths plus a fixed cost per value)
// and the number of values in v, stopping early once either exceeds its
// cap: measuring costs no more than the budget it charges, even for a
// YAML alias tree whose logical size is exponential.
func measure(v cty.Value, byteCap, valueCap int64) (bytes, values int64) {
	const perValue = 16
	var walk func(v cty.Value) bool
	walk = func(v cty.Value) bool {
		v, _ = v.Unmark()
		values++
		bytes += perValue
		if bytes > byteCap || values > valueCap {
			return false
		}
		if !v.IsKnown() || v.IsNull() {
			return true
		}
		ty := v.Type()
		switch {
		case ty == cty.String:
			bytes += int64(len(v.AsString()))
		case ty.IsListType() || ty.IsSetType() || ty.IsMapType() || ty.IsTupleType() || ty.IsObjectType():
			for it := v.ElementIterator(); it.Next(); {
				k, e := it.Element()
				if ty.IsMapType() || ty.IsObjectType() {
					bytes += int64(len(k.AsString()))
				}
				if !walk(e) {
					return false
				}
			}
		}
		return bytes <= byteCap && values <= valueCap
	}
	walk(v)
	return bytes, values
}

// tickFunc is the name of the identity function the loader wraps around
// each for-expression result (see instrument); it charges the budget
// once per iteration, which nothing else sees: nested for expressions
// over a few literal lists can ask for a billion elements without a
// single function call.
const tickFunc = "__tfemrcheck_budget"

// tick returns the identity function charging each value to b.
func (b *budget) tick() function.Function {
	return function.New(&function.Spec{
		Description: "Charges a for-expression element to the evaluation budget.",
		Params: []function.Parameter{{
			Name: "value", Type: cty.DynamicPseudoType,
			AllowUnknown: true, AllowNull: true, AllowMarked: true, AllowDynamicType: true,
		}},
		Type: func(args []cty.Value) (cty.Type, error) { return args[0].Type(), nil },
		Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
			if err := b.spendValue(args[0], "a for expression"); err != nil {
				return cty.NilVal, err
			}
			return args[0], nil
		},
	})
}

// instrument wraps the key, value and condition of every for expression
// in node (a file's body, or a template) in a call to tickFunc.
func instrument(node hclsyntax.Node) {
	wrap := func(e hclsyntax.Expression) hclsyntax.Expression {
		if e == nil {
			return nil
		}
		r := e.Range()
		return &hclsyntax.FunctionCallExpr{
			Name: tickFunc, Args: []hclsyntax.Expression{e},
			NameRange: r, OpenParenRange: r, CloseParenRange: r,
		}
	}
	_ = hclsyntax.VisitAll(node, func(n hclsyntax.Node) hcl.Diagnostics {
		if fe, ok := n.(*hclsyntax.ForExpr); ok {
			fe.KeyExpr, fe.ValExpr, fe.CondExpr = wrap(fe.KeyExpr), wrap(fe.ValExpr), wrap(fe.CondExpr)
		}
		return nil
	})
}

// evalLiteral evaluates an expression that may use no variables and no
// functions (a variable default, a tfvars value). Its context holds only
// the budget's tick, so its for expressions are counted too; a call to
// any other function is the error Terraform gives there.
//
// An expression of a JSON file (.tf.json default, .tfvars.json value) is
// evaluated with no context, as Terraform does: its strings are taken
// verbatim, "${…}" included, so nothing in it loops.
func (b *budget) evalLiteral(expr hcl.Expression) (cty.Value, hcl.Diagnostics) {
	prev := b.at(expr.Range())
	ctx := &hcl.EvalContext{Functions: map[string]function.Function{tickFunc: b.tick()}}
	if _, native := hcl.UnwrapExpression(expr).(hclsyntax.Expression); !native {
		ctx = nil
	}
	v, diags := expr.Value(ctx)
	b.checkpoint(expr.Range())
	b.at(prev)
	for _, d := range diags {
		if d.Summary == "Call to unknown function" {
			d.Summary, d.Detail = "Function calls not allowed", "Functions may not be called here."
		}
	}
	return v, diags
}

// funcTable returns the function table of the module in dir, made by
// build and wrapped by the budget, once per directory: every instance of
// a module shares it.
func (l *loader) funcTable(dir string, build func() map[string]function.Function) map[string]function.Function {
	if t, ok := l.funcTables[dir]; ok {
		return t
	}
	if l.funcTables == nil {
		l.funcTables = map[string]map[string]function.Function{}
	}
	t := l.budget.wrapFuncs(build())
	l.funcTables[dir] = t
	return t
}

// wrapFuncs returns the function table with every function charged to
// the budget: the deadline and exhaustion are checked before each call,
// the arguments of functions whose result can be far larger than their
// arguments are checked before the call (precheck), and the result is
// charged after it. It works on whatever table it is given.
//
// The table is changed in place and returned: functions that evaluate
// templates with the table they were built with (templatefile) then call
// the wrapped functions and the tick too.
func (b *budget) wrapFuncs(table map[string]function.Function) map[string]function.Function {
	for _, name := range sortedKeys(table) {
		table[name] = b.wrap(name, table[name])
	}
	table[tickFunc] = b.tick()
	return table
}

func (b *budget) wrap(name string, f function.Function) function.Function {
	short := name
	if i := strings.LastIndex(name, "::"); i >= 0 {
		short = name[i+2:]
	}
	spec := &function.Spec{
		Description: f.Description(),
		Params:      f.Params(),
		VarParam:    f.VarParam(),
		// cty asks for the return type before the call, and some
		// functions (jsondecode, yamldecode) parse their argument to
		// answer: the arguments are checked there already.
		Type: func(args []cty.Value) (cty.Type, error) {
			if err := b.err(); err != nil {
				return cty.NilType, err
			}
			if err := b.precheck(short, args); err != nil {
				return cty.NilType, err
			}
			t, err := f.ReturnTypeForValues(args)
			return t, cleanPanic(err, args)
		},
		Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
			if err := b.err(); err != nil {
				return cty.NilVal, err
			}
			if err := b.precheck(short, args); err != nil {
				return cty.NilVal, err
			}
			v, err := f.Call(args)
			if err != nil {
				return v, cleanPanic(err, args)
			}
			if err := b.spendValue(v, name+"()"); err != nil {
				return cty.NilVal, err
			}
			return v, nil
		},
	}
	return function.New(spec)
}

// cleanPanic replaces the error cty makes of a panic inside a function
// (function.PanicError, whose text is a Go stack trace with the build
// machine's paths) by one a user can read: the call fails, as in
// Terraform (go-cty's jsondecode panics on an object whose keys
// normalise to the same string, "e\u0301" and "é"; Terraform 1.11
// refuses it with an error). The panic's text is left out when an
// argument is sensitive or tainted: it may quote the argument.
func cleanPanic(err error, args []cty.Value) error {
	var pe function.PanicError
	if !errors.As(err, &pe) {
		return err
	}
	for _, a := range args {
		if a.ContainsMarked() {
			return errors.New("the function failed inside a library tfemrcheck uses; this is a bug: please report it")
		}
	}
	return fmt.Errorf("the function failed inside a library tfemrcheck uses (%v); this is a bug: please report it", pe.Value)
}

// precheck refuses, before the call, arguments that would make a
// function allocate more than the budget has left. Only functions whose
// result can be much larger than their arguments need it; the others
// are charged on their result.
func (b *budget) precheck(name string, args []cty.Value) error {
	bytesLeft, valuesLeft := b.lim.MaxBytes-b.bytes, b.lim.MaxValues-b.values
	refuse := func(limit, format string, a ...any) error {
		b.record(limit, fmt.Sprintf("The arguments of %s() ask for %s.", name, fmt.Sprintf(format, a...)), nil)
		return b.err()
	}
	str := func(i int) (string, bool) {
		if i >= len(args) {
			return "", false
		}
		v, _ := args[i].Unmark()
		if !v.IsKnown() || v.IsNull() || v.Type() != cty.String {
			return "", false
		}
		return v.AsString(), true
	}
	length := func(v cty.Value) (int64, bool) {
		v, _ = v.Unmark()
		if !v.IsKnown() || v.IsNull() || !(v.CanIterateElements()) {
			return 0, false
		}
		return int64(v.LengthInt()), true
	}
	switch name {
	case "setproduct":
		product := int64(1)
		for _, a := range args {
			n, ok := length(a)
			if !ok {
				continue
			}
			if n == 0 {
				return nil
			}
			if product > valuesLeft/n {
				return refuse("max_values", "more than %d combinations (max_values)", valuesLeft)
			}
			product *= n
		}
	case "range":
		var nums []*big.Float
		for _, a := range args {
			v, _ := a.Unmark()
			if !v.IsKnown() || v.IsNull() || v.Type() != cty.Number {
				return nil
			}
			nums = append(nums, v.AsBigFloat())
		}
		start, limit, step := big.NewFloat(0), big.NewFloat(0), big.NewFloat(1)
		switch len(nums) {
		case 1:
			limit = nums[0]
		case 2:
			start, limit = nums[0], nums[1]
		case 3:
			start, limit, step = nums[0], nums[1], nums[2]
		}
		if step.Sign() == 0 {
			return nil
		}
		n := new(big.Float).Quo(new(big.Float).Sub(limit, start), step)
		if f, _ := n.Float64(); f > float64(valuesLeft) {
			return refuse("max_values", "%.0f numbers (max_values)", f)
		}
	case "format", "formatlist":
		if f, ok := str(0); ok {
			if w := widestVerb(f); w > bytesLeft {
				return refuse("max_bytes", "a field %d bytes wide (max_bytes)", w)
			}
		}
	case "indent":
		s, ok := str(1)
		v, _ := args[0].Unmark()
		if ok && v.IsKnown() && !v.IsNull() && v.Type() == cty.Number {
			if n, _ := v.AsBigFloat().Float64(); n*float64(strings.Count(s, "\n")+1) > float64(bytesLeft) {
				return refuse("max_bytes", "%.0f spaces on each of %d lines (max_bytes)", n, strings.Count(s, "\n")+1)
			}
		}
	case "join":
		sep, ok := str(0)
		if !ok || sep == "" {
			return nil
		}
		var n int64
		for _, a := range args[1:] {
			if k, ok := length(a); ok {
				n += k
			}
		}
		if n*int64(len(sep)) > bytesLeft {
			return refuse("max_bytes", "a %d-byte separator between %d elements (max_bytes)", len(sep), n)
		}
	case "replace":
		s, ok1 := str(0)
		sub, ok2 := str(1)
		rep, ok3 := str(2)
		if !ok1 || !ok2 || !ok3 {
			return nil
		}
		var grow float64
		if len(sub) > 1 && sub[0] == '/' && sub[len(sub)-1] == '/' {
			// every position may match, and each $n may copy the whole
			// string
			per := float64(len(rep)) + float64(strings.Count(rep, "$"))*float64(len(s))
			grow = float64(len(s)+1) * per
		} else {
			n := strings.Count(s, sub)
			grow = float64(n) * float64(len(rep))
		}
		if grow > float64(bytesLeft) {
			return refuse("max_bytes", "a result of up to %.0f bytes (max_bytes)", grow)
		}
	case "jsondecode":
		if s, ok := str(0); ok {
			if err := nesting.CheckJSON([]byte(s)); err != nil {
				return fmt.Errorf("the JSON text %w", err)
			}
		}
	case "yamldecode":
		if s, ok := str(0); ok {
			if err := nesting.CheckYAML([]byte(s)); err != nil {
				return fmt.Errorf("the YAML text %w", err)
			}
			if n := yamlExpandedSize([]byte(s), valuesLeft); n > valuesLeft {
				return refuse("max_values", "more than %d values once its aliases are expanded (max_values)", valuesLeft)
			}
		}
	case "templatestring":
		if s, ok := str(0); ok {
			if err := nesting.CheckTemplate([]byte(s)); err != nil {
				return fmt.Errorf("the template %w", err)
			}
		}
	}
	return nil
}

// formatVerb matches the width and precision of a format verb.
var formatVerb = regexp.MustCompile(`%[-+# 0]*(\d*)(?:\.(\d*))?`)

// widestVerb returns the largest width or precision in a format string.
func widestVerb(f string) int64 {
	var most int64
	for _, m := range formatVerb.FindAllStringSubmatch(f, -1) {
		for _, d := range m[1:] {
			if d == "" {
				continue
			}
			if len(d) > 18 {
				return math.MaxInt64
			}
			var n int64
			fmt.Sscan(d, &n)
			most = max(most, n)
		}
	}
	return most
}

// yamlExpandedSize counts the nodes of a YAML document with every alias
// expanded, stopping past limit. go-cty-yaml shares an anchor's value
// between its aliases, so decoding a "billion laughs" document is cheap,
// but cty then checks the type of the result node by node, which takes
// exponential time no budget check can interrupt: the expansion must be
// measured before the call. A document yaml.v3 cannot parse counts as 0
// (yamldecode reports the error itself).
func yamlExpandedSize(src []byte, limit int64) int64 {
	if !bytes.ContainsRune(src, '*') {
		return 0 // no alias: the decoded size is bounded by the text
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(src, &doc); err != nil {
		return 0
	}
	memo := map[*yaml.Node]int64{}
	var size func(n *yaml.Node) int64
	size = func(n *yaml.Node) int64 {
		if n == nil {
			return 0
		}
		if s, ok := memo[n]; ok {
			return s
		}
		memo[n] = limit + 1 // an alias cycle counts as too large
		s := int64(1)
		if n.Kind == yaml.AliasNode {
			s = size(n.Alias)
		}
		for _, c := range n.Content {
			s += size(c)
			if s > limit {
				break
			}
		}
		memo[n] = s
		return s
	}
	return size(&doc)
}
