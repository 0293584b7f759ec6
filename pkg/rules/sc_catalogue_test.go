package rules_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tfemrcheck/tfemrcheck/pkg/model"
	"github.com/tfemrcheck/tfemrcheck/pkg/rules"
)

const (
	keyA = "arn:aws:kms:eu-west-1:111122223333:key/00000000-0000-0000-0000-000000000000"
	keyB = "arn:aws:kms:us-east-1:111122223333:key/00000000-0000-0000-0000-000000000001"
)

func ec(fields string) string { return `{"EncryptionConfiguration":{` + fields + `}}` }

// at builds an at-rest document with the given S3 and local-disk objects ("" = none).
func at(flag, s3obj, ldobj string) string {
	f := ""
	if flag != "" {
		f = `"EnableAtRestEncryption":` + flag + `,`
	}
	var parts []string
	if s3obj != "" {
		parts = append(parts, `"S3EncryptionConfiguration":`+s3obj)
	}
	if ldobj != "" {
		parts = append(parts, `"LocalDiskEncryptionConfiguration":`+ldobj)
	}
	ar := ""
	for i, p := range parts {
		if i > 0 {
			ar += ","
		}
		ar += p
	}
	return ec(f + `"AtRestEncryptionConfiguration":{` + ar + `}`)
}

func tls(flag, tlsobj string) string {
	return ec(`"EnableInTransitEncryption":` + flag + `,"InTransitEncryptionConfiguration":{"TLSCertificateConfiguration":` + tlsobj + `}`)
}

var (
	s3KMS  = `{"EncryptionMode":"SSE-KMS","AwsKmsKey":"` + keyA + `"}`
	ldGood = `{"EncryptionKeyProviderType":"AwsKms","AwsKmsKey":"` + keyA + `","EnableEbsEncryption":true}`
	pathAR = []any{"EncryptionConfiguration", "AtRestEncryptionConfiguration"}
	pathS3 = []any{"EncryptionConfiguration", "AtRestEncryptionConfiguration", "S3EncryptionConfiguration"}
	pathLD = []any{"EncryptionConfiguration", "AtRestEncryptionConfiguration", "LocalDiskEncryptionConfiguration"}
)

func p(base []any, more ...any) []any { return append(append([]any{}, base...), more...) }

func TestSC004AtRest(t *testing.T) {
	id := "EMR-SC-004"
	runCases(t, rules.SC004, []ruleCase{
		{"enabled", doc(at("true", s3KMS, "")), nil},
		{"string true", doc(at(`"true"`, s3KMS, "")), nil},
		{"flag omitted", doc(at("", s3KMS, "")), failSC(id)},
		{"flag false", doc(at("false", s3KMS, "")), failSC(id)},
		{"string false", doc(at(`"false"`, s3KMS, "")), failSC(id)},
		{"malformed yes", doc(at(`"yes"`, s3KMS, "")), failSC(id)},
		{"malformed 1", doc(at(`1`, s3KMS, "")), failSC(id)},
		{"no encryption at all", doc(`{}`), failSC(id)},
		{"enabled without block", doc(ec(`"EnableAtRestEncryption":true`)), failSC(id)},
		{"enabled empty block", doc(at("true", "", "")), failSC(id)},
		{"unknown flag", docWith(at("true", s3KMS, ""), unk("var.enc"), "EncryptionConfiguration", "EnableAtRestEncryption"), indetSC(id)},
		{"unknown block counts as set", docWith(at("true", s3KMS, ""), unk("var.ar"), p(pathAR)...), nil},
		{"wholly unknown is CL-002's", doc("?"), nil},
	})
}

