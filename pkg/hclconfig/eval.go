package hclconfig

import (
	"fmt"
	"math"
	"math/big"
	"sort"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"
	"github.com/zclconf/go-cty/cty/function"

	"github.com/tfemrcheck/tfemrcheck/pkg/marks"
	"github.com/tfemrcheck/tfemrcheck/pkg/model"
)

// repetition is the each / count context of one instance.
type repetition struct {
	countIndex cty.Value // cty.NilVal when not counted
	eachKey    cty.Value // cty.NilVal when not for_each
	eachValue  cty.Value
}

// instKey is one instance of a counted or for_each object.
type instKey struct {
	key any // nil, int or string
	rep repetition
	// shown replaces a string key in addresses when the key is tainted
	// or sensitive (see hideKeys).
	shown string
}

func (k instKey) text() string {
	if k.shown != "" {
		return "[" + keyText(cty.StringVal(k.shown)) + "]"
	}
	switch x := k.key.(type) {
	case int:
		return fmt.Sprintf("[%d]", x)
	case string:
		return "[" + keyText(cty.StringVal(x)) + "]"
	case model.WildcardKey:
		return x.String()
	}
	return ""
}

// expansion mode.
const (
	expSingle = iota
	expCount
	expForEach
	expUnknown
)

// expansion is the instances of a counted or for_each object. When mode
// is expUnknown, keys holds one instance of key model.WildcardKey that
// stands for all of them.
type expansion struct {
	mode     int
	keys     []instKey
	blockers []string // when mode is expUnknown
}

// progress states for lazily computed values.
const (
	stNone = iota
	stBusy
	stDone
)

// instance is one instance of a module (the root module has path "").
type instance struct {
	l      *loader
	cfg    *moduleConfig
	path   string
	parent *instance
	call   *callConfig
	rep    repetition
	chain  []string
	funcs  map[string]function.Function
	pathV  cty.Value

	// key is the module path without instance keys ("emr.inner"), as in
	// modules.json; "" for the root.
	key string
	// unknownInstances names what makes the number of instances of this
	// module (or one of its callers) unknown; empty when known.
	unknownInstances []string

	vars       map[string]cty.Value
	varState   map[string]int
	locals     map[string]cty.Value
	localState map[string]int
	localStack []string
	outputs    map[string]cty.Value
	outState   map[string]int
	exps       map[string]*expansion
	expState   map[string]int
	attrs      map[string]cty.Value
	attrState  map[string]int
	children   map[string][]*instance
	childExp   map[string]*expansion
	childState map[string]int
}

func (l *loader) newInstance(cfg *moduleConfig, path string, parent *instance, call *callConfig, rep repetition, chain []string) *instance {
	in := &instance{
		l: l, cfg: cfg, path: path, parent: parent, call: call, rep: rep, chain: chain,
		vars: map[string]cty.Value{}, varState: map[string]int{},
		locals: map[string]cty.Value{}, localState: map[string]int{},
		outputs: map[string]cty.Value{}, outState: map[string]int{},
		exps: map[string]*expansion{}, expState: map[string]int{},
		attrs: map[string]cty.Value{}, attrState: map[string]int{},
		children: map[string][]*instance{}, childExp: map[string]*expansion{}, childState: map[string]int{},
	}
	if parent != nil && call != nil {
		in.key = call.name
		if parent.key != "" {
			in.key = parent.key + "." + call.name
		}
	}
	in.funcs = l.functions(cfg)
	rel := "."
	if parent != nil {
		rel = relPath(l.rootAbs, cfg.absDir)
	}
	in.pathV = cty.ObjectVal(map[string]cty.Value{
		"module": cty.StringVal(rel),
		"root":   cty.StringVal("."),
		"cwd":    unknownBlocked(cty.String, cwdBlocker),
	})
	return in
}

// prefix is the module path followed by a dot, or "" for the root.
func (in *instance) prefix() string {
	if in.path == "" {
		return ""
	}
	return in.path + "."
}

