package rules

import (
	"github.com/tfemrcheck/tfemrcheck/pkg/model"
	"github.com/tfemrcheck/tfemrcheck/pkg/release"
)

// relState is what a rule knows about a cluster's release.
type relState uint8

const (
	relKnown relState = iota
	relUnknown
	relBad // unparseable or missing: EMR-META-003's business
)

// clusterRelease parses the cluster's release_label.
func clusterRelease(c *model.Cluster) (release.Label, relState, *model.Value) {
	v := c.ReleaseLabel()
	if v.IsUnknown() {
		return release.Label{}, relUnknown, v
	}
	s, ok := v.AsString()
	if !ok {
		return release.Label{}, relBad, v
	}
	l, err := release.Parse(s)
	if err != nil {
		return release.Label{}, relBad, v
	}
	return l, relKnown, v
}

// releaseGated calls fn for every cluster whose linked security
// configuration is at least partly known and whose release is known or
// unknown (not unparseable, not a pre-4.0 AMI version: other rules' cases).
// When the content of the cluster's security configuration cannot be seen
// (wholly unknown, created outside the input, or not linkable), the
// cluster is reported as indeterminate if its release lacks the feature
// (supports false) or is itself unknown.
func releaseGated(p *Pass, feature string, supports func(release.Label) bool, fn func(c *model.Cluster, l release.Label, st relState, rel *model.Value)) {
	for _, c := range p.Model.Clusters {
		l, st, rel := clusterRelease(c)
		if st == relBad || st == relKnown && l.AMI {
			continue
		}
		var why string
		switch {
		case c.SC != nil && c.SC.Document != nil:
			fn(c, l, st, rel)
			continue
		case c.SC != nil && c.SC.Configuration.IsUnknown():
			why = "the content of security configuration " + c.SC.Address() + " is " + unknownText(c.SC.Configuration)
		case c.SC != nil:
			continue // not valid JSON: EMR-SC-000
		case c.Link == model.LinkExternal:
			why = "security configuration " + c.SCName.Display() + " is defined outside this input"
		case c.Link == model.LinkUnknown:
			why = "the security configuration cannot be linked: its name is " + unknownText(c.SCName)
		default:
			continue // no security configuration
		}
		switch {
		case st == relUnknown:
			p.Indeterminatef(clusterAt(c, rel), "the release label is %s, and whether the cluster's security configuration uses %s cannot be verified: %s", unknownText(rel), feature, why)
		case !supports(l):
			p.Indeterminatef(clusterAt(c, rel), "release %s lacks %s, and whether the cluster's security configuration uses them cannot be verified: %s", l, feature, why)
		}
	}
}

// unseenSC says why the content of the security configuration a cluster
// uses cannot be read ("" when it can, or when there is none).
func unseenSC(c *model.Cluster) string {
	switch {
	case c.SC != nil && c.SC.Document == nil && c.SC.Configuration.IsUnknown():
		return "the content of security configuration " + c.SC.Address() + " is " + unknownText(c.SC.Configuration)
	case c.SC != nil:
		return ""
	case c.Link == model.LinkExternal:
		return "security configuration " + c.SCName.Display() + " is defined outside this input"
	case c.Link == model.LinkUnknown:
		return "the security configuration cannot be linked: its name is " + unknownText(c.SCName)
	}
	return ""
}
