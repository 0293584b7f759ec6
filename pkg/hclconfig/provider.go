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
func decodeProviders(blocks []*hcl.Block) map[string]*providerConfig {
	out := map[string]*providerConfig{}
	for _, b := range blocks {
		content, _, _ := b.Body.PartialContent(providerSchema)
		key := b.Labels[0]
		if a, ok := content.Attributes["alias"]; ok {
			if v, d := a.Expr.Value(nil); !d.HasErrors() && v.IsKnown() && !v.IsNull() && v.Type() == cty.String {
				key += "." + v.AsString()
			}
		}
		if _, dup := out[key]; dup {
			continue
		}
		pc := &providerConfig{}
		if a, ok := content.Attributes["region"]; ok {
			pc.region = a.Expr
		}
		out[key] = pc
	}
	return out
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
// providers map or, for a default configuration, implicitly. nil when no
// block in the chain sets a region.
func (in *instance) providerRegion(key string) *model.Value {
	for cur := in; cur != nil; cur = cur.parent {
		if pc, ok := cur.cfg.providers[key]; ok {
			if pc.region == nil {
				return nil
			}
			return toValue(cur.eval(pc.region, repetition{}), toRange(pc.region.Range()), markInfo{})
		}
		if cur.parent == nil || cur.call == nil {
			return nil
		}
		if parentKey, ok := cur.call.providers[key]; ok {
			key = parentKey
		} else if strings.Contains(key, ".") {
			return nil // an alias is never inherited implicitly
		}
	}
	return nil
}
