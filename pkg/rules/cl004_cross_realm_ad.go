package rules

import "strings"

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
	Doc: "On the cluster, for a linked security configuration whose content is known. A trust or AD block known only after apply counts " +
		"as present; cluster attributes known only after apply count as set. A Kerberos block known only after apply, with the cluster " +
		"attributes missing, is indeterminate.",
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
		for _, c := range p.Model.Clusters {
			if c.SC == nil || c.SC.Document == nil {
				continue
			}
			krb := c.SC.Doc(pathKRB...)
			if !krb.IsSet() {
				continue
			}
			kb := blockOf(c.Resource, "kerberos_attributes")
			var need []string
			crt := krb.Get("ClusterDedicatedKdcConfiguration", "CrossRealmTrustConfiguration")
			ad := krb.Get("ExternalKdcConfiguration", "AdIntegrationConfiguration")
			if crt.IsSet() && !kb.Get("cross_realm_trust_principal_password").IsSet() {
				need = append(need, "cross_realm_trust_principal_password")
			}
			if ad.IsSet() {
				for _, a := range []string{"ad_domain_join_user", "ad_domain_join_password"} {
					if !kb.Get(a).IsSet() {
						need = append(need, a)
					}
				}
			}
			switch {
			case len(need) > 0 && !krb.IsUnknown():
				what := "a cross-realm trust"
				if ad.IsSet() {
					what = "Active Directory integration"
				}
				p.Failf(clusterAt(c, c.Resource.Attr("kerberos_attributes")), "security configuration %s configures %s but kerberos_attributes lacks %s", c.SC.Address(), what, strings.Join(need, ", "))
			case krb.IsUnknown():
				missing := false
				for _, a := range []string{"cross_realm_trust_principal_password", "ad_domain_join_user", "ad_domain_join_password"} {
					missing = missing || !kb.Get(a).IsSet()
				}
				if missing {
					p.Indeterminatef(clusterAt(c, c.SCName), "whether security configuration %s needs cross-realm or AD attributes cannot be verified: it depends on %s", c.SC.Address(), blockers(krb))
				}
			}
		}
	},
}
