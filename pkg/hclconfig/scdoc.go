package hclconfig

import (
	"fmt"
	"path/filepath"
	"sort"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"

	"github.com/tfemrcheck/tfemrcheck/pkg/model"
	"github.com/tfemrcheck/tfemrcheck/pkg/secconf"
)

// securityDocument builds SecurityConfig.Document from the configuration
// argument of an aws_emr_security_configuration. For jsonencode({...}) it
// walks the evaluated argument, so known keys stay visible next to
// unknown ones; for strings it parses the JSON text with ranges mapped to
// the file the text is written in.
//
// A document parsed from a tainted string (read from a file or the
// environment) is tainted throughout, keys included, as a sensitive one is
// sensitive throughout; a jsonencode document carries the taint of each
// value instead.
func (in *instance) securityDocument(a *hcl.Attribute, val cty.Value, ctx *hcl.EvalContext) (*model.Value, *model.ParseError) {
	doc, perr := in.parseSecurityDocument(a, val, ctx)
	expr := hcl.UnwrapExpression(a.Expr)
	if fc, ok := expr.(*hclsyntax.FunctionCallExpr); ok && fc.Name == "jsonencode" {
		return doc, perr
	}
	taint := deepMarks(val).taint
	if te, ok := expr.(*hclsyntax.TemplateExpr); ok && taint == "" {
		// val is unknown when a part is: take the taint of the known parts.
		for _, part := range te.Parts {
			if v, _ := part.Value(ctx); v != cty.NilVal {
				if t := deepMarks(v).taint; t != "" && (taint == "" || t < taint) {
					taint = t
				}
			}
		}
	}
	if taint != "" && doc != nil {
		doc.MarkTainted(taint)
	}
	if taint != "" && perr != nil {
		// the parser's message may quote a key of the text
		perr.Message = "a syntax error in the " + strings.Trim(model.TaintedText(taint), "()")
	}
	return doc, perr
}

// displayPath turns an absolute path below the root module directory
// back into one relative to the directory as given, as source ranges
// name files.
func (in *instance) displayPath(abs string) string {
	rel, err := filepath.Rel(in.l.rootAbs, abs)
	if err != nil || !filepath.IsLocal(rel) {
		return abs
	}
	return filepath.Join(in.l.rootDir, rel)
}

func (in *instance) parseSecurityDocument(a *hcl.Attribute, val cty.Value, ctx *hcl.EvalContext) (*model.Value, *model.ParseError) {
	expr := hcl.UnwrapExpression(a.Expr)
	if fc, ok := expr.(*hclsyntax.FunctionCallExpr); ok && len(fc.Args) == 1 && !fc.ExpandFinal {
		switch fc.Name {
		case "jsonencode":
			arg, _ := fc.Args[0].Value(ctx)
			if arg == cty.NilVal {
				return nil, nil
			}
			doc := docValue(fc.Args[0], arg, ctx, toRange(fc.Args[0].Range()), markInfo{})
			switch {
			case doc.State != model.Known:
				return nil, nil
			case doc.Kind != model.KindObject:
				return nil, &model.ParseError{
					Message: "the configuration is not a JSON object",
					Line:    1, Column: 1, Range: toRange(fc.Args[0].Range()),
				}
			}
			return doc, nil
		case "file":
			s, ok := knownString(val)
			if !ok {
				return nil, nil
			}
			p, _ := fc.Args[0].Value(ctx)
			ps, ok := knownString(p)
			if !ok {
				return nil, nil
			}
			base := &model.Range{Filename: in.displayPath(in.filePath(ps)), Start: model.Pos{Line: 1, Column: 1}}
			base.End = base.Start
			return secconf.Parse([]byte(s), base)
		}
	}
	if fc, ok := expr.(*hclsyntax.FunctionCallExpr); ok && fc.Name == "templatefile" && len(fc.Args) == 2 {
		s, ok := knownString(val)
		if !ok {
			return nil, nil
		}
		p, _ := fc.Args[0].Value(ctx)
		ps, ok := knownString(p)
		if !ok {
			return secconf.Parse([]byte(s), nil)
		}
		base := &model.Range{Filename: in.displayPath(in.filePath(ps)), Start: model.Pos{Line: 1, Column: 1}}
		base.End = base.Start
		return secconf.Parse([]byte(s), base)
	}
	s, ok := knownString(val)
	var holes map[string]markInfo
	if !ok {
		// A template whose interpolations are unknown (a heredoc holding
		// "${aws_kms_key.k.arn}"): parse the JSON with each unknown
		// interpolation as an opaque string, so the literal parts stay
		// checkable (reference §4.5).
		te, isTemplate := expr.(*hclsyntax.TemplateExpr)
		if !isTemplate {
			return nil, nil
		}
		if s, holes, ok = templateWithHoles(te, ctx); !ok {
			return nil, nil
		}
	}
	base := contentStart(expr)
	shift := 0
	if te, ok := expr.(*hclsyntax.TemplateExpr); ok {
		base, shift = in.heredocBase(te, s, base)
	}
	doc, perr := secconf.Parse([]byte(s), base)
	if len(holes) > 0 {
		if perr != nil {
			// An unknown interpolation outside a JSON string (a number or
			// a whole object): the text cannot be parsed before apply.
			return nil, nil
		}
		fillHoles(doc, holes)
	}
	if shift > 0 {
		shiftColumns(doc, shift)
		if perr != nil && perr.Range != nil {
			perr.Range.Start.Column += shift
			perr.Range.End.Column += shift
		}
	}
	return doc, perr
}

