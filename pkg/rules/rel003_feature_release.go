package rules

import (
	"strings"

	"github.com/tfemrcheck/tfemrcheck/pkg/model"
	"github.com/tfemrcheck/tfemrcheck/pkg/release"
)

// presence is whether a document uses a feature.
type presence uint8

const (
	absentFeature presence = iota
	presentFeature
	unknownFeature
)

func presentIf(v *model.Value) presence {
	switch {
	case v.IsUnknown():
		return unknownFeature
	case v.IsSet():
		return presentFeature
	}
	return absentFeature
}

func presentIfTrue(v *model.Value) presence {
	switch docBool(v) {
	case boolTrue:
		return presentFeature
	case boolUnknown:
		return unknownFeature
	}
	return absentFeature
}

// scFeature is one release-gated feature of a security configuration.
type scFeature struct {
	name string
	min  string
	ok   func(release.Label) bool
	uses func(*model.SecurityConfig) presence
}

var scFeatures = []scFeature{
	{"Kerberos", "emr-5.10.0", release.Label.SupportsKerberos, func(sc *model.SecurityConfig) presence { return presentIf(sc.Doc(pathKRB...)) }},
	{"the ExternalKdc Kerberos provider", "emr-5.20.0", release.Label.SupportsExternalKdc, func(sc *model.SecurityConfig) presence {
		prov := sc.Doc(pathKRBProvider...)
		if prov.IsUnknown() {
			return unknownFeature
		}
		if enumIs(prov, "ExternalKdc") {
			return presentFeature
		}
		return absentFeature
	}},
	{"EMRFS role mappings", "emr-5.10.0", release.Label.SupportsEmrFsRoleMappings, func(sc *model.SecurityConfig) presence { return presentIf(sc.Doc(pathEmrFs...)) }},
	{"Apache Ranger", "emr-5.32.0 (5.x) / emr-6.3.0", release.Label.SupportsRanger, func(sc *model.SecurityConfig) presence { return presentIf(sc.Doc(pathRanger...)) }},
	{"runtime roles", "emr-6.7.0", release.Label.SupportsRuntimeRoles, func(sc *model.SecurityConfig) presence {
		return presentIfTrue(sc.Doc(pathIAMEnableApplicationScopedIAMRole...))
	}},
	{"Lake Formation with runtime roles", "emr-6.7.0", release.Label.SupportsLakeFormationRuntimeRole, func(sc *model.SecurityConfig) presence {
		out := absentFeature
		for _, lf := range lfBlocks(sc) {
			if p := presentIf(lf.Get("AuthorizedSessionTagValue")); p > out {
				out = p
			}
		}
		return out
	}},
	{"legacy (SAML) Lake Formation", "emr-5.31.0", release.Label.SupportsLegacyLakeFormation, func(sc *model.SecurityConfig) presence {
		out := absentFeature
		for _, lf := range lfBlocks(sc) {
			for _, k := range legacyLFKeys {
				if p := presentIf(lf.Get(k)); p > out {
					out = p
				}
			}
		}
		return out
	}},
	{"IAM Identity Center", "emr-6.15.0", release.Label.SupportsIdentityCenter, func(sc *model.SecurityConfig) presence {
		idc := sc.Doc(pathIdC...)
		if !idc.IsSet() {
			return absentFeature
		}
		if idc.IsUnknown() {
			return unknownFeature
		}
		return presentIfTrue(idc.Get("EnableIdentityCenter"))
	}},
}

// REL003 checks that the cluster's release supports the features its
// security configuration uses.
var REL003 = &Rule{
	ID:       "EMR-REL-003",
	Title:    "security configuration feature newer than the release",
	Severity: High,
	Rationale: "Security-configuration features arrived with specific releases: Kerberos and EMRFS role mappings 5.10.0, ExternalKdc " +
		"5.20.0, legacy Lake Formation 5.31.0, Ranger 5.32.0 on 5.x and 6.3.0 on 6.x, runtime roles and Lake Formation with runtime " +
		"roles 6.7.0, IAM Identity Center 6.15.0 (EMR Management Guide: Kerberos; IAM roles for EMRFS; Ranger integration; runtime " +
		"roles; Lake Formation integration; Identity Center). A cluster on an older release fails to launch.",
	Remediation: "Use a release that supports every feature of the security configuration (prefer a current 7.x), or drop the feature.",
	Doc: "On the cluster; release labels compare numerically and the 5.x and 6.x trains are handled separately where they differ (Ranger). " +
		"One finding lists every unsupported feature. The legacy SAML Lake Formation integration on 6.0.0 or later is reported at LOW " +
		"only: the archived documentation said it was not yet available for 6.x, and current AWS documentation does not say. " +
		"A release known only after apply, with any gated feature in use, is indeterminate; so is a feature flag known only after apply " +
		"on a release that lacks it, and a security configuration whose content cannot be read (known only after apply, not linkable, or defined outside the input) " +
		"on a release older than emr-6.15.0 or of unknown release. Pre-4.0 AMI versions are " +
		"EMR-REL-002's; Lake Formation fine-grained permissions on Hudi/Iceberg/Delta (6.15.0) are advisory and not checked.",
	Bad:  SC016.Good + "\n" + exClusterSC("emr-5.9.0", "", exSubnet),
	Good: SC016.Good + "\n" + exClusterSC("emr-7.2.0", "", exSubnet),
	Check: func(p *Pass) {
		releaseGated(p, "some security-configuration features", release.Label.SupportsIdentityCenter, func(c *model.Cluster, l release.Label, st relState, rel *model.Value) {
			var bad, warn, unknown, used []string
			for _, f := range scFeatures {
				use := f.uses(c.SC)
				if use == absentFeature {
					continue
				}
				if st == relUnknown {
					used = append(used, f.name)
					continue
				}
				switch {
				case f.ok(l) && f.name == "legacy (SAML) Lake Formation" && l.LegacyLakeFormationUncertain() && use == presentFeature:
					warn = append(warn, f.name)
				case f.ok(l):
				case use == presentFeature:
					bad = append(bad, f.name+" (needs "+f.min+")")
				default:
					unknown = append(unknown, f.name+" (needs "+f.min+")")
				}
			}
			switch {
			case len(used) > 0:
				p.Indeterminatef(clusterAt(c, rel), "security configuration %s uses %s, and the release label is %s", c.SC.Address(), strings.Join(used, ", "), unknownText(rel))
			case len(bad) > 0:
				p.Failf(clusterAt(c, rel), "release %s does not support what security configuration %s uses: %s", l, c.SC.Address(), strings.Join(bad, ", "))
			case len(warn) > 0:
				p.FailSeverityf(Low, clusterAt(c, rel), "security configuration %s uses the legacy SAML Lake Formation integration on %s; the archived documentation said it is not available on 6.x and later, which is unconfirmed", c.SC.Address(), l)
			case len(unknown) > 0:
				p.Indeterminatef(clusterAt(c, rel), "release %s lacks %s; whether security configuration %s uses them cannot be verified: the values that say so are unknown", l, strings.Join(unknown, ", "), c.SC.Address())
			}
		})
	},
}
