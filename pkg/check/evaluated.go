package check

import (
	"iter"
	"slices"
	"strings"

	"github.com/tfemrcheck/tfemrcheck/pkg/model"
	"github.com/tfemrcheck/tfemrcheck/pkg/rules"
)

// Evaluation is one rule evaluated on one resource, whether or not it
// produced a finding (a JUnit test case, for instance).
type Evaluation struct {
	RuleID  string
	Address string
	// Origin is the input the resource came from (for a bare
	// security-configuration document, whose Address is empty).
	Origin string
	// Root and Input are the finding's (rules.Finding.Root, Input): the
	// same pair in two roots is two evaluations.
	Root, Input string
}

// Evaluations lists every rule × resource pair the rules evaluate on m:
// each rule against each resource of its target types, sorted by rule id
// and address. nil rules means the catalogue. It is one value per pair;
// PairsOf gives the same pairs in the memory of the resources.
func Evaluations(m *model.Model, rs []*rules.Rule) []Evaluation {
	return slices.Collect(PairsOf(m, rs).All())
}

// Pairs are the pairs Evaluations lists for one model, kept as the rules
// and the resources of their target types rather than one value per pair:
// a large plan has hundreds of thousands of pairs, and the formats that
// read them (JUnit test cases, SARIF's origin of a finding without a
// location) walk them once or look a few up. The pairs, in order, are
// exactly Evaluations' with Root and Input set. A Pairs is read by any
// number of goroutines once its Root and Input are set.
type Pairs struct {
	// Root and Input are every pair's (Evaluation.Root, Input).
	Root, Input string
	// rules, sorted by id, each with its resources.
	rules []pairRule
	// except hold pairs left out of these (Except).
	except []*Pairs
	// nul says some rule id, address or origin holds a NUL byte.
	nul bool
}

type pairRule struct {
	id string
	// res are the resources the rule is evaluated on, sorted by address
	// then origin; rules with the same target types share one slice.
	res []pairResource
}

type pairResource struct {
	address, origin string
}

// PairsOf returns the pairs the rules evaluate on m (Evaluations). nil
// rules means the catalogue.
func PairsOf(m *model.Model, rs []*rules.Rule) *Pairs {
	if rs == nil {
		rs = rules.Catalogue()
	}
	byType := map[string][]pairResource{}
	for _, r := range m.Resources {
		byType[r.Type] = append(byType[r.Type], pairResource{r.Address, r.Origin})
	}
	// Bare documents are not in Resources.
	for _, sc := range m.SecurityConfigs {
		if sc.Address() == "" && sc.Resource != nil {
			byType[model.TypeSecurityConfiguration] = append(byType[model.TypeSecurityConfiguration], pairResource{sc.Resource.Address, sc.Resource.Origin})
		}
	}
	p := &Pairs{}
	for _, list := range byType {
		for _, r := range list {
			p.nul = p.nul || strings.IndexByte(r.address, 0) >= 0 || strings.IndexByte(r.origin, 0) >= 0
		}
	}
	// Evaluations sorts by rule id (stably): rules sharing an id make one
	// rule whose resources are all of theirs.
	sorted := slices.Clone(rs)
	slices.SortStableFunc(sorted, func(a, b *rules.Rule) int { return strings.Compare(a.ID, b.ID) })
	shared := map[string][]pairResource{}
	for i := 0; i < len(sorted); {
		id := sorted[i].ID
		var types []string
		for ; i < len(sorted) && sorted[i].ID == id; i++ {
			types = append(types, sorted[i].TargetTypes()...)
		}
		p.nul = p.nul || strings.IndexByte(id, 0) >= 0
		sig := strings.Join(types, "\x00")
		res, ok := shared[sig]
		if !ok {
			for _, t := range types {
				res = append(res, byType[t]...)
			}
			slices.SortStableFunc(res, comparePairResource)
			shared[sig] = res
		}
		if len(res) > 0 {
			p.rules = append(p.rules, pairRule{id: id, res: res})
		}
	}
	return p
}

func comparePairResource(a, b pairResource) int {
	if c := strings.Compare(a.address, b.address); c != 0 {
		return c
	}
	return strings.Compare(a.origin, b.origin)
}