func (in *instance) addDiags(d hcl.Diagnostics) { in.l.diags = append(in.l.diags, d...) }

// evalCtx builds an evaluation context holding exactly what the given
// traversals need. Unknown root names (for and dynamic iterators) are
// left out.
func (in *instance) evalCtx(travs []hcl.Traversal, rep repetition) (*hcl.EvalContext, hcl.Diagnostics) {
	var diags hcl.Diagnostics
	vars := map[string]cty.Value{}
	varObj := map[string]cty.Value{}
	localObj := map[string]cty.Value{}
	modObj := map[string]cty.Value{}
	resRefs := map[string][]hcl.Traversal{}
	dataRefs := map[string][]hcl.Traversal{}
	var resOrder, dataOrder []string
	for _, t := range travs {
		switch root := t.RootName(); root {
		case "var":
			n := attrName(t, 1)
			if n == "" {
				continue
			}
			if _, ok := in.cfg.variables[n]; !ok {
				diags = append(diags, &hcl.Diagnostic{
					Severity: hcl.DiagError, Summary: "Reference to undeclared input variable",
					Detail:  fmt.Sprintf("An input variable with the name %q has not been declared.", n),
					Subject: t.SourceRange().Ptr(),
				})
				continue
			}
			if _, done := varObj[n]; !done {
				varObj[n] = in.varValue(n)
			}
		case "local":
			n := attrName(t, 1)
			if n == "" {
				continue
			}
			if _, ok := in.cfg.locals[n]; !ok {
				diags = append(diags, &hcl.Diagnostic{
					Severity: hcl.DiagError, Summary: "Reference to undeclared local value",
					Detail:  fmt.Sprintf("A local value with the name %q has not been declared.", n),
					Subject: t.SourceRange().Ptr(),
				})
				continue
			}
			if _, done := localObj[n]; !done {
				localObj[n] = in.localValue(n)
			}
		case "each":
			if rep.eachKey == cty.NilVal {
				diags = append(diags, &hcl.Diagnostic{
					Severity: hcl.DiagError, Summary: "Reference to \"each\" in context without for_each",
					Detail:  "The \"each\" object can be used only in \"module\" or \"resource\" blocks with for_each set.",
					Subject: t.SourceRange().Ptr(),
				})
				continue
			}
			vars["each"] = cty.ObjectVal(map[string]cty.Value{"key": rep.eachKey, "value": rep.eachValue})
		case "count":
			if rep.countIndex == cty.NilVal {
				diags = append(diags, &hcl.Diagnostic{
					Severity: hcl.DiagError, Summary: "Reference to \"count\" in non-counted context",
					Detail:  "The \"count\" object can be used only in \"module\" or \"resource\" blocks with count set.",
					Subject: t.SourceRange().Ptr(),
				})
				continue
			}
			vars["count"] = cty.ObjectVal(map[string]cty.Value{"index": rep.countIndex})
		case "path":
			vars["path"] = in.pathV
		case "terraform":
			vars["terraform"] = in.terraformObject(t)
		case "self":
			vars["self"] = cty.DynamicVal
		case "module":
			n := attrName(t, 1)
			if n == "" {
				continue
			}
			if _, ok := in.cfg.calls[n]; !ok {
				diags = append(diags, &hcl.Diagnostic{
					Severity: hcl.DiagError, Summary: "Reference to undeclared module",
					Detail:  fmt.Sprintf("No module call named %q is declared in this module.", n),
					Subject: t.SourceRange().Ptr(),
				})
				continue
			}
			if _, done := modObj[n]; !done {
				modObj[n] = in.moduleValue(n)
			}
		case "data":
			k := attrName(t, 1) + "." + attrName(t, 2)
			if _, ok := in.cfg.data[k]; !ok {
				if attrName(t, 2) != "" {
					diags = append(diags, &hcl.Diagnostic{
						Severity: hcl.DiagError, Summary: "Reference to undeclared resource",
						Detail:  fmt.Sprintf("A data resource %q has not been declared in this module.", k),
						Subject: t.SourceRange().Ptr(),
					})
				}
				continue
			}
			if _, seen := dataRefs[k]; !seen {
				dataOrder = append(dataOrder, k)
			}
			dataRefs[k] = append(dataRefs[k], t)
		default:
			k := root + "." + attrName(t, 1)
			if _, ok := in.cfg.resources[k]; !ok {
				if attrName(t, 1) != "" && strings.Contains(root, "_") && !in.cfg.iterators[root] {
					diags = append(diags, &hcl.Diagnostic{
						Severity: hcl.DiagError, Summary: "Reference to undeclared resource",
						Detail:  fmt.Sprintf("A managed resource %q has not been declared in this module.", k),
						Subject: t.SourceRange().Ptr(),
					})
				}
				continue
			}
			if _, seen := resRefs[k]; !seen {
				resOrder = append(resOrder, k)
			}
			resRefs[k] = append(resRefs[k], t)
		}
	}
	if len(varObj) > 0 {
		vars["var"] = cty.ObjectVal(varObj)
	}
	if len(localObj) > 0 {
		vars["local"] = cty.ObjectVal(localObj)
	}
	if len(modObj) > 0 {
		vars["module"] = cty.ObjectVal(modObj)
	}
	byType := map[string]map[string]cty.Value{}
	for _, k := range resOrder {
		rc := in.cfg.resources[k]
		if byType[rc.typ] == nil {
			byType[rc.typ] = map[string]cty.Value{}
		}
		byType[rc.typ][rc.name] = in.objectValue(rc, resRefs[k])
	}
	for t, m := range byType {
		vars[t] = cty.ObjectVal(m)
	}
	dataByType := map[string]cty.Value{}
	dt := map[string]map[string]cty.Value{}
	for _, k := range dataOrder {
		rc := in.cfg.data[k]
		if dt[rc.typ] == nil {
			dt[rc.typ] = map[string]cty.Value{}
		}
		dt[rc.typ][rc.name] = in.objectValue(rc, dataRefs[k])
	}
	for t, m := range dt {
		dataByType[t] = cty.ObjectVal(m)
	}
	if len(dataByType) > 0 {
		vars["data"] = cty.ObjectVal(dataByType)
	}
	return &hcl.EvalContext{Variables: vars, Functions: in.funcs}, diags
}

