package hclconfig

import (
	"errors"
	"fmt"
	"path/filepath"
	"sort"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/ext/typeexpr"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"

	"github.com/tfemrcheck/tfemrcheck/pkg/internal/nesting"
	"github.com/tfemrcheck/tfemrcheck/pkg/regularfile"
	"github.com/tfemrcheck/tfemrcheck/pkg/tffuncs"
	"github.com/tfemrcheck/tfemrcheck/pkg/treefs"
)

// moduleConfig is the parsed (not evaluated) content of one module
// directory, with override files merged in.
type moduleConfig struct {
	dir       string // directory as used for file access
	absDir    string // cleaned absolute directory, for recursion checks
	variables map[string]*variableConfig
	locals    map[string]*localConfig
	outputs   map[string]*outputConfig
	resources map[string]*resourceConfig // "type.name"
	data      map[string]*resourceConfig // "type.name"
	calls     map[string]*callConfig
	hints     map[string]map[string]bool
	// iterators are the names dynamic blocks bind (their label, or their
	// iterator argument): references to them are not resources.
	iterators map[string]bool
	// providerCalls are the provider::NAME::FUNCTION names called.
	providerCalls map[string]bool
	// providers are the provider blocks by key ("aws", "aws.west").
	providers map[string]*providerConfig
}

type variableConfig struct {
	name      string
	typ       cty.Type
	defaults  *typeexpr.Defaults
	def       *hcl.Attribute // default, nil when none
	sensitive bool
	// ephemeral is set by ephemeral = true: the value exists only during
	// a run, and ephemeralasnull() makes it null.
	ephemeral bool
	// nullable is false when the variable says nullable = false: a null
	// value given for it is its default (an error without one).
	nullable    bool
	validations []*validationConfig
	declRange   hcl.Range
	typeRange   hcl.Range
	hasTypeArg  bool
}

// validationConfig is a validation block of a variable.
type validationConfig struct {
	condition hcl.Expression // nil when missing
	message   hcl.Expression // nil when missing
	rng       hcl.Range      // the block's header
}

var validationSchema = &hcl.BodySchema{
	Attributes: []hcl.AttributeSchema{{Name: "condition"}, {Name: "error_message"}},
}

type localConfig struct {
	name string
	expr hcl.Expression
	rng  hcl.Range
}

type outputConfig struct {
	name      string
	expr      hcl.Expression
	sensitive bool
	rng       hcl.Range
}

type resourceConfig struct {
	data     bool
	typ      string
	name     string
	body     hcl.Body
	defRange hcl.Range
	count    hcl.Expression
	forEach  hcl.Expression
	// attrs are the top-level arguments written in the block (without
	// meta-arguments); blocks are the nested block type names.
	attrs  hcl.Attributes
	blocks map[string]bool
	// provider is the `provider` argument ("aws.west"), "" when not set.
	provider string
	// providerIndex is the key expression of `provider = aws.alias[KEY]`
	// (an instance of a provider with for_each, OpenTofu 1.9); nil when
	// the reference has no key.
	providerIndex hcl.Expression
}

func (r *resourceConfig) key() string { return r.typ + "." + r.name }

type callConfig struct {
	name        string
	source      string
	version     string
	sourceRange hcl.Range
	defRange    hcl.Range
	count       hcl.Expression
	forEach     hcl.Expression
	inputs      hcl.Attributes
	// providers is the `providers` map: the module's provider key to the
	// caller's ("aws" -> "aws.west").
	providers map[string]string
}

// isLocal reports whether a module source is a local path.
func (c *callConfig) isLocal() bool {
	return strings.HasPrefix(c.source, "./") || strings.HasPrefix(c.source, "../") ||
		c.source == "." || c.source == ".."
}

