package oracle

import (
	"bytes"
	"fmt"
	"path/filepath"
	"sort"
	"strings"

	"github.com/tfemrcheck/tfemrcheck/pkg/check"
	"github.com/tfemrcheck/tfemrcheck/pkg/hclconfig"
	"github.com/tfemrcheck/tfemrcheck/pkg/model"
	"github.com/tfemrcheck/tfemrcheck/pkg/rules"
	"github.com/tfemrcheck/tfemrcheck/pkg/scan"
)

// Status of one rule on one resource: pass, fail or indeterminate; or
// "error" for a whole input Terraform (or source mode) refuses.
const (
	Pass          = "pass"
	Fail          = "fail"
	Indeterminate = "indeterminate"
	Error         = "error"
)

// Statuses maps "RULE ADDRESS" to the rule's status on that resource, for
// every rule × resource pair the catalogue evaluates on m, and every
// finding (some are on module calls).
func Statuses(m *model.Model) (map[string]string, error) {
	out := map[string]string{}
	for _, e := range check.Evaluations(m, nil) {
		out[e.RuleID+" "+e.Address] = Pass
	}
	fs, err := check.Run(m, check.Options{})
	if err != nil {
		return nil, err
	}
	for _, f := range fs {
		k := f.RuleID + " " + f.Address
		switch {
		case f.Status == rules.Fail:
			out[k] = Fail
		case f.Status == rules.Indeterminate && out[k] != Fail:
			out[k] = Indeterminate
		}
	}
	// A security configuration whose whole configuration is unknown is one
	// EMR-CL-002 indeterminate finding, not one per rule: its other
	// security-configuration rules are indeterminate, not passing.
	scRules := map[string]bool{}
	for _, r := range rules.Catalogue() {
		for _, t := range r.TargetTypes() {
			if t == model.TypeSecurityConfiguration {
				scRules[r.ID] = true
			}
		}
	}
	for k, v := range out {
		rule, addr, _ := strings.Cut(k, " ")
		if v == Pass && scRules[rule] && out["EMR-CL-002 "+addr] == Indeterminate {
			out[k] = Indeterminate
		}
	}
	return out, nil
}

// SourceStatuses evaluates the case's module in dir (written there by
// WriteDir) in source mode, with the case's -var-files and environment.
func SourceStatuses(c *Case, dir string) (map[string]string, error) {
	var vf []string
	for _, f := range c.VarFiles() {
		vf = append(vf, filepath.Join(dir, f))
	}
	// mkplan plans in the default workspace: the pipeline's workspace is
	// known, as a deploy job's TF_WORKSPACE would make it.
	m, err := scan.Dir(dir, hclconfig.Options{VarFiles: vf, Env: c.Env, OpenTofu: c.OpenTofu, Workspace: "default"})
	if err != nil {
		return nil, err
	}
	return Statuses(m)
}

// PlanStatuses runs plan mode on a plan JSON.
func PlanStatuses(planJSON []byte, name string) (map[string]string, error) {
	m, err := scan.File(bytes.NewReader(planJSON), name)
	if err != nil {
		return nil, err
	}
	return Statuses(m)
}

// Difference is one rule and resource on which source mode and plan mode
// disagree beyond what the property allows.
type Difference struct {
	Case, Rule, Address string
	Source, Plan        string
}

// Key is the difference as written in known-differences.txt, without its
// class.
func (d Difference) Key() string {
	addr := d.Address
	if addr == "" {
		addr = "-"
	}
	return fmt.Sprintf("%s %s %s source=%s plan=%s", d.Case, d.Rule, addr, d.Source, d.Plan)
}

// Agreement counts a comparison's pairs.
type Agreement struct {
	Equal, Weaker int // same status; source indeterminate where the plan is known
	// Unverified counts the pairs source mode decides and the plan leaves
	// indeterminate (source mode sees through values the plan does not
	// have, e.g. a document with one unknown key ARN): the plan cannot
	// arbitrate them.
	Unverified int
	// UnverifiedPass counts those of them that source mode passes.
	UnverifiedPass int
}

// Compare applies the property to one case: for every rule and resource,
// the source status equals the plan status, or is indeterminate where the
// plan's is pass or fail. planErr / srcErr say that the whole input was
// refused; the rule and address of such a difference are "-".
func Compare(name string, src, plan map[string]string, srcErr, planErr error) ([]Difference, Agreement) {
	var ag Agreement
	switch {
	case planErr != nil && srcErr != nil:
		ag.Equal++
		return nil, ag
	case planErr != nil:
		return []Difference{{Case: name, Rule: "-", Address: "-", Source: "accepted", Plan: Error}}, ag
	case srcErr != nil:
		return []Difference{{Case: name, Rule: "-", Address: "-", Source: Error, Plan: "accepted"}}, ag
	}
	keys := map[string]bool{}
	for k := range src {
		keys[k] = true
	}
	for k := range plan {
		keys[k] = true
	}
	// A finding on a resource for a rule whose targets are other types
	// (EMR-CL-002 on a security configuration) is absent from the other
	// side when it passes there: absent is pass where the side has that
	// resource, and "absent" where it does not have it at all.
	addrs := func(m map[string]string) map[string]bool {
		out := map[string]bool{}
		for k := range m {
			_, a, _ := strings.Cut(k, " ")
			out[a] = true
		}
		return out
	}
	srcAddrs, planAddrs := addrs(src), addrs(plan)
	var out []Difference
	for k := range keys {
		s, p := src[k], plan[k]
		_, addr, _ := strings.Cut(k, " ")
		if s == "" {
			s = "absent"
			if srcAddrs[addr] {
				s = Pass
			}
		}
		if p == "" {
			p = "absent"
			if planAddrs[addr] {
				p = Pass
			}
		}
		switch {
		case s == p:
			ag.Equal++
			continue
		case s == Indeterminate && (p == Pass || p == Fail):
			ag.Weaker++
			continue
		case p == Indeterminate && (s == Pass || s == Fail):
			ag.Unverified++
			if s == Pass {
				ag.UnverifiedPass++
			}
			continue
		}
		rule, addr, _ := strings.Cut(k, " ")
		out = append(out, Difference{Case: name, Rule: rule, Address: addr, Source: s, Plan: p})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Key() < out[j].Key() })
	return out, ag
}