// eval evaluates expr in this instance with the given repetition.
//
// It is the evaluator's boundary: a panic inside HCL, cty or a function
// (the checked code is hostile, and libraries have bugs) becomes an
// error naming this expression, and the value is unknown, so nothing
// that depends on it passes.
func (in *instance) eval(expr hcl.Expression, rep repetition) (result cty.Value) {
	ctx, diags := in.evalCtx(expr.Variables(), rep)
	in.addDiags(diags)
	if diags.HasErrors() {
		return cty.DynamicVal
	}
	prev := in.l.budget.at(expr.Range())
	defer func() {
		if r := recover(); r != nil {
			in.addDiags(hcl.Diagnostics{internalError(r, expr.Range())})
			in.l.budget.at(prev)
			result = cty.DynamicVal.Mark(blockerMark(expr.Range().String()))
		}
	}()
	v, diags := expr.Value(ctx)
	in.addDiags(diags)
	if v != cty.NilVal && !isReference(expr) {
		_ = in.l.budget.spendValue(v, "this expression")
	}
	in.l.budget.checkpoint(expr.Range())
	in.l.budget.at(prev)
	in.noteRefused(expr, v)
	if v == cty.NilVal {
		return cty.DynamicVal
	}
	return v
}

// varValue returns the value of input variable name.
func (in *instance) varValue(name string) cty.Value {
	if in.varState[name] == stDone {
		return in.vars[name]
	}
	if in.varState[name] == stBusy {
		return unknownBlocked(cty.DynamicPseudoType, in.prefix()+"var."+name)
	}
	in.varState[name] = stBusy
	v := in.computeVar(name)
	in.vars[name], in.varState[name] = v, stDone
	return v
}

