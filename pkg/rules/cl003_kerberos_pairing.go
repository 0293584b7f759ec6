package rules

import "github.com/tfemrcheck/tfemrcheck/pkg/model"

// blockSet reports whether a block attribute is written (a non-empty list
// or an object) and whether it is unknown (which counts as written).
func blockSet(v *model.Value) bool {
	switch {
	case v.IsUnknown():
		return true
	case !v.IsKnown():
		return false
	case v.Kind == model.KindList:
		return len(v.Elems) > 0
	}
	return v.Kind == model.KindObject
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
		"A KerberosConfiguration known only after apply is indeterminate for a cluster without kerberos_attributes. A cluster whose " +
		"configuration is not in the input, or wholly unknown, is reported by EMR-CL-002 only.",
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
		for _, c := range p.Model.Clusters {
			ka := c.Resource.Attr("kerberos_attributes")
			hasKA := blockSet(ka)
			if hasKA {
				switch l, st, rel := clusterRelease(c); {
				case st == relUnknown:
					p.Indeterminatef(clusterAt(c, rel), "the cluster uses Kerberos and its release label is known only after apply (it depends on %s); Kerberos needs emr-5.10.0", blockers(rel))
				case st == relKnown && !l.SupportsKerberos():
					p.Failf(clusterAt(c, rel), "release %s is older than emr-5.10.0, which introduced Kerberos, but the cluster has kerberos_attributes", l)
				}
			}
			switch c.Link {
			case model.LinkNone:
				if hasKA {
					p.Failf(clusterAt(c, ka), "the cluster has kerberos_attributes but no security configuration with Kerberos settings")
				}
				continue
			case model.LinkResolved:
			default:
				continue
			}
			if c.SC.Document == nil {
				continue
			}
			krb := c.SC.Doc(pathKRB...)
			switch {
			case krb.IsUnknown():
				if !hasKA {
					p.Indeterminatef(clusterAt(c, c.SCName), "whether security configuration %s has Kerberos settings cannot be verified (it depends on %s); the cluster has no kerberos_attributes", c.SC.Address(), blockers(krb))
				}
			case hasKA && !krb.IsSet():
				p.Failf(clusterAt(c, ka), "the cluster has kerberos_attributes but security configuration %s has no KerberosConfiguration", c.SC.Address())
			case !hasKA && krb.IsSet():
				p.Failf(clusterAt(c, c.SCName), "security configuration %s has KerberosConfiguration but the cluster has no kerberos_attributes", c.SC.Address())
			}
		}
	},
}