func TestSC005S3KMS(t *testing.T) {
	id := "EMR-SC-005"
	runCases(t, rules.SC005, []ruleCase{
		{"sse-kms", doc(at("true", s3KMS, "")), nil},
		{"cse-kms", doc(at("true", `{"EncryptionMode":"CSE-KMS","AwsKmsKey":"k"}`, "")), nil},
		{"sse-s3", doc(at("true", `{"EncryptionMode":"SSE-S3"}`, "")), failSC(id)},
		{"cse-custom", doc(at("true", `{"EncryptionMode":"CSE-Custom"}`, "")), failSC(id)},
		{"no s3 block", doc(at("true", "", ldGood)), failSC(id)},
		{"no mode", doc(at("true", `{"AwsKmsKey":"k"}`, "")), failSC(id)},
		{"sse-c is SC-001's", doc(at("true", `{"EncryptionMode":"SSE-C"}`, "")), nil},
		{"unknown mode", docWith(at("true", s3KMS, ""), unk("var.mode"), p(pathS3, "EncryptionMode")...), indetSC(id)},
		{"unknown block", docWith(at("true", s3KMS, ""), unk("var.s3"), p(pathS3)...), indetSC(id)},
	})
	m := scModel(t, at("true", `{"EncryptionMode":"SSE-S3"}`, ""))
	fs := findings(t, m, nil, rules.SC005)
	require.Len(t, fs, 1)
	assert.Equal(t, rules.High, fs[0].Severity)
	params := rules.Defaults()
	params.AllowSSES3 = true
	fs = findings(t, m, &params, rules.SC005)
	require.Len(t, fs, 1)
	assert.Equal(t, rules.Medium, fs[0].Severity, "SSE-S3 allowed by policy is MEDIUM")
	fs = findings(t, scModel(t, at("true", `{"EncryptionMode":"CSE-Custom"}`, "")), nil, rules.SC005)
	require.Len(t, fs, 1)
	assert.Equal(t, rules.Medium, fs[0].Severity, "CSE-Custom is MEDIUM")
}

func TestSC006LocalDisk(t *testing.T) {
	id := "EMR-SC-006"
	runCases(t, rules.SC006, []ruleCase{
		{"complete", doc(at("true", "", ldGood)), nil},
		{"ebs as string", doc(at("true", "", `{"EncryptionKeyProviderType":"AwsKms","AwsKmsKey":"k","EnableEbsEncryption":"true"}`)), nil},
		{"no ld", doc(at("true", s3KMS, "")), failSC(id)},
		{"custom provider", doc(at("true", "", `{"EncryptionKeyProviderType":"Custom","EnableEbsEncryption":true}`)), failSC(id)},
		{"no ebs", doc(at("true", "", `{"EncryptionKeyProviderType":"AwsKms","AwsKmsKey":"k"}`)), failSC(id)},
		{"ebs false string", doc(at("true", "", `{"EncryptionKeyProviderType":"AwsKms","AwsKmsKey":"k","EnableEbsEncryption":"false"}`)), failSC(id)},
		{"unknown ebs", docWith(at("true", "", ldGood), unk("var.ebs"), p(pathLD, "EnableEbsEncryption")...), indetSC(id)},
		{"unknown ebs but custom fails", docWith(at("true", "", `{"EncryptionKeyProviderType":"Custom"}`), unk("var.ebs"), p(pathLD, "EnableEbsEncryption")...), failSC(id)},
		{"unknown ld", docWith(at("true", "", ldGood), unk("var.ld"), p(pathLD)...), indetSC(id)},
	})
}

