// Package oracle is the differential oracle of source mode: it generates
// random Terraform configurations that reach aws_emr_security_configuration
// and aws_emr_cluster through the language's features, has the real
// Terraform plan them (through the stand-in provider's mkplan), and
// compares what source mode says of each rule and resource with what plan
// mode says of the plan. Plan mode reads what Terraform computed, so it is
// the reference; see docs/oracle.md.
package oracle

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"sort"
	"strconv"
	"strings"
)

// Case is one generated root module with what its plan needs.
type Case struct {
	// Name is the case's name in the corpus ("s000042").
	Name string
	Seed uint64
	// Files maps a path relative to the root module to its content.
	Files map[string]string
	// Args are extra terraform plan arguments (-var-file=…), relative to
	// the root module.
	Args []string
	// Env holds NAME=VALUE pairs the plan runs with (TF_VAR_…, AWS_REGION).
	Env []string
	// Features lists the language features the case goes through.
	Features []string
	// OpenTofu marks a case only OpenTofu can plan (.tofu files).
	OpenTofu bool
}

// value is a setting's value: a string or a bool (or null).
type value struct {
	s      string
	b      bool
	isBool bool
	null   bool
}

func str(s string) value { return value{s: s} }
func boolean(b bool) value {
	return value{b: b, isBool: true}
}

// hcl is the value as an HCL literal.
func (v value) hcl() string {
	switch {
	case v.null:
		return "null"
	case v.isBool:
		return strconv.FormatBool(v.b)
	}
	return strconv.Quote(v.s)
}

func (v value) json() any {
	switch {
	case v.null:
		return nil
	case v.isBool:
		return v.b
	}
	return v.s
}

func (v value) typ() string {
	if v.isBool {
		return "bool"
	}
	return "string"
}

// gen holds the state of one generation.
type gen struct {
	r        *rand.Rand
	c        *Case
	vars     []varDecl // root module variables
	locals   []string  // root module locals, "name = expr"
	tfvars   map[string][]string
	n        int
	features map[string]bool
	jsonVars bool
	// unknown asks for aws_kms_key.unknown in the root module (a value
	// known only after apply).
	unknown bool
	// noUnknown keeps unknown values out (the provider's configuration).
	noUnknown bool
	// builtinProvider declares terraform.io/builtin/terraform, whose
	// functions the configuration calls.
	builtinProvider bool
	// tofuRegion is the provider instance the resources of an OpenTofu
	// case use.
	tofuRegion string
	// mayRefuse lets the case hold one construct Terraform refuses (a
	// failing validation, element(l, -1), …); refused says it holds one.
	// Without the budget most cases would be refused, and the rules
	// would be compared on few.
	mayRefuse, refused bool
}

type varDecl struct {
	name, typ   string
	def         *string // HCL default, nil for none
	defJSON     any
	hasDefJSON  bool
	nullableSet bool
	nullable    bool
	validation  string // condition, "" for none
	sensitive   bool
	ephemeral   bool
}

func (g *gen) feature(f string) { g.features[f] = true }

// refuse says whether the case may take a construct Terraform refuses
// (once a case, in some cases only), and counts it taken.
func (g *gen) refuse() bool {
	if !g.mayRefuse || g.refused {
		return false
	}
	g.refused = true
	return true
}

func (g *gen) pick(n int) int { return g.r.IntN(n) }

func (g *gen) chance(p float64) bool { return g.r.Float64() < p }

func (g *gen) fresh(prefix string) string {
	g.n++
	return fmt.Sprintf("%s_%d", prefix, g.n)
}

func oneOf[T any](g *gen, xs ...T) T { return xs[g.pick(len(xs))] }

