package hclconfig

import (
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"

	"github.com/tfemrcheck/tfemrcheck/pkg/model"
)

// providerConfig is a provider block: what the rules need of it.
type providerConfig struct {
	region hcl.Expression // nil when the block sets no region
}

var providerSchema = &hcl.BodySchema{Attributes: []hcl.AttributeSchema{{Name: "alias"}, {Name: "region"}}}

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

// providersMap reads a module call's `providers = { aws = aws.west }`:
// the child's provider key to the caller's.
func providersMap(expr hcl.Expression) map[string]string {
	pairs, d := hcl.ExprMap(expr)
	if d.HasErrors() {
		return nil
	}
	out := map[string]string{}
	for _, p := range pairs {
		child, parent := providerRef(p.Key), providerRef(p.Value)
		if child != "" && parent != "" {
			out[child] = parent
		}
	}
	return out
}

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
func (in *instance) providerRegion(key string) *model.Value {
	for cur := in; cur != nil; cur = cur.parent {
		if pc, ok := cur.cfg.providers[key]; ok {
			if pc.region == nil {
				return in.l.environmentRegion(key)
			}
			return toValue(cur.eval(pc.region, repetition{}), toRange(pc.region.Range()), markInfo{})
		}
		if cur.parent == nil || cur.call == nil {
			break
		}
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
			return &model.Value{State: model.Known, Kind: model.KindString, Str: r, Taint: "the environment variable " + name}
		}
	}
	return model.NewUnknown("the region of provider " + key + " (no region argument, no AWS_REGION or AWS_DEFAULT_REGION)")
}
