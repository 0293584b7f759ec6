package rules

import (
	"strings"

	"github.com/tfemrcheck/tfemrcheck/pkg/model"
)

// lfBlocks returns the LakeFormationConfiguration objects at both
// placements (under AuthorizationConfiguration and, legacy, top level).
func lfBlocks(sc *model.SecurityConfig) []*model.Value {
	var out []*model.Value
	for _, path := range [][]any{pathLF, pathLFTop} {
		if v := sc.Doc(path...); v.IsSet() {
			out = append(out, v)
		}
	}
	return out
}

var legacyLFKeys = []string{"IdpMetadataS3Path", "EmrRoleForUsersARN", "LakeFormationRoleForSAMLPrincipalARN"}

// SC018 checks Lake Formation prerequisites.
var SC018 = &Rule{
	ID:       "EMR-SC-018",
	Title:    "prerequisites of Lake Formation must be configured",
	Severity: Medium,
	Rationale: "The runtime-role Lake Formation integration (AuthorizedSessionTagValue, the literal \"Amazon EMR\") must be paired with " +
		"runtime roles, IAMConfiguration.EnableApplicationScopedIAMRole = true; the legacy SAML integration requires a cluster-dedicated " +
		"KDC without cross-realm trust (EMR Management Guide, Lake Formation integration; runtime roles).",
	Remediation: "Enable runtime roles for the runtime-role integration, or a cluster-dedicated Kerberos KDC for the legacy SAML integration.",
	Doc: "LakeFormationConfiguration is looked for both under AuthorizationConfiguration and at the top level: AWS documents both " +
		"placements in different pages and does not say which the API accepts, so both are checked the same way. Runtime-role variant: fails when " +
		"AuthorizedSessionTagValue is set and EnableApplicationScopedIAMRole is not true, or when the tag value is not \"Amazon EMR\". " +
		"Legacy variant (IdpMetadataS3Path, EmrRoleForUsersARN, LakeFormationRoleForSAMLPrincipalARN): fails without a ClusterDedicatedKdc " +
		"Kerberos provider or with a cross-realm trust. Values known only after apply are indeterminate. Release minimums are EMR-REL-003's.",
	Bad: exSC(`{
    AuthorizationConfiguration = {
      LakeFormationConfiguration = {
        AuthorizedSessionTagValue = "Amazon EMR"
      }
    }
  }`),
	Good: exSC(`{
    AuthorizationConfiguration = {
      IAMConfiguration = {
        EnableApplicationScopedIAMRole = true
      }
      LakeFormationConfiguration = {
        AuthorizedSessionTagValue = "Amazon EMR"
      }
    }
  }`),
	Check: func(p *Pass) {
		withDocument(p, func(sc *model.SecurityConfig) {
			for _, lf := range lfBlocks(sc) {
				if lf.IsUnknown() {
					p.Indeterminatef(scAt(sc, lf), "LakeFormationConfiguration cannot be verified: it depends on %s", blockers(lf))
					continue
				}
				var bad, unknown []string
				if tag := lf.Get("AuthorizedSessionTagValue"); tag.IsSet() {
					if s, ok := tag.AsString(); ok && s != "Amazon EMR" {
						bad = append(bad, "AuthorizedSessionTagValue is "+tag.Display()+", the documentation requires \"Amazon EMR\"")
					}
					rr := sc.Doc(pathIAMEnableApplicationScopedIAMRole...)
					switch docBool(rr) {
					case boolUnknown:
						unknown = append(unknown, "EnableApplicationScopedIAMRole ("+blockers(rr)+")")
					case boolTrue:
					default:
						bad = append(bad, "Lake Formation with runtime roles needs IAMConfiguration.EnableApplicationScopedIAMRole = true (it is "+rr.Display()+")")
					}
				}
				legacy := false
				for _, k := range legacyLFKeys {
					legacy = legacy || lf.Get(k).IsSet()
				}
				if legacy {
					prov := sc.Doc(pathKRBProvider...)
					crt := sc.Doc(pathKRBClusterDedicatedKdcConfigurationCrossRealmTrustConfiguration...)
					switch {
					case prov.IsUnknown():
						unknown = append(unknown, "Kerberos Provider ("+blockers(prov)+")")
					case !enumIs(prov, "ClusterDedicatedKdc"):
						bad = append(bad, "the legacy SAML Lake Formation integration needs a ClusterDedicatedKdc Kerberos provider (it is "+prov.Display()+")")
					case crt.IsSet():
						bad = append(bad, "the legacy SAML Lake Formation integration does not support a cross-realm trust")
					}
				}
				switch {
				case len(bad) > 0:
					p.Failf(scAt(sc, lf), "%s", strings.Join(bad, "; "))
				case len(unknown) > 0:
					p.Indeterminatef(scAt(sc, lf), "Lake Formation prerequisites cannot be verified, these values are unknown: %s", strings.Join(unknown, ", "))
				}
			}
		})
	},
}