// Generate returns the case of seed; the same seed always gives the same
// case. openTofu asks for a case only OpenTofu plans (a .tofu file with a
// provider for_each).
func Generate(seed uint64, openTofu bool) *Case {
	g := &gen{
		r:        rand.New(rand.NewPCG(seed, 0x6f7261636c65)),
		c:        &Case{Seed: seed, Files: map[string]string{}, OpenTofu: openTofu},
		tfvars:   map[string][]string{},
		features: map[string]bool{},
	}
	g.c.Name = fmt.Sprintf("s%06d", seed)
	if openTofu {
		g.c.Name = fmt.Sprintf("t%06d", seed)
	}
	g.jsonVars = g.chance(0.2)
	g.mayRefuse = g.chance(0.3)
	g.build()
	g.c.Features = make([]string, 0, len(g.features))
	for f := range g.features {
		g.c.Features = append(g.c.Features, f)
	}
	sort.Strings(g.c.Features)
	return g.c
}

var (
	s3Modes   = []string{"SSE-S3", "SSE-KMS", "CSE-KMS", "SSE-C"}
	releases  = []string{"emr-4.7.0", "emr-5.20.0", "emr-5.23.0", "emr-5.24.0", "emr-5.30.1", "emr-6.15.0", "emr-7.5.0"}
	regions   = []string{"eu-west-1", "us-east-1"}
	accountID = "123456789012"
)

func keyARN(region string, n int) string {
	return fmt.Sprintf("arn:aws:kms:%s:%s:key/0b7c2f1e-1111-4a5b-9c3d-%012d", region, accountID, n)
}

// route returns an expression of the root module that evaluates to v,
// going through some of the language's features (and declaring what they
// need). depth bounds the nesting.
func (g *gen) route(v value, depth int) string {
	if depth <= 0 {
		return v.hcl()
	}
	if g.chance(0.12) {
		return g.edge(v, depth)
	}
	switch g.pick(17) {
	case 0, 1:
		return v.hcl()
	case 2:
		// A variable with a default and no value.
		return g.variable(v, "default", "")
	case 3:
		return g.variable(v, "tfvars", "terraform.tfvars")
	case 4:
		return g.variable(v, "auto-tfvars", oneOf(g, "a.auto.tfvars", "z.auto.tfvars", "settings.auto.tfvars.json"))
	case 5:
		return g.variable(v, "env", "")
	case 6:
		return g.variable(v, "var-file", "extra.tfvars")
	case 7:
		if g.chance(0.5) {
			return v.hcl()
		}
		return g.variable(v, "nullable-false", "")
	case 8:
		return g.optionalAttr(v)
	case 9:
		name := g.fresh("l")
		g.locals = append(g.locals, fmt.Sprintf("%s = %s", name, g.route(v, depth-1)))
		g.feature("local")
		return "local." + name
	case 10:
		return g.conditional(v, depth)
	case 11, 12, 13:
		return g.function(v, depth)
	case 14:
		return g.variable(v, "validation", oneOf(g, "", "terraform.tfvars"))
	default:
		return g.variable(v, "precedence", "")
	}
}

// decl adds a root variable.
func (g *gen) decl(d varDecl) { g.vars = append(g.vars, d) }

// assign adds name = value to a tfvars file (HCL or JSON by its name).
func (g *gen) assign(file, name string, hclText string, jsonVal any) {
	if strings.HasSuffix(file, ".json") {
		b, _ := json.Marshal(jsonVal)
		g.tfvars[file] = append(g.tfvars[file], fmt.Sprintf("%q: %s", name, b))
		return
	}
	g.tfvars[file] = append(g.tfvars[file], fmt.Sprintf("%s = %s", name, hclText))
}

// other returns a value of v's kind that differs from v.
func (g *gen) other(v value) value {
	if v.isBool {
		return boolean(!v.b)
	}
	for _, pool := range [][]string{s3Modes, releases, regions} {
		for _, p := range pool {
			if p == v.s {
				for {
					if o := oneOf(g, pool...); o != v.s {
						return str(o)
					}
				}
			}
		}
	}
	return str(v.s + "-other")
}