var topSchema = &hcl.BodySchema{
	Blocks: []hcl.BlockHeaderSchema{
		{Type: "terraform"},
		{Type: "provider", LabelNames: []string{"name"}},
		{Type: "variable", LabelNames: []string{"name"}},
		{Type: "locals"},
		{Type: "output", LabelNames: []string{"name"}},
		{Type: "module", LabelNames: []string{"name"}},
		{Type: "resource", LabelNames: []string{"type", "name"}},
		{Type: "data", LabelNames: []string{"type", "name"}},
		{Type: "moved"},
		{Type: "import"},
		{Type: "removed"},
		{Type: "check", LabelNames: []string{"name"}},
		{Type: "ephemeral", LabelNames: []string{"type", "name"}},
	},
}

var variableSchema = &hcl.BodySchema{
	Attributes: []hcl.AttributeSchema{
		{Name: "type"}, {Name: "default"}, {Name: "description"}, {Name: "sensitive"},
		{Name: "nullable"}, {Name: "ephemeral"},
	},
	Blocks: []hcl.BlockHeaderSchema{{Type: "validation"}},
}

var outputSchema = &hcl.BodySchema{
	Attributes: []hcl.AttributeSchema{
		{Name: "value"}, {Name: "description"}, {Name: "sensitive"}, {Name: "depends_on"},
		{Name: "ephemeral"},
	},
	Blocks: []hcl.BlockHeaderSchema{{Type: "precondition"}},
}

// resourceMeta are meta-arguments that are not resource attributes.
var resourceMeta = map[string]bool{
	"count": true, "for_each": true, "provider": true, "depends_on": true,
	"lifecycle": true, "provisioner": true, "connection": true,
}

// moduleMeta are module-call arguments that are not input variables.
var moduleMeta = map[string]bool{
	"source": true, "version": true, "count": true, "for_each": true,
	"providers": true, "depends_on": true,
}

// configFiles lists the configuration files of dir as the engine reads
// them: primary files and override files, each sorted by name. Terraform
// ignores .tofu and .tofu.json files; OpenTofu reads them, and x.tofu
// instead of x.tf. tofu lists the .tofu and .tofu.json files of dir
// whatever the engine, so that the caller knows the engines read the
// directory differently.
func (l *loader) configFiles(dir string, engine string) (primary, override, tofu []string, err error) {
	entries, err := l.readDir(dir)
	if err != nil {
		return nil, nil, nil, err
	}
	names := map[string]bool{}
	for _, e := range entries {
		names[e.Name()] = true
	}
	for _, e := range entries {
		if e.IsDir() {
			continue
		}
		n := e.Name()
		if strings.HasPrefix(n, ".") || strings.HasPrefix(n, "#") || strings.HasSuffix(n, "~") {
			continue
		}
		if strings.HasSuffix(n, ".tofu") || strings.HasSuffix(n, ".tofu.json") {
			tofu = append(tofu, filepath.Join(dir, n))
			if engine == EngineTerraform {
				continue
			}
		}
		var base string
		switch {
		case strings.HasSuffix(n, ".tf.json"):
			base = strings.TrimSuffix(n, ".tf.json")
		case strings.HasSuffix(n, ".tf"):
			base = strings.TrimSuffix(n, ".tf")
		case strings.HasSuffix(n, ".tofu.json"):
			base = strings.TrimSuffix(n, ".tofu.json")
		case strings.HasSuffix(n, ".tofu"):
			base = strings.TrimSuffix(n, ".tofu")
		default:
			continue
		}
		// OpenTofu reads x.tofu instead of x.tf (and x.tofu.json instead
		// of x.tf.json) when both exist.
		replacement := ""
		switch {
		case strings.HasSuffix(n, ".tf.json"):
			replacement = base + ".tofu.json"
		case strings.HasSuffix(n, ".tf"):
			replacement = base + ".tofu"
		}
		if replacement != "" && engine != EngineTerraform {
			if names[replacement] {
				continue
			}
		}
		p := filepath.Join(dir, n)
		if base == "override" || strings.HasSuffix(base, "_override") {
			override = append(override, p)
		} else {
			primary = append(primary, p)
		}
	}
	sort.Strings(primary)
	sort.Strings(override)
	return primary, override, tofu, nil
}