func (in *instance) computeVar(name string) cty.Value {
	vc := in.cfg.variables[name]
	if in.parent == nil {
		return in.l.rootVars[name].val
	}
	var val cty.Value
	var rng hcl.Range
	given := false
	if a, ok := in.call.inputs[name]; ok {
		val = in.parent.eval(a.Expr, in.rep)
		rng = a.Expr.Range()
		given = true
		if isNull(val) && !vc.nullable {
			// nullable = false: a null argument is the default, as in
			// Terraform; without a default Terraform refuses to plan.
			given = false
			if vc.def == nil {
				in.addDiags(hcl.Diagnostics{nullNotAllowed(in.prefix()+"var."+name, vc, rng)})
				return unknownBlocked(vc.typ, model.NoValueBlocker(in.prefix()+"var."+name))
			}
		}
	}
	if given {
	} else if vc.def != nil {
		v, d := in.l.budget.evalLiteral(vc.def.Expr)
		in.addDiags(d)
		val, rng = v, vc.def.Expr.Range()
	} else {
		in.addDiags(hcl.Diagnostics{{
			Severity: hcl.DiagError, Summary: "Missing required argument",
			Detail:  fmt.Sprintf("The argument %q is required, but no definition was found.", name),
			Subject: in.call.defRange.Ptr(),
		}})
		return unknownBlocked(vc.typ, model.NoValueBlocker(in.prefix()+"var."+name))
	}
	out, d := convertVar(vc, val, rng)
	in.addDiags(d)
	return out
}

// convertVar applies a variable's type constraint, optional-attribute
// defaults and sensitivity to a value.
func convertVar(vc *variableConfig, val cty.Value, rng hcl.Range) (cty.Value, hcl.Diagnostics) {
	if val == cty.NilVal {
		val = cty.DynamicVal
	}
	if vc.defaults != nil {
		unmarked, pvm := val.UnmarkDeepWithPaths()
		val = vc.defaults.Apply(unmarked).MarkWithPaths(pvm)
	}
	out, err := convert.Convert(val, vc.typ)
	if err != nil {
		return cty.UnknownVal(vc.typ), hcl.Diagnostics{{
			Severity: hcl.DiagError, Summary: "Invalid value for input variable",
			Detail:  fmt.Sprintf("The given value is not suitable for var.%s: %s.", vc.name, err),
			Subject: rng.Ptr(),
		}}
	}
	if vc.sensitive {
		out = out.Mark(marks.Sensitive{})
	}
	if vc.ephemeral {
		out = out.Mark(marks.Ephemeral{})
	}
	return out, nil
}

// localValue returns the value of a local, reporting dependency cycles.
func (in *instance) localValue(name string) cty.Value {
	switch in.localState[name] {
	case stDone:
		return in.locals[name]
	case stBusy:
		i := 0
		for j, n := range in.localStack {
			if n == name {
				i = j
			}
		}
		cycle := append(append([]string(nil), in.localStack[i:]...), name)
		var parts []string
		for _, n := range cycle {
			lc := in.cfg.locals[n]
			parts = append(parts, fmt.Sprintf("local.%s (%s)", n, lc.rng.String()))
		}
		lc := in.cfg.locals[name]
		in.addDiags(hcl.Diagnostics{{
			Severity: hcl.DiagError, Summary: "Cycle in local values",
			Detail:  "These local values refer to each other: " + strings.Join(parts, " -> ") + ".",
			Subject: lc.rng.Ptr(),
		}})
		return cty.DynamicVal
	}
	in.localState[name] = stBusy
	in.localStack = append(in.localStack, name)
	v := in.eval(in.cfg.locals[name].expr, repetition{})
	in.localStack = in.localStack[:len(in.localStack)-1]
	in.locals[name], in.localState[name] = v, stDone
	return v
}

