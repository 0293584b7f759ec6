package rules

import "github.com/tfemrcheck/tfemrcheck/pkg/model"

// CL006 recommends Kerberos alongside in-transit encryption.
var CL006 = &Rule{
	ID:       "EMR-CL-006",
	Title:    "in-transit encryption should come with Kerberos",
	Severity: Low,
	Targets:  []string{model.TypeSecurityConfiguration},
	Rationale: "Some EMR endpoints protect their traffic with SASL, which needs Kerberos; AWS recommends enabling both in-transit " +
		"encryption and Kerberos for full coverage (EMR Management Guide, understanding in-transit encryption).",
	Remediation: "Add AuthenticationConfiguration.KerberosConfiguration where the cluster's applications need it.",
	Doc: "On the security configuration: fails when EnableInTransitEncryption is true and there is no KerberosConfiguration. A flag known " +
		"only after apply, without Kerberos, is indeterminate; a Kerberos block known only after apply counts as present. Note that from " +
		"emr-7.3.0 in-transit encryption with Kerberos breaks Spark applications using the Hive metastore unless " +
		"hive.metastore.use.SSL=false (which EMR-CL-007 then reports as a recorded exception to review).",
	Bad: SC007.Good,
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
    AuthenticationConfiguration = {
      KerberosConfiguration = {
        Provider                         = "ClusterDedicatedKdc"
        ClusterDedicatedKdcConfiguration = { TicketLifetimeInHours = 24 }
      }
    }
  }`),
	Check: func(p *Pass) {
		withDocument(p, func(sc *model.SecurityConfig) {
			if sc.Doc(pathKRB...).IsSet() {
				return
			}
			flag := sc.Doc(pathECEnableInTransitEncryption...)
			switch docBool(flag) {
			case boolTrue:
				p.Failf(scAt(sc, flag), "in-transit encryption is enabled without Kerberos: endpoints that rely on SASL stay unencrypted")
			case boolUnknown:
				p.Indeterminatef(scAt(sc, flag), "EnableInTransitEncryption cannot be verified (it depends on %s) and there is no Kerberos configuration", blockers(flag))
			}
		})
	},
}
