package rules

import "github.com/tfemrcheck/tfemrcheck/pkg/model"

// SC007 requires in-transit encryption with a complete TLS certificate provider.
var SC007 = &Rule{
	ID:       "EMR-SC-007",
	Title:    "in-transit encryption must be enabled with a TLS provider",
	Severity: High,
	Rationale: "In-transit encryption is off unless EnableInTransitEncryption is true, and it needs a TLSCertificateConfiguration: PEM and " +
		"Custom providers need S3Object, Custom also CertificateProviderClass (EMR Management Guide, create a security configuration). " +
		"Control Tower CT.EMR.PR.4 and Security Hub EMR.4 require encryption in transit.",
	Remediation: `Set EnableInTransitEncryption = true with TLSCertificateConfiguration { CertificateProviderType = "PEM", S3Object = "s3://…/certs.zip" } (or "EMR").`,
	Doc: "Fails when EnableInTransitEncryption is absent, false or not a boolean; when it is true and the TLS certificate configuration " +
		"or its CertificateProviderType is missing; when a PEM provider has no S3Object; or when a Custom provider lacks S3Object or " +
		"CertificateProviderClass. The EMR provider needs neither. A flag, block or provider type known only after apply is indeterminate; " +
		"an S3Object known only after apply counts as set. Provider types outside the documented set are EMR-SC-003's.",
	Bad: exSC(`{
    EncryptionConfiguration = {
      EnableInTransitEncryption = true
      InTransitEncryptionConfiguration = {
        TLSCertificateConfiguration = {
          CertificateProviderType = "PEM"
        }
      }
    }
  }`),
	Good: exSC(`{
    EncryptionConfiguration = {
      EnableInTransitEncryption = true
      InTransitEncryptionConfiguration = {
        TLSCertificateConfiguration = {
          CertificateProviderType = "PEM"
          S3Object                = "s3://example-config/tls/certs.zip"
        }
      }
    }
  }`),
	Check: func(p *Pass) {
		withDocument(p, func(sc *model.SecurityConfig) {
			flag := sc.Doc(pathECEnableInTransitEncryption...)
			switch docBool(flag) {
			case boolUnknown:
				p.Indeterminatef(scAt(sc, flag), "EnableInTransitEncryption cannot be verified: it depends on %s", blockers(flag))
				return
			case boolFalse, boolMalformed:
				at := scAt(sc, flag)
				state := flag.Display()
				if !flag.IsSet() {
					at, state = scAt(sc, sc.Doc(pathEC...)), "not set (an omitted flag means false)"
				}
				p.Failf(at, "in-transit encryption is not enabled: EnableInTransitEncryption is %s", state)
				return
			}
			tls := sc.Doc(pathTLS...)
			switch {
			case tls.IsUnknown():
				p.Indeterminatef(scAt(sc, tls), "TLSCertificateConfiguration cannot be verified: it depends on %s", blockers(tls))
				return
			case !tls.IsSet():
				p.Failf(scAt(sc, flag), "in-transit encryption is enabled but there is no InTransitEncryptionConfiguration.TLSCertificateConfiguration")
				return
			}
			prov := tls.Get("CertificateProviderType")
			switch {
			case prov.IsUnknown():
				p.Indeterminatef(scAt(sc, prov), "CertificateProviderType cannot be verified: it depends on %s", blockers(prov))
			case !prov.IsSet():
				p.Failf(scAt(sc, tls), "TLSCertificateConfiguration has no CertificateProviderType")
			case enumIs(prov, "PEM"):
				if emptyOrAbsent(tls.Get("S3Object")) {
					p.Failf(scAt(sc, prov), "the PEM certificate provider needs S3Object (the zip with privateKey.pem and certificateChain.pem)")
				}
			case enumIs(prov, "Custom"):
				var missing []string
				for _, k := range []string{"S3Object", "CertificateProviderClass"} {
					if emptyOrAbsent(tls.Get(k)) {
						missing = append(missing, k)
					}
				}
				if len(missing) > 0 {
					p.Failf(scAt(sc, prov), "the Custom certificate provider needs %s", joinSorted(missing))
				}
			}
		})
	},
}