// expand evaluates count / for_each.
func (in *instance) expand(count, forEach hcl.Expression, addr string) *expansion {
	switch {
	case count != nil:
		v := in.eval(count, repetition{})
		v, marks := v.Unmark()
		if !v.IsKnown() {
			mi := markInfo{}
			mi.add(marks)
			return in.unknownExpansion(true, mi.blockers, count)
		}
		n, err := convert.Convert(v, cty.Number)
		var i int64
		acc := big.Accuracy(1)
		if err == nil && !n.IsNull() {
			i, acc = n.AsBigFloat().Int64()
		}
		// beyond int64: refused below as too many
		huge := err == nil && !n.IsNull() && i == math.MaxInt64 && acc == big.Below
		if err != nil || n.IsNull() || (acc != big.Exact && !huge) || i < 0 {
			in.addDiags(hcl.Diagnostics{{
				Severity: hcl.DiagError, Summary: "Invalid count argument",
				Detail:  fmt.Sprintf("The count of %s must be a non-negative whole number.", addr),
				Subject: count.Range().Ptr(),
			}})
			return &expansion{mode: expCount}
		}
		in.l.budget.perObject(addr, i, count.Range())
		e := &expansion{mode: expCount}
		for j := 0; j < int(i); j++ {
			e.keys = append(e.keys, instKey{key: j, rep: repetition{countIndex: cty.NumberIntVal(int64(j))}})
		}
		return e
	case forEach != nil:
		v := in.eval(forEach, repetition{})
		v, marks := v.Unmark()
		if !v.IsWhollyKnown() && (!v.IsKnown() || !(v.Type().IsMapType() || v.Type().IsObjectType())) {
			_, pvm := v.UnmarkDeepWithPaths()
			mi := markInfo{}
			mi.add(marks)
			for _, p := range pvm {
				mi.add(p.Marks)
			}
			return in.unknownExpansion(false, mi.blockers, forEach)
		}
		e := &expansion{mode: expForEach}
		ty := v.Type()
		if sensitiveForEach(v, marks) {
			// As Terraform: the keys would become instance addresses, and
			// addresses are printed in every report.
			in.addDiags(hcl.Diagnostics{{
				Severity: hcl.DiagError, Summary: "Invalid for_each argument",
				Detail:  "Sensitive values, or values derived from sensitive values, cannot be used as for_each arguments. If used, the sensitive value could be exposed as a resource instance key.",
				Subject: forEach.Range().Ptr(),
			}})
			return e
		}
		if !v.IsNull() && v.CanIterateElements() {
			in.l.budget.perObject(addr, int64(v.LengthInt()), forEach.Range())
		}
		invalid := func() *expansion {
			in.addDiags(hcl.Diagnostics{{
				Severity: hcl.DiagError, Summary: "Invalid for_each argument",
				Detail:  fmt.Sprintf("The for_each of %s must be a map, an object or a set of strings.", addr),
				Subject: forEach.Range().Ptr(),
			}})
			return e
		}
		if v.IsNull() {
			return invalid()
		}
		switch {
		case ty.IsMapType() || ty.IsObjectType():
			for it := v.ElementIterator(); it.Next(); {
				k, val := it.Element()
				ks := k.AsString()
				e.keys = append(e.keys, instKey{key: ks, rep: repetition{
					eachKey: cty.StringVal(ks).WithMarks(marks), eachValue: val.WithMarks(marks),
				}})
			}
		case ty.IsSetType() && (ty.ElementType() == cty.String || ty.ElementType() == cty.DynamicPseudoType):
			for it := v.ElementIterator(); it.Next(); {
				_, val := it.Element()
				val, vm := val.Unmark()
				if val.IsNull() || val.Type() != cty.String {
					return invalid()
				}
				s := val.AsString()
				e.keys = append(e.keys, instKey{key: s, rep: repetition{
					eachKey: cty.StringVal(s).WithMarks(marks).WithMarks(vm), eachValue: cty.StringVal(s).WithMarks(marks).WithMarks(vm),
				}})
			}
		default:
			return invalid()
		}
		sort.SliceStable(e.keys, func(i, j int) bool { return e.keys[i].key.(string) < e.keys[j].key.(string) })
		hideKeys(e.keys)
		return e
	}
	return &expansion{mode: expSingle, keys: []instKey{{}}}
}

