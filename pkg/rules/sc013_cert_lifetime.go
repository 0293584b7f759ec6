package rules

import "github.com/tfemrcheck/tfemrcheck/pkg/model"

// SC013 bounds the lifetime of EMR-managed certificates.
var SC013 = &Rule{
	ID:       "EMR-SC-013",
	Title:    "lifetime of EMR-managed certificates must be bounded",
	Severity: Low,
	Rationale: "With CertificateProviderType EMR, EMR creates the CA and certificates; ValidityInDays defaults to 20 years, and on expiry the " +
		"security configuration must be deleted and re-created (EMR Management Guide, create a security configuration). A PKI policy " +
		"normally bounds certificate lifetime.",
	Remediation: "Set TLSCertificateConfiguration.ValidityInDays within the organisation's maximum and plan the security-configuration rotation.",
	Doc: "Applies when CertificateProviderType is EMR. Fails when ValidityInDays is absent (20-year default), not a whole number, or " +
		"greater than the policy's max_certificate_validity_days (default 397). A provider type or validity known only after apply is " +
		"indeterminate. AWS does not document the release that introduced the EMR provider, so no release gate is applied.",
	Bad: exSC(`{
    EncryptionConfiguration = {
      EnableInTransitEncryption = true
      InTransitEncryptionConfiguration = {
        TLSCertificateConfiguration = {
          CertificateProviderType = "EMR"
        }
      }
    }
  }`),
	Good: exSC(`{
    EncryptionConfiguration = {
      EnableInTransitEncryption = true
      InTransitEncryptionConfiguration = {
        TLSCertificateConfiguration = {
          CertificateProviderType = "EMR"
          ValidityInDays          = 365
        }
      }
    }
  }`),
	Check: func(p *Pass) {
		limit := int64(p.Params.MaxCertificateValidityDays)
		withDocument(p, func(sc *model.SecurityConfig) {
			tls := sc.Doc(pathTLS...)
			prov := tls.Get("CertificateProviderType")
			days := tls.Get("ValidityInDays")
			n, isInt := days.AsInt(false)
			inLimit := isInt && n >= 1 && (limit <= 0 || n <= limit)
			switch {
			case prov.IsUnknown():
				if !inLimit {
					p.Indeterminatef(scAt(sc, prov), "CertificateProviderType cannot be verified (it depends on %s) and ValidityInDays is %s", blockers(prov), days.Display())
				}
				return
			case !enumIs(prov, "EMR"):
				return
			}
			switch {
			case days.IsUnknown():
				p.Indeterminatef(scAt(sc, days), "ValidityInDays of the EMR-managed certificates cannot be verified: it depends on %s", blockers(days))
			case !days.IsSet():
				p.Failf(scAt(sc, prov), "EMR-managed certificates without ValidityInDays are valid for 20 years (policy maximum %d days)", limit)
			case !isInt || n < 1:
				p.Failf(scAt(sc, days), "ValidityInDays is %s, not a positive whole number of days", days.Display())
			case !inLimit:
				p.Failf(scAt(sc, days), "ValidityInDays is %d, more than the policy maximum of %d days", n, limit)
			}
		})
	},
}
