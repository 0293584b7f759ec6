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
		"In that last case this finding speaks for the rules of the configuration's content, which report nothing for it; the rules " +
		"that pair a cluster with that content (EMR-CL-003 and EMR-CL-004, and the release gates EMR-REL-001, EMR-REL-003 and " +
		"EMR-REL-004 where the release lacks the feature) say on the cluster that they cannot tell. Scanning the source as well " +
		"(tfemrcheck plan.json DIR) resolves it.",
	Bad:  exCluster("emr-7.2.0", "", exSubnet),
	Good: exSC(`{}`) + exClusterSC("emr-7.2.0", "", exSubnet),
	Check: func(p *Pass) {
		approved := approvedSCs(p)
		for _, c := range p.Model.Clusters {
			switch c.Link {
			case model.LinkExternal:
				name, _ := c.SCName.AsString()
				if approved[name] {
					continue
				}
				p.Indeterminatef(clusterAt(c, c.SCName), "security configuration %s is not defined in this input (created elsewhere); its content cannot be verified", c.SCName.Display())
			case model.LinkUnknown:
				p.Indeterminatef(clusterAt(c, c.SCName), "the security configuration name is %s, and no security configuration in the input could be linked", unknownText(c.SCName))
			}
		}
		for _, sc := range p.Model.SecurityConfigs {
			if sc.Document == nil && sc.Configuration.IsUnknown() {
				p.Indeterminatef(scAt(sc, sc.Configuration), "configuration is %s; its content cannot be verified from this input", unknownText(sc.Configuration))
			}
		}
	},
}