func TestSC007InTransit(t *testing.T) {
	id := "EMR-SC-007"
	runCases(t, rules.SC007, []ruleCase{
		{"pem", doc(tls("true", `{"CertificateProviderType":"PEM","S3Object":"s3://b/c.zip"}`)), nil},
		{"emr", doc(tls("true", `{"CertificateProviderType":"EMR"}`)), nil},
		{"custom complete", doc(tls(`"true"`, `{"CertificateProviderType":"Custom","S3Object":"s3://b/p.jar","CertificateProviderClass":"x.Y"}`)), nil},
		{"off", doc(tls("false", `{"CertificateProviderType":"EMR"}`)), failSC(id)},
		{"omitted", doc(`{}`), failSC(id)},
		{"pem without object", doc(tls("true", `{"CertificateProviderType":"PEM"}`)), failSC(id)},
		{"custom without class", doc(tls("true", `{"CertificateProviderType":"Custom","S3Object":"s3://b/p.jar"}`)), failSC(id)},
		{"no tls block", doc(ec(`"EnableInTransitEncryption":true`)), failSC(id)},
		{"no provider", doc(tls("true", `{}`)), failSC(id)},
		{"unknown flag", docWith(tls("true", `{"CertificateProviderType":"EMR"}`), unk("var.tls"), "EncryptionConfiguration", "EnableInTransitEncryption"), indetSC(id)},
		{"unknown provider", docWith(tls("true", `{"CertificateProviderType":"EMR"}`), unk("var.p"), "EncryptionConfiguration", "InTransitEncryptionConfiguration", "TLSCertificateConfiguration", "CertificateProviderType"), indetSC(id)},
		{"unknown s3object counts as set", docWith(tls("true", `{"CertificateProviderType":"PEM","S3Object":"x"}`), unk("aws_s3_object.c.id"), "EncryptionConfiguration", "InTransitEncryptionConfiguration", "TLSCertificateConfiguration", "S3Object"), nil},
	})
}

func TestSC010CustomProviders(t *testing.T) {
	id := "EMR-SC-010"
	cse := `{"EncryptionMode":"CSE-Custom","S3Object":"s3://b/p.jar","EncryptionKeyProviderClass":"x.S3"}`
	runCases(t, rules.SC010, []ruleCase{
		{"complete", doc(at("true", cse, "")), nil},
		{"kms mode ignored", doc(at("true", s3KMS, "")), nil},
		{"no class", doc(at("true", `{"EncryptionMode":"CSE-Custom","S3Object":"s3://b/p.jar"}`, "")), failSC(id)},
		{"ld custom incomplete", doc(at("true", "", `{"EncryptionKeyProviderType":"Custom","S3Object":"s3://b/p.jar"}`)), failSC(id)},
		{"ld custom complete", doc(at("true", "", `{"EncryptionKeyProviderType":"Custom","S3Object":"s3://b/p.jar","EncryptionKeyProviderClass":"x.LD"}`)), nil},
		{"alias spelling", doc(at("true", `{"EncryptionMode":"CSE-Custom","CustomProviderLocation":"s3://b/p.jar","CustomProviderClass":"x.S3"}`, "")), failSC(id)},
		{"same class", doc(at("true", cse, `{"EncryptionKeyProviderType":"Custom","S3Object":"s3://b/p.jar","EncryptionKeyProviderClass":"x.S3"}`)), failSC(id)},
		{"override inherits default provider", doc(at("true", `{"EncryptionMode":"CSE-Custom","S3Object":"s3://b/p.jar","EncryptionKeyProviderClass":"x.S3","Overrides":[{"BucketName":"b","EncryptionMode":"CSE-Custom"}]}`, "")), nil},
		{"override without provider", doc(at("true", `{"EncryptionMode":"SSE-KMS","AwsKmsKey":"k","Overrides":[{"BucketName":"b","EncryptionMode":"CSE-Custom"}]}`, "")), failSC(id)},
		{"unknown mode without keys", docWith(at("true", `{"EncryptionMode":"SSE-KMS","AwsKmsKey":"k"}`, ""), unk("var.mode"), p(pathS3, "EncryptionMode")...), indetSC(id)},
	})
	fs := findings(t, scModel(t, at("true", `{"EncryptionMode":"CSE-Custom","CustomProviderLocation":"s3://b/p.jar","CustomProviderClass":"x.S3"}`, "")), nil, rules.SC010)
	require.Len(t, fs, 1)
	assert.Equal(t, rules.Low, fs[0].Severity, "alias spelling is a warning")
}

