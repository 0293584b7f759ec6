package rules

// NET005 reports SSH key pairs on cluster nodes.
var NET005 = &Rule{
	ID:       "EMR-NET-005",
	Title:    "cluster nodes should not have an SSH key pair",
	Severity: Low,
	Rationale: "ec2_attributes.key_name allows SSH as the hadoop user; block public access permits port 22 by default (EMR Management " +
		"Guide, block public access). Financial-services baselines prefer SSM Session Manager, which is audited and needs no open port.",
	Remediation: "Remove key_name and use SSM Session Manager, or suppress the finding with the approved exception.",
	Doc:         "Fails when key_name is set; a value known only after apply counts as set. An ec2_attributes block known only after apply is indeterminate.",
	Bad:         exCluster("emr-7.2.0", "", exSubnet+"    key_name         = \"emr-admin\"\n"),
	Good:        exCluster("emr-7.2.0", "", exSubnet),
	Check: func(p *Pass) {
		for _, c := range p.Model.Clusters {
			ec2 := blockOf(c.Resource, "ec2_attributes")
			if ec2.IsUnknown() {
				p.Indeterminatef(clusterAt(c, ec2), "whether the cluster's nodes have an SSH key pair cannot be verified: ec2_attributes is %s", unknownText(ec2))
				continue
			}
			v := ec2.Get("key_name")
			if !emptyOrAbsent(v) {
				p.Failf(clusterAt(c, v), "cluster nodes accept SSH with key pair %s", v.Display())
			}
		}
	},
}
