package scan

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/tfemrcheck/tfemrcheck/pkg/model"
)

// Merge completes a model read from a plan with the model of the same
// configuration read from source, so findings are reported once, under
// the plan's addresses:
//
//   - a value the plan leaves unknown takes the source's value when the
//     source knows more (a partly known jsonencode document, a name from a
//     literal);
//   - every value gets the source range of the same attribute;
//   - a security configuration whose whole configuration the plan leaves
//     unknown takes the source's document;
//   - a cluster the plan could not link takes the source's link.
//
// Resources only in the source (e.g. a count the plan evaluated to 0) are
// ignored: the plan says what will exist. Source notes are kept.
func Merge(plan, src *model.Model) *model.Model {
	if src == nil {
		return plan
	}
	srcSC := map[string]*model.SecurityConfig{}
	for _, sc := range src.SecurityConfigs {
		srcSC[sc.Address()] = sc
	}
	srcCluster := map[string]*model.Cluster{}
	for _, c := range src.Clusters {
		srcCluster[c.Resource.Address] = c
	}
	wholeUnknown := map[*model.SecurityConfig]bool{}
	for _, sc := range plan.SecurityConfigs {
		wholeUnknown[sc] = sc.Document == nil && sc.ParseError == nil && sc.Configuration.IsUnknown()
	}
	for _, r := range plan.Resources {
		s := src.Lookup(r.Address)
		if s == nil {
			continue
		}
		if r.Range == nil {
			r.Range = s.Range
		}
		r.Attrs = mergeValue(r.Attrs, s.Attrs)
		// The plan's configuration section leaves dynamic blocks out: take
		// what the source knows about expressions the plan does not list.
		r.Refs = mergeMap(r.Refs, s.Refs)
		r.Constant = mergeMap(r.Constant, s.Constant)
	}
	for _, sc := range plan.SecurityConfigs {
		s := srcSC[sc.Address()]
		if s == nil {
			continue
		}
		sc.Configuration = sc.Resource.Attr("configuration")
		switch {
		case wholeUnknown[sc]:
			sc.Document, sc.ParseError = s.Document, s.ParseError
		case sc.Document != nil && s.Document != nil:
			// Same text on both sides: the source has the key positions.
			// (The plan's security configurations with the same text share
			// one document: merge into a copy.)
			sc.Document = mergeValue(sc.Document.Clone(), s.Document)
		case sc.ParseError != nil && s.ParseError != nil && s.ParseError.Range != nil:
			pe := *sc.ParseError
			pe.Range = s.ParseError.Range
			sc.ParseError = &pe
		}
	}
	// Re-link: keep what the plan linked, fill in from the source.
	linked := map[string]string{}
	for _, c := range plan.Clusters {
		if c.SC != nil {
			linked[c.Resource.Address] = c.SC.Address()
		} else if s := srcCluster[c.Resource.Address]; s != nil && s.SC != nil {
			linked[c.Resource.Address] = s.SC.Address()
		}
	}
	model.Link(plan, func(c *model.Cluster) string { return linked[c.Resource.Address] })
	plan.Notes = append(plan.Notes, src.Notes...)
	return plan
}

// mergeValue returns p completed from s: unknown parts of p are replaced
// by s where s knows more, and ranges missing in p are taken from s.
// Sensitivity is the union of both.
func mergeValue(p, s *model.Value) *model.Value {
	if s == nil {
		return p
	}
	if p == nil {
		return s
	}
	if model.IsProviderDecided(p) && s.State != model.Known {
		// The plan could not tell whether the configuration writes it (a
		// dynamic block); the source shows whether it does: not written is
		// the provider's default, as for any computed attribute not
		// written; written but unknown is the source's unknown, with its
		// blockers.
		if s.State == model.Unknown {
			out := *s
			out.Sensitive = p.Sensitive || s.Sensitive
			return &out
		}
		return &model.Value{State: model.Absent, Range: s.Range}
	}
	if p.State == model.Unknown && s.State == model.Known {
		out := *s
		out.Sensitive = p.Sensitive || s.Sensitive
		if out.Taint() == "" {
			out.SetTaint(p.Taint())
		}
		if len(out.Blockers()) == 0 {
			out.SetBlockers(p.Blockers())
		}
		return &out
	}
	// p is changed from here on: a loader's shared value is copied first
	// (the caller puts the result in p's place).
	p = p.Own()
	if p.Range == nil {
		p.Range = s.Range
	}
	if s.Sensitive {
		p.Sensitive = true
	}
	if p.Taint() == "" {
		// the plan holds what terraform read from the same file or variable
		p.SetTaint(s.Taint())
	}
	if p.State == model.Unknown && s.State == model.Unknown && len(s.Blockers()) > 0 && len(p.Blockers()) == 0 {
		p.SetBlockers(s.Blockers())
	}
	if p.State != model.Known || s.State != model.Known || p.Kind != s.Kind {
		return p
	}
	switch p.Kind {
	case model.KindObject:
		for i, k := range p.Keys() {
			// The same text on both sides has the same keys in the same
			// order: look up only where they part (no quadratic merge of
			// large documents with unsorted keys).
			sv, ok := sameKeyAt(s, i, k)
			if !ok {
				sv, ok = s.Lookup(k)
			}
			if ok {
				p.Elems()[i] = mergeValue(p.Elems()[i], sv)
			} else if model.IsProviderDecided(p.Elems()[i]) {
				p.Elems()[i] = &model.Value{State: model.Absent}
			}
		}
	case model.KindList:
		if len(p.Elems()) == len(s.Elems()) {
			for i := range p.Elems() {
				p.Elems()[i] = mergeValue(p.Elems()[i], s.Elems()[i])
			}
		}
	}
	return p
}