func TestSC011Overrides(t *testing.T) {
	id := "EMR-SC-011"
	ov := func(def, over string) string {
		return at("true", `{"EncryptionMode":"`+def+`","AwsKmsKey":"k","Overrides":[`+over+`]}`, "")
	}
	runCases(t, rules.SC011, []ruleCase{
		{"no overrides", doc(at("true", s3KMS, "")), nil},
		{"equal strength", doc(ov("SSE-KMS", `{"BucketName":"b","EncryptionMode":"CSE-KMS","AwsKmsKey":"k"}`)), nil},
		{"stronger", doc(ov("SSE-S3", `{"BucketName":"b","EncryptionMode":"SSE-KMS","AwsKmsKey":"k"}`)), nil},
		{"weaker", doc(ov("SSE-KMS", `{"BucketName":"b","EncryptionMode":"SSE-S3"}`)), failSC(id)},
		{"custom review", doc(ov("SSE-KMS", `{"BucketName":"b","EncryptionMode":"CSE-Custom"}`)), failSC(id)},
		{"arn bucket", doc(ov("SSE-KMS", `{"BucketName":"arn:aws:s3:::b","EncryptionMode":"SSE-KMS","AwsKmsKey":"k"}`)), failSC(id)},
		{"no bucket", doc(ov("SSE-KMS", `{"EncryptionMode":"SSE-KMS","AwsKmsKey":"k"}`)), failSC(id)},
		{"duplicate", doc(ov("SSE-KMS", `{"BucketName":"b","EncryptionMode":"SSE-KMS","AwsKmsKey":"k"},{"BucketName":"b","EncryptionMode":"CSE-KMS","AwsKmsKey":"k"}`)), []string{"EMR-SC-011 fail " + scAddr}},
		{"unknown override mode", func(t *testing.T) *model.Model {
			m := scModel(t, ov("SSE-KMS", `{"BucketName":"b","EncryptionMode":"SSE-KMS","AwsKmsKey":"k"}`), "emr-7.2.0")
			m.SecurityConfigs[0].Document.Get(p(pathS3, "Overrides", 0)...).Set("EncryptionMode", unk("var.mode"))
			return m
		}, indetSC(id)},
	})
	fs := findings(t, scModel(t, ov("SSE-KMS", `{"BucketName":"b","EncryptionMode":"CSE-Custom"}`)), nil, rules.SC011)
	require.Len(t, fs, 1)
	assert.Equal(t, rules.Medium, fs[0].Severity)
}

func TestSC012KeyFormat(t *testing.T) {
	id := "EMR-SC-012"
	withKey := func(k string) string { return at("true", `{"EncryptionMode":"SSE-KMS","AwsKmsKey":"`+k+`"}`, "") }
	runCases(t, rules.SC012, []ruleCase{
		{"key arn", doc(withKey(keyA)), nil},
		{"gov partition", doc(withKey("arn:aws-us-gov:kms:us-gov-west-1:111122223333:key/abc")), nil},
		{"alias arn", doc(withKey("arn:aws:kms:eu-west-1:111122223333:alias/emr")), failSC(id)},
		{"alias name", doc(withKey("alias/emr")), failSC(id)},
		{"garbage", doc(withKey("my-key")), failSC(id)},
		{"two regions", doc(at("true", `{"EncryptionMode":"SSE-KMS","AwsKmsKey":"`+keyA+`"}`, `{"EncryptionKeyProviderType":"AwsKms","AwsKmsKey":"`+keyB+`"}`)), failSC(id)},
		{"resource region differs", func(t *testing.T) *model.Model {
			m := scModel(t, withKey(keyA), "emr-7.2.0")
			m.SecurityConfigs[0].Resource.Attrs.Set("region", model.NewString("us-east-1"))
			return m
		}, failSC(id)},
		{"kms key reference", docWith(withKey(keyA), unk("aws_kms_key.emr.arn"), p(pathS3, "AwsKmsKey")...), nil},
		{"variable key", docWith(withKey(keyA), unk("var.key"), p(pathS3, "AwsKmsKey")...), indetSC(id)},
	})
	fs := findings(t, scModel(t, withKey("alias/emr")), nil, rules.SC012)
	require.Len(t, fs, 1)
	assert.Equal(t, rules.Low, fs[0].Severity, "alias is a warning")
	params := rules.Defaults()
	params.AllowedKMSKeys = []string{keyB}
	assert.Equal(t, failSC(id), lines(findings(t, scModel(t, withKey(keyA)), &params, rules.SC012)))
}

