package secconf

// Type is the JSON type the reference (§1) documents for a key.
type Type uint8

const (
	// String is a JSON string.
	String Type = iota + 1
	// Bool is a JSON boolean; the strings "true" and "false" are accepted
	// too, as in AWS's own CSE-Custom example (reference §1.1).
	Bool
	// Integer is a whole JSON number.
	Integer
	// Object is a JSON object; its keys are described at the key's own path.
	Object
	// Array is a JSON array; Field.Elem is the element type, and object
	// elements are described at the path with "[]" appended.
	Array
)

func (t Type) String() string {
	switch t {
	case String:
		return "string"
	case Bool:
		return "boolean"
	case Integer:
		return "integer"
	case Object:
		return "object"
	case Array:
		return "array"
	}
	return "type"
}

// Field is one documented key.
type Field struct {
	Type Type
	// Elem is the element type of an Array.
	Elem Type
	// AliasOf names the canonical key when this key is an accepted but
	// unverified alternative spelling (reference §1.2.2, §1.3.2).
	AliasOf string
}

// ObjectSchema lists the known keys of one object in the document.
type ObjectSchema struct {
	Fields map[string]Field
	// Open objects accept unknown keys without a finding (the reference
	// asks for lenient parsing of Identity Center settings, §1.3.2).
	Open bool
}

// Paths of the documented objects, as used by Schema: keys joined with
// ".", "[]" after an array whose elements are objects. "" is the top level.
const (
	PathRoot           = ""
	PathEncryption     = "EncryptionConfiguration"
	PathInTransit      = "EncryptionConfiguration.InTransitEncryptionConfiguration"
	PathTLS            = "EncryptionConfiguration.InTransitEncryptionConfiguration.TLSCertificateConfiguration"
	PathTLSSecretTags  = PathTLS + ".SecretTags[]"
	PathWAL            = "EncryptionConfiguration.EMRWALEncryptionConfiguration"
	PathAtRest         = "EncryptionConfiguration.AtRestEncryptionConfiguration"
	PathS3             = PathAtRest + ".S3EncryptionConfiguration"
	PathS3Overrides    = PathS3 + ".Overrides[]"
	PathLocalDisk      = PathAtRest + ".LocalDiskEncryptionConfiguration"
	PathAuthentication = "AuthenticationConfiguration"
	PathKerberos       = "AuthenticationConfiguration.KerberosConfiguration"
	PathDedicatedKdc   = PathKerberos + ".ClusterDedicatedKdcConfiguration"
	PathCrossRealm     = PathDedicatedKdc + ".CrossRealmTrustConfiguration"
	PathExternalKdc    = PathKerberos + ".ExternalKdcConfiguration"
	PathAdIntegration  = PathExternalKdc + ".AdIntegrationConfiguration"
	PathIdentityCenter = "AuthenticationConfiguration.IdentityCenterConfiguration"
	PathAuthorization  = "AuthorizationConfiguration"
	PathEmrFs          = "AuthorizationConfiguration.EmrFsConfiguration"
	PathRoleMappings   = PathEmrFs + ".RoleMappings[]"
	PathIAM            = "AuthorizationConfiguration.IAMConfiguration"
	PathIAMScoped      = PathIAM + ".ApplicationScopedIAMRoleConfiguration"
	PathLakeFormation  = "AuthorizationConfiguration.LakeFormationConfiguration"
	PathLakeFormation0 = "LakeFormationConfiguration" // legacy top-level placement
	PathRanger         = "AuthorizationConfiguration.RangerConfiguration"
	PathRangerPlugins  = PathRanger + ".RangerPluginConfigurations[]"
	PathRangerAudit    = PathRanger + ".AuditConfiguration"
	PathRangerDest     = PathRangerAudit + ".Destinations"
	PathRangerCWL      = PathRangerDest + ".AmazonCloudWatchLogs"
	PathIMDS           = "InstanceMetadataServiceConfiguration"
)

func fields(kv ...any) map[string]Field {
	out := make(map[string]Field, len(kv)/2)
	for i := 0; i+1 < len(kv); i += 2 {
		switch f := kv[i+1].(type) {
		case Type:
			out[kv[i].(string)] = Field{Type: f}
		case Field:
			out[kv[i].(string)] = f
		}
	}
	return out
}

func arrayOf(t Type) Field { return Field{Type: Array, Elem: t} }

func alias(t Type, of string) Field { return Field{Type: t, AliasOf: of} }