// resourceExpansion returns the (cached) instances of a resource.
func (in *instance) resourceExpansion(rc *resourceConfig) *expansion {
	k := rc.key()
	if rc.data {
		k = "data." + k
	}
	switch in.expState[k] {
	case stDone:
		return in.exps[k]
	case stBusy:
		return &expansion{mode: expUnknown, blockers: []string{in.prefix() + k}}
	}
	in.expState[k] = stBusy
	e := in.expand(rc.count, rc.forEach, in.prefix()+k)
	in.l.budget.expansion(in.prefix()+k, int64(len(e.keys)), false, rc.defRange)
	in.exps[k], in.expState[k] = e, stDone
	return e
}

// resourceAddr is the absolute address of a resource (or data) instance.
func (in *instance) resourceAddr(rc *resourceConfig, key instKey) string {
	a := in.prefix()
	if rc.data {
		a += "data."
	}
	return a + rc.key() + key.text()
}

// objectValue builds the value of a resource or data source as far as
// the given references need it: each referenced attribute is the value
// configured in the block, or unknown blocked by the reference.
func (in *instance) objectValue(rc *resourceConfig, travs []hcl.Traversal) cty.Value {
	e := in.resourceExpansion(rc)
	base := in.prefix()
	nameStep := 1
	if rc.data {
		base += "data."
		nameStep = 2
	}
	if e.mode == expUnknown {
		v := cty.DynamicVal.Mark(blockerMark(base + rc.key()))
		if rc.typ == model.TypeSecurityConfiguration && !rc.data {
			// whatever instance is read, it is this configuration's: the
			// cluster that reads its name is linked to the [*] instance.
			v = v.Mark(scOriginMark(base + rc.key() + model.WildcardKey{}.String()))
		}
		return v
	}
	attrSet := map[string]bool{}
	whole := false
	for _, t := range travs {
		i := nameStep + 1
		if e.mode != expSingle {
			if i >= len(t) || !isIndex(t[i]) {
				whole = true
				continue
			}
			i++
		}
		n := attrName(t, i)
		if n == "" {
			whole = true
			continue
		}
		attrSet[n] = true
	}
	if whole {
		// a dynamic index, splat or for expression reads the resource as
		// a whole: give each instance every attribute the module is seen
		// to read, plus the configured ones.
		for n := range rc.attrs {
			attrSet[n] = true
		}
		hk := rc.key()
		if rc.data {
			hk = "data." + hk
		}
		for n := range in.cfg.attrHints()[hk] {
			attrSet[n] = true
		}
		attrSet["id"] = true
		if !rc.data {
			attrSet["arn"] = true
		}
		if rc.typ == model.TypeSecurityConfiguration {
			attrSet["name"] = true
		}
	}
	one := func(k instKey) cty.Value {
		obj := map[string]cty.Value{}
		for _, a := range sortedKeys(attrSet) {
			obj[a] = in.attrValue(rc, k, a)
		}
		return cty.ObjectVal(obj)
	}
	switch e.mode {
	case expCount:
		elems := make([]cty.Value, 0, len(e.keys))
		for _, k := range e.keys {
			elems = append(elems, one(k))
		}
		if len(elems) == 0 {
			return cty.EmptyTupleVal
		}
		return cty.TupleVal(elems)
	case expForEach:
		m := map[string]cty.Value{}
		for _, k := range e.keys {
			m[k.key.(string)] = one(k)
		}
		return cty.ObjectVal(m)
	}
	return one(e.keys[0])
}

