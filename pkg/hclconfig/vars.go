package hclconfig

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"

	"github.com/tfemrcheck/tfemrcheck/pkg/marks"
	"github.com/tfemrcheck/tfemrcheck/pkg/model"
)

// rootVar is the final value of a root module variable.
type rootVar struct {
	val cty.Value
	// given is true when a value came from outside the declaration
	// (environment, tfvars, command line).
	given bool
	// rng is where the value was given (the declaration for a default),
	// where Terraform reports a failing validation.
	rng hcl.Range
}

// rawVar is one assignment before type conversion.
type rawVar struct {
	val cty.Value
	// str is set for values given as strings on the command line or in
	// the environment, which Terraform parses according to the type.
	str    *string
	rng    hcl.Range
	source string
	// taint is set for values from the environment, which may hold
	// anything the machine running the check holds.
	taint string
}

// rootVariables computes root variable values with Terraform's
// precedence: defaults < TF_VAR_ environment < terraform.tfvars <
// terraform.tfvars.json < *.auto.tfvars(.json) in lexical order <
// -var-file and -var in command-line order.
func (l *loader) rootVariables(cfg *moduleConfig) map[string]rootVar {
	raw := map[string]rawVar{}
	for _, kv := range l.opts.Env {
		name, value, ok := strings.Cut(kv, "=")
		if !ok || !strings.HasPrefix(name, "TF_VAR_") {
			continue
		}
		name = strings.TrimPrefix(name, "TF_VAR_")
		if _, declared := cfg.variables[name]; !declared {
			continue
		}
		v := value
		raw[name] = rawVar{str: &v, rng: syntheticRange("TF_VAR_" + name), source: "environment variable TF_VAR_" + name, taint: "environment TF_VAR_" + name}
	}
	var files []string
	for _, n := range []string{"terraform.tfvars", "terraform.tfvars.json"} {
		p := filepath.Join(l.rootDir, n)
		if _, err := os.Lstat(p); err == nil {
			files = append(files, p)
		}
	}
	if entries, err := l.readDir(l.rootDir); err == nil {
		var auto []string
		for _, e := range entries {
			n := e.Name()
			if !e.IsDir() && (strings.HasSuffix(n, ".auto.tfvars") || strings.HasSuffix(n, ".auto.tfvars.json")) {
				auto = append(auto, n)
			}
		}
		sort.Strings(auto)
		for _, n := range auto {
			files = append(files, filepath.Join(l.rootDir, n))
		}
	}
	for _, p := range files {
		l.readVarFile(p, cfg, raw)
	}
	for _, p := range l.opts.VarFiles {
		l.readVarFile(p, cfg, raw)
	}
	for _, a := range l.opts.Vars {
		name, value, ok := strings.Cut(a, "=")
		name = strings.TrimSpace(name)
		if !ok || name == "" {
			l.diags = append(l.diags, &hcl.Diagnostic{
				Severity: hcl.DiagError, Summary: "Invalid -var option",
				Detail: fmt.Sprintf("The given -var option %q is not correctly specified; it must be name=value.", a),
			})
			continue
		}
		if _, declared := cfg.variables[name]; !declared {
			l.diags = append(l.diags, &hcl.Diagnostic{
				Severity: hcl.DiagError, Summary: "Value for undeclared variable",
				Detail: fmt.Sprintf("A variable named %q was assigned on the command line, but the root module does not declare a variable of that name.", name),
			})
			continue
		}
		v := value
		raw[name] = rawVar{str: &v, rng: syntheticRange("-var " + name), source: "-var"}
	}

	for _, name := range sortedKeys(l.opts.Inputs) {
		if _, declared := cfg.variables[name]; !declared {
			l.diags = append(l.diags, &hcl.Diagnostic{
				Severity: hcl.DiagError, Summary: "Value for undeclared variable",
				Detail: fmt.Sprintf("A value was given for the variable %q, but the root module does not declare a variable of that name.", name),
			})
			continue
		}
		raw[name] = rawVar{val: l.opts.Inputs[name], rng: syntheticRange("input " + name), source: "input"}
	}

	out := map[string]rootVar{}
	for _, name := range sortedKeys(cfg.variables) {
		vc := cfg.variables[name]
		r, given := raw[name]
		var val cty.Value
		rng := r.rng
		switch {
		case given && r.str != nil:
			v, d := parseStringVar(vc, *r.str, r.rng)
			if r.taint != "" {
				v = v.Mark(marks.Tainted{Source: r.taint})
				d = redactValueDiags(d, "TF_VAR_"+name)
			}
			l.diags = append(l.diags, d...)
			val = v
		case given:
			val = r.val
		}
		if given && isNull(val) && !vc.nullable {
			// nullable = false: a null value is the default, as in
			// Terraform; without a default Terraform refuses to plan.
			if vc.def == nil {
				l.diags = append(l.diags, nullNotAllowed("var."+name, vc, r.rng))
				out[name] = rootVar{val: unknownBlocked(vc.typ, model.NoValueBlocker("var."+name)), given: true}
				continue
			}
			given = false
		}
		switch {
		case given:
		case vc.def != nil:
			v, d := l.budget.evalLiteral(vc.def.Expr)
			l.diags = append(l.diags, d...)
			val, rng = v, vc.def.Expr.Range()
		default:
			v := unknownBlocked(vc.typ, model.NoValueBlocker("var."+name))
			if vc.sensitive {
				v = v.Mark(marks.Sensitive{})
			}
			if vc.ephemeral {
				v = v.Mark(marks.Ephemeral{})
			}
			out[name] = rootVar{val: v}
			continue
		}
		cv, d := convertVar(vc, val, rng)
		l.diags = append(l.diags, d...)
		if !given {
			rng = vc.declRange
		}
		out[name] = rootVar{val: cv, given: given, rng: rng}
	}
	return out
}