// Schema returns the known keys of every documented object of an EMR
// (on EC2) security configuration (reference §1), keyed by path (see the
// Path constants). The map is new on each call.
func Schema() map[string]*ObjectSchema {
	lakeFormation := func() *ObjectSchema {
		return &ObjectSchema{Fields: fields(
			// Runtime-role integration (§1.4.3).
			"AuthorizedSessionTagValue", String,
			"EnableLakeFormation", Bool,
			// Legacy SAML federation.
			"IdpMetadataS3Path", String,
			"EmrRoleForUsersARN", String,
			"LakeFormationRoleForSAMLPrincipalARN", String,
		)}
	}
	s3Keys := func(override bool) *ObjectSchema {
		f := fields(
			"EncryptionMode", String,
			"AwsKmsKey", String,
			"S3Object", String,
			"EncryptionKeyProviderClass", String,
			// Legacy --emrfs spellings, accepted as unverified aliases (§1.2.2).
			"CustomProviderLocation", alias(String, "S3Object"),
			"CustomProviderClass", alias(String, "EncryptionKeyProviderClass"),
		)
		if override {
			f["BucketName"] = Field{Type: String}
		} else {
			f["Overrides"] = arrayOf(Object)
		}
		return &ObjectSchema{Fields: f}
	}
	return map[string]*ObjectSchema{
		PathRoot: {Fields: fields(
			"EncryptionConfiguration", Object,
			"AuthenticationConfiguration", Object,
			"AuthorizationConfiguration", Object,
			"LakeFormationConfiguration", Object,
			"InstanceMetadataServiceConfiguration", Object,
		)},
		PathEncryption: {Fields: fields(
			"EnableInTransitEncryption", Bool,
			"EnableAtRestEncryption", Bool,
			"InTransitEncryptionConfiguration", Object,
			"AtRestEncryptionConfiguration", Object,
			"EMRWALEncryptionConfiguration", Object,
		)},
		PathInTransit: {Fields: fields("TLSCertificateConfiguration", Object)},
		PathTLS: {Fields: fields(
			"CertificateProviderType", String,
			"S3Object", String,
			"CertificateProviderClass", String,
			"AwsKmsKey", String,
			"SecretTags", arrayOf(Object),
			"ValidityInDays", Integer,
			"WildcardDnsSuffix", String,
		)},
		PathTLSSecretTags: {Fields: fields("Key", String, "Value", String)},
		PathWAL:           {Fields: fields("AwsKmsKey", String)},
		PathAtRest: {Fields: fields(
			"S3EncryptionConfiguration", Object,
			"LocalDiskEncryptionConfiguration", Object,
		)},
		PathS3:          s3Keys(false),
		PathS3Overrides: s3Keys(true),
		PathLocalDisk: {Fields: fields(
			"EncryptionKeyProviderType", String,
			"AwsKmsKey", String,
			"EnableEbsEncryption", Bool,
			"S3Object", String,
			"EncryptionKeyProviderClass", String,
		)},
		PathAuthentication: {Fields: fields(
			"KerberosConfiguration", Object,
			"IdentityCenterConfiguration", Object,
		)},
		PathKerberos: {Fields: fields(
			"Provider", String,
			"ClusterDedicatedKdcConfiguration", Object,
			"ExternalKdcConfiguration", Object,
		)},
		PathDedicatedKdc: {Fields: fields(
			"TicketLifetimeInHours", Integer,
			"CrossRealmTrustConfiguration", Object,
		)},
		PathCrossRealm: {Fields: fields(
			"Realm", String, "Domain", String, "AdminServer", String, "KdcServer", String,
		)},
		PathExternalKdc: {Fields: fields(
			"TicketLifetimeInHours", Integer,
			"KdcServerType", String,
			"AdminServer", String,
			"KdcServer", String,
			"AdIntegrationConfiguration", Object,
		)},
		PathAdIntegration: {Fields: fields("AdRealm", String, "AdDomain", String, "AdServer", String)},
		PathIdentityCenter: {Open: true, Fields: fields(
			"EnableIdentityCenter", Bool,
			"IdentityCenterInstanceARN", String,
			"IAMRoleForEMRIdentityCenterApplicationARN", String,
			// AWS spells this key both ways; which one the service honours
			// is an open question (§6.1), so both are known.
			"IdentityCenterApplicationAssigmentRequired", Bool,
			"IdentityCenterApplicationAssignmentRequired", Bool,
			"EnableUserBackgroundSession", Bool,
		)},
		PathAuthorization: {Fields: fields(
			"EmrFsConfiguration", Object,
			"IAMConfiguration", Object,
			"LakeFormationConfiguration", Object,
			"RangerConfiguration", Object,
		)},
		PathEmrFs:        {Fields: fields("RoleMappings", arrayOf(Object))},
		PathRoleMappings: {Fields: fields("Role", String, "IdentifierType", String, "Identifiers", arrayOf(String))},
		PathIAM: {Fields: fields(
			"EnableApplicationScopedIAMRole", Bool,
			"ApplicationScopedIAMRoleConfiguration", Object,
		)},
		// ExternalId is generated by EMR and returned by
		// DescribeSecurityConfiguration (§1.4.2); a document copied from
		// that output carries it.
		PathIAMScoped:      {Fields: fields("PropagateSourceIdentity", Bool, "ExternalId", String)},
		PathLakeFormation:  lakeFormation(),
		PathLakeFormation0: lakeFormation(),
		PathRanger: {Fields: fields(
			"AdminServerURL", String,
			"RoleForRangerPluginsARN", String,
			"RoleForOtherAWSServicesARN", String,
			"AdminServerSecretARN", String,
			"RangerPluginConfigurations", arrayOf(Object),
			"AuditConfiguration", Object,
		)},
		PathRangerPlugins: {Fields: fields("App", String, "ClientSecretARN", String, "PolicyRepositoryName", String)},
		PathRangerAudit:   {Fields: fields("Destinations", Object)},
		PathRangerDest:    {Fields: fields("AmazonCloudWatchLogs", Object)},
		PathRangerCWL:     {Fields: fields("CloudWatchLogGroup", String)},
		PathIMDS: {Fields: fields(
			"MinimumInstanceMetadataServiceVersion", Integer,
			"HttpPutResponseHopLimit", Integer,
		)},
	}
}

// ChildPath returns the schema path of key under the object at path.
func ChildPath(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}
