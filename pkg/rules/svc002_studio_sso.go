package rules

import (
	"strings"

	"github.com/tfemrcheck/tfemrcheck/pkg/model"
)

// SVC002 asks EMR Studio to use IAM Identity Center.
var SVC002 = &Rule{
	ID:       "EMR-SVC-002",
	Title:    "EMR Studio should use IAM Identity Center",
	Severity: Low,
	Rationale: "With auth_mode = \"SSO\" Studio users sign in through IAM Identity Center (federated identity, central joiner/leaver " +
		"control) and assume user_role; IAM mode relies on individual IAM principals (Terraform aws_emr_studio documentation; EMR " +
		"Management Guide, Identity Center).",
	Remediation: `Set auth_mode = "SSO" with a user_role.`,
	Doc: "Fails when auth_mode is IAM and the policy requires SSO (studio_require_sso, on by default). A value known only after apply is " +
		"indeterminate.",
	Bad:  strings.Replace(SVC001.Good, `"SSO"`, `"IAM"`, 1),
	Good: SVC001.Good,
	Check: func(p *Pass) {
		if !p.Params.StudioRequireSSO {
			return
		}
		for _, r := range p.Model.ByType(model.TypeStudio) {
			v := r.Attr("auth_mode")
			switch {
			case v.IsUnknown():
				p.Indeterminatef(resAt(r, v), "auth_mode cannot be verified: it depends on %s", blockers(v))
			case enumIs(v, "IAM"):
				p.Failf(resAt(r, v), "EMR Studio uses IAM authentication; the policy requires IAM Identity Center (SSO)")
			}
		}
	},
}