// parseFile parses a .tf, .tf.json, .tfvars or .tfvars.json file,
// refusing what is not a regular file, what is larger than the file-size
// limit (counted on the bytes read, not on what stat reports) and what
// nests too deeply to parse safely. The body of a JSON file counts the
// for expressions of its strings against the budget (budgetJSON).
func (l *loader) parseFile(path string) (*hcl.File, hcl.Diagnostics) {
	fail := func(summary, detail string) (*hcl.File, hcl.Diagnostics) {
		return nil, hcl.Diagnostics{{
			Severity: hcl.DiagError, Summary: summary, Detail: detail,
			Subject: &hcl.Range{Filename: path, Start: hcl.InitialPos, End: hcl.InitialPos},
		}}
	}
	var src []byte
	var err error
	if l.userFiles[path] {
		// A --var-file the caller named: not part of the checked tree.
		src, err = regularfile.Read(path, l.budget.lim.MaxFileBytes)
	} else {
		// Every file of the checked tree is read through it: a pull
		// request can commit creds.tf -> ~/.aws/credentials,
		// main.tf -> /dev/zero, or a module directory linked elsewhere.
		src, err = l.treeFS().ReadFile(absDir(path))
	}
	var tooLarge *regularfile.TooLargeError
	var refused *treefs.RefusedError
	switch {
	case errors.As(err, &tooLarge):
		return fail("File too large", fmt.Sprintf("The file %q is %s (limit max_file_bytes); it is not a Terraform configuration tfemrcheck can read.", path, err))
	case errors.As(err, &refused) && strings.HasPrefix(refused.Reason, "larger than"):
		return fail("File too large", fmt.Sprintf("The file %q is %s (limit max_file_bytes); it is not a Terraform configuration tfemrcheck can read.", path, refused.Reason))
	case errors.As(err, &refused):
		return fail("Refused to read file", fmt.Sprintf("The file %q was not read: %s; tfemrcheck reads configuration only inside the checked tree, so it is not checked.", path, refused.Reason))
	case err != nil:
		return fail("Failed to read file", fmt.Sprintf("The file %q could not be read: %s.", path, err))
	}
	if d := l.budget.spendSource(path, int64(len(src))); d != nil {
		return nil, hcl.Diagnostics{d}
	}
	if err := nesting.CheckHCL(src); err != nil {
		return fail("Nesting too deep", fmt.Sprintf("The file %q %s.", path, err))
	}
	p := l.parser
	if strings.HasSuffix(path, ".json") {
		f, diags := p.ParseJSON(src, path)
		if f == nil {
			return nil, diags
		}
		// A copy: the parser keeps f, with HCL's own body, for snippets.
		return &hcl.File{Body: budgetJSON(f.Body, l.budget), Bytes: f.Bytes, Nav: f.Nav}, diags
	}
	return p.ParseHCL(src, path)
}

// rawModule collects top-level blocks before decoding, so override files
// can be merged into them.
type rawModule struct {
	blocks map[string]*hcl.Block // "resource.type.name", "variable.x", ...
	order  []string
	locals map[string]*hcl.Attribute
	lorder []string
	// providers are the provider blocks, in file order.
	providers []*hcl.Block
}

func blockKey(b *hcl.Block) string {
	return b.Type + "." + strings.Join(b.Labels, ".")
}

