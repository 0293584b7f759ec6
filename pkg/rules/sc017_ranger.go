package rules

import (
	"strings"

	"github.com/tfemrcheck/tfemrcheck/pkg/model"
)

// SC017 requires Kerberos and complete settings for Apache Ranger.
var SC017 = &Rule{
	ID:       "EMR-SC-017",
	Title:    "the Ranger integration needs Kerberos and complete settings",
	Severity: High,
	Rationale: "The Apache Ranger integration requires Kerberos (cluster-dedicated or external KDC) and the admin server URL, the two IAM " +
		"roles, the admin server secret and at least one plugin configuration (EMR Management Guide, Ranger integration).",
	Remediation: "Add AuthenticationConfiguration.KerberosConfiguration and complete RangerConfiguration.",
	Doc: "Checked only when AuthorizationConfiguration.RangerConfiguration is present. Fails when KerberosConfiguration is absent, or when " +
		"AdminServerURL, RoleForRangerPluginsARN, RoleForOtherAWSServicesARN, AdminServerSecretARN or a non-empty " +
		"RangerPluginConfigurations is missing. A Ranger or Kerberos block known only after apply is indeterminate. Release minimums " +
		"(5.32.0 on 5.x, 6.3.0 on 6.x) are EMR-REL-003's.",
	Bad: exSC(`{
    AuthorizationConfiguration = {
      RangerConfiguration = {
        AdminServerURL             = "https://ranger.example.internal:6182"
        RoleForRangerPluginsARN    = "arn:aws:iam::111122223333:role/ranger-plugins"
        RoleForOtherAWSServicesARN = "arn:aws:iam::111122223333:role/ranger-other"
        AdminServerSecretARN       = "arn:aws:secretsmanager:eu-west-1:111122223333:secret:ranger-admin"
        RangerPluginConfigurations = [
          { App = "Spark", ClientSecretARN = "arn:aws:secretsmanager:eu-west-1:111122223333:secret:ranger-spark", PolicyRepositoryName = "spark" }
        ]
      }
    }
  }`),
	Good: exSC(`{
    AuthenticationConfiguration = {
      KerberosConfiguration = {
        Provider                         = "ClusterDedicatedKdc"
        ClusterDedicatedKdcConfiguration = { TicketLifetimeInHours = 24 }
      }
    }
    AuthorizationConfiguration = {
      RangerConfiguration = {
        AdminServerURL             = "https://ranger.example.internal:6182"
        RoleForRangerPluginsARN    = "arn:aws:iam::111122223333:role/ranger-plugins"
        RoleForOtherAWSServicesARN = "arn:aws:iam::111122223333:role/ranger-other"
        AdminServerSecretARN       = "arn:aws:secretsmanager:eu-west-1:111122223333:secret:ranger-admin"
        RangerPluginConfigurations = [
          { App = "Spark", ClientSecretARN = "arn:aws:secretsmanager:eu-west-1:111122223333:secret:ranger-spark", PolicyRepositoryName = "spark" }
        ]
      }
    }
  }`),
	Check: func(p *Pass) {
		withDocument(p, func(sc *model.SecurityConfig) {
			ranger := sc.Doc(pathRanger...)
			if !ranger.IsSet() {
				return
			}
			if ranger.IsUnknown() {
				p.Indeterminatef(scAt(sc, ranger), "RangerConfiguration cannot be verified: it depends on %s", blockers(ranger))
				return
			}
			var bad []string
			krb := sc.Doc(pathKRB...)
			if !krb.IsSet() {
				bad = append(bad, "Ranger requires Kerberos but there is no AuthenticationConfiguration.KerberosConfiguration")
			}
			missing := missingKeys(ranger, "AdminServerURL", "RoleForRangerPluginsARN", "RoleForOtherAWSServicesARN", "AdminServerSecretARN")
			if plugins := ranger.Get("RangerPluginConfigurations"); !plugins.IsUnknown() && len(elems(plugins)) == 0 {
				missing = append(missing, "RangerPluginConfigurations")
			}
			if len(missing) > 0 {
				bad = append(bad, "RangerConfiguration lacks "+strings.Join(missing, ", "))
			}
			switch {
			case len(bad) > 0:
				p.Failf(scAt(sc, ranger), "%s", strings.Join(bad, "; "))
			case krb.IsUnknown():
				p.Indeterminatef(scAt(sc, krb), "Ranger is configured and whether Kerberos is cannot be verified: KerberosConfiguration is %s", unknownText(krb))
			}
		})
	},
}
