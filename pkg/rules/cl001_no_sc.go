package rules

import "strings"

// CL001 requires every cluster to use a security configuration.
var CL001 = &Rule{
	ID:          "EMR-CL-001",
	Title:       "cluster must reference a security configuration",
	Severity:    High,
	Rationale:   "At-rest and in-transit encryption, Kerberos and IMDS settings exist only through a security configuration (EMR Management Guide). A cluster without one has none of them.",
	Remediation: "Create an aws_emr_security_configuration and set security_configuration to its .name.",
	Doc:         "Fails when aws_emr_cluster.security_configuration is absent or null. A name known only after apply counts as set (EMR-CL-002 reports whether it can be verified).",
	Bad:         strings.Replace(exCluster("emr-7.2.0", "", exSubnet), "  security_configuration = \"fsi-baseline\"\n", "", 1),
	Good:        exSC(`{}`) + exClusterSC("emr-7.2.0", "", exSubnet),
	Check: func(p *Pass) {
		for _, c := range p.Model.Clusters {
			if !c.SCName.IsSet() {
				p.Failf(clusterAt(c, nil), "cluster has no security_configuration")
			}
		}
	},
}
