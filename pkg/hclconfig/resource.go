package hclconfig

import (
	"fmt"
	"sort"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/ext/dynblock"
	"github.com/zclconf/go-cty/cty"

	"github.com/tfemrcheck/tfemrcheck/pkg/model"
)

// buildResource evaluates one instance of a kept resource and adds it to
// the model.
func (in *instance) buildResource(rc *resourceConfig, key instKey) {
	addr := in.resourceAddr(rc, key)
	defer func() {
		if r := recover(); r != nil {
			in.addDiags(hcl.Diagnostics{{
				Severity: hcl.DiagError, Summary: "Internal error while evaluating a resource",
				Detail:  fmt.Sprintf("evaluating %s: %v", addr, r),
				Subject: rc.defRange.Ptr(),
			}})
		}
	}()
	res := &model.Resource{
		Address:        addr,
		Module:         in.path,
		ConfigAddress:  rc.key(),
		Type:           rc.typ,
		Name:           rc.name,
		Key:            key.key,
		Refs:           map[string][]string{},
		Constant:       map[string]bool{},
		Range:          toRange(rc.defRange),
		Origin:         in.l.rootDir,
		ProviderRegion: in.providerRegion(rc.providerKey(), rc.providerIndex, key.rep),
	}
	res.UnknownInstances = in.instanceBlockers(rc, key)
	if len(res.UnknownInstances) > 0 {
		defer in.conditionalErrors(len(in.l.diags), res)
	}
	ctx, diags := in.evalCtx(bodyTraversals(rc.body), key.rep)
	in.addDiags(diags)
	body := dynblock.Expand(rc.body, ctx)
	b := &bodyBuilder{in: in, res: res, rc: rc, ctx: ctx, consts: map[string]bool{}}
	res.Attrs = b.body(body, syntaxSchema(rc.body), "", true)
	for p, c := range b.consts {
		if c {
			res.Constant[p] = true
		}
	}
	in.l.model.Resources = append(in.l.model.Resources, res)
	switch rc.typ {
	case model.TypeSecurityConfiguration:
		sc := &model.SecurityConfig{Resource: res, Configuration: res.Attr("configuration")}
		sc.Document, sc.ParseError = b.doc, b.docErr
		in.l.model.SecurityConfigs = append(in.l.model.SecurityConfigs, sc)
	case model.TypeCluster:
		in.l.model.Clusters = append(in.l.model.Clusters, &model.Cluster{Resource: res})
	}
}

// bodyBuilder turns a resource body into model values.
type bodyBuilder struct {
	in     *instance
	res    *model.Resource
	rc     *resourceConfig
	ctx    *hcl.EvalContext
	doc    *model.Value
	docErr *model.ParseError
	consts map[string]bool
}

func (b *bodyBuilder) body(body hcl.Body, node *schemaNode, prefix string, top bool) *model.Value {
	var schema *hcl.BodySchema
	if node != nil {
		schema = node.bodySchema()
	} else {
		schema = jsonSchema(body)
	}
	content, _, diags := body.PartialContent(schema)
	b.in.addDiags(diags)
	b.in.l.budget.spendBlocks(len(content.Blocks), b.res.Address, b.rc.defRange)
	obj := model.NewObject()
	for _, name := range sortedKeys(content.Attributes) {
		if top && resourceMeta[name] {
			continue
		}
		a := content.Attributes[name]
		path := prefix + name
		val, d := a.Expr.Value(b.ctx)
		b.in.addDiags(d)
		b.in.noteRefused(a.Expr, val)
		if val == cty.NilVal {
			val = cty.DynamicVal
		}
		rng := toRange(a.Expr.Range())
		mv := toValue(val, rng, markInfo{})
		if model.SensitiveAttributes[name] {
			markSensitive(mv)
		}
		obj.Set(name, mv)
		for _, r := range b.in.refStrings(a.Expr) {
			b.res.Refs[path] = appendUnique(b.res.Refs[path], r)
		}
		c := b.in.isConstant(a.Expr)
		if prev, ok := b.consts[path]; ok {
			c = c && prev
		}
		b.consts[path] = c
		if top && name == "security_configuration" && b.rc.typ == model.TypeCluster {
			if mi := deepMarks(val); len(mi.origins) > 0 {
				b.in.l.scRefs[b.res.Address] = mi.origins[0]
			} else if uv, _ := val.UnmarkDeep(); !uv.IsWhollyKnown() {
				if origin := b.in.scReference(a.Expr); origin != "" {
					b.in.l.scRefs[b.res.Address] = origin
				}
			}
		}
		if top && name == "configuration" && b.rc.typ == model.TypeSecurityConfiguration {
			b.doc, b.docErr = b.in.securityDocument(a, val, b.ctx)
			if b.doc != nil && deepMarks(val).sensitive {
				b.doc.MarkSensitive()
			}
		}
	}
	groups := map[string][]*hcl.Block{}
	for _, blk := range content.Blocks {
		if top && resourceMeta[blk.Type] {
			continue
		}
		groups[blk.Type] = append(groups[blk.Type], blk)
	}
	for _, t := range sortedKeys(groups) {
		blocks := groups[t]
		sort.SliceStable(blocks, func(i, j int) bool { return rangeLess(blocks[i].DefRange, blocks[j].DefRange) })
		list := model.NewList()
		list.Range = toRange(blocks[0].DefRange)
		var child *schemaNode
		if node != nil {
			child = node.blocks[t]
		}
		for _, blk := range blocks {
			v := b.body(blk.Body, child, prefix+t+".", false)
			v.Range = toRange(blk.DefRange)
			list.Append(v)
		}
		obj.Set(t, list)
	}
	obj.SortKeys()
	return obj
}

// markSensitive flags v and everything below it.
func markSensitive(v *model.Value) {
	v.Walk(func(_ string, x *model.Value) { x.Sensitive = true })
}

// staticErrors are the errors Terraform reports whatever a resource's
// count or for_each turns out to be (terraform validate finds them).
var staticErrors = []string{
	"Reference to undeclared", "Unsupported argument", "Missing required argument",
	"Invalid reference", "Unsupported block type", "Duplicate", "Variables not allowed",
}

// conditionalErrors turns the errors a resource's body gave since mark
// into notes when its count or for_each is not known here: Terraform
// refuses the configuration only if the resource has an instance, which
// depends on what blocks the count (issue 20.5). Errors Terraform finds
// whatever the count stay errors. The resource's instances stay unknown,
// so no rule passes on them.
func (in *instance) conditionalErrors(mark int, res *model.Resource) {
	if mark > len(in.l.diags) {
		return
	}
	kept := in.l.diags[:mark]
	for _, d := range in.l.diags[mark:] {
		static := d.Severity != hcl.DiagError
		for _, p := range staticErrors {
			static = static || strings.HasPrefix(d.Summary, p)
		}
		if static {
			kept = append(kept, d)
			continue
		}
		rng := res.Range
		if d.Subject != nil {
			rng = toRange(*d.Subject)
		}
		msg := fmt.Sprintf("if %s gives %s an instance, Terraform refuses the configuration: %s", model.BlockerText(res.UnknownInstances), res.Address, d.Summary)
		if d.Detail != "" {
			msg += ": " + d.Detail
		}
		k := res.Address + "\x00" + msg
		if !in.l.notes[k] {
			in.l.notes[k] = true
			in.l.model.Notes = append(in.l.model.Notes, model.Note{Address: res.Address, Range: rng, Message: msg})
		}
	}
	in.l.diags = kept
}
