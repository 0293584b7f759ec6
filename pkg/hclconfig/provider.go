package hclconfig

import (
	"strconv"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"

	"github.com/tfemrcheck/tfemrcheck/pkg/model"
)

// providerConfig is a provider block: what the rules need of it.
type providerConfig struct {
	region hcl.Expression // nil when the block sets no region
	// forEach is the block's for_each (OpenTofu 1.9): one configuration
	// per element, region evaluated with each.key and each.value.
	forEach hcl.Expression
}

var providerSchema = &hcl.BodySchema{Attributes: []hcl.AttributeSchema{{Name: "alias"}, {Name: "region"}, {Name: "for_each"}}}

// decodeProviders indexes provider blocks by their key as resources name
// them: "aws" for the default configuration, "aws.west" for an alias.
// Terraform rejects two blocks with the same key; the first one is kept.
// A provider block in an override file replaces the arguments it sets in
// the block of the same key, as Terraform merges override files; one with
// no such block is Terraform's "Missing base provider configuration".
func decodeProviders(blocks, overrides []*hcl.Block) (map[string]*providerConfig, hcl.Diagnostics) {
	out := map[string]*providerConfig{}
	for _, b := range blocks {
		key, content := providerKeyOf(b)
		if _, dup := out[key]; dup {
			continue
		}
		pc := &providerConfig{}
		if a, ok := content.Attributes["region"]; ok {
			pc.region = a.Expr
		}
		if a, ok := content.Attributes["for_each"]; ok {
			pc.forEach = a.Expr
		}
		out[key] = pc
	}
	var diags hcl.Diagnostics
	for _, b := range overrides {
		key, content := providerKeyOf(b)
		pc, ok := out[key]
		if !ok {
			diags = append(diags, missingBaseDiag("provider configuration", key, b.DefRange))
			continue
		}
		if a, ok := content.Attributes["region"]; ok {
			pc.region = a.Expr
		}
	}
	return out, diags
}

// providerKeyOf is a provider block's key ("aws", "aws.west") and the
// arguments the rules read.
func providerKeyOf(b *hcl.Block) (string, *hcl.BodyContent) {
	content, _, _ := b.Body.PartialContent(providerSchema)
	key := b.Labels[0]
	if a, ok := content.Attributes["alias"]; ok {
		if v, d := a.Expr.Value(nil); !d.HasErrors() && v.IsKnown() && !v.IsNull() && v.Type() == cty.String {
			key += "." + v.AsString()
		}
	}
	return key, content
}

// providerRef reads a provider reference such as aws.west (the resource
// `provider` argument, a value of a module's `providers` map); "" when the
// expression is not one.
func providerRef(expr hcl.Expression) string {
	trav, d := hcl.AbsTraversalForExpr(expr)
	if d.HasErrors() || len(trav) == 0 || len(trav) > 2 {
		return ""
	}
	parts := []string{trav.RootName()}
	if len(trav) == 2 {
		attr, ok := trav[1].(hcl.TraverseAttr)
		if !ok {
			return ""
		}
		parts = append(parts, attr.Name)
	}
	return strings.Join(parts, ".")
}

// providerInstanceRef reads a resource's `provider` argument: a
// configuration key ("aws.west") and, for an instance of a provider with
// for_each (`aws.by_region["us-east-1"]`, `aws.by_region[each.key]`), the
// key's expression.
func providerInstanceRef(expr hcl.Expression) (string, hcl.Expression) {
	if ix, ok := expr.(*hclsyntax.IndexExpr); ok {
		if ref := providerRef(ix.Collection); ref != "" {
			return ref, ix.Key
		}
		return "", nil
	}
	if st, ok := expr.(*hclsyntax.ScopeTraversalExpr); ok && len(st.Traversal) == 3 {
		if ix, ok := st.Traversal[2].(hcl.TraverseIndex); ok {
			head := &hclsyntax.ScopeTraversalExpr{Traversal: st.Traversal[:2], SrcRange: st.SrcRange}
			if ref := providerRef(head); ref != "" {
				return ref, hcl.StaticExpr(ix.Key, ix.SrcRange)
			}
		}
	}
	return providerRef(expr), nil
}

// providersMap reads a module call's `providers = { aws = aws.west }`:
// the child's provider key to the caller's.
func providersMap(expr hcl.Expression) map[string]string {
	pairs, d := hcl.ExprMap(expr)
	if d.HasErrors() {
		return nil
	}
	out := map[string]string{}
	for _, p := range pairs {
		child := providerRef(p.Key)
		parent, idx := providerInstanceRef(p.Value)
		if child == "" || parent == "" {
			continue
		}
		if idx != nil {
			// An instance of a provider with for_each handed to a module:
			// its region is not followed (unknown, never the default's).
			parent = indexedProvider
		}
		out[child] = parent
	}
	return out
}