// holePrefix marks where an unknown interpolation stood in a template.
const holePrefix = "\x00tfemrcheck-unknown-"

// templateWithHoles renders a template's text with every unknown
// interpolation replaced by a placeholder; it returns the placeholders'
// marks (blockers, sensitivity). It fails when a part cannot be evaluated
// or is not a string.
func templateWithHoles(te *hclsyntax.TemplateExpr, ctx *hcl.EvalContext) (string, map[string]markInfo, bool) {
	var b strings.Builder
	holes := map[string]markInfo{}
	for _, part := range te.Parts {
		v, diags := part.Value(ctx)
		if v == cty.NilVal || (diags.HasErrors() && v.IsWhollyKnown()) {
			return "", nil, false
		}
		// A part with errors evaluates to unknown; the errors are
		// reported as diagnostics by the attribute's own evaluation.
		uv, marks := v.UnmarkDeep()
		if !uv.IsKnown() {
			mi := markInfo{}
			mi.add(marks)
			key := fmt.Sprintf("%s%d", holePrefix, len(holes))
			holes[key] = mi
			// JSON-escaped form of the placeholder inside a string.
			b.WriteString(strings.ReplaceAll(key, "\x00", "\\u0000"))
			continue
		}
		if uv.IsNull() {
			return "", nil, false
		}
		sv, err := convert.Convert(uv, cty.String)
		if err != nil || !sv.IsKnown() {
			return "", nil, false
		}
		b.WriteString(sv.AsString())
	}
	return b.String(), holes, true
}

// fillHoles turns every document string that holds a placeholder into an
// Unknown value carrying the interpolation's blockers.
func fillHoles(doc *model.Value, holes map[string]markInfo) {
	doc.Walk(func(_ string, x *model.Value) {
		if x.State != model.Known || x.Kind != model.KindString || !strings.Contains(x.Str, holePrefix) {
			return
		}
		var blockers []string
		sensitive := false
		for key, mi := range holes {
			if strings.Contains(x.Str, key) {
				for _, bl := range mi.blockers {
					blockers = appendUnique(blockers, bl)
				}
				sensitive = sensitive || mi.sensitive
			}
		}
		sort.Strings(blockers)
		*x = model.Value{State: model.Unknown, Sensitive: sensitive, Range: x.Range}
		x.SetBlockers(blockers)
	})
}

// heredocBase handles heredocs: their content starts at column 1 of the
// line after the marker, and a flush heredoc (<<-) strips a common
// indentation that must be added back to columns.
func (in *instance) heredocBase(te *hclsyntax.TemplateExpr, text string, base *model.Range) (*model.Range, int) {
	rng := te.Range()
	f := in.l.parser.Files()[rng.Filename]
	if f == nil || rng.Start.Byte+2 > len(f.Bytes) || string(f.Bytes[rng.Start.Byte:rng.Start.Byte+2]) != "<<" {
		return base, 0
	}
	b := *base
	b.Start.Column = 1
	b.End = b.Start
	lines := strings.Split(string(f.Bytes), "\n")
	if b.Start.Line < 1 || b.Start.Line > len(lines) {
		return &b, 0
	}
	src := lines[b.Start.Line-1]
	first, _, _ := strings.Cut(text, "\n")
	shift := leadingSpace(src) - leadingSpace(first)
	if shift <= 0 || strings.TrimSpace(src) != strings.TrimSpace(first) {
		return &b, 0
	}
	return &b, shift
}