// loadModule parses and decodes the module in dir.
func (l *loader) loadModule(dir string, callRange *hcl.Range) (*moduleConfig, hcl.Diagnostics) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		abs = filepath.Clean(dir)
	}
	if mc, ok := l.modules[abs]; ok {
		return mc, nil
	}
	var diags hcl.Diagnostics
	primary, override, tofu, err := l.configFiles(dir, l.engine)
	for _, t := range tofu {
		l.model.OpenTofuFiles = append(l.model.OpenTofuFiles, t)
	}
	if err != nil {
		d := &hcl.Diagnostic{
			Severity: hcl.DiagError,
			Summary:  "Unreadable module directory",
			Detail:   fmt.Sprintf("reading module directory %q: %s", dir, err),
			Subject:  callRange,
		}
		return nil, hcl.Diagnostics{d}
	}
	raw := &rawModule{blocks: map[string]*hcl.Block{}, locals: map[string]*hcl.Attribute{}}
	iterators := map[string]bool{}
	provCalls := map[string]bool{}
	for _, path := range primary {
		blocks, d := l.fileBlocks(path, iterators, provCalls)
		diags = append(diags, d...)
		for _, b := range blocks {
			if b.Type == "provider" {
				raw.providers = append(raw.providers, b)
				continue
			}
			if b.Type == "locals" {
				attrs, d := b.Body.JustAttributes()
				diags = append(diags, d...)
				for _, a := range sortedAttrs(attrs) {
					if prev, ok := raw.locals[a.Name]; ok {
						diags = append(diags, dupDiag("local value", a.Name, a.NameRange, prev.NameRange))
						continue
					}
					raw.locals[a.Name] = a
					raw.lorder = append(raw.lorder, a.Name)
				}
				continue
			}
			if !keyedBlock(b.Type) {
				continue
			}
			k := blockKey(b)
			if prev, ok := raw.blocks[k]; ok {
				diags = append(diags, dupDiag(b.Type, strings.Join(b.Labels, "."), b.DefRange, prev.DefRange))
				continue
			}
			raw.blocks[k] = b
			raw.order = append(raw.order, k)
		}
	}
	var providerOverrides []*hcl.Block
	for _, path := range override {
		blocks, d := l.fileBlocks(path, iterators, provCalls)
		diags = append(diags, d...)
		for _, b := range blocks {
			if b.Type == "provider" {
				providerOverrides = append(providerOverrides, b)
				continue
			}
			if b.Type == "locals" {
				attrs, d := b.Body.JustAttributes()
				diags = append(diags, d...)
				for _, a := range sortedAttrs(attrs) {
					if _, ok := raw.locals[a.Name]; !ok {
						diags = append(diags, missingBaseDiag("local value", a.Name, a.NameRange))
						continue
					}
					raw.locals[a.Name] = a
				}
				continue
			}
			if !keyedBlock(b.Type) {
				continue
			}
			k := blockKey(b)
			base, ok := raw.blocks[k]
			if !ok {
				diags = append(diags, missingBaseDiag(b.Type, strings.Join(b.Labels, "."), b.DefRange))
				continue
			}
			merged := *base
			merged.Body = &mergedBody{base: base.Body, over: b.Body}
			raw.blocks[k] = &merged
		}
	}
	providers, d := decodeProviders(raw.providers, providerOverrides)
	diags = append(diags, d...)
	mc := &moduleConfig{
		dir: dir, absDir: abs,
		variables: map[string]*variableConfig{}, locals: map[string]*localConfig{},
		outputs: map[string]*outputConfig{}, resources: map[string]*resourceConfig{},
		data: map[string]*resourceConfig{}, calls: map[string]*callConfig{},
		iterators: iterators, providerCalls: provCalls, providers: providers,
	}
	for _, n := range raw.lorder {
		a := raw.locals[n]
		mc.locals[n] = &localConfig{name: n, expr: a.Expr, rng: a.Range}
	}
	for _, k := range raw.order {
		b := raw.blocks[k]
		switch b.Type {
		case "variable":
			v, d := decodeVariable(b)
			diags = append(diags, d...)
			mc.variables[v.name] = v
		case "output":
			o, d := decodeOutput(b)
			diags = append(diags, d...)
			mc.outputs[o.name] = o
		case "resource", "data":
			r, d := decodeResource(b)
			diags = append(diags, d...)
			if r.data {
				mc.data[r.key()] = r
			} else {
				mc.resources[r.key()] = r
			}
		case "module":
			c, d := decodeCall(b)
			diags = append(diags, d...)
			mc.calls[c.name] = c
		}
	}
	l.modules[abs] = mc
	return mc, diags
}

