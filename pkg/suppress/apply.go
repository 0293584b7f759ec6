package suppress

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/tfemrcheck/tfemrcheck/pkg/model"
	"github.com/tfemrcheck/tfemrcheck/pkg/rules"
)

// Apply marks the findings the directives cover as suppressed (Kind
// "inline", with the directive's reason, expiry, ticket and comment
// range). A directive covers a finding of one of its rule ids when
//
//   - the finding's Location is in the directive's file and starts on a
//     line of what the directive covers (the resource block, attribute,
//     nested block or object item), or
//   - for a resource-block directive, the finding's Address is one of the
//     resources m declares with that block (a model resource whose Range
//     has the block header's file and line; every instance of a block in
//     a module or with count/for_each). This matches findings without a
//     location and findings located elsewhere (e.g. in a JSON file read
//     with file()). m may be nil.
//
// Files are compared by absolute path. The first directive (in file order)
// that covers a finding wins; a finding already suppressed is left as it
// is but still counts as a match.
//
// out is a copy of fs in the same order; fs is not modified. problems, in
// directive order, are EMR-META-001 for an expired directive (expires
// before today's date; it suppresses nothing) and EMR-META-002 for a
// directive with bad syntax or placement or without a reason (it
// suppresses nothing), for each unknown rule id, and for each rule id
// whose directive matched no finding. A problem's address is the first
// resource address the directive's block declares in m, else the block's
// "type.name", else ""; its location is the comment.
func Apply(fs []rules.Finding, dirs []Directive, m *model.Model, today time.Time) (out []rules.Finding, problems []rules.Finding) {
	out = append([]rules.Finding(nil), fs...)
	byHeader := headerIndex(m)
	for i := range dirs {
		d := &dirs[i]
		loc := d.Range
		addrs := byHeader[headerKey(d.Header)]
		problemAddr := d.Resource
		if len(addrs) > 0 {
			problemAddr = addrs[0]
		}
		report := func(r *rules.Rule, format string, args ...any) {
			problems = append(problems, rules.SuppressionProblem(r, problemAddr, &loc, format, args...))
		}
		ids := strings.Join(d.RuleIDs, ", ")
		if len(d.Errors) > 0 {
			report(rules.META002, "tfemrcheck:ignore %s: %s; it suppresses nothing", ids, strings.Join(d.Errors, "; "))
			continue
		}
		var known []string
		for _, id := range d.RuleIDs {
			if rules.ByID(id) == nil {
				report(rules.META002, "tfemrcheck:ignore names unknown rule %q", id)
				continue
			}
			known = append(known, id)
		}
		if d.Reason == "" {
			report(rules.META002, `tfemrcheck:ignore %s has no reason; it suppresses nothing (add reason="...")`, ids)
			continue
		}
		covers := func(f *rules.Finding, id string) bool {
			return f.RuleID == id && d.covers(f, addrs)
		}
		if d.Expired(today) {
			n := 0
			for _, id := range known {
				for j := range out {
					if covers(&out[j], id) {
						n++
					}
				}
			}
			report(rules.META001, "tfemrcheck:ignore %s expired on %s (reason: %s); it no longer suppresses %s",
				ids, d.Expires, d.Reason, plural(n))
			continue
		}
		for _, id := range known {
			used := false
			for j := range out {
				f := &out[j]
				if !covers(f, id) {
					continue
				}
				used = true
				if f.Suppressed == nil {
					f.Suppressed = &rules.Suppression{
						Kind: "inline", Reason: d.Reason, Expires: d.Expires, Ticket: d.Ticket, Location: &loc,
					}
				}
			}
			if !used {
				report(rules.META002, "tfemrcheck:ignore %s matched nothing", id)
			}
		}
	}
	return out, problems
}

// covers reports whether the directive's placement covers the finding
// (whatever its rule); addrs are the resources its block declares.
func (d *Directive) covers(f *rules.Finding, addrs []string) bool {
	if d.Scope == ScopeNone {
		return false
	}
	if l := f.Location; l != nil && sameFile(l.Filename, d.Covers.Filename) &&
		l.Start.Line >= d.Covers.Start.Line && l.Start.Line <= d.Covers.End.Line {
		return true
	}
	if d.Scope == ScopeResource {
		for _, a := range addrs {
			if a == f.Address {
				return true
			}
		}
	}
	return false
}

func sameFile(a, b string) bool {
	return a == b || abs(a) == abs(b)
}

type hkey struct {
	file string
	line int
}

func headerKey(r model.Range) hkey { return hkey{abs(r.Filename), r.Start.Line} }

// headerIndex maps a resource block header (file and line) to the sorted
// addresses of the resources the model declares with it.
func headerIndex(m *model.Model) map[hkey][]string {
	idx := map[hkey][]string{}
	if m == nil {
		return idx
	}
	add := func(rs []*model.Resource) {
		for _, r := range rs {
			if r == nil || r.Range == nil || r.Address == "" {
				continue
			}
			k := headerKey(*r.Range)
			idx[k] = append(idx[k], r.Address)
		}
	}
	add(m.Resources)
	add(m.Deleted)
	for k := range idx {
		sort.Strings(idx[k])
	}
	return idx
}

func plural(n int) string {
	switch n {
	case 0:
		return "any finding"
	case 1:
		return "1 finding"
	}
	return fmt.Sprintf("%d findings", n)
}
