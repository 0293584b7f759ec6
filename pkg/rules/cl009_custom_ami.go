package rules

// CL009 asks for review of custom AMIs outside the approved list.
var CL009 = &Rule{
	ID:       "EMR-CL-009",
	Title:    "custom AMIs must be approved",
	Severity: Info,
	Rationale: "A custom AMI replaces the EMR-provided image: its hardening and patch level become the organisation's responsibility. " +
		"Custom AMIs need emr-5.7.0 or later, and Amazon Linux 2 images from emr-5.30.0 (EMR Management Guide, custom AMI).",
	Remediation: "Use an approved, hardened AMI and list it in the policy file (allowed_custom_amis).",
	Doc: "Fails (INFO) when custom_ami_id is set and not in the policy's allowed_custom_amis; with no list, every custom AMI is reported " +
		"for review. A custom_ami_id known only after apply is indeterminate when a list is configured, and reported for review " +
		"otherwise. A custom AMI on a release older than emr-5.7.0 is reported at HIGH, since the cluster cannot launch.",
	Bad: exCluster("emr-7.2.0", `
  custom_ami_id = "ami-0123456789abcdef0"
`, exSubnet),
	Good: exCluster("emr-7.2.0", "", exSubnet),
	Check: func(p *Pass) {
		allowed := map[string]bool{}
		for _, a := range p.Params.AllowedCustomAMIs {
			allowed[a] = true
		}
		for _, c := range p.Model.Clusters {
			ami := c.Resource.Attr("custom_ami_id")
			if emptyOrAbsent(ami) {
				continue
			}
			if l, st, rel := clusterRelease(c); st == relKnown && !l.SupportsCustomAMI() {
				p.FailSeverityf(High, clusterAt(c, rel), "custom_ami_id needs emr-5.7.0 or later; the release is %s", l)
			}
			switch s, ok := ami.AsString(); {
			case ami.IsUnknown() && len(allowed) > 0:
				p.Indeterminatef(clusterAt(c, ami), "custom_ami_id cannot be compared with the approved AMIs: it depends on %s", blockers(ami))
			case ami.IsUnknown():
				p.Failf(clusterAt(c, ami), "the cluster uses a custom AMI (its id is %s): review its hardening", unknownText(ami))
			case ok && !allowed[s]:
				p.Failf(clusterAt(c, ami), "custom AMI %s is not in the approved list: review its hardening", ami.Display())
			}
		}
	},
}