func keyedBlock(t string) bool {
	switch t {
	case "variable", "output", "resource", "data", "module":
		return true
	}
	return false
}

func sortedAttrs(attrs hcl.Attributes) []*hcl.Attribute {
	out := make([]*hcl.Attribute, 0, len(attrs))
	for _, a := range attrs {
		out = append(out, a)
	}
	sort.Slice(out, func(i, j int) bool { return rangeLess(out[i].Range, out[j].Range) })
	return out
}

func rangeLess(a, b hcl.Range) bool {
	if a.Filename != b.Filename {
		return a.Filename < b.Filename
	}
	return a.Start.Byte < b.Start.Byte
}

func dupDiag(kind, name string, at, prev hcl.Range) *hcl.Diagnostic {
	return &hcl.Diagnostic{
		Severity: hcl.DiagError,
		Summary:  "Duplicate " + kind,
		Detail:   fmt.Sprintf("%s %q was already declared at %s.", kind, name, prev.String()),
		Subject:  at.Ptr(),
	}
}

func missingBaseDiag(kind, name string, at hcl.Range) *hcl.Diagnostic {
	return &hcl.Diagnostic{
		Severity: hcl.DiagError,
		Summary:  "Missing base " + kind + " to override",
		Detail:   fmt.Sprintf("There is no %s named %q; an override file can only override an existing one.", kind, name),
		Subject:  at.Ptr(),
	}
}

// legacyTypeDiag is Terraform's error for a Terraform 0.11 quoted type
// constraint (type = "list"), or nil when the type is not a quoted string.
func legacyTypeDiag(a *hcl.Attribute) *hcl.Diagnostic {
	if _, isTemplate := a.Expr.(*hclsyntax.TemplateExpr); !isTemplate {
		if _, isJSONString := a.Expr.(*hclsyntax.LiteralValueExpr); !isJSONString {
			return nil
		}
	}
	v, diags := a.Expr.Value(nil)
	if diags.HasErrors() || v.Type() != cty.String || v.IsNull() || !v.IsKnown() {
		return nil
	}
	const legacy = "Terraform 0.11 and earlier required type constraints to be given in quotes, but that form is now deprecated and will be removed in a future version of Terraform. "
	d := &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Invalid quoted type constraints", Subject: a.Expr.Range().Ptr()}
	switch s := v.AsString(); s {
	case "string":
		d.Detail = legacy + `Remove the quotes around "string".`
	case "list", "map":
		d.Detail = legacy + fmt.Sprintf("Remove the quotes around %q and write %s(string) instead to explicitly indicate that the %s elements are strings.", s, s, s)
	default:
		d.Summary = "Invalid legacy variable type hint"
		d.Detail = "To provide a full type expression, remove the surrounding quotes and give the type expression directly."
	}
	return d
}

