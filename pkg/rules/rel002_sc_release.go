package rules

// REL002 gates security configurations on emr-4.8.0.
var REL002 = &Rule{
	ID:          "EMR-REL-002",
	Title:       "security configurations need emr-4.8.0 or later",
	Severity:    Critical,
	Rationale:   "Security configurations exist from release emr-4.8.0 (EMR Management Guide, data encryption; Terraform aws_emr_cluster docs). Older releases and pre-4.0 AMI versions cannot use one, so the cluster fails to launch.",
	Remediation: "Use a current release label (emr-7.x).",
	Doc:         "On the cluster: fails when security_configuration is set (known or not) and release_label is older than emr-4.8.0, or is a pre-4.0 AMI version such as 3.11.0. Release labels compare numerically; a release known only after apply is indeterminate.",
	Bad:         exSC(`{}`) + exClusterSC("emr-4.7.0", "", exSubnet),
	Good:        exSC(`{}`) + exClusterSC("emr-7.2.0", "", exSubnet),
	Check: func(p *Pass) {
		for _, c := range p.Model.Clusters {
			if !c.SCName.IsSet() {
				continue
			}
			l, st, rel := clusterRelease(c)
			if st == relUnknown {
				p.Indeterminatef(clusterAt(c, rel), "the cluster uses a security configuration, which needs emr-4.8.0 or later, and its release label is %s", unknownText(rel))
			}
			if st != relKnown {
				continue
			}
			if l.AMI {
				p.Failf(clusterAt(c, rel), "release %q is a pre-4.0 AMI version, which has no security configurations", l.String())
			} else if l.Less("emr-4.8.0") {
				p.Failf(clusterAt(c, rel), "release %s is older than emr-4.8.0, which introduced security configurations", l)
			}
		}
	},
}