func syntheticRange(name string) hcl.Range {
	return hcl.Range{Filename: "<value for " + name + ">", Start: hcl.InitialPos, End: hcl.InitialPos}
}

// parseStringVar interprets a command-line or environment value: as a
// raw string for primitive types, else as an HCL expression.
func parseStringVar(vc *variableConfig, s string, rng hcl.Range) (cty.Value, hcl.Diagnostics) {
	if vc.typ.IsPrimitiveType() || vc.typ == cty.DynamicPseudoType {
		return cty.StringVal(s), nil
	}
	expr, diags := hclsyntax.ParseExpression([]byte(s), rng.Filename, hcl.InitialPos)
	if diags.HasErrors() {
		return cty.DynamicVal, diags
	}
	v, d := expr.Value(nil)
	return v, append(diags, d...)
}

// readVarFile reads a .tfvars or .tfvars.json file into raw.
func (l *loader) readVarFile(p string, cfg *moduleConfig, raw map[string]rawVar) {
	if _, err := os.Stat(p); err != nil {
		l.diags = append(l.diags, &hcl.Diagnostic{
			Severity: hcl.DiagError, Summary: "Failed to read variables file",
			Detail: fmt.Sprintf("reading variables file %q: %s", p, err),
		})
		return
	}
	f, diags := l.parseFile(p)
	l.diags = append(l.diags, diags...)
	if f == nil {
		return
	}
	if body, ok := f.Body.(*hclsyntax.Body); ok {
		instrument(body)
	}
	attrs, diags := f.Body.JustAttributes()
	l.diags = append(l.diags, diags...)
	for _, a := range sortedAttrs(attrs) {
		if _, declared := cfg.variables[a.Name]; !declared {
			d := &hcl.Diagnostic{
				Severity: hcl.DiagWarning, Summary: "Value for undeclared variable",
				Detail:  fmt.Sprintf("The root module does not declare a variable named %q but a value was found in file %q.", a.Name, p),
				Subject: a.NameRange.Ptr(),
			}
			l.diags = append(l.diags, d)
			// Terraform warns and plans on; so does the check, saying so (a
			// misspelt variable leaves the one meant at its default).
			l.model.Notes = append(l.model.Notes, model.Note{Address: "var." + a.Name, Range: toRange(a.NameRange),
				Message: "Warning: " + d.Summary + ": " + d.Detail + " To use this value, add a \"variable\" block to the configuration."})
			continue
		}
		v, d := l.budget.evalLiteral(a.Expr)
		l.diags = append(l.diags, d...)
		raw[a.Name] = rawVar{val: v, rng: a.Expr.Range(), source: p}
	}
}