func (g *gen) variable(v value, how, file string) string {
	name := g.fresh("v")
	d := varDecl{name: name, typ: v.typ()}
	setDef := func(x value) {
		s := x.hcl()
		d.def, d.defJSON, d.hasDefJSON = &s, x.json(), true
	}
	g.feature("variable-" + how)
	switch how {
	case "default":
		setDef(v)
	case "tfvars", "auto-tfvars", "var-file":
		if g.chance(0.5) {
			setDef(g.other(v))
		}
		g.assign(file, name, v.hcl(), v.json())
		if how == "var-file" {
			g.c.Args = appendOnce(g.c.Args, "-var-file="+file)
		}
	case "env":
		if g.chance(0.5) {
			setDef(g.other(v))
		}
		s := v.s
		if v.isBool {
			s = strconv.FormatBool(v.b)
		}
		g.c.Env = append(g.c.Env, "TF_VAR_"+name+"="+s)
	case "nullable-false":
		// An explicit null for a variable that is not nullable takes the
		// default (tfvars, or a -var-file).
		setDef(v)
		d.nullableSet, d.nullable = true, false
		f := oneOf(g, "terraform.tfvars", "b.auto.tfvars")
		g.assign(f, name, "null", nil)
		if g.chance(0.2) && g.refuse() {
			// No default: Terraform refuses the null.
			d.def, d.hasDefJSON = nil, false
			g.feature("nullable-false-no-default")
		}
	case "validation":
		setDef(v)
		ok := g.chance(0.7) || !g.refuse()
		if file != "" {
			g.assign(file, name, v.hcl(), v.json())
		}
		switch {
		case v.isBool:
			if ok {
				d.validation = fmt.Sprintf("var.%s == %s || var.%s == %s", name, "true", name, "false")
			} else {
				d.validation = fmt.Sprintf("var.%s == %s", name, g.other(v).hcl())
			}
		case ok:
			d.validation = fmt.Sprintf("length(var.%s) > 0 && !startswith(var.%s, \" \")", name, name)
		default:
			d.validation = fmt.Sprintf("contains([%s], var.%s)", g.other(v).hcl(), name)
		}
		if !ok {
			g.feature("validation-fails")
		}
	case "precedence":
		// Several sources: the last one in Terraform's order wins
		// (environment, terraform.tfvars, *.auto.tfvars, -var-file).
		setDef(g.other(v))
		srcs := []string{"env", "terraform.tfvars", "c.auto.tfvars", "extra.tfvars"}
		first := g.pick(len(srcs))
		for i, s := range srcs[first:] {
			last := i == len(srcs)-first-1
			val := v
			if !last {
				val = g.other(v)
			}
			switch s {
			case "env":
				sv := val.s
				if val.isBool {
					sv = strconv.FormatBool(val.b)
				}
				g.c.Env = append(g.c.Env, "TF_VAR_"+name+"="+sv)
			default:
				g.assign(s, name, val.hcl(), val.json())
				if s == "extra.tfvars" {
					g.c.Args = appendOnce(g.c.Args, "-var-file=extra.tfvars")
				}
			}
		}
	}
	if g.chance(0.05) {
		d.sensitive = true
		g.feature("sensitive")
	}
	g.decl(d)
	return "var." + name
}

func appendOnce(xs []string, x string) []string {
	for _, y := range xs {
		if y == x {
			return xs
		}
	}
	return append(xs, x)
}

// optionalAttr routes v through an object variable with an optional()
// attribute: the attribute is left out (its default applies) or set.
func (g *gen) optionalAttr(v value) string {
	name := g.fresh("o")
	g.feature("optional-attr")
	set := g.chance(0.4)
	def := v
	if set {
		def = g.other(v)
	}
	typ := fmt.Sprintf("object({\n    attr  = optional(%s, %s)\n    other = optional(string)\n  })", v.typ(), def.hcl())
	d := varDecl{name: name, typ: typ}
	switch g.pick(3) {
	case 0:
		s := "{}"
		d.def, d.defJSON, d.hasDefJSON = &s, map[string]any{}, true
		if set {
			g.assign("terraform.tfvars", name, fmt.Sprintf("{ attr = %s }", v.hcl()), map[string]any{"attr": v.json()})
			d.def, d.hasDefJSON = nil, false
		}
	default:
		if set {
			g.assign("terraform.tfvars", name, fmt.Sprintf("{ attr = %s, other = \"x\" }", v.hcl()), nil)
		} else {
			g.assign("terraform.tfvars", name, "{ other = \"x\" }", nil)
		}
	}
	g.decl(d)
	return "var." + name + ".attr"
}

