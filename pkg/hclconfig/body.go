package hclconfig

import (
	"github.com/tfemrcheck/tfemrcheck/pkg/model"
	"sort"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

// mergedBody applies an override file's block to its base block the way
// Terraform does: an argument in the override replaces the base argument
// of the same name, and nested blocks of a type present in the override
// replace all base blocks of that type.
type mergedBody struct {
	base, over hcl.Body
}

var _ hcl.Body = (*mergedBody)(nil)

func (m *mergedBody) Content(schema *hcl.BodySchema) (*hcl.BodyContent, hcl.Diagnostics) {
	c, _, diags := m.PartialContent(schema)
	return c, diags
}

func (m *mergedBody) PartialContent(schema *hcl.BodySchema) (*hcl.BodyContent, hcl.Body, hcl.Diagnostics) {
	bc, _, diags := m.base.PartialContent(schema)
	oc, _, d := m.over.PartialContent(schema)
	diags = append(diags, d...)
	out := &hcl.BodyContent{Attributes: hcl.Attributes{}, MissingItemRange: bc.MissingItemRange}
	for n, a := range bc.Attributes {
		out.Attributes[n] = a
	}
	for n, a := range oc.Attributes {
		out.Attributes[n] = a
	}
	overTypes := map[string]bool{}
	for _, b := range oc.Blocks {
		overTypes[b.Type] = true
	}
	for _, b := range bc.Blocks {
		if !overTypes[b.Type] {
			out.Blocks = append(out.Blocks, b)
		}
	}
	out.Blocks = append(out.Blocks, oc.Blocks...)
	return out, hcl.EmptyBody(), diags
}

func (m *mergedBody) JustAttributes() (hcl.Attributes, hcl.Diagnostics) {
	ba, diags := m.base.JustAttributes()
	oa, d := m.over.JustAttributes()
	diags = append(diags, d...)
	out := hcl.Attributes{}
	for n, a := range ba {
		out[n] = a
	}
	for n, a := range oa {
		out[n] = a
	}
	return out, diags
}

func (m *mergedBody) MissingItemRange() hcl.Range { return m.base.MissingItemRange() }

// schemaNode describes which arguments and nested block types a body
// holds, learnt from native syntax (there is no provider schema).
type schemaNode struct {
	attrs  map[string]bool
	blocks map[string]*schemaNode
	labels map[string]int
}

func newSchemaNode() *schemaNode {
	return &schemaNode{attrs: map[string]bool{}, blocks: map[string]*schemaNode{}, labels: map[string]int{}}
}

// syntaxSchema returns the schema of a native-syntax body (including
// the content of dynamic blocks), or nil when the body is not native
// syntax (JSON), in which case jsonSchema applies.
func syntaxSchema(body hcl.Body) *schemaNode {
	switch b := body.(type) {
	case *hclsyntax.Body:
		n := newSchemaNode()
		addSyntax(n, b)
		return n
	case *mergedBody:
		x, y := syntaxSchema(b.base), syntaxSchema(b.over)
		if x == nil || y == nil {
			return nil
		}
		mergeSchema(x, y)
		return x
	}
	return nil
}

func addSyntax(n *schemaNode, b *hclsyntax.Body) {
	for name := range b.Attributes {
		n.attrs[name] = true
	}
	for _, blk := range b.Blocks {
		typ, body, labels := blk.Type, blk.Body, len(blk.Labels)
		if blk.Type == "dynamic" {
			if len(blk.Labels) != 1 {
				continue
			}
			typ, labels = blk.Labels[0], 0
			body = nil
			for _, inner := range blk.Body.Blocks {
				if inner.Type == "content" {
					body = inner.Body
				}
			}
		}
		child, ok := n.blocks[typ]
		if !ok {
			child = newSchemaNode()
			n.blocks[typ] = child
			n.labels[typ] = labels
		}
		if body != nil {
			addSyntax(child, body)
		}
	}
}

func mergeSchema(x, y *schemaNode) {
	for a := range y.attrs {
		x.attrs[a] = true
	}
	for t, c := range y.blocks {
		if xc, ok := x.blocks[t]; ok {
			mergeSchema(xc, c)
		} else {
			x.blocks[t] = c
			x.labels[t] = y.labels[t]
		}
	}
}

func (n *schemaNode) bodySchema() *hcl.BodySchema {
	s := &hcl.BodySchema{}
	for _, a := range sortedKeys(n.attrs) {
		s.Attributes = append(s.Attributes, hcl.AttributeSchema{Name: a})
	}
	for _, t := range sortedKeys(n.blocks) {
		hs := hcl.BlockHeaderSchema{Type: t}
		for i := 0; i < n.labels[t]; i++ {
			hs.LabelNames = append(hs.LabelNames, "label")
		}
		s.Blocks = append(s.Blocks, hs)
	}
	return s
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// jsonBlockTypes are nested block types of the kept resource types. JSON
// syntax cannot tell a block from an argument without a schema, so these
// names are read as blocks.
var jsonBlockTypes = model.NestedBlockTypes

// jsonSchema is the schema of a body without native syntax.
func jsonSchema(body hcl.Body) *hcl.BodySchema {
	blocks := map[string]bool{}
	for _, t := range jsonBlockTypes {
		blocks[t] = true
	}
	attrs, _ := body.JustAttributes()
	s := &hcl.BodySchema{}
	for _, n := range sortedKeys(attrs) {
		if blocks[n] || n == "dynamic" || n == "provisioner" {
			continue
		}
		s.Attributes = append(s.Attributes, hcl.AttributeSchema{Name: n})
	}
	for _, t := range jsonBlockTypes {
		s.Blocks = append(s.Blocks, hcl.BlockHeaderSchema{Type: t})
	}
	return s
}

// discoverSchema returns the schema for body: from syntax when it can,
// else the JSON heuristic.
func discoverSchema(body hcl.Body) *hcl.BodySchema {
	if n := syntaxSchema(body); n != nil {
		return n.bodySchema()
	}
	return jsonSchema(body)
}

// baseTraversals are the traversals of the parts of an overridden body
// that the override leaves in place: an attribute or a block type the
// override file sets replaces the base's, whose expressions Terraform then
// never evaluates (nor checks their references).
func baseTraversals(base, over hcl.Body) []hcl.Traversal {
	attrs, blocks := overriddenNames(over)
	b, ok := base.(*hclsyntax.Body)
	if !ok {
		var out []hcl.Traversal
		all, _ := base.JustAttributes()
		for _, n := range sortedKeys(all) {
			if !attrs[n] && !blocks[n] {
				out = append(out, all[n].Expr.Variables()...)
			}
		}
		return out
	}
	var out []hcl.Traversal
	for _, n := range sortedKeys(b.Attributes) {
		if !attrs[n] {
			out = append(out, bodyTraversals(&hclsyntax.Body{Attributes: hclsyntax.Attributes{n: b.Attributes[n]}})...)
		}
	}
	for _, blk := range b.Blocks {
		typ := blk.Type
		if typ == "dynamic" && len(blk.Labels) > 0 {
			typ = blk.Labels[0]
		}
		if !blocks[typ] {
			out = append(out, bodyTraversals(&hclsyntax.Body{Blocks: hclsyntax.Blocks{blk}})...)
		}
	}
	return out
}

// overriddenNames are the attribute names and block types an override
// body sets.
func overriddenNames(over hcl.Body) (attrs, blocks map[string]bool) {
	attrs, blocks = map[string]bool{}, map[string]bool{}
	if b, ok := over.(*hclsyntax.Body); ok {
		for n := range b.Attributes {
			attrs[n] = true
		}
		for _, blk := range b.Blocks {
			typ := blk.Type
			if typ == "dynamic" && len(blk.Labels) > 0 {
				typ = blk.Labels[0]
			}
			blocks[typ] = true
		}
		return attrs, blocks
	}
	all, _ := over.JustAttributes()
	for n := range all {
		attrs[n] = true
	}
	return attrs, blocks
}

// bodyTraversals returns every traversal an expression in body makes,
// including those inside nested and dynamic blocks. Iterator and for
// expression symbols are included; callers ignore roots they do not know.
func bodyTraversals(body hcl.Body) []hcl.Traversal {
	switch b := body.(type) {
	case *hclsyntax.Body:
		var out []hcl.Traversal
		_ = hclsyntax.VisitAll(b, func(n hclsyntax.Node) hcl.Diagnostics {
			if e, ok := n.(hclsyntax.Expression); ok {
				if _, isTrav := e.(*hclsyntax.ScopeTraversalExpr); isTrav {
					out = append(out, e.Variables()...)
				}
			}
			return nil
		})
		return out
	case *mergedBody:
		return append(baseTraversals(b.base, b.over), bodyTraversals(b.over)...)
	}
	attrs, _ := body.JustAttributes()
	var out []hcl.Traversal
	for _, n := range sortedKeys(attrs) {
		out = append(out, attrs[n].Expr.Variables()...)
	}
	return out
}