// sameKeyAt returns attribute i of object s when its key is k.
func sameKeyAt(s *model.Value, i int, k string) (*model.Value, bool) {
	if i < len(s.Keys()) && s.Keys()[i] == k {
		return s.Elems()[i], true
	}
	return nil, false
}

// mergeMap returns p with the entries of s that p lacks. p may be shared
// between resources (loaders share Refs across instances), so it is
// copied before it changes.
func mergeMap[V any](p, s map[string]V) map[string]V {
	var out map[string]V
	for k, v := range s {
		if _, ok := p[k]; ok {
			continue
		}
		if out == nil {
			out = make(map[string]V, len(p)+len(s))
			for pk, pv := range p {
				out[pk] = pv
			}
		}
		out[k] = v
	}
	if out == nil {
		return p
	}
	return out
}

// Pair merges a plan with the source directory it was made from (see
// Merge), after checking that they belong together. Every EMR resource of
// the plan (aws_emr*) should be in the source: at the same address, as
// the one instance of unknown key the source gives a resource whose count
// is unknown (`[*]`), or inside a module call the source could not
// evaluate. When none is, planName and dir are not the plan and its
// source: an error naming both. When some are missing, a note on the
// merged model lists them.
func Pair(plan, src *model.Model, planName, dir string) (*model.Model, error) {
	if src == nil {
		return plan, nil
	}
	var found, missing []string
	var total int
	for _, r := range plan.Resources {
		if !strings.HasPrefix(r.Type, "aws_emr") {
			continue
		}
		total++
		if inSource(src, r.Address) {
			found = append(found, r.Address)
		} else {
			missing = append(missing, r.Address)
		}
	}
	if total > 0 && len(found) == 0 {
		return nil, fmt.Errorf("%s and %s do not belong together: none of the plan's %d EMR resource(s) (%s) is in the source; give the directory the plan was made from", planName, dir, total, listSome(missing))
	}
	merged := Merge(plan, src)
	if len(missing) > 0 {
		merged.Notes = append(merged.Notes, model.Note{
			Address: dir,
			Message: fmt.Sprintf("%d of the plan's %d EMR resources are not in the source %s (%s): their findings have no source location, and values the plan leaves unknown stay unknown", len(missing), total, dir, listSome(missing)),
		})
	}
	return merged, nil
}

// inSource reports whether the source model holds a plan address: the
// same resource, its [*] stand-in, or a module call of the source that
// was not evaluated and contains it.
func inSource(src *model.Model, addr string) bool {
	if src.Lookup(addr) != nil {
		return true
	}
	for _, r := range src.Resources {
		if strings.Contains(r.Address, "[*]") && wildcardMatch(r.Address, addr) {
			return true
		}
	}
	for _, mc := range src.ModuleCalls {
		if mc.Evaluated {
			continue
		}
		prefix := mc.Address
		if strings.HasPrefix(addr, prefix+".") || strings.HasPrefix(addr, prefix+"[") {
			return true
		}
	}
	return false
}

// wildcardMatch reports whether addr is pattern with each [*] standing
// for one instance key.
func wildcardMatch(pattern, addr string) bool {
	parts := strings.Split(pattern, "[*]")
	var b strings.Builder
	b.WriteString("^")
	for i, p := range parts {
		if i > 0 {
			b.WriteString(`\[(?:[0-9]+|"(?:[^"\\]|\\.)*")\]`)
		}
		b.WriteString(regexp.QuoteMeta(p))
	}
	b.WriteString("$")
	re, err := regexp.Compile(b.String())
	return err == nil && re.MatchString(addr)
}

// listSome names up to five addresses.
func listSome(addrs []string) string {
	const show = 5
	if len(addrs) <= show {
		return strings.Join(addrs, ", ")
	}
	return strings.Join(addrs[:show], ", ") + fmt.Sprintf(" and %d more", len(addrs)-show)
}
