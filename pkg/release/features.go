package release

// Feature minimums of reference §2.1, as predicates over the label. An AMI
// version (pre-4.0) supports none of them.

// SupportsPrivateSubnet: launching in a private subnet needs emr-4.2.0.
func (l Label) SupportsPrivateSubnet() bool { return !l.AMI && l.AtLeast("emr-4.2.0") }

// SupportsCustomAMI: custom_ami_id needs emr-5.7.0.
func (l Label) SupportsCustomAMI() bool { return !l.AMI && l.AtLeast("emr-5.7.0") }

// SupportsKerberos: Kerberos (cluster-dedicated KDC) and kerberos_attributes
// need emr-5.10.0.
func (l Label) SupportsKerberos() bool { return !l.AMI && l.AtLeast("emr-5.10.0") }

// SupportsExternalKdc: the ExternalKdc provider needs emr-5.20.0.
func (l Label) SupportsExternalKdc() bool { return !l.AMI && l.AtLeast("emr-5.20.0") }

// SupportsEmrFsRoleMappings: EmrFsConfiguration role mappings need emr-5.10.0.
func (l Label) SupportsEmrFsRoleMappings() bool { return !l.AMI && l.AtLeast("emr-5.10.0") }

// SupportsEBSEncryption: EnableEbsEncryption needs emr-5.24.0.
func (l Label) SupportsEBSEncryption() bool { return !l.AMI && l.AtLeast("emr-5.24.0") }

// SupportsRuntimeRoles: IAMConfiguration runtime roles need emr-6.7.0.
func (l Label) SupportsRuntimeRoles() bool { return !l.AMI && l.AtLeast("emr-6.7.0") }

// SupportsLakeFormationRuntimeRole: Lake Formation with runtime roles
// (AuthorizedSessionTagValue) needs emr-6.7.0.
func (l Label) SupportsLakeFormationRuntimeRole() bool { return !l.AMI && l.AtLeast("emr-6.7.0") }

// SupportsLegacyLakeFormation: the SAML-based Lake Formation integration
// needs emr-5.31.0. Whether 6.x and later support it is an open question
// (reference §6.8); LegacyLakeFormationUncertain reports those releases.
func (l Label) SupportsLegacyLakeFormation() bool { return !l.AMI && l.AtLeast("emr-5.31.0") }

// LegacyLakeFormationUncertain reports releases (6.0.0 and later) on which
// the archived documentation said the legacy integration was not yet
// available.
func (l Label) LegacyLakeFormationUncertain() bool { return !l.AMI && l.Major >= 6 }

// SupportsIdentityCenter: IAM Identity Center integration needs emr-6.15.0.
func (l Label) SupportsIdentityCenter() bool { return !l.AMI && l.AtLeast("emr-6.15.0") }