// attrValue is one attribute of a resource instance as referenced from
// elsewhere.
func (in *instance) attrValue(rc *resourceConfig, key instKey, attr string) cty.Value {
	addr := in.resourceAddr(rc, key)
	ck := addr + "." + attr
	switch in.attrState[ck] {
	case stDone:
		return in.attrs[ck]
	case stBusy:
		return unknownBlocked(cty.DynamicPseudoType, ck)
	}
	in.attrState[ck] = stBusy
	isSC := rc.typ == model.TypeSecurityConfiguration && !rc.data
	var v cty.Value
	a, set := rc.attrs[attr]
	switch {
	case rc.data || !set || (isSC && attr == "id"):
		v = unknownBlocked(cty.DynamicPseudoType, ck)
	default:
		v = in.eval(a.Expr, key.rep)
		if uv, marks := v.Unmark(); isSC && attr == "name" && uv.IsKnown() && uv.IsNull() {
			// name = null: the provider generates the name (from
			// name_prefix, or a unique id), known only after apply, as
			// the plan shows it.
			v = unknownBlocked(cty.String, ck).WithMarks(marks)
		}
	}
	if isSC && (attr == "name" || attr == "id") {
		v = v.Mark(scOriginMark(in.prefix() + rc.key() + key.text()))
	}
	in.attrs[ck], in.attrState[ck] = v, stDone
	return v
}

// moduleValue is the value of module.NAME: its outputs, per instance.
func (in *instance) moduleValue(name string) cty.Value {
	addr := in.prefix() + "module." + name
	if t := in.callTarget(name); t.dir == "" {
		return cty.DynamicVal.Mark(blockerMark(addr + " (source not evaluated)"))
	}
	e, children := in.childInstances(name)
	if e == nil || e.mode == expUnknown {
		return cty.DynamicVal.Mark(blockerMark(addr))
	}
	one := func(c *instance) cty.Value {
		obj := map[string]cty.Value{}
		for _, o := range sortedKeys(c.cfg.outputs) {
			obj[o] = c.outputValue(o)
		}
		return cty.ObjectVal(obj)
	}
	switch e.mode {
	case expCount:
		if len(children) == 0 {
			return cty.EmptyTupleVal
		}
		elems := make([]cty.Value, len(children))
		for i, c := range children {
			elems[i] = one(c)
		}
		return cty.TupleVal(elems)
	case expForEach:
		m := map[string]cty.Value{}
		for i, c := range children {
			m[e.keys[i].key.(string)] = one(c)
		}
		return cty.ObjectVal(m)
	}
	if len(children) == 0 {
		return cty.DynamicVal.Mark(blockerMark(addr))
	}
	return one(children[0])
}

// outputValue evaluates an output of this module instance.
func (in *instance) outputValue(name string) cty.Value {
	switch in.outState[name] {
	case stDone:
		return in.outputs[name]
	case stBusy:
		return unknownBlocked(cty.DynamicPseudoType, in.prefix()+"output."+name)
	}
	in.outState[name] = stBusy
	oc := in.cfg.outputs[name]
	v := cty.DynamicVal
	if oc.expr != nil {
		v = in.eval(oc.expr, repetition{})
	}
	if oc.sensitive {
		v = v.Mark(marks.Sensitive{})
	}
	in.outputs[name], in.outState[name] = v, stDone
	return v
}

// childInstances expands a local module call (cached). It returns nil
// when the call cannot be evaluated (missing directory, recursion).
func (in *instance) childInstances(name string) (*expansion, []*instance) {
	switch in.childState[name] {
	case stDone:
		return in.childExp[name], in.children[name]
	case stBusy:
		return nil, nil
	}
	in.childState[name] = stBusy
	e, cs := in.makeChildren(name)
	in.childExp[name], in.children[name], in.childState[name] = e, cs, stDone
	return e, cs
}

