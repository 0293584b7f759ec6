package rules

// META003 reports release labels the tool cannot parse.
var META003 = &Rule{
	ID:          "EMR-META-003",
	Title:       "release label cannot be parsed",
	Severity:    High,
	Rationale:   "Release-gated rules compare release labels numerically; a label that is not emr-MAJOR.MINOR.PATCH (or a pre-4.0 AMI version) cannot be compared, and EMR rejects it at launch.",
	Remediation: `Write the release label as emr-MAJOR.MINOR.PATCH, e.g. "emr-7.2.0".`,
	Doc:         "Fails when release_label is known but is neither emr-MAJOR.MINOR.PATCH (with an optional -suffix such as -latest) nor a pre-4.0 AMI version, or is absent. Release-gated rules skip such a cluster. A release known only after apply is indeterminate.",
	Bad:         exSC(`{}`) + exClusterSC("emr-7.2", "", exSubnet),
	Good:        exSC(`{}`) + exClusterSC("emr-7.2.0", "", exSubnet),
	Check: func(p *Pass) {
		for _, c := range p.Model.Clusters {
			_, st, rel := clusterRelease(c)
			if st == relUnknown {
				p.Indeterminatef(clusterAt(c, rel), "the release label cannot be checked: it is %s", unknownText(rel))
				continue
			}
			if st != relBad {
				continue
			}
			if !rel.IsSet() {
				p.Failf(clusterAt(c, rel), "cluster has no release_label")
				continue
			}
			p.Failf(clusterAt(c, rel), "release label %s cannot be parsed as emr-MAJOR.MINOR.PATCH", rel.Display())
		}
	},
}
