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
// A wholly unknown configuration on a release that lacks the feature
// (supports false) is reported as indeterminate.
func releaseGated(p *Pass, feature string, supports func(release.Label) bool, fn func(c *model.Cluster, l release.Label, st relState, rel *model.Value)) {
	for _, c := range p.Model.Clusters {
		if c.SC == nil {
			continue
		}
		l, st, rel := clusterRelease(c)
		if st == relBad || st == relKnown && l.AMI {
			continue
		}
		if c.SC.Document == nil {
			if c.SC.Configuration.IsUnknown() && st == relKnown && !supports(l) {
				p.Indeterminatef(clusterAt(c, rel), "release %s lacks %s and the content of security configuration %s is known only after apply (it depends on %s)", l, feature, c.SC.Address(), blockers(c.SC.Configuration))
			}
			continue
		}
		fn(c, l, st, rel)
	}
}