func (in *instance) makeChildren(name string) (*expansion, []*instance) {
	call := in.cfg.calls[name]
	t := in.callTarget(name)
	if t.dir == "" {
		return nil, nil
	}
	dir := t.dir
	abs := absDir(dir)
	for _, c := range in.chain {
		if c == abs {
			in.addDiags(hcl.Diagnostics{{
				Severity: hcl.DiagError, Summary: "Module calls itself",
				Detail:  fmt.Sprintf("Module %q (source %q) calls itself directly or indirectly; Terraform cannot expand it.", in.prefix()+"module."+name, call.source),
				Subject: call.sourceRange.Ptr(),
			}})
			return nil, nil
		}
	}
	if !isDir(dir) {
		in.addDiags(hcl.Diagnostics{{
			Severity: hcl.DiagError, Summary: "Module directory not found",
			Detail:  fmt.Sprintf("The module source %q does not name an existing directory (%s).", call.source, dir),
			Subject: call.sourceRange.Ptr(),
		}})
		return nil, nil
	}
	cfg, d := in.l.loadModule(dir, call.sourceRange.Ptr())
	in.addDiags(d)
	if cfg == nil {
		return nil, nil
	}
	for _, n := range sortedKeys(call.inputs) {
		if _, ok := cfg.variables[n]; !ok {
			a := call.inputs[n]
			in.addDiags(hcl.Diagnostics{{
				Severity: hcl.DiagError, Summary: "Unsupported argument",
				Detail:  fmt.Sprintf("An argument named %q is not expected here: module %q declares no such variable.", n, call.source),
				Subject: a.NameRange.Ptr(),
			}})
		}
	}
	e := in.expand(call.count, call.forEach, in.prefix()+"module."+name)
	in.l.budget.expansion(in.prefix()+"module."+name, int64(len(e.keys)), true, call.defRange)
	chain := append(append([]string(nil), in.chain...), abs)
	var out []*instance
	for _, k := range e.keys {
		p := in.prefix() + "module." + name + k.text()
		c := in.l.newInstance(cfg, p, in, call, k.rep, chain)
		c.unknownInstances = append(append([]string(nil), in.unknownInstances...), e.blockers...)
		out = append(out, c)
	}
	return e, out
}

// sensitiveForEach reports whether a for_each value is sensitive as
// Terraform sees it: the value itself (a sensitive key marks the whole
// object), or an element of a set, which becomes a key. Sensitive values
// of a map or object are allowed.
func sensitiveForEach(v cty.Value, marks cty.ValueMarks) bool {
	mi := markInfo{}
	mi.add(marks)
	if mi.sensitive || v.IsNull() || !v.IsKnown() || !v.Type().IsSetType() {
		return mi.sensitive
	}
	for it := v.ElementIterator(); it.Next(); {
		_, e := it.Element()
		_, em := e.Unmark()
		mi.add(em)
	}
	return mi.sensitive
}

// internalErrorSummary is the summary of the error a recovered panic
// becomes.
const internalErrorSummary = "Internal error while loading configuration"

// internalError is the error a panic recovered while evaluating the
// expression at rng becomes: it names the expression, holds no stack
// trace (a user cannot act on one, and it would print the build
// machine's paths) and says it is a bug.
func internalError(r any, rng hcl.Range) *hcl.Diagnostic {
	return &hcl.Diagnostic{
		Severity: hcl.DiagError,
		Summary:  internalErrorSummary,
		Detail: fmt.Sprintf("Evaluating this expression failed inside tfemrcheck or a library it uses (%v), so what depends on it was not checked. "+
			"This is a bug: please report it with the configuration that causes it.", r),
		Subject: rng.Ptr(),
	}
}
