package check

import (
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
// and address. nil rules means the catalogue.
func Evaluations(m *model.Model, rs []*rules.Rule) []Evaluation {
	if rs == nil {
		rs = rules.Catalogue()
	}
	byType := map[string][]*model.Resource{}
	for _, r := range m.Resources {
		byType[r.Type] = append(byType[r.Type], r)
	}
	// Bare documents are not in Resources.
	for _, sc := range m.SecurityConfigs {
		if sc.Address() == "" && sc.Resource != nil {
			byType[model.TypeSecurityConfiguration] = append(byType[model.TypeSecurityConfiguration], sc.Resource)
		}
	}
	n := 0
	for _, r := range rs {
		for _, t := range r.TargetTypes() {
			n += len(byType[t])
		}
	}
	if n == 0 {
		return nil
	}
	out := make([]Evaluation, 0, n)
	for _, r := range rs {
		for _, t := range r.TargetTypes() {
			for _, res := range byType[t] {
				out = append(out, Evaluation{RuleID: r.ID, Address: res.Address, Origin: res.Origin})
			}
		}
	}
	slices.SortStableFunc(out, func(a, b Evaluation) int {
		if c := strings.Compare(a.RuleID, b.RuleID); c != 0 {
			return c
		}
		if c := strings.Compare(a.Address, b.Address); c != 0 {
			return c
		}
		return strings.Compare(a.Origin, b.Origin)
	})
	return out
}