func leadingSpace(s string) int {
	return len(s) - len(strings.TrimLeft(s, " \t"))
}

// shiftColumns moves every range in a parsed document right by n columns.
func shiftColumns(v *model.Value, n int) {
	if v == nil {
		return
	}
	v.Walk(func(_ string, x *model.Value) {
		if x.Range != nil {
			r := *x.Range
			r.Start.Column += n
			r.End.Column += n
			x.Range = &r
		}
	})
}

// contentStart is the position of the first character of a string's
// content in the source file.
func contentStart(expr hcl.Expression) *model.Range {
	var start hcl.Pos
	rng := expr.Range()
	switch e := expr.(type) {
	case *hclsyntax.TemplateExpr:
		if len(e.Parts) > 0 {
			start = e.Parts[0].Range().Start
		} else {
			start = rng.Start
		}
	case *hclsyntax.ScopeTraversalExpr, *hclsyntax.FunctionCallExpr:
		// the text comes from elsewhere; point at the expression
		start = rng.Start
	default:
		// JSON string or other literal: skip the opening quote
		start = rng.Start
		start.Column++
		start.Byte++
	}
	r := &model.Range{Filename: rng.Filename, Start: model.Pos{Line: start.Line, Column: start.Column, Byte: start.Byte}}
	r.End = r.Start
	return r
}

func knownString(v cty.Value) (string, bool) {
	v, _ = v.UnmarkDeep()
	if !v.IsKnown() || v.IsNull() || v.Type() != cty.String {
		return "", false
	}
	return v.AsString(), true
}

// docValue converts the evaluated argument of jsonencode into a document
// value, walking the object and tuple constructors in parallel so each
// key gets the range of its key in the source.
func docValue(expr hcl.Expression, v cty.Value, ctx *hcl.EvalContext, rng *model.Range, inherited markInfo) *model.Value {
	uv, ms := v.Unmark()
	mi := inherited.inherit()
	mi.add(ms)
	if !uv.IsKnown() || uv.IsNull() {
		return toValue(v, rng, inherited)
	}
	ty := uv.Type()
	switch {
	case ty.IsObjectType() || ty.IsMapType():
		keyRanges := map[string]*model.Range{}
		valExprs := map[string]hcl.Expression{}
		if oc, ok := expr.(*hclsyntax.ObjectConsExpr); ok {
			for _, item := range oc.Items {
				kv, d := item.KeyExpr.Value(ctx)
				if d.HasErrors() {
					continue
				}
				if ks, ok := knownString(kv); ok {
					keyRanges[ks] = toRange(item.KeyExpr.Range())
					valExprs[ks] = item.ValueExpr
				}
			}
		}
		out := model.NewObject()
		out.Range = rng
		out.Sensitive = mi.sensitive
		out.SetTaint(mi.taint)
		for it := uv.ElementIterator(); it.Next(); {
			k, e := it.Element()
			k, _ = k.Unmark()
			ks := k.AsString()
			r := rng
			if kr, ok := keyRanges[ks]; ok {
				r = kr
			}
			out.Set(ks, docValue(valExprs[ks], e, ctx, r, mi))
		}
		out.SortKeys()
		return out
	case ty.IsListType() || ty.IsSetType() || ty.IsTupleType():
		var exprs []hclsyntax.Expression
		if tc, ok := expr.(*hclsyntax.TupleConsExpr); ok && len(tc.Exprs) == uv.LengthInt() && !ty.IsSetType() {
			exprs = tc.Exprs
		}
		out := model.NewList()
		out.Range = rng
		out.Sensitive = mi.sensitive
		out.SetTaint(mi.taint)
		i := 0
		for it := uv.ElementIterator(); it.Next(); i++ {
			_, e := it.Element()
			var ex hcl.Expression
			r := rng
			if exprs != nil {
				ex = exprs[i]
				r = toRange(ex.Range())
			}
			out.Append(docValue(ex, e, ctx, r, mi))
		}
		return out
	}
	return toValue(v, rng, inherited)
}