func decodeVariable(b *hcl.Block) (*variableConfig, hcl.Diagnostics) {
	v := &variableConfig{name: b.Labels[0], typ: cty.DynamicPseudoType, declRange: b.DefRange, nullable: true}
	content, _, diags := b.Body.PartialContent(variableSchema)
	if a, ok := content.Attributes["type"]; ok {
		if d := legacyTypeDiag(a); d != nil {
			diags = append(diags, d)
		} else {
			ty, defs, d := typeexpr.TypeConstraintWithDefaults(a.Expr)
			diags = append(diags, d...)
			if !d.HasErrors() {
				v.typ, v.defaults = ty, defs
			}
		}
		v.typeRange = a.Expr.Range()
		v.hasTypeArg = true
	}
	if a, ok := content.Attributes["default"]; ok {
		v.def = a
	}
	if a, ok := content.Attributes["sensitive"]; ok {
		val, d := a.Expr.Value(nil)
		diags = append(diags, d...)
		if !d.HasErrors() && val.Type() == cty.Bool && val.IsKnown() && !val.IsNull() {
			v.sensitive = val.True()
		}
	}
	if a, ok := content.Attributes["ephemeral"]; ok {
		val, d := a.Expr.Value(nil)
		diags = append(diags, d...)
		if !d.HasErrors() && val.Type() == cty.Bool && val.IsKnown() && !val.IsNull() {
			v.ephemeral = val.True()
		}
	}
	if a, ok := content.Attributes["nullable"]; ok {
		val, d := a.Expr.Value(nil)
		diags = append(diags, d...)
		if !d.HasErrors() && val.Type() == cty.Bool && val.IsKnown() && !val.IsNull() {
			v.nullable = val.True()
		}
	}
	for _, vb := range content.Blocks {
		if vb.Type != "validation" {
			continue
		}
		vr := &validationConfig{rng: vb.DefRange}
		vcont, _, d := vb.Body.PartialContent(validationSchema)
		diags = append(diags, d...)
		if a, ok := vcont.Attributes["condition"]; ok {
			vr.condition = a.Expr
		}
		if a, ok := vcont.Attributes["error_message"]; ok {
			vr.message = a.Expr
		}
		v.validations = append(v.validations, vr)
	}
	if !v.nullable && v.def != nil && isNullLiteral(v.def.Expr) {
		diags = append(diags, &hcl.Diagnostic{
			Severity: hcl.DiagError, Summary: "Invalid default value for variable",
			Detail:  "A null default value is not valid when nullable=false.",
			Subject: v.def.Expr.Range().Ptr(),
		})
		v.def = nil
	}
	return v, diags
}

func decodeOutput(b *hcl.Block) (*outputConfig, hcl.Diagnostics) {
	o := &outputConfig{name: b.Labels[0], rng: b.DefRange}
	content, _, diags := b.Body.PartialContent(outputSchema)
	if a, ok := content.Attributes["value"]; ok {
		o.expr = a.Expr
	}
	if a, ok := content.Attributes["sensitive"]; ok {
		val, d := a.Expr.Value(nil)
		diags = append(diags, d...)
		if !d.HasErrors() && val.Type() == cty.Bool && val.IsKnown() && !val.IsNull() {
			o.sensitive = val.True()
		}
	}
	return o, diags
}

func decodeResource(b *hcl.Block) (*resourceConfig, hcl.Diagnostics) {
	r := &resourceConfig{data: b.Type == "data", typ: b.Labels[0], name: b.Labels[1], body: b.Body, defRange: b.DefRange}
	schema := discoverSchema(b.Body)
	content, _, diags := b.Body.PartialContent(schema)
	r.attrs = hcl.Attributes{}
	r.blocks = map[string]bool{}
	for n, a := range content.Attributes {
		switch n {
		case "count":
			r.count = a.Expr
		case "for_each":
			r.forEach = a.Expr
		case "provider":
			r.provider, r.providerIndex = providerInstanceRef(a.Expr)
		default:
			if !resourceMeta[n] {
				r.attrs[n] = a
			}
		}
	}
	for _, blk := range content.Blocks {
		if !resourceMeta[blk.Type] {
			r.blocks[blk.Type] = true
		}
	}
	if r.count != nil && r.forEach != nil {
		diags = append(diags, &hcl.Diagnostic{
			Severity: hcl.DiagError,
			Summary:  "Invalid combination of \"count\" and \"for_each\"",
			Detail:   "The \"count\" and \"for_each\" meta-arguments are mutually-exclusive.",
			Subject:  b.DefRange.Ptr(),
		})
	}
	return r, filterSchemaDiags(diags)
}

