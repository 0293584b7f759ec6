package rules

import (
	"fmt"

	"github.com/tfemrcheck/tfemrcheck/pkg/model"
)

// META001 and META002 concern the suppressions themselves (inline
// tfemrcheck:ignore comments and policy-file exceptions). Their Check
// functions report nothing: the model holds no suppressions. The driver
// reports them from pkg/suppress and pkg/policy, which return these
// findings as "problems" next to the findings they mark.

// META001 reports an expired suppression.
var META001 = &Rule{
	ID:          "EMR-META-001",
	Title:       "suppression has expired",
	Severity:    Medium,
	Targets:     []string{},
	Rationale:   "An accepted risk is accepted for a time: an exception or tfemrcheck:ignore comment with an expiry date stops suppressing after that date, so the finding it covered fails again and the expired suppression is reported so that someone renews or removes it.",
	Remediation: "Fix the finding and remove the suppression, or renew it with a new expires date and a current reason.",
	Doc: "Reported for the suppressions themselves, not for a resource: an inline " +
		"tfemrcheck:ignore comment or an exception in the policy file (.tfemrcheck.hcl, see " +
		"docs/policy.md) whose expires date (YYYY-MM-DD, valid through that day) is before the " +
		"day of the scan. The expired suppression no longer suppresses anything. The finding's " +
		"location is the comment or the exception block.",
	Check: func(*Pass) {},
}

// META002 reports a suppression that is incomplete, names no known rule,
// or matches nothing.
var META002 = &Rule{
	ID:          "EMR-META-002",
	Title:       "suppression is malformed or unused",
	Severity:    Low,
	Targets:     []string{},
	Rationale:   "Suppressions must be governed, not hidden: each one needs a reason, must name rules that exist, and should still cover a finding; a stale or misspelt suppression silently stops protecting nothing or hides the wrong thing.",
	Remediation: `Give the suppression a reason="..." and a known rule id, place it on or directly above the resource block or attribute, or delete it when it matches nothing.`,
	Doc: "Reported for the suppressions themselves, not for a resource (see docs/policy.md): " +
		"a tfemrcheck:ignore comment without a reason (which then suppresses nothing), with " +
		"an unknown rule id, with bad syntax, placed where it applies to no resource block or " +
		"attribute, or that matched no finding; and an exception of the policy file that " +
		"matched no finding (a policy file with a missing reason or unknown rule id is " +
		"rejected when loaded instead).",
	Check: func(*Pass) {},
}

// SuppressionProblem makes a finding of META001 or META002 (or any rule r)
// at the given address and location, for the drivers that report them.
func SuppressionProblem(r *Rule, address string, loc *model.Range, format string, args ...any) Finding {
	return Finding{
		RuleID:      r.ID,
		Title:       r.Title,
		Severity:    r.Severity,
		Status:      Fail,
		Address:     address,
		Message:     fmt.Sprintf(format, args...),
		Remediation: r.Remediation,
		Location:    loc,
	}
}
