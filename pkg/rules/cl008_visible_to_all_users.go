package rules

// CL008 reports visible_to_all_users = false, which does nothing.
var CL008 = &Rule{
	ID:       "EMR-CL-008",
	Title:    "visible_to_all_users = false has no effect",
	Severity: Info,
	Rationale: "The EMR API no longer supports the VisibleToAllUsers parameter; setting visible_to_all_users = false restricts nothing " +
		"and causes a perpetual diff (Terraform aws_emr_cluster documentation).",
	Remediation: "Remove the argument; restrict access with IAM policies on cluster tags.",
	Doc:         "Fails when the attribute is false; a value known only after apply is indeterminate.",
	Bad: exCluster("emr-7.2.0", `
  visible_to_all_users = false
`, exSubnet),
	Good: exCluster("emr-7.2.0", "", exSubnet),
	Check: func(p *Pass) {
		for _, c := range p.Model.Clusters {
			v := c.Resource.Attr("visible_to_all_users")
			switch docBool(v) {
			case boolUnknown:
				p.Indeterminatef(clusterAt(c, v), "visible_to_all_users cannot be verified: it depends on %s", blockers(v))
			case boolFalse:
				if v.IsSet() {
					p.Failf(clusterAt(c, v), "visible_to_all_users = false is no longer supported by the EMR API: it restricts nothing and causes a perpetual diff")
				}
			}
		}
	},
}