func lines(fs []rules.Finding) []string {
	var out []string
	for _, f := range fs {
		out = append(out, f.RuleID+" "+string(f.Status)+" "+f.Address)
	}
	return out
}

func TestSC013CertificateLifetime(t *testing.T) {
	id := "EMR-SC-013"
	tlsPath := []any{"EncryptionConfiguration", "InTransitEncryptionConfiguration", "TLSCertificateConfiguration"}
	runCases(t, rules.SC013, []ruleCase{
		{"bounded", doc(tls("true", `{"CertificateProviderType":"EMR","ValidityInDays":365}`)), nil},
		{"pem ignored", doc(tls("true", `{"CertificateProviderType":"PEM","S3Object":"s3://b/c.zip"}`)), nil},
		{"default 20 years", doc(tls("true", `{"CertificateProviderType":"EMR"}`)), failSC(id)},
		{"too long", doc(tls("true", `{"CertificateProviderType":"EMR","ValidityInDays":3650}`)), failSC(id)},
		{"not a number", doc(tls("true", `{"CertificateProviderType":"EMR","ValidityInDays":"365"}`)), failSC(id)},
		{"unknown days", docWith(tls("true", `{"CertificateProviderType":"EMR","ValidityInDays":1}`), unk("var.days"), p(tlsPath, "ValidityInDays")...), indetSC(id)},
		{"unknown provider", docWith(tls("true", `{"CertificateProviderType":"EMR"}`), unk("var.p"), p(tlsPath, "CertificateProviderType")...), indetSC(id)},
	})
}

func TestSC014IMDS(t *testing.T) {
	id := "EMR-SC-014"
	imds := func(fields string) string { return `{"InstanceMetadataServiceConfiguration":{` + fields + `}}` }
	runCases(t, rules.SC014, []ruleCase{
		{"v2", doc(imds(`"MinimumInstanceMetadataServiceVersion":2,"HttpPutResponseHopLimit":1`)), nil},
		{"missing block", doc(`{}`), failSC(id)},
		{"v1", doc(imds(`"MinimumInstanceMetadataServiceVersion":1,"HttpPutResponseHopLimit":1`)), failSC(id)},
		{"no hop limit", doc(imds(`"MinimumInstanceMetadataServiceVersion":2`)), failSC(id)},
		{"no version", doc(imds(`"HttpPutResponseHopLimit":1`)), failSC(id)},
		{"hop limit above policy", doc(imds(`"MinimumInstanceMetadataServiceVersion":2,"HttpPutResponseHopLimit":2`)), failSC(id)},
		{"unknown version", docWith(imds(`"MinimumInstanceMetadataServiceVersion":2,"HttpPutResponseHopLimit":1`), unk("var.v"), "InstanceMetadataServiceConfiguration", "MinimumInstanceMetadataServiceVersion"), indetSC(id)},
	})
	fs := findings(t, scModel(t, imds(`"MinimumInstanceMetadataServiceVersion":2,"HttpPutResponseHopLimit":2`)), nil, rules.SC014)
	require.Len(t, fs, 1)
	assert.Equal(t, rules.Low, fs[0].Severity, "hop limit is a warning")
}

