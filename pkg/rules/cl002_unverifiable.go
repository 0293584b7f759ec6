package rules

import "github.com/tfemrcheck/tfemrcheck/pkg/model"

// CL002 reports security configurations whose content cannot be checked.
var CL002 = &Rule{
	ID:          "EMR-CL-002",
	Title:       "security configuration cannot be verified",
	Severity:    Medium,
	Rationale:   "A cluster whose security configuration is created elsewhere, or whose content is known only after apply, cannot be checked before deployment. Unknown is never a pass: the gap is reported so that it is seen.",
	Remediation: "Manage the security configuration in the same root module, scan the Terraform source with the plan (tfemrcheck plan.json DIR) so unknown values are seen through, or approve the external configuration by name in the policy file.",
	Doc: "Always reported with status indeterminate: on a cluster whose security_configuration names no configuration in the input, " +
		"on a cluster whose configuration name is known only after apply and cannot be linked, and on a security configuration whose " +
		"whole `configuration` is known only after apply (typically jsonencode() holding the ARN of a KMS key created in the same plan). " +
		"In that last case the content rules report nothing for it; scanning the source as well resolves it.",
	Bad:  exCluster("emr-7.2.0", "", exSubnet),
	Good: exSC(`{}`) + exClusterSC("emr-7.2.0", "", exSubnet),
	Check: func(p *Pass) {
		approved := map[string]bool{}
		for _, n := range p.Params.ApprovedSecurityConfigurations {
			approved[n] = true
		}
		for _, c := range p.Model.Clusters {
			switch c.Link {
			case model.LinkExternal:
				name, _ := c.SCName.AsString()
				if approved[name] {
					continue
				}
				p.Indeterminatef(clusterAt(c, c.SCName), "security configuration %s is not defined in this input (created elsewhere); its content cannot be verified", c.SCName.Display())
			case model.LinkUnknown:
				p.Indeterminatef(clusterAt(c, c.SCName), "the security configuration name is known only after apply (it depends on %s) and no security configuration in the input could be linked", blockers(c.SCName))
			}
		}
		for _, sc := range p.Model.SecurityConfigs {
			if sc.Document == nil && sc.Configuration.IsUnknown() {
				p.Indeterminatef(scAt(sc, sc.Configuration), "configuration is known only after apply: it depends on %s; its content cannot be verified from this input", blockers(sc.Configuration))
			}
		}
	},
}