// indexedProvider stands, in a module call's providers map, for an
// instance of a provider with for_each.
const indexedProvider = "[instance of a provider with for_each]"

// providerKey is the provider configuration a resource uses: its
// `provider` argument, or the default configuration of the provider its
// type belongs to ("aws" for aws_emr_cluster).
func (r *resourceConfig) providerKey() string {
	if r.provider != "" {
		return r.provider
	}
	name, _, _ := strings.Cut(r.typ, "_")
	return name
}

// providerRegion evaluates the region of provider configuration key as
// seen from this module instance: its own provider block, or the caller's
// configuration the module receives, explicitly through the call's
// providers map or, for a default configuration, implicitly. A
// configuration that sets no region (or a default one with no block at
// all) takes the AWS provider's region from the environment: AWS_REGION,
// else AWS_DEFAULT_REGION; without either (a shared config file or an
// instance profile decides where the deployment runs) the region is
// unknown, named as such, so that no rule passes on it.
func (in *instance) providerRegion(key string, idx hcl.Expression, rep repetition) *model.Value {
	for cur := in; cur != nil; cur = cur.parent {
		if key == indexedProvider {
			return model.NewUnknown("the region of an instance of a provider with for_each, given to a module call (not followed)")
		}
		if pc, ok := cur.cfg.providers[key]; ok {
			if pc.forEach != nil {
				return in.instanceRegion(cur, key, pc, idx, rep)
			}
			if pc.region == nil {
				return in.l.environmentRegion(key)
			}
			return toValue(cur.eval(pc.region, repetition{}), toRange(pc.region.Range()), markInfo{})
		}
		if cur.parent == nil || cur.call == nil {
			break
		}
		// A resource's instance key is only its own module's.
		idx = nil
		if parentKey, ok := cur.call.providers[key]; ok {
			key = parentKey
		} else if strings.Contains(key, ".") {
			return nil // an alias is never inherited implicitly (Terraform refuses the reference)
		}
	}
	if strings.Contains(key, ".") {
		return nil // an alias with no block: Terraform refuses the configuration
	}
	return in.l.environmentRegion(key)
}

// instanceRegion is the region of one instance of a provider block with
// for_each (OpenTofu): the resource's key expression picks the element,
// and the block's region is evaluated with that each.key and each.value.
// Whatever cannot be told is unknown, never the default provider's region.
func (in *instance) instanceRegion(cur *instance, key string, pc *providerConfig, idx hcl.Expression, rep repetition) *model.Value {
	unknown := func(why string) *model.Value {
		return model.NewUnknown("the region of provider " + key + " (" + why + ")")
	}
	if idx == nil {
		return unknown("a provider with for_each used without an instance key")
	}
	k, _ := in.eval(idx, rep).Unmark()
	if !k.IsKnown() || k.IsNull() || k.Type() != cty.String {
		return unknown("the instance key is not known")
	}
	all, _ := cur.eval(pc.forEach, repetition{}).UnmarkDeep()
	if !all.IsWhollyKnown() || all.IsNull() || !(all.CanIterateElements()) {
		return unknown("its for_each is not known")
	}
	var elem cty.Value
	found := false
	for it := all.ElementIterator(); it.Next(); {
		ek, ev := it.Element()
		if all.Type().IsSetType() {
			ek = ev
		}
		if ek.Type() == cty.String && ek.AsString() == k.AsString() {
			elem, found = ev, true
			break
		}
	}
	if !found {
		return unknown("no instance " + strconv.Quote(k.AsString()))
	}
	if pc.region == nil {
		return in.l.environmentRegion(key)
	}
	v := cur.eval(pc.region, repetition{eachKey: k, eachValue: elem})
	return toValue(v, toRange(pc.region.Range()), markInfo{})
}

// environmentRegion is the region the AWS provider takes when its
// configuration sets none. Only the aws provider is read so.
func (l *loader) environmentRegion(key string) *model.Value {
	if name, _, _ := strings.Cut(key, "."); name != "aws" {
		return nil
	}
	env := map[string]string{}
	for _, kv := range l.opts.Env {
		k, v, _ := strings.Cut(kv, "=")
		env[k] = v
	}
	for _, name := range []string{"AWS_REGION", "AWS_DEFAULT_REGION"} {
		if r := env[name]; r != "" {
			v := model.NewString(r)
			v.SetTaint("the environment variable " + name)
			return v
		}
	}
	return model.NewUnknown("the region of provider " + key + " (no region argument, no AWS_REGION or AWS_DEFAULT_REGION)")
}