func TestSC015Schema(t *testing.T) {
	id := "EMR-SC-015"
	runCases(t, rules.SC015, []ruleCase{
		{"well formed", doc(at("true", s3KMS, ldGood)), nil},
		{"string booleans", doc(at(`"True"`, s3KMS, "")), nil},
		{"identity center both spellings", doc(`{"AuthenticationConfiguration":{"IdentityCenterConfiguration":{"EnableIdentityCenter":true,"IdentityCenterApplicationAssigmentRequired":true,"IdentityCenterApplicationAssignmentRequired":false,"SomethingNew":1}}}`), nil},
		{"alias keys", doc(at("true", `{"EncryptionMode":"CSE-Custom","CustomProviderLocation":"s3://b/p.jar","CustomProviderClass":"x"}`, "")), nil},
		{"typo key", doc(ec(`"enableAtRestEncryption":true`)), failSC(id)},
		{"unknown top level", doc(`{"SecureByDefault":true}`), failSC(id)},
		{"malformed boolean", doc(at(`"yes"`, s3KMS, "")), failSC(id)},
		{"number boolean", doc(at(`1`, s3KMS, "")), failSC(id)},
		{"wrong type", doc(`{"InstanceMetadataServiceConfiguration":{"MinimumInstanceMetadataServiceVersion":"2","HttpPutResponseHopLimit":1}}`), failSC(id)},
		{"override keys", doc(at("true", `{"EncryptionMode":"SSE-KMS","AwsKmsKey":"k","Overrides":[{"Bucket":"b"}]}`, "")), failSC(id)},
		{"unknown object", docWith(at("true", s3KMS, ""), unk("var.s3"), p(pathS3)...), indetSC(id)},
		{"unknown scalar of unknown type", docWith(at("true", s3KMS, ""), unk("var.mode"), p(pathS3, "EncryptionMode")...), indetSC(id)},
		{"unknown string from a resource", docWith(at("true", s3KMS, ""), unk("aws_kms_key.emr.arn"), p(pathS3, "AwsKmsKey")...), nil},
		{"unknown string from a module's resource", docWith(at("true", s3KMS, ""), unk(`module.kms["a"].aws_kms_key.emr.arn`), p(pathS3, "AwsKmsKey")...), nil},
		{"unknown string from a variable", docWith(at("true", s3KMS, ""), unk("var.key (no value given)"), p(pathS3, "AwsKmsKey")...), indetSC(id)},
	})
	fs := findings(t, scModel(t, ec(`"enableAtRestEncryption":true,"EnableInTransitEncryption":"yes"`)), nil, rules.SC015)
	require.Len(t, fs, 1)
	assert.Contains(t, fs[0].Message, "did you mean EnableAtRestEncryption")
	assert.Contains(t, fs[0].Message, `EncryptionConfiguration.EnableInTransitEncryption is "yes"`)
}

func TestSC016Kerberos(t *testing.T) {
	id := "EMR-SC-016"
	krb := func(k string) string { return `{"AuthenticationConfiguration":{"KerberosConfiguration":` + k + `}}` }
	runCases(t, rules.SC016, []ruleCase{
		{"no kerberos", doc(`{}`), nil},
		{"dedicated", doc(krb(`{"Provider":"ClusterDedicatedKdc","ClusterDedicatedKdcConfiguration":{"TicketLifetimeInHours":24}}`)), nil},
		{"external complete", doc(krb(`{"Provider":"ExternalKdc","ExternalKdcConfiguration":{"KdcServerType":"Single","KdcServer":"k","AdminServer":"a"}}`)), nil},
		{"dedicated without config", doc(krb(`{"Provider":"ClusterDedicatedKdc"}`)), failSC(id)},
		{"external without admin", doc(krb(`{"Provider":"ExternalKdc","ExternalKdcConfiguration":{"KdcServer":"k"}}`)), failSC(id)},
		{"external without config", doc(krb(`{"Provider":"ExternalKdc"}`)), failSC(id)},
		{"incomplete trust", doc(krb(`{"Provider":"ClusterDedicatedKdc","ClusterDedicatedKdcConfiguration":{"CrossRealmTrustConfiguration":{"Realm":"R"}}}`)), failSC(id)},
		{"no provider", doc(krb(`{"ClusterDedicatedKdcConfiguration":{}}`)), failSC(id)},
		{"unknown provider", docWith(krb(`{"Provider":"ClusterDedicatedKdc"}`), unk("var.p"), "AuthenticationConfiguration", "KerberosConfiguration", "Provider"), indetSC(id)},
	})
}

