package rules

import (
	"github.com/tfemrcheck/tfemrcheck/pkg/model"
	"github.com/tfemrcheck/tfemrcheck/pkg/release"
)

// REL004 gates IMDSv2-only configurations on supporting releases.
var REL004 = &Rule{
	ID:       "EMR-REL-004",
	Title:    "an IMDSv2-only setting needs a supporting release",
	Severity: Critical,
	Rationale: "InstanceMetadataServiceConfiguration is honoured only on emr-5.23.1, emr-5.27.1, 5.32.0 and later 5.x, and 6.2.0 and later; " +
		"on earlier releases disabling IMDSv1 makes the cluster fail to start (EMR Management Guide, create a security configuration).",
	Remediation: "Use a supporting release (prefer a current 7.x), or set MinimumInstanceMetadataServiceVersion to 1 and record the exception.",
	Doc: "On the cluster. The predicate is not a single threshold: emr-5.23.0, 5.27.0 and 5.28–5.31 fail, and so do 6.0.x and 6.1.x. " +
		"Whether later patches of 5.23 and 5.27 qualify is not documented; they are treated as unsupported. A release known only after " +
		"apply with the setting at 2 (or itself unknown) is indeterminate; so is a version known only after apply on an unsupported " +
		"release, and a security configuration whose content cannot be read (known only after apply, not linkable, or defined outside " +
		"the input) on an unsupported or unknown release. Pre-4.0 AMI versions are EMR-REL-002's.",
	Bad:  SC014.Good + "\n" + exClusterSC("emr-6.1.0", "", exSubnet),
	Good: SC014.Good + "\n" + exClusterSC("emr-6.2.0", "", exSubnet),
	Check: func(p *Pass) {
		releaseGated(p, "IMDS settings", release.Label.SupportsIMDSConfig, func(c *model.Cluster, l release.Label, st relState, rel *model.Value) {
			ver := c.SC.Doc(pathIMDSMinimumInstanceMetadataServiceVersion...)
			n, ok := ver.AsInt(false)
			v2 := ok && n == 2
			if !v2 && !ver.IsUnknown() {
				return
			}
			switch {
			case st == relUnknown && v2:
				p.Indeterminatef(clusterAt(c, rel), "security configuration %s requires IMDSv2, which not every release supports, and the release label is %s", c.SC.Address(), unknownText(rel))
			case st == relUnknown:
				p.Indeterminatef(clusterAt(c, rel), "MinimumInstanceMetadataServiceVersion of security configuration %s is %s, and the release label is %s", c.SC.Address(), unknownText(ver), unknownText(rel))
			case l.SupportsIMDSConfig():
			case v2:
				p.Failf(clusterAt(c, rel), "release %s does not support IMDS settings, but security configuration %s requires IMDSv2: the cluster fails to start", l, c.SC.Address())
			default:
				p.Indeterminatef(clusterAt(c, rel), "release %s does not support IMDS settings and MinimumInstanceMetadataServiceVersion of %s is %s", l, c.SC.Address(), unknownText(ver))
			}
		})
	},
}
