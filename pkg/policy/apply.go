package policy

import (
	"strconv"
	"time"

	"github.com/tfemrcheck/tfemrcheck/pkg/rules"
)

// Catalogue returns the rules of all that the policy leaves enabled, in
// the same order. A rule whose severity the policy overrides is returned
// as a copy with the new severity; the others are returned as they are.
// The rules of all are never modified.
func (p *Policy) Catalogue(all []*rules.Rule) []*rules.Rule {
	var out []*rules.Rule
	for _, r := range all {
		rs, ok := p.Rules[r.ID]
		if !ok {
			out = append(out, r)
			continue
		}
		if !rs.Enabled {
			continue
		}
		if rs.Severity != nil && *rs.Severity != r.Severity {
			c := *r
			c.Severity = *rs.Severity
			r = &c
		}
		out = append(out, r)
	}
	return out
}

// Expired reports whether the exception has expired on the day of today:
// an exception holds through its expiry date.
func (e Exception) Expired(today time.Time) bool {
	return e.Expires != "" && e.Expires < today.Format(DateLayout)
}

// Matches reports whether the exception covers a finding of rule ruleID on
// the resource at address (regardless of expiry).
func (e Exception) Matches(ruleID, address string) bool {
	return e.Rule == ruleID && MatchAddress(e.Address, address)
}

// Apply marks the findings the policy's exceptions accept as suppressed
// (Kind "policy", with the exception's reason, expiry, ticket and block
// range). The first exception in file order that matches wins. A finding
// that is already suppressed (by an inline comment) is left as it is, but
// still counts as a match for the exceptions that cover it.
//
// out is a copy of fs in the same order; fs is not modified. problems are
// findings about the exceptions themselves, in file order: EMR-META-001
// for an expired exception (expires before today's date), which then
// suppresses nothing, and EMR-META-002 for an exception that matched no
// finding. Their address is the exception's address pattern and their
// location the exception block.
func (p *Policy) Apply(fs []rules.Finding, today time.Time) (out []rules.Finding, problems []rules.Finding) {
	out = append([]rules.Finding(nil), fs...)
	used := make([]bool, len(p.Exceptions))
	for i := range out {
		f := &out[i]
		for j, e := range p.Exceptions {
			if e.Expired(today) || !e.Matches(f.RuleID, f.Address) {
				continue
			}
			used[j] = true
			if f.Suppressed == nil {
				loc := e.Range
				f.Suppressed = &rules.Suppression{
					Kind: "policy", Reason: e.Reason, Expires: e.Expires, Ticket: e.Ticket, Location: &loc,
				}
			}
		}
	}
	for j, e := range p.Exceptions {
		loc := e.Range
		switch {
		case e.Expired(today):
			n := 0
			for _, f := range fs {
				if e.Matches(f.RuleID, f.Address) {
					n++
				}
			}
			problems = append(problems, rules.SuppressionProblem(rules.META001, e.Address, &loc,
				"exception for %s on %s expired on %s (reason: %s); it no longer suppresses %s",
				e.Rule, e.Address, e.Expires, e.Reason, plural(n, "finding")))
		case !used[j]:
			problems = append(problems, rules.SuppressionProblem(rules.META002, e.Address, &loc,
				"exception for %s on %s matched nothing", e.Rule, e.Address))
		}
	}
	return out, problems
}

func plural(n int, what string) string {
	switch n {
	case 0:
		return "any " + what
	case 1:
		return "1 " + what
	}
	return strconv.Itoa(n) + " " + what + "s"
}

// MatchAddress reports whether address matches pattern, where `*` matches
// any run of characters (including none, dots and brackets) and every
// other character matches itself.
func MatchAddress(pattern, address string) bool {
	// Iterative wildcard matching with single backtrack point: linear in
	// practice, never exponential.
	p, a := 0, 0
	star, mark := -1, 0
	for a < len(address) {
		switch {
		case p < len(pattern) && pattern[p] == '*':
			star, mark = p, a
			p++
		case p < len(pattern) && pattern[p] == address[a]:
			p++
			a++
		case star >= 0:
			p = star + 1
			mark++
			a = mark
		default:
			return false
		}
	}
	for p < len(pattern) && pattern[p] == '*' {
		p++
	}
	return p == len(pattern)
}