func decodeCall(b *hcl.Block) (*callConfig, hcl.Diagnostics) {
	c := &callConfig{name: b.Labels[0], defRange: b.DefRange, inputs: hcl.Attributes{}}
	attrs, diags := b.Body.JustAttributes()
	for n, a := range attrs {
		switch n {
		case "source":
			v, d := a.Expr.Value(nil)
			diags = append(diags, d...)
			if !d.HasErrors() && v.Type() == cty.String && v.IsKnown() && !v.IsNull() {
				c.source = v.AsString()
			} else if !d.HasErrors() {
				diags = append(diags, &hcl.Diagnostic{
					Severity: hcl.DiagError, Summary: "Invalid module source",
					Detail: "The module source must be a literal string.", Subject: a.Expr.Range().Ptr(),
				})
			}
			c.sourceRange = a.Expr.Range()
		case "version":
			if v, d := a.Expr.Value(nil); !d.HasErrors() && v.Type() == cty.String && v.IsKnown() && !v.IsNull() {
				c.version = v.AsString()
			}
		case "count":
			c.count = a.Expr
		case "for_each":
			c.forEach = a.Expr
		case "providers":
			c.providers = providersMap(a.Expr)
		default:
			if !moduleMeta[n] {
				c.inputs[n] = a
			}
		}
	}
	if c.sourceRange == (hcl.Range{}) {
		c.sourceRange = b.DefRange
		if c.source == "" {
			diags = append(diags, &hcl.Diagnostic{
				Severity: hcl.DiagError, Summary: "Missing required argument",
				Detail: "The module call needs a \"source\" argument.", Subject: b.DefRange.Ptr(),
			})
		}
	}
	return c, filterSchemaDiags(diags)
}

// filterSchemaDiags drops the "blocks are not allowed here" errors that
// JustAttributes reports for nested blocks such as module "providers"
// maps written as blocks or resource lifecycle blocks.
func filterSchemaDiags(diags hcl.Diagnostics) hcl.Diagnostics {
	var out hcl.Diagnostics
	for _, d := range diags {
		if d.Summary == "Unexpected \"lifecycle\" block" || d.Summary == "Unexpected \"dynamic\" block" {
			continue
		}
		out = append(out, d)
	}
	return out
}

// fileBlocks parses one configuration file, adds the iterator names of its
// dynamic blocks to iterators and the provider functions it calls to
// provCalls, and returns its top-level blocks.
func (l *loader) fileBlocks(path string, iterators, provCalls map[string]bool) ([]*hcl.Block, hcl.Diagnostics) {
	f, diags := l.parseFile(path)
	if f == nil {
		return nil, diags
	}
	if body, ok := f.Body.(*hclsyntax.Body); ok {
		dynamicIterators(body, iterators)
		providerCalls(body, provCalls)
		diags = append(diags, tffuncs.NamespaceDiagnostics(body, l.builtins())...)
		instrument(body)
	}
	content, _, d := f.Body.PartialContent(topSchema)
	return content.Blocks, append(diags, d...)
}

// dynamicIterators adds the iterator names of every dynamic block in body.
func dynamicIterators(body *hclsyntax.Body, into map[string]bool) {
	for _, b := range body.Blocks {
		if b.Type == "dynamic" && len(b.Labels) == 1 {
			into[b.Labels[0]] = true
			if a, ok := b.Body.Attributes["iterator"]; ok {
				if name := hcl.ExprAsKeyword(a.Expr); name != "" {
					into[name] = true
				}
			}
		}
		dynamicIterators(b.Body, into)
	}
}

// isNullLiteral reports whether expr is the literal null (in either
// syntax): only an expression of four bytes is evaluated, so a large
// default is not evaluated twice.
func isNullLiteral(expr hcl.Expression) bool {
	r := expr.Range()
	if r.End.Byte-r.Start.Byte != len("null") {
		return false
	}
	v, d := expr.Value(nil)
	return !d.HasErrors() && v.IsNull()
}
