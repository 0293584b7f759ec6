package policy

import (
	"fmt"
	"slices"
	"strconv"
	"time"

	"github.com/bmatcuk/doublestar/v4"
	"github.com/hashicorp/hcl/v2"

	"github.com/tfemrcheck/tfemrcheck/pkg/model"
	"github.com/tfemrcheck/tfemrcheck/pkg/rules"
)

// Catalogue returns the rules of all that the policy leaves enabled, in
// the same order. A rule whose severity the policy overrides is returned
// as a copy with the new severity; the others are returned as they are.
// The rules of all are never modified. The result is never nil: a policy
// that disables every rule gets an empty catalogue, and no rule runs
// (check.Run takes nil for "every rule").
func (p *Policy) Catalogue(all []*rules.Rule) []*rules.Rule {
	out := []*rules.Rule{}
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
// the resource at address (regardless of expiry), whatever its root: an
// exception that names a root matches only through MatchesFinding.
func (e Exception) Matches(ruleID, address string) bool {
	return e.Root == "" && e.Rule == ruleID && MatchAddress(e.Address, address)
}

// Where is the exception's address pattern, and its root glob when it has
// one: "module.legacy.* in root envs/staging".
func (e Exception) Where() string {
	if e.Root == "" {
		return e.Address
	}
	return e.Address + " in root " + e.Root
}

// MatchesFinding reports whether the exception covers f (regardless of
// expiry): its rule and address, and, when the exception names a root
// glob, f's root (a finding of no root, from a run of one directory,
// matches no root glob).
func (e Exception) MatchesFinding(f rules.Finding) bool {
	if e.Rule != f.RuleID || !MatchAddress(e.Address, f.Address) {
		return false
	}
	if e.Root == "" {
		return true
	}
	if f.Root == "" {
		return false
	}
	ok, err := doublestar.Match(e.Root, f.Root)
	return err == nil && ok
}

// Apply applies the policy to the findings of a run, in three steps.
//
//  1. Findings of rules the policy disables are dropped and the others
//     take the policy's severity. The rule checks run from Catalogue
//     already; this step is for the findings reported about suppressions
//     (EMR-META-*), which do not come from the catalogue's checks.
//  2. Inline suppressions (Kind "inline") that the policy does not allow
//     (see InlinePolicy and MaxExceptionDays) are taken off their finding,
//     which then fails or is indeterminate as usual, and each is reported
//     as EMR-META-004 at the comment.
//  3. The findings the policy's exceptions accept are marked suppressed
//     (Kind "policy", with the exception's reason, expiry, ticket and block
//     range). The first exception in file order that matches wins. A
//     finding that is still suppressed by an inline comment is left as it
//     is, but counts as a match for the exceptions that cover it.
//
// out holds the findings of fs in the same order; fs is not modified.
// When the policy changes none of them, out is fs itself (a large plan
// has tens of thousands of findings, which are not copied for nothing).
// problems are findings about the suppressions themselves: EMR-META-004
// (in finding order), then, in file order, EMR-META-001 for an expired
// exception (expires before today's date), which then suppresses nothing,
// and EMR-META-002 for an exception that matched no finding (address: the
// exception's pattern; location: the exception block). Problems of rules
// the policy disables are left out.
func (p *Policy) Apply(fs []rules.Finding, today time.Time) (out []rules.Finding, problems []rules.Finding) {
	out = fs
	copied := false
	// own makes out a copy before a finding in it changes.
	own := func() {
		if !copied {
			out, copied = slices.Clone(out), true
		}
	}
	if p.grades(fs) {
		out, copied = make([]rules.Finding, 0, len(fs)), true
		for _, f := range fs {
			if g, ok := p.grade(f); ok {
				out = append(out, g)
			}
		}
	}
	for i := range out {
		sp := out[i].Suppressed
		if sp == nil || sp.Kind != "inline" {
			continue
		}
		if why := p.refuseInline(&out[i], today); why != "" {
			own()
			f := &out[i]
			f.Suppressed = nil
			pr := rules.SuppressionProblem(rules.META004, f.Address, sp.Location,
				"tfemrcheck:ignore %s on this %s finding is not honoured: %s", f.RuleID, f.Severity, why)
			pr.Root, pr.Input = f.Root, f.Input
			problems = append(problems, pr)
		}
	}
	used := make([]bool, len(p.Exceptions))
	for i := range out {
		for j, e := range p.Exceptions {
			if e.Expired(today) || !e.MatchesFinding(out[i]) {
				continue
			}
			used[j] = true
			if out[i].Suppressed == nil {
				own()
				f := &out[i]
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
				if e.MatchesFinding(f) {
					n++
				}
			}
			problems = append(problems, rules.SuppressionProblem(rules.META001, e.Address, &loc,
				"exception for %s on %s expired on %s (reason: %s); it no longer suppresses %s",
				e.Rule, e.Where(), e.Expires, e.Reason, plural(n, "finding")))
		case !used[j]:
			problems = append(problems, rules.SuppressionProblem(rules.META002, e.Address, &loc,
				"exception for %s on %s matched nothing", e.Rule, e.Where()))
		}
	}
	kept := problems[:0]
	for _, f := range problems {
		if g, ok := p.grade(f); ok {
			kept = append(kept, g)
		}
	}
	return out, kept
}

// grade gives f the policy's severity for its rule; ok is false when the
// policy disables the rule.
// grades reports whether grade changes or drops any of fs.
func (p *Policy) grades(fs []rules.Finding) bool {
	if len(p.Rules) == 0 {
		return false
	}
	for _, f := range fs {
		if g, ok := p.grade(f); !ok || g.Severity != f.Severity {
			return true
		}
	}
	return false
}

func (p *Policy) grade(f rules.Finding) (rules.Finding, bool) {
	rs, set := p.Rules[f.RuleID]
	if !set {
		return f, true
	}
	if !rs.Enabled {
		return f, false
	}
	if rs.Severity != nil {
		f.Severity = *rs.Severity
	}
	return f, true
}

// refuseInline says why the policy does not honour the inline suppression
// of f, or "" when it does.
func (p *Policy) refuseInline(f *rules.Finding, today time.Time) string {
	in := p.Inline
	switch {
	case in.Forbidden:
		return fmt.Sprintf("the policy forbids inline suppressions (%s); ask for an exception in the policy file instead", at(in.Range))
	case in.MaxSeverity != nil && f.Severity > *in.MaxSeverity:
		return fmt.Sprintf("the policy lets inline suppressions cover findings up to %s only (%s); ask for an exception in the policy file instead", *in.MaxSeverity, at(in.Range))
	}
	if p.MaxExceptionDays > 0 {
		limit := p.expiryLimit(today)
		exp := f.Suppressed.Expires
		switch {
		case exp == "":
			return fmt.Sprintf("it has no expires date and the policy requires every suppression to expire within %d days (%s); add expires=%s or earlier", p.MaxExceptionDays, at(p.MaxExceptionDaysRange), limit)
		case exp > limit:
			return fmt.Sprintf("it expires on %s, more than %d days ahead, which the policy does not allow (%s); set expires=%s or earlier", exp, p.MaxExceptionDays, at(p.MaxExceptionDaysRange), limit)
		}
	}
	return ""
}

// expiryLimit is the last expiry date MaxExceptionDays allows on the day
// of today.
func (p *Policy) expiryLimit(today time.Time) string {
	return today.AddDate(0, 0, p.MaxExceptionDays).Format(DateLayout)
}

// Validate checks what depends on the day of the scan: with
// max_exception_days, every exception must have an expiry date no later
// than that many days after today. Each violation is an error naming the
// exception's file and line. (An exception that has already expired is
// not an error: Apply reports it as EMR-META-001.)
func (p *Policy) Validate(today time.Time) hcl.Diagnostics {
	if p.MaxExceptionDays == 0 {
		return nil
	}
	var diags hcl.Diagnostics
	limit := p.expiryLimit(today)
	for _, e := range p.Exceptions {
		switch {
		case e.Expires == "":
			diags = append(diags, &hcl.Diagnostic{
				Severity: hcl.DiagError,
				Summary:  "Exception without expiry",
				Detail: fmt.Sprintf("The exception for %s on %s has no expires date, and max_exception_days = %d (%s) requires one; add expires = %q or earlier.",
					e.Rule, e.Address, p.MaxExceptionDays, at(p.MaxExceptionDaysRange), limit),
				Subject: fromModel(e.Range).Ptr(),
			})
		case e.Expires > limit:
			diags = append(diags, &hcl.Diagnostic{
				Severity: hcl.DiagError,
				Summary:  "Exception expires too far ahead",
				Detail: fmt.Sprintf("The exception for %s on %s expires on %s, more than max_exception_days = %d (%s) after today; set expires = %q or earlier.",
					e.Rule, e.Address, e.Expires, p.MaxExceptionDays, at(p.MaxExceptionDaysRange), limit),
				Subject: fromModel(e.ExpiresRange).Ptr(),
			})
		}
	}
	return diags
}

// at names a position of the policy file as FILE:LINE.
func at(r model.Range) string {
	return fmt.Sprintf("%s:%d", r.Filename, r.Start.Line)
}

func fromModel(r model.Range) hcl.Range {
	return hcl.Range{
		Filename: r.Filename,
		Start:    hcl.Pos{Line: r.Start.Line, Column: r.Start.Column, Byte: r.Start.Byte},
		End:      hcl.Pos{Line: r.End.Line, Column: r.End.Column, Byte: r.End.Byte},
	}
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