// conditional routes v through a condition on a variable.
func (g *gen) conditional(v value, depth int) string {
	g.feature("conditional")
	e := oneOf(g, "prod", "dev")
	env := g.variable(str(e), oneOf(g, "default", "tfvars", "env"), "terraform.tfvars")
	yes, no := g.route(v, depth-1), g.route(g.other(v), 0)
	if e != "prod" {
		yes, no = no, yes
	}
	return fmt.Sprintf("(%s == \"prod\" ? %s : %s)", env, yes, no)
}

// function routes v through one of Terraform's functions.
func (g *gen) function(v value, depth int) string {
	inner := g.route(v, depth-1)
	if v.isBool {
		switch g.pick(6) {
		case 0:
			g.feature("fn-tobool")
			return fmt.Sprintf("tobool(tostring(%s))", inner)
		case 1:
			g.feature("fn-try")
			return fmt.Sprintf("try(local.empty.nope, %s)", inner)
		case 2:
			g.feature("fn-lookup")
			return fmt.Sprintf("lookup({ k = %s, j = %s }, \"k\", %s)", inner, g.other(v).hcl(), g.other(v).hcl())
		case 3:
			g.feature("fn-jsondecode")
			return fmt.Sprintf("jsondecode(jsonencode(%s))", inner)
		case 4:
			g.feature("fn-one")
			return fmt.Sprintf("one([%s])", inner)
		default:
			g.feature("logic")
			return fmt.Sprintf("!(!%s)", inner)
		}
	}
	switch g.pick(10) {
	case 0:
		g.feature("fn-upper-lower")
		return fmt.Sprintf("upper(lower(%s))", inner)
	case 1:
		g.feature("fn-format")
		return fmt.Sprintf("format(\"%%s\", %s)", inner)
	case 2:
		g.feature("fn-coalesce")
		return fmt.Sprintf("coalesce(null, \"\", %s)", inner)
	case 3:
		g.feature("fn-lookup")
		return fmt.Sprintf("lookup({ k = %s }, \"k\", \"none\")", inner)
	case 4:
		g.feature("fn-element")
		return fmt.Sprintf("element([%s, %s], %d)", g.other(v).hcl(), inner, g.elementIndex())
	case 5:
		if g.chance(0.1) && g.refuse() {
			// Terraform rejects an undeclared reference even inside try().
			g.feature("try-undeclared-ref")
			return fmt.Sprintf("try(local.undeclared_%d.x, %s)", g.pick(9), inner)
		}
		g.feature("fn-try")
		return fmt.Sprintf("try(local.empty.nope.x, %s)", inner)
	case 6:
		g.feature("fn-join-split")
		return fmt.Sprintf("join(\"-\", split(\"-\", %s))", inner)
	case 7:
		g.feature("fn-replace")
		return fmt.Sprintf("replace(%s, \"/^(.*)$/\", \"$1\")", inner)
	case 8:
		g.feature("template")
		return fmt.Sprintf("\"%%{if true}${%s}%%{endif}\"", inner)
	default:
		g.feature("for-expr")
		return fmt.Sprintf("[for s in [%s] : s if s != \"\"][0]", inner)
	}
}

