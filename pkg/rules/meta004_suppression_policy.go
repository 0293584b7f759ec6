package rules

// META004 reports an inline suppression that the policy file does not
// allow. Like META001 and META002 it has no check over the model: the
// policy package returns it when it applies the policy to the findings.
var META004 = &Rule{
	ID:          "EMR-META-004",
	Title:       "inline suppression not allowed by the policy",
	Severity:    Medium,
	Targets:     []string{},
	Rationale:   "The organisation's policy decides which risks may be accepted in the code itself: it can forbid tfemrcheck:ignore comments, limit the severity of the findings they may cover, or require every suppression to expire within a number of days. A comment beyond those limits must not quietly accept a risk, so the finding it covered fails as usual and this finding says why the comment was not honoured.",
	Remediation: "Fix the finding, or ask the owners of the policy file for an exception in .tfemrcheck.hcl; for an expiry beyond the limit, set expires= to a date within it.",
	Doc: "Reported when the policy file (.tfemrcheck.hcl) restricts inline suppressions and a " +
		"tfemrcheck:ignore comment goes beyond the restriction: `inline_suppressions = false` " +
		"(no comment is honoured), `inline_suppressions_max_severity` (a comment on a finding " +
		"above that severity is not honoured), or `max_exception_days` (a comment without " +
		"expires=, or expiring more than that many days after the day of the scan, is not " +
		"honoured). There is one finding per finding the comment tried to suppress; it is " +
		"located at the comment and names the policy file and line that set the restriction. " +
		"The finding the comment covered is reported unsuppressed, so it fails the run as " +
		"usual. See docs/policy.md.",
	Check: func(*Pass) {},
}
