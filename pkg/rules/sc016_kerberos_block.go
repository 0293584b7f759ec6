package rules

import (
	"strings"

	"github.com/tfemrcheck/tfemrcheck/pkg/model"
)

// missingKeys lists the keys of obj that are absent or empty strings
// (a value known only after apply counts as set).
func missingKeys(obj *model.Value, keys ...string) []string {
	var out []string
	for _, k := range keys {
		if emptyOrAbsent(obj.Get(k)) {
			out = append(out, k)
		}
	}
	return out
}

// SC016 requires complete Kerberos settings.
var SC016 = &Rule{
	ID:       "EMR-SC-016",
	Title:    "the Kerberos configuration must be complete",
	Severity: High,
	Rationale: "KerberosConfiguration needs a Provider and the matching ClusterDedicatedKdcConfiguration or ExternalKdcConfiguration; an " +
		"external KDC needs its KdcServer and AdminServer, and a cross-realm trust needs Realm, Domain, AdminServer and KdcServer " +
		"(EMR Management Guide, create a security configuration; Kerberos). An incomplete block fails at cluster launch.",
	Remediation: "Complete the Kerberos block for the chosen provider.",
	Doc: "Checked only when KerberosConfiguration is present. The block, its Provider, an ExternalKdcConfiguration or a " +
		"CrossRealmTrustConfiguration known only after apply is indeterminate; other values known only after apply count as set. Release minimums (5.10.0, ExternalKdc 5.20.0) are EMR-REL-003's.",
	Bad: exSC(`{
    AuthenticationConfiguration = {
      KerberosConfiguration = {
        Provider = "ExternalKdc"
        ExternalKdcConfiguration = {
          KdcServerType = "Single"
          KdcServer     = "kdc.example.internal"
        }
      }
    }
  }`),
	Good: exSC(`{
    AuthenticationConfiguration = {
      KerberosConfiguration = {
        Provider = "ClusterDedicatedKdc"
        ClusterDedicatedKdcConfiguration = {
          TicketLifetimeInHours = 24
        }
      }
    }
  }`),
	Check: func(p *Pass) {
		withDocument(p, func(sc *model.SecurityConfig) {
			krb := sc.Doc(pathKRB...)
			if krb.IsUnknown() {
				p.Indeterminatef(scAt(sc, krb), "KerberosConfiguration cannot be verified: it depends on %s", blockers(krb))
				return
			}
			if !krb.IsSet() {
				return
			}
			prov := krb.Get("Provider")
			var bad []string
			var unknown []*model.Value
			switch {
			case prov.IsUnknown():
				p.Indeterminatef(scAt(sc, prov), "Kerberos Provider cannot be verified: it depends on %s", blockers(prov))
				return
			case !prov.IsSet():
				bad = append(bad, "KerberosConfiguration has no Provider")
			case enumIs(prov, "ClusterDedicatedKdc"):
				cdk := krb.Get("ClusterDedicatedKdcConfiguration")
				if !cdk.IsSet() {
					bad = append(bad, "Provider ClusterDedicatedKdc without ClusterDedicatedKdcConfiguration")
				}
				switch crt := cdk.Get("CrossRealmTrustConfiguration"); {
				case crt.IsUnknown():
					unknown = append(unknown, crt)
				case crt.IsKnown():
					if m := missingKeys(crt, "Realm", "Domain", "AdminServer", "KdcServer"); len(m) > 0 {
						bad = append(bad, "CrossRealmTrustConfiguration lacks "+strings.Join(m, ", "))
					}
				}
			case enumIs(prov, "ExternalKdc"):
				ext := krb.Get("ExternalKdcConfiguration")
				switch {
				case !ext.IsSet():
					bad = append(bad, "Provider ExternalKdc without ExternalKdcConfiguration")
				case ext.IsUnknown():
					unknown = append(unknown, ext)
				default:
					if m := missingKeys(ext, "KdcServer", "AdminServer"); len(m) > 0 {
						bad = append(bad, "ExternalKdcConfiguration lacks "+strings.Join(m, ", "))
					}
				}
			}
			switch {
			case len(bad) > 0:
				p.Failf(scAt(sc, krb), "%s", strings.Join(bad, "; "))
			case len(unknown) > 0:
				p.Indeterminatef(scAt(sc, unknown[0]), "the Kerberos KDC settings cannot be verified: they depend on %s", blockers(unknown[0]))
			}
		})
	},
}