// edge routes v through one of the language's edges that the issue lists
// (issue 19, item 2): the provider::terraform functions, ephemeral values,
// terraform.applying, unknown values, && and ||.
func (g *gen) edge(v value, depth int) string {
	inner := g.route(v, depth-1)
	pick := g.pick(11)
	if g.noUnknown && (pick == 4 || pick == 5 || pick == 7 || pick == 8 || pick == 9) {
		pick = 6
	}
	if pick == 9 && !g.refuse() {
		pick = 8
	}
	// OpenTofu 1.10 has neither ephemeral variables nor terraform.applying.
	if g.c.OpenTofu && (pick == 2 || pick == 3) {
		pick = 6
	}
	switch pick {
	case 0:
		g.builtinProvider = true
		g.feature("fn-tfvars-roundtrip")
		return fmt.Sprintf("provider::terraform::decode_tfvars(provider::terraform::encode_tfvars({ x = %s })).x", inner)
	case 1:
		g.builtinProvider = true
		if v.isBool {
			g.feature("fn-encode-expr")
			return fmt.Sprintf("provider::terraform::encode_expr(%s) == \"true\"", inner)
		}
		g.feature("fn-encode-expr")
		return fmt.Sprintf("trim(provider::terraform::encode_expr(%s), \"\\\"\")", inner)
	case 2:
		// An ephemeral variable is null outside ephemeral contexts.
		g.feature("ephemeralasnull")
		name := g.fresh("e")
		o := g.other(v)
		s := o.hcl()
		g.decl(varDecl{name: name, typ: v.typ(), def: &s, defJSON: o.json(), hasDefJSON: true, ephemeral: true})
		return fmt.Sprintf("coalesce(ephemeralasnull(var.%s), %s)", name, inner)
	case 3:
		g.feature("terraform-applying")
		// terraform.applying is ephemeral: only ephemeralasnull() lets it
		// into a resource or module argument.
		return fmt.Sprintf("(coalesce(ephemeralasnull(terraform.applying), false) ? %s : %s)", g.other(v).hcl(), inner)
	case 4:
		g.feature("lookup-unknown")
		g.unknown = true
		return fmt.Sprintf("lookup({ k = %s, u = aws_kms_key.unknown.arn }, \"k\", %s)", inner, g.other(v).hcl())
	case 5:
		g.feature("unknown-not-null")
		g.unknown = true
		return fmt.Sprintf("(aws_kms_key.unknown.arn == null ? %s : %s)", g.other(v).hcl(), inner)
	case 8:
		// Indexing, like lookup(), gives the known element of a map that
		// holds an unknown one.
		g.feature("index-unknown")
		g.unknown = true
		return fmt.Sprintf("({ k = %s, u = aws_kms_key.unknown.arn }[\"k\"])", inner)
	case 9:
		// An attribute the schema does not have is an error, in can() too.
		g.feature("can-unsupported-attribute")
		g.unknown = true
		return fmt.Sprintf("(can(aws_kms_key.unknown.nope) ? %s : %s)", g.other(v).hcl(), inner)
	case 10:
		// jsondecode keeps the last of duplicate keys.
		g.feature("jsondecode-duplicate-keys")
		return fmt.Sprintf("jsondecode(\"{\\\"k\\\": ${jsonencode(%s)}, \\\"k\\\": ${jsonencode(%s)}}\").k", g.other(v).hcl(), inner)
	case 6:
		g.feature("terraform-workspace")
		return fmt.Sprintf("(terraform.workspace == \"default\" ? %s : %s)", inner, g.other(v).hcl())
	default:
		if v.isBool && g.chance(0.3) && g.refuse() {
			// Terraform 1.11 evaluates both operands: the error on the
			// right is an error even though the left decides.
			g.feature("logic-both-operands")
			if v.b {
				return fmt.Sprintf("(%s || tobool(local.empty.nope))", inner)
			}
			return fmt.Sprintf("(%s && tobool(local.empty.nope))", inner)
		}
		if g.chance(0.7) || !g.refuse() {
			g.feature("unknown-not-null")
			g.unknown = true
			return fmt.Sprintf("(aws_kms_key.unknown.arn != null ? %s : %s)", inner, g.other(v).hcl())
		}
		// An attribute the schema does not have is an error, in try() too.
		g.feature("try-unsupported-attribute")
		g.unknown = true
		return fmt.Sprintf("try(aws_kms_key.unknown.nope, %s)", inner)
	}
}

// elementIndex is the index of element([other, v], i) that gives v: 1, 3
// (element wraps), or -1, which Terraform 1.11 refuses.
func (g *gen) elementIndex() int {
	i := oneOf(g, 1, 3, -1)
	if i == -1 && !g.refuse() {
		i = 1
	}
	if i == -1 {
		g.feature("element-negative-index")
	}
	return i
}
