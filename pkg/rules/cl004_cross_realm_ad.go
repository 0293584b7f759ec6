package rules

import (
	"strings"

	"github.com/tfemrcheck/tfemrcheck/pkg/model"
)

// exCrossRealm is a security configuration with a cross-realm trust and
// the KDC password variable, shared by CL004's examples.
const exCrossRealm = `resource "aws_emr_security_configuration" "example" {
  name = "example"
  configuration = jsonencode({
    AuthenticationConfiguration = {
      KerberosConfiguration = {
        Provider = "ClusterDedicatedKdc"
        ClusterDedicatedKdcConfiguration = {
          TicketLifetimeInHours = 24
          CrossRealmTrustConfiguration = {
            Realm       = "AD.EXAMPLE.COM"
            Domain      = "ad.example.com"
            AdminServer = "ad.example.com"
            KdcServer   = "ad.example.com"
          }
        }
      }
    }
  })
}

variable "kdc_admin_password" {
  type      = string
  sensitive = true
}
`

// CL004 requires the cluster-side secrets for cross-realm trust and AD.
var CL004 = &Rule{
	ID:       "EMR-CL-004",
	Title:    "cross-realm and AD settings need cluster attributes",
	Severity: Medium,
	Rationale: "A cross-realm trust in the security configuration needs cross_realm_trust_principal_password in the cluster's " +
		"kerberos_attributes, and Active Directory integration needs ad_domain_join_user and ad_domain_join_password (EMR Management " +
		"Guide, Kerberos; EMR API Reference, KerberosAttributes).",
	Remediation: "Supply the attributes in kerberos_attributes, from a secret store (aws_secretsmanager_secret_version) or a sensitive variable without default.",
	Doc: "On the cluster. Cluster attributes known only after apply count as set. When what the security configuration asks for " +
		"cannot be seen, and the cluster lacks one of the attributes, the finding is indeterminate: a Kerberos, trust or AD block known " +
		"only after apply, a configuration whose content is known only after apply, a name that cannot be linked, and a configuration " +
		"created outside the input that the policy file does not approve (approved_security_configurations).",
	Bad: exCrossRealm + `
` + exClusterSC("emr-7.2.0", `
  kerberos_attributes {
    realm              = "EC2.INTERNAL"
    kdc_admin_password = var.kdc_admin_password
  }
`, exSubnet),
	Good: exCrossRealm + `
variable "cross_realm_password" {
  type      = string
  sensitive = true
}

` + exClusterSC("emr-7.2.0", `
  kerberos_attributes {
    realm                                = "EC2.INTERNAL"
    kdc_admin_password                   = var.kdc_admin_password
    cross_realm_trust_principal_password = var.cross_realm_password
  }
`, exSubnet),
	Check: func(p *Pass) {
		approved := approvedSCs(p)
		for _, c := range p.Model.Clusters {
			kb := blockOf(c.Resource, "kerberos_attributes")
			has := func(a string) bool { return kb.Get(a).IsSet() }
			lacksAny := kb.IsUnknown() || !has("cross_realm_trust_principal_password") || !has("ad_domain_join_user") || !has("ad_domain_join_password")
			unverifiable := func(why string) {
				if lacksAny {
					p.Indeterminatef(clusterAt(c, c.SCName), "whether the cluster's security configuration configures a cross-realm trust or Active Directory integration, which need attributes in kerberos_attributes, cannot be verified: %s", why)
				}
			}
			switch c.Link {
			case model.LinkNone:
				continue
			case model.LinkExternal:
				if name, _ := c.SCName.AsString(); !approved[name] {
					unverifiable("security configuration " + c.SCName.Display() + " is not defined in this input")
				}
				continue
			case model.LinkUnknown:
				unverifiable("its name is " + unknownText(c.SCName) + " and it cannot be linked")
				continue
			}
			if c.SC.Document == nil {
				if c.SC.Configuration.IsUnknown() {
					unverifiable("the configuration of " + c.SC.Address() + " is " + unknownText(c.SC.Configuration))
				}
				continue // not valid JSON: EMR-SC-000
			}
			krb := c.SC.Doc(pathKRB...)
			switch {
			case krb.IsUnknown():
				unverifiable("the KerberosConfiguration of " + c.SC.Address() + " is " + unknownText(krb))
				continue
			case !krb.IsSet():
				continue
			}
			crt := krb.Get("ClusterDedicatedKdcConfiguration", "CrossRealmTrustConfiguration")
			ad := krb.Get("ExternalKdcConfiguration", "AdIntegrationConfiguration")
			if !crt.IsSet() && !ad.IsSet() {
				continue
			}
			if kb.IsUnknown() {
				p.Indeterminatef(clusterAt(c, c.Resource.Attr("kerberos_attributes")), "security configuration %s may need cross-realm or AD attributes and the cluster's kerberos_attributes is %s", c.SC.Address(), unknownText(kb))
				continue
			}
			var need, maybe []string
			var unknownAt *model.Value
			if !has("cross_realm_trust_principal_password") {
				switch {
				case crt.IsUnknown():
					maybe, unknownAt = append(maybe, "cross_realm_trust_principal_password"), crt
				case crt.IsSet():
					need = append(need, "cross_realm_trust_principal_password")
				}
			}
			for _, a := range []string{"ad_domain_join_user", "ad_domain_join_password"} {
				if has(a) {
					continue
				}
				switch {
				case ad.IsUnknown():
					maybe, unknownAt = append(maybe, a), ad
				case ad.IsSet():
					need = append(need, a)
				}
			}
			switch {
			case len(need) > 0:
				what := "a cross-realm trust"
				if ad.IsKnown() {
					what = "Active Directory integration"
				}
				p.Failf(clusterAt(c, c.Resource.Attr("kerberos_attributes")), "security configuration %s configures %s but kerberos_attributes lacks %s", c.SC.Address(), what, strings.Join(need, ", "))
			case len(maybe) > 0:
				p.Indeterminatef(clusterAt(c, c.SCName), "kerberos_attributes lacks %s, and whether security configuration %s needs it cannot be verified: %s", strings.Join(maybe, ", "), c.SC.Address(), blockers(unknownAt))
			}
		}
	},
}