// isNull reports whether v is known to be null (marks aside).
func isNull(v cty.Value) bool {
	v, _ = v.Unmark()
	return v != cty.NilVal && v.IsKnown() && v.IsNull()
}

// nullNotAllowed is Terraform's error for a null value given to a
// variable that says nullable = false and has no default.
func nullNotAllowed(addr string, vc *variableConfig, rng hcl.Range) *hcl.Diagnostic {
	return &hcl.Diagnostic{
		Severity: hcl.DiagError, Summary: "Required variable not set",
		Detail:  fmt.Sprintf("The given value is not suitable for %s defined at %s: required variable may not be set to null.", addr, vc.declRange.String()),
		Subject: rng.Ptr(),
	}
}

// checkVariables evaluates every variable of this instance and its
// validation rules, as Terraform does whether or not anything refers to
// the variable: a null argument for a variable that is not nullable and
// has no default is an error even when nothing reads the variable, and
// so is a value a validation condition refuses (Terraform refuses to
// plan). A condition that is unknown blocks nothing, as in Terraform.
func (in *instance) checkVariables() {
	for _, n := range sortedKeys(in.cfg.variables) {
		in.varValue(n)
		vc := in.cfg.variables[n]
		for _, vr := range vc.validations {
			in.checkValidation(vc, vr)
		}
	}
}

// checkValidation evaluates one validation rule of variable vc.
func (in *instance) checkValidation(vc *variableConfig, vr *validationConfig) {
	if vr.condition == nil {
		return
	}
	c := in.eval(vr.condition, repetition{})
	c, _ = c.Unmark()
	if !c.IsKnown() {
		return
	}
	rule := fmt.Sprintf("This was checked by the validation rule at %s.", vr.rng.String())
	if c.IsNull() {
		in.addDiags(hcl.Diagnostics{{
			Severity: hcl.DiagError, Summary: "Invalid variable validation result",
			Detail:  "Validation condition expression must return either true or false, not null.",
			Subject: vr.condition.Range().Ptr(),
		}})
		return
	}
	b, err := convert.Convert(c, cty.Bool)
	if err != nil {
		in.addDiags(hcl.Diagnostics{{
			Severity: hcl.DiagError, Summary: "Invalid variable validation result",
			Detail:  fmt.Sprintf("Invalid validation condition result value: %s.", err),
			Subject: vr.condition.Range().Ptr(),
		}})
		return
	}
	if !b.IsKnown() || b.True() {
		return
	}
	msg := "The value of " + in.prefix() + "var." + vc.name + " does not meet the validation rule."
	if vr.message != nil {
		m := in.eval(vr.message, repetition{})
		if um, ms := m.Unmark(); len(ms) == 0 && um.IsKnown() && !um.IsNull() {
			if sm, err := convert.Convert(um, cty.String); err == nil {
				msg = sm.AsString()
			}
		}
	}
	in.addDiags(hcl.Diagnostics{{
		Severity: hcl.DiagError, Summary: "Invalid value for variable",
		Detail:  msg + "\n\n" + rule,
		Subject: in.varRange(vc).Ptr(),
	}})
}

// varRange is where the value of a variable of this instance was given:
// the module argument or tfvars line, or the declaration for a default.
func (in *instance) varRange(vc *variableConfig) hcl.Range {
	if in.parent == nil {
		if r := in.l.rootVars[vc.name].rng; r.Filename != "" {
			return r
		}
		return vc.declRange
	}
	if a, ok := in.call.inputs[vc.name]; ok {
		return a.Expr.Range()
	}
	return vc.declRange
}
