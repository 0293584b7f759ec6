package check

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/tfemrcheck/tfemrcheck/pkg/model"
	"github.com/tfemrcheck/tfemrcheck/pkg/rules"
)

// randPairsModel is a model whose resources share addresses, origins and
// types, with bare documents, and a rule list with repeated ids and
// repeated target types.
func randPairsModel(rng *rand.Rand) (*model.Model, []*rules.Rule) {
	pick := func(xs ...string) string { return xs[rng.IntN(len(xs))] }
	types := []string{model.TypeCluster, model.TypeSecurityConfiguration, model.TypeStudio, "aws_s3_bucket"}
	m := &model.Model{}
	for range rng.IntN(12) {
		m.Resources = append(m.Resources, &model.Resource{Type: types[rng.IntN(len(types))],
			Address: pick("a.x", "a.y", "b.x", "", "c\x00d"), Origin: pick("", "p.json", "q.json")})
	}
	for range rng.IntN(3) {
		m.SecurityConfigs = append(m.SecurityConfigs, &model.SecurityConfig{Resource: &model.Resource{
			Type: model.TypeSecurityConfiguration, Origin: pick("", "sc.json", "d.json")}})
	}
	if rng.IntN(3) == 0 {
		m.SecurityConfigs = append(m.SecurityConfigs, &model.SecurityConfig{}) // no resource
	}
	var rs []*rules.Rule
	for range rng.IntN(6) {
		r := &rules.Rule{ID: pick("EMR-SC-001", "EMR-CL-001", "EMR-SVC-001", "EMR-X")}
		if rng.IntN(3) == 0 {
			for range rng.IntN(3) {
				r.Targets = append(r.Targets, types[rng.IntN(len(types))])
			}
			if r.Targets == nil {
				r.Targets = []string{}
			}
		}
		rs = append(rs, r)
	}
	return m, rs
}

func collect(p *Pairs) []Evaluation {
	var out []Evaluation
	for e := range p.All() {
		out = append(out, e)
	}
	return out
}

// PairsOf yields exactly Evaluations, and its look-ups answer what a
// search of that list answers.
func TestPairsAreEvaluations(t *testing.T) {
	rng := rand.New(rand.NewPCG(22, 2))
	for i := range 3000 {
		m, rs := randPairsModel(rng)
		want := evaluationsOracle(m, rs)
		p := PairsOf(m, rs)
		require.Equal(t, want, collect(p), "model %d", i)

		var ids []string
		for _, e := range want {
			if !slices.Contains(ids, e.RuleID) {
				ids = append(ids, e.RuleID)
			}
		}
		require.Equal(t, len(ids), len(p.RuleIDs()), "model %d", i)
		if len(ids) > 0 {
			require.Equal(t, ids, p.RuleIDs(), "model %d", i)
		}
		for _, id := range append(ids, "EMR-NONE") {
			var of []Evaluation
			for e := range p.OfRule(id) {
				of = append(of, e)
			}
			var wantOf []Evaluation
			for _, e := range want {
				if e.RuleID == id {
					wantOf = append(wantOf, e)
				}
			}
			require.Equal(t, wantOf, of)
			for _, a := range []string{"a.x", "b.x", "", "c\x00d", "zz"} {
				for _, nonEmpty := range []bool{false, true} {
					wo, wok := "", false
					for _, e := range want {
						if e.RuleID == id && e.Address == a && (!nonEmpty || e.Origin != "") {
							wo, wok = e.Origin, true
							break
						}
					}
					o, ok := p.First(id, a, nonEmpty)
					require.Equal(t, wok, ok)
					require.Equal(t, wo, o)
				}
				for _, o := range []string{"", "p.json", "sc.json"} {
					require.Equal(t, slices.Contains(want, Evaluation{RuleID: id, Address: a, Origin: o}), p.Has(id, a, o))
				}
			}
		}
		for _, a := range []string{"a.x", "a.y", "", "zz"} {
			wo, wok := "", false
			for _, e := range want {
				if e.Address == a && e.Origin != "" {
					wo, wok = e.Origin, true
					break
				}
			}
			o, ok := p.FirstOfAddress(a)
			require.Equal(t, wok, ok)
			require.Equal(t, wo, o)
		}
		hasNUL := false
		for _, r := range m.Resources {
			hasNUL = hasNUL || r.Address == "c\x00d"
		}
		require.Equal(t, hasNUL, p.HasNUL(), "model %d", i)
	}
}

// p.Except(q) is p's pairs without those of q, as a merge of two lists
// leaving out what the first had.
func TestPairsExcept(t *testing.T) {
	rng := rand.New(rand.NewPCG(22, 3))
	for i := range 2000 {
		m1, rs := randPairsModel(rng)
		m2, _ := randPairsModel(rng)
		first, second := PairsOf(m1, rs), PairsOf(m2, rs).Except(PairsOf(m1, rs))
		in1 := map[Evaluation]bool{}
		for _, e := range evaluationsOracle(m1, rs) {
			in1[e] = true
		}
		var want []Evaluation
		for _, e := range evaluationsOracle(m2, rs) {
			if !in1[e] {
				want = append(want, e)
			}
		}
		require.Equal(t, want, collect(second), "models %d", i)
		require.NotNil(t, first)
		for _, e := range evaluationsOracle(m2, rs) {
			require.Equal(t, !in1[e], second.Has(e.RuleID, e.Address, e.Origin))
		}
		for _, a := range []string{"a.x", "", "zz"} {
			wo, wok := "", false
			for _, e := range want {
				if e.Address == a && e.Origin != "" {
					wo, wok = e.Origin, true
					break
				}
			}
			o, ok := second.FirstOfAddress(a)
			require.Equal(t, wok, ok)
			require.Equal(t, wo, o)
		}
	}
}

// Root and Input are set on every pair.
func TestPairsTagged(t *testing.T) {
	m := &model.Model{Resources: []*model.Resource{{Type: model.TypeCluster, Address: "aws_emr_cluster.c", Origin: "p.json"}}}
	p := PairsOf(m, []*rules.Rule{{ID: "EMR-CL-001"}})
	p.Root, p.Input = "prod", "envs/..."
	require.Equal(t, []Evaluation{{RuleID: "EMR-CL-001", Address: "aws_emr_cluster.c", Origin: "p.json", Root: "prod", Input: "envs/..."}}, collect(p))
}

// evaluationsOracle is Evaluations as it was written before PairsOf, one
// value per pair: the reference the pairs are checked against.
func evaluationsOracle(m *model.Model, rs []*rules.Rule) []Evaluation {
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
