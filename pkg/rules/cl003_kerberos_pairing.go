package rules

import "github.com/tfemrcheck/tfemrcheck/pkg/model"

// blockState says whether a block attribute is written (a non-empty
// list or an object), absent (also null or an empty list), or known only
// after apply.
func blockState(v *model.Value) presence {
	switch {
	case v.IsUnknown():
		return unknownFeature
	case !v.IsKnown():
		return absentFeature
	case v.Kind == model.KindList && len(v.Elems()) == 0:
		return absentFeature
	case v.Kind == model.KindList:
		if v.Elems()[0].IsUnknown() {
			return unknownFeature
		}
		return presentFeature
	case v.Kind == model.KindObject:
		return presentFeature
	}
	return absentFeature
}

// approvedSCs returns the policy's approved external security configurations.
func approvedSCs(p *Pass) map[string]bool {
	approved := map[string]bool{}
	for _, n := range p.Params.ApprovedSecurityConfigurations {
		approved[n] = true
	}
	return approved
}

// CL003 pairs kerberos_attributes with a Kerberos security configuration.
var CL003 = &Rule{
	ID:       "EMR-CL-003",
	Title:    "kerberos_attributes and a Kerberos configuration go together",
	Severity: Critical,
	Rationale: "A security configuration with Kerberos settings can only be used by a cluster created with Kerberos attributes, and the " +
		"other way round; specifying one without the other is an error, and Kerberos needs emr-5.10.0 or later (EMR Management Guide, " +
		"create a security configuration; Kerberos). AWS Config emr-kerberos-enabled checks that clusters use Kerberos.",
	Remediation: "Add the missing half (kerberos_attributes on the cluster, or KerberosConfiguration in its security configuration) and use emr-5.10.0 or later.",
	Doc: "On the cluster. Fails when the cluster has kerberos_attributes but no security configuration or one without " +
		"KerberosConfiguration; when the linked configuration has KerberosConfiguration but the cluster has no kerberos_attributes; " +
		"and when a cluster with kerberos_attributes uses a release older than emr-5.10.0 (an unknown release is indeterminate). " +
		"Whatever the pairing depends on that cannot be seen gives an indeterminate finding: kerberos_attributes or a " +
		"KerberosConfiguration known only after apply, a security configuration whose content is known only after apply, one whose " +
		"name cannot be linked, and one created outside the input, unless the policy file approves it by name " +
		"(approved_security_configurations): an approved configuration is trusted to match its clusters.",
	Bad: `resource "aws_emr_security_configuration" "example" {
  name = "example"
  configuration = jsonencode({
    AuthenticationConfiguration = {
      KerberosConfiguration = {
        Provider                         = "ClusterDedicatedKdc"
        ClusterDedicatedKdcConfiguration = { TicketLifetimeInHours = 24 }
      }
    }
  })
}

` + exClusterSC("emr-7.2.0", "", exSubnet),
	Good: `resource "aws_emr_security_configuration" "example" {
  name = "example"
  configuration = jsonencode({
    AuthenticationConfiguration = {
      KerberosConfiguration = {
        Provider                         = "ClusterDedicatedKdc"
        ClusterDedicatedKdcConfiguration = { TicketLifetimeInHours = 24 }
      }
    }
  })
}

variable "kdc_admin_password" {
  type      = string
  sensitive = true
}

` + exClusterSC("emr-7.2.0", `
  kerberos_attributes {
    realm              = "EC2.INTERNAL"
    kdc_admin_password = var.kdc_admin_password
  }
`, exSubnet),
	Check: func(p *Pass) {
		approved := approvedSCs(p)
		for _, c := range p.Model.Clusters {
			ka := c.Resource.Attr("kerberos_attributes")
			kaSt := blockState(ka)
			if kaSt != absentFeature {
				switch l, st, rel := clusterRelease(c); {
				case st == relUnknown:
					p.Indeterminatef(clusterAt(c, rel), "the cluster may use Kerberos and its release label is %s; Kerberos needs emr-5.10.0", unknownText(rel))
				case st == relKnown && !l.SupportsKerberos() && kaSt == presentFeature:
					p.Failf(clusterAt(c, rel), "release %s is older than emr-5.10.0, which introduced Kerberos, but the cluster has kerberos_attributes", l)
				case st == relKnown && !l.SupportsKerberos():
					p.Indeterminatef(clusterAt(c, ka), "release %s is older than emr-5.10.0, which introduced Kerberos, and whether the cluster has kerberos_attributes is %s", l, unknownText(ka))
				}
			}
			if kaSt == unknownFeature {
				p.Indeterminatef(clusterAt(c, ka), "whether the cluster has kerberos_attributes, which must match its security configuration's Kerberos settings, is %s", unknownText(ka))
				continue
			}
			hasKA := kaSt == presentFeature
			switch c.Link {
			case model.LinkNone:
				if hasKA {
					p.Failf(clusterAt(c, ka), "the cluster has kerberos_attributes but no security configuration with Kerberos settings")
				}
				continue
			case model.LinkExternal:
				if name, _ := c.SCName.AsString(); !approved[name] {
					p.Indeterminatef(clusterAt(c, c.SCName), "security configuration %s is not defined in this input: whether it has Kerberos settings, which must match the cluster's kerberos_attributes, cannot be verified", c.SCName.Display())
				}
				continue
			case model.LinkUnknown:
				p.Indeterminatef(clusterAt(c, c.SCName), "the security configuration cannot be linked (its name is %s): whether it has Kerberos settings, which must match the cluster's kerberos_attributes, cannot be verified", unknownText(c.SCName))
				continue
			}
			if c.SC.Document == nil {
				if c.SC.Configuration.IsUnknown() {
					p.Indeterminatef(clusterAt(c, c.SCName), "whether security configuration %s has Kerberos settings, which must match the cluster's kerberos_attributes, cannot be verified: its configuration is %s", c.SC.Address(), unknownText(c.SC.Configuration))
				}
				continue // not valid JSON: EMR-SC-000
			}
			krb := c.SC.Doc(pathKRB...)
			switch {
			case krb.IsUnknown():
				p.Indeterminatef(clusterAt(c, c.SCName), "whether security configuration %s has Kerberos settings, which must match the cluster's kerberos_attributes, cannot be verified: they are %s", c.SC.Address(), unknownText(krb))
			case hasKA && !krb.IsSet():
				p.Failf(clusterAt(c, ka), "the cluster has kerberos_attributes but security configuration %s has no KerberosConfiguration", c.SC.Address())
			case !hasKA && krb.IsSet():
				p.Failf(clusterAt(c, c.SCName), "security configuration %s has KerberosConfiguration but the cluster has no kerberos_attributes", c.SC.Address())
			}
		}
	},
}
