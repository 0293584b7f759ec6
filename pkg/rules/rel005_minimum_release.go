package rules

import "github.com/tfemrcheck/tfemrcheck/pkg/release"

// REL005 enforces the organisation's oldest accepted release.
var REL005 = &Rule{
	ID:       "EMR-REL-005",
	Title:    "release older than the organisation's minimum",
	Severity: Medium,
	Rationale: "Older EMR releases miss security fixes and features: EBS encryption from emr-5.24.0 (EMR Management Guide, " +
		"encryption options), IMDSv2 from emr-5.32.0/6.2.0 (EMR Management Guide, create a security configuration). " +
		"Organisations set a floor for the releases they run.",
	Remediation: "Move the cluster to a release at or above the policy's minimum_release_label (prefer a current 7.x).",
	Doc: "Only active when the policy file sets `parameters { minimum_release_label = \"emr-X.Y.Z\" }`; without it the rule " +
		"reports nothing. Release labels compare numerically. A release known only after apply gives an indeterminate finding; an " +
		"unparseable one is EMR-META-003's.",
	Bad:  `# with minimum_release_label = "emr-6.15.0" in .tfemrcheck.hcl` + "\n" + exSC(`{}`) + exClusterSC("emr-6.10.0", "", exSubnet),
	Good: exSC(`{}`) + exClusterSC("emr-7.2.0", "", exSubnet),
	Check: func(p *Pass) {
		if p.Params.MinimumReleaseLabel == "" {
			return
		}
		min, err := release.Parse(p.Params.MinimumReleaseLabel)
		if err != nil {
			return // the policy loader rejects such a label
		}
		for _, c := range p.Model.Clusters {
			l, st, rel := clusterRelease(c)
			switch st {
			case relUnknown:
				p.Indeterminatef(clusterAt(c, rel), "the release label is %s; the policy requires %s or later", unknownText(rel), min)
			case relKnown:
				if release.Compare(l, min) < 0 {
					p.Failf(clusterAt(c, rel), "release %s is older than the organisation's minimum %s", l, min)
				}
			}
		}
	},
}
