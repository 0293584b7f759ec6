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
