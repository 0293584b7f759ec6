package rules

import (
	"fmt"

	"github.com/tfemrcheck/tfemrcheck/pkg/model"
)

// ACC001 requires block public access on, with no extra ports.
var ACC001 = &Rule{
	ID:       "EMR-ACC-001",
	Title:    "block public access must be on with no extra ports",
	Severity: High,
	Rationale: "Block public access stops clusters in public subnets from launching with security groups that allow public ingress " +
		"(EMR Management Guide, block public access). Security Hub EMR.2 and AWS Config emr-block-public-access are non-compliant when it " +
		"is off or permits ports other than 22.",
	Remediation: "Set block_public_security_group_rules = true and remove permitted ranges other than 22 (ideally all of them).",
	Doc: "Checks each aws_emr_block_public_access_configuration in the input: fails when block_public_security_group_rules is false or " +
		"when a permitted_public_security_group_rule_range is anything but exactly 22-22. With bpa_no_permitted_ranges in the policy " +
		"file (off by default) a 22-22 range is reported too, at MEDIUM. Values known only after apply are indeterminate. The setting " +
		"is per account and Region; an input without the resource is not checked.",
	Bad: `resource "aws_emr_block_public_access_configuration" "this" {
  block_public_security_group_rules = true

  permitted_public_security_group_rule_range {
    min_range = 22
    max_range = 22
  }

  permitted_public_security_group_rule_range {
    min_range = 8000
    max_range = 8999
  }
}
`,
	Good: `resource "aws_emr_block_public_access_configuration" "this" {
  block_public_security_group_rules = true
}
`,
	Check: func(p *Pass) {
		for _, r := range p.Model.ByType(model.TypeBlockPublicAccess) {
			on := r.Attr("block_public_security_group_rules")
			switch docBool(on) {
			case boolUnknown:
				p.Indeterminatef(resAt(r, on), "block_public_security_group_rules cannot be verified: it depends on %s", blockers(on))
				continue
			case boolFalse, boolMalformed:
				p.Failf(resAt(r, on), "block public access is off (block_public_security_group_rules is %s)", on.Display())
				continue
			}
			ranges := r.Attr("permitted_public_security_group_rule_range")
			if ranges.IsUnknown() {
				p.Indeterminatef(resAt(r, ranges), "the permitted port ranges cannot be verified: they depend on %s", blockers(ranges))
				continue
			}
			for _, rg := range elems(ranges) {
				lo, hi := rg.Get("min_range"), rg.Get("max_range")
				if lo.IsUnknown() || hi.IsUnknown() {
					u := lo
					if !u.IsUnknown() {
						u = hi
					}
					p.Indeterminatef(resAt(r, rg), "a permitted port range cannot be verified: it is %s", unknownText(u))
					continue
				}
				a, ok1 := lo.AsInt(true)
				b, ok2 := hi.AsInt(true)
				text := fmt.Sprintf("%s-%s", lo.Display(), hi.Display())
				if ok1 && ok2 {
					text = fmt.Sprintf("%d-%d", a, b)
				}
				switch {
				case !ok1 || !ok2 || a != 22 || b != 22:
					p.Failf(resAt(r, lo), "block public access permits public ingress on ports %s (only 22 is acceptable)", text)
				case p.Params.BPANoPermittedRanges:
					p.FailSeverityf(Medium, resAt(r, lo), "block public access permits public SSH (port 22); the policy allows no permitted ranges")
				}
			}
		}
	},
}