const krbDedicated = `"AuthenticationConfiguration":{"KerberosConfiguration":{"Provider":"ClusterDedicatedKdc","ClusterDedicatedKdcConfiguration":{"TicketLifetimeInHours":24}}}`

func TestSC017Ranger(t *testing.T) {
	id := "EMR-SC-017"
	ranger := `"AuthorizationConfiguration":{"RangerConfiguration":{"AdminServerURL":"https://r:6182","RoleForRangerPluginsARN":"a","RoleForOtherAWSServicesARN":"b","AdminServerSecretARN":"c","RangerPluginConfigurations":[{"App":"Spark"}]}}`
	runCases(t, rules.SC017, []ruleCase{
		{"no ranger", doc(`{}`), nil},
		{"with kerberos", doc(`{` + krbDedicated + `,` + ranger + `}`), nil},
		{"without kerberos", doc(`{` + ranger + `}`), failSC(id)},
		{"incomplete", doc(`{` + krbDedicated + `,"AuthorizationConfiguration":{"RangerConfiguration":{"AdminServerURL":"https://r:6182"}}}`), failSC(id)},
		{"unknown kerberos", docWith(`{`+krbDedicated+`,`+ranger+`}`, unk("var.krb"), "AuthenticationConfiguration", "KerberosConfiguration"), indetSC(id)},
	})
}

func TestSC018LakeFormation(t *testing.T) {
	id := "EMR-SC-018"
	lf := `"LakeFormationConfiguration":{"AuthorizedSessionTagValue":"Amazon EMR"}`
	rr := `"IAMConfiguration":{"EnableApplicationScopedIAMRole":true}`
	legacy := `"LakeFormationConfiguration":{"IdpMetadataS3Path":"s3://b/idp.xml","EmrRoleForUsersARN":"a","LakeFormationRoleForSAMLPrincipalARN":"b"}`
	runCases(t, rules.SC018, []ruleCase{
		{"no lake formation", doc(`{}`), nil},
		{"runtime roles on", doc(`{"AuthorizationConfiguration":{` + rr + `,` + lf + `}}`), nil},
		{"runtime roles off", doc(`{"AuthorizationConfiguration":{` + lf + `}}`), failSC(id)},
		{"top-level placement", doc(`{"AuthorizationConfiguration":{` + rr + `},` + lf + `}`), nil},
		{"bad tag value", doc(`{"AuthorizationConfiguration":{` + rr + `,"LakeFormationConfiguration":{"AuthorizedSessionTagValue":"EMR"}}}`), failSC(id)},
		{"legacy with kerberos", doc(`{` + krbDedicated + `,` + legacy + `}`), nil},
		{"legacy without kerberos", doc(`{` + legacy + `}`), failSC(id)},
		{"unknown runtime roles", docWith(`{"AuthorizationConfiguration":{`+rr+`,`+lf+`}}`, unk("var.rr"), "AuthorizationConfiguration", "IAMConfiguration", "EnableApplicationScopedIAMRole"), indetSC(id)},
	})
}

func TestCL006KerberosWithInTransit(t *testing.T) {
	id := "EMR-CL-006"
	it := tls("true", `{"CertificateProviderType":"EMR"}`)
	runCases(t, rules.CL006, []ruleCase{
		{"in transit with kerberos", doc(`{` + krbDedicated + `,` + it[1:]), nil},
		{"no in transit", doc(`{}`), nil},
		{"in transit without kerberos", doc(it), failSC(id)},
		{"unknown flag", docWith(it, unk("var.tls"), "EncryptionConfiguration", "EnableInTransitEncryption"), indetSC(id)},
	})
}