// Except returns p without the pairs q also has (the same rule, address
// and origin; Root and Input aside), as when the pairs of a second view of
// the same input follow those of the first.
func (p *Pairs) Except(q *Pairs) *Pairs {
	out := *p
	out.except = append(slices.Clip(p.except), q)
	return &out
}

// excluded reports whether an Except leaves the pair out.
func (p *Pairs) excluded(ruleID, address, origin string) bool {
	for _, q := range p.except {
		if q.Has(ruleID, address, origin) {
			return true
		}
	}
	return false
}

// HasNUL reports whether a rule id, address or origin of the pairs holds
// a NUL byte (so that keys joining them with NUL can be ambiguous).
func (p *Pairs) HasNUL() bool { return p.nul }

// All returns the pairs in order.
func (p *Pairs) All() iter.Seq[Evaluation] {
	return func(yield func(Evaluation) bool) {
		for i := range p.rules {
			if !p.eachOf(&p.rules[i], yield) {
				return
			}
		}
	}
}

// RuleIDs returns the ids of the rules that have pairs, in order.
func (p *Pairs) RuleIDs() []string {
	ids := make([]string, len(p.rules))
	for i := range p.rules {
		ids[i] = p.rules[i].id
	}
	return ids
}

// OfRule returns the pairs of one rule, in order.
func (p *Pairs) OfRule(ruleID string) iter.Seq[Evaluation] {
	return func(yield func(Evaluation) bool) {
		if r := p.rule(ruleID); r != nil {
			p.eachOf(r, yield)
		}
	}
}

func (p *Pairs) eachOf(r *pairRule, yield func(Evaluation) bool) bool {
	for _, res := range r.res {
		if p.excluded(r.id, res.address, res.origin) {
			continue
		}
		if !yield(Evaluation{RuleID: r.id, Address: res.address, Origin: res.origin, Root: p.Root, Input: p.Input}) {
			return false
		}
	}
	return true
}

func (p *Pairs) rule(id string) *pairRule {
	i, ok := slices.BinarySearchFunc(p.rules, id, func(r pairRule, id string) int { return strings.Compare(r.id, id) })
	if !ok {
		return nil
	}
	return &p.rules[i]
}

// span returns the resources of r at address: res[lo:hi].
func (r *pairRule) span(address string) (lo, hi int) {
	lo, _ = slices.BinarySearchFunc(r.res, address, func(x pairResource, a string) int { return strings.Compare(x.address, a) })
	hi = lo
	for hi < len(r.res) && r.res[hi].address == address {
		hi++
	}
	return lo, hi
}

// Has reports whether the pair (rule, address, origin) is among p's.
func (p *Pairs) Has(ruleID, address, origin string) bool {
	r := p.rule(ruleID)
	if r == nil {
		return false
	}
	_, ok := slices.BinarySearchFunc(r.res, pairResource{address, origin}, comparePairResource)
	return ok && !p.excluded(ruleID, address, origin)
}

// First returns the origin of the first of p's pairs of the rule and
// address whose origin is not "" when nonEmpty, whose origin is anything
// otherwise.
func (p *Pairs) First(ruleID, address string, nonEmpty bool) (origin string, ok bool) {
	r := p.rule(ruleID)
	if r == nil {
		return "", false
	}
	lo, hi := r.span(address)
	for _, res := range r.res[lo:hi] {
		if nonEmpty && res.origin == "" {
			continue
		}
		if p.excluded(r.id, res.address, res.origin) {
			continue
		}
		return res.origin, true
	}
	return "", false
}

// FirstOfAddress returns the origin of the first of p's pairs (of any
// rule) at address whose origin is not "".
func (p *Pairs) FirstOfAddress(address string) (origin string, ok bool) {
	var last []pairResource
	for i := range p.rules {
		r := &p.rules[i]
		if len(p.except) == 0 && len(last) > 0 && &r.res[0] == &last[0] {
			continue // the same resources as the rule before, which had none
		}
		last = r.res
		if o, ok := p.First(r.id, address, true); ok {
			return o, true
		}
	}
	return "", false
}
