package rules_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tfemrcheck/tfemrcheck/pkg/model"
	"github.com/tfemrcheck/tfemrcheck/pkg/rules"
)

// The cases issue 12 lists, each as a table row: a value some rule reads
// is unknown, and the rule must say so (or fail, where a known value
// already decides). TestUnknownIsNeverAPassNorAFail proves the property
// in general; these rows pin the listed cases and their messages.

const sseCOverride = `{"BucketName":"b","EncryptionMode":"SSE-C"}`

// overrides is an SSE-KMS default with the given Overrides JSON ("" for none).
func overrides(list string) string {
	o := ""
	if list != "" {
		o = `,"Overrides":` + list
	}
	return at("true", `{"EncryptionMode":"SSE-KMS","AwsKmsKey":"`+keyA+`"`+o+`}`, "")
}

func TestUnknownOverrides(t *testing.T) {
	for _, r := range []*rules.Rule{rules.SC001, rules.SC008, rules.SC011} {
		runCases(t, r, []ruleCase{
			{"unknown list", docWith(overrides(`[`+sseCOverride+`]`), unk("var.overrides (no value given)"), p(pathS3, "Overrides")...), indetSC(r.ID)},
			{"unknown element", func(t *testing.T) *model.Model {
				m := doc(overrides(`[` + sseCOverride + `]`))(t)
				m.SecurityConfigs[0].Document.Get(p(pathS3, "Overrides")...).Elems()[0] = unk("local.bucket")
				return m
			}, indetSC(r.ID)},
			{"unknown S3 block", docWith(overrides(""), unk("var.s3"), p(pathS3)...), indetSC(r.ID)},
		})
	}
	// The known SSE-C override still fails.
	runCases(t, rules.SC001, []ruleCase{{"known", doc(overrides(`[` + sseCOverride + `]`)), failSC("EMR-SC-001")}})

	fs := findings(t, func() *model.Model {
		m := doc(overrides(""))(t)
		setDoc(t, m, unk("var.overrides (no value given)"), p(pathS3, "Overrides")...)
		return m
	}(), nil, rules.SC001)
	require.Len(t, fs, 1)
	assert.Equal(t, "EMRFS encryption mode (per-bucket overrides) cannot be verified: it depends on var.overrides, which has no value (set it with -var or a .tfvars file)", fs[0].Message)
}

func TestUnknownLocalDisk(t *testing.T) {
	ebsCustom := ld(`"EncryptionKeyProviderType":"Custom","EnableEbsEncryption":true`)
	awsKMSNoKey := ld(`"EncryptionKeyProviderType":"AwsKms","EnableEbsEncryption":true`)
	for _, c := range []struct {
		rule *rules.Rule
		doc  string
	}{{rules.SC002, ebsCustom}, {rules.SC009, awsKMSNoKey}} {
		id := c.rule.ID
		runCases(t, c.rule, []ruleCase{
			{"known fails", doc(c.doc), failSC(id)},
			{"unknown block", docWith(c.doc, unk("var.ld"), p(pathLD)...), indetSC(id)},
			{"unknown at-rest block", docWith(c.doc, unk("var.ar"), p(pathAR)...), indetSC(id)},
			{"unknown provider", docWith(c.doc, unk("var.provider"), p(pathLD, "EncryptionKeyProviderType")...), indetSC(id)},
		})
	}
	runCases(t, rules.SC002, []ruleCase{
		{"unknown flag, custom provider", docWith(ebsCustom, unk("var.ebs"), p(pathLD, "EnableEbsEncryption")...), indetSC("EMR-SC-002")},
		{"unknown flag, unknown provider", func(t *testing.T) *model.Model {
			m := docWith(ebsCustom, unk("var.ebs"), p(pathLD, "EnableEbsEncryption")...)(t)
			setDoc(t, m, unk("var.provider"), p(pathLD, "EncryptionKeyProviderType")...)
			return m
		}, indetSC("EMR-SC-002")},
		{"unknown flag, AwsKms provider", docWith(ld(`"EncryptionKeyProviderType":"AwsKms","AwsKmsKey":"k"`), unk("var.ebs"), p(pathLD, "EnableEbsEncryption")...), nil},
	})
	runCases(t, rules.SC009, []ruleCase{
		{"key from a variable", docWith(awsKMSNoKey, unk("var.key (no value given)"), p(pathLD, "AwsKmsKey")...), indetSC("EMR-SC-009")},
		{"key from a key resource", docWith(awsKMSNoKey, unk("aws_kms_key.disk.arn"), p(pathLD, "AwsKmsKey")...), nil},
		{"key from an alias in a module", docWith(awsKMSNoKey, unk("module.kms.aws_kms_alias.disk.arn"), p(pathLD, "AwsKmsKey")...), nil},
	})
}

func TestSC003Indeterminate(t *testing.T) {
	id := "EMR-SC-003"
	runCases(t, rules.SC003, []ruleCase{
		{"unknown mode", docWith(s3("SSE-KMS", `,"AwsKmsKey":"k"`), unk("var.mode"), p(pathS3, "EncryptionMode")...), indetSC(id)},
		{"unknown provider type", docWith(ld(`"EncryptionKeyProviderType":"AwsKms"`), unk("var.p"), p(pathLD, "EncryptionKeyProviderType")...), indetSC(id)},
		{"unknown hop limit", docWith(`{"InstanceMetadataServiceConfiguration":{"MinimumInstanceMetadataServiceVersion":2,"HttpPutResponseHopLimit":1}}`, unk("var.hops"), "InstanceMetadataServiceConfiguration", "HttpPutResponseHopLimit"), indetSC(id)},
		{"a known bad value wins", func(t *testing.T) *model.Model {
			m := docWith(s3("AES256", ""), unk("var.p"), p(pathS3, "Overrides")...)(t)
			return m
		}, failSC(id)},
	})
}

func TestSC016UnknownKDCBlocks(t *testing.T) {
	id := "EMR-SC-016"
	ext := `{"AuthenticationConfiguration":{"KerberosConfiguration":{"Provider":"ExternalKdc","ExternalKdcConfiguration":{"KdcServerType":"Single","KdcServer":"kdc"}}}}`
	trust := `{"AuthenticationConfiguration":{"KerberosConfiguration":{"Provider":"ClusterDedicatedKdc","ClusterDedicatedKdcConfiguration":{"CrossRealmTrustConfiguration":{"Realm":"R"}}}}}`
	runCases(t, rules.SC016, []ruleCase{
		{"external known", doc(ext), failSC(id)},
		{"external unknown", docWith(ext, unk("var.kdc"), "AuthenticationConfiguration", "KerberosConfiguration", "ExternalKdcConfiguration"), indetSC(id)},
		{"trust known", doc(trust), failSC(id)},
		{"trust unknown", docWith(trust, unk("var.trust"), "AuthenticationConfiguration", "KerberosConfiguration", "ClusterDedicatedKdcConfiguration", "CrossRealmTrustConfiguration"), indetSC(id)},
		{"dedicated block unknown", docWith(trust, unk("var.cdk"), "AuthenticationConfiguration", "KerberosConfiguration", "ClusterDedicatedKdcConfiguration"), indetSC(id)},
	})
}

func TestNET004KnownIPv6WithUnknownIPv4(t *testing.T) {
	m := resModel(t,
		netCluster(blk("subnet_id", "subnet-1", "emr_managed_master_security_group", unk("aws_security_group.master.id")),
			map[string][]string{"ec2_attributes.emr_managed_master_security_group": {"aws_security_group.master.id", "aws_security_group.master"}}),
		res("aws_security_group.master", obj("ingress", []any{obj("from_port", 22, "to_port", 22, "cidr_blocks", unk("var.v4"), "ipv6_cidr_blocks", []any{"::/0"})})))
	assert.Equal(t, []string{"EMR-NET-004 fail aws_security_group.master"}, run(t, m, rules.NET004))
}

func TestReleaseUnknown(t *testing.T) {
	imds := `{"InstanceMetadataServiceConfiguration":{"MinimumInstanceMetadataServiceVersion":2,"HttpPutResponseHopLimit":1}}`
	rel := unk("var.release (no value given)")
	runCases(t, rules.REL002, []ruleCase{
		{"known old", withSC(`{}`, "release_label", "emr-4.7.0"), failCL("EMR-REL-002")},
		{"unknown", withSC(`{}`, "release_label", rel), indetCL("EMR-REL-002")},
		{"unknown without a configuration", clusterOnly("release_label", rel), nil},
	})
	runCases(t, rules.REL004, []ruleCase{
		{"known old", withSC(imds, "release_label", "emr-6.1.0"), failCL("EMR-REL-004")},
		{"unknown", withSC(imds, "release_label", rel), indetCL("EMR-REL-004")},
		{"unknown release and version", func(t *testing.T) *model.Model {
			m := withSC(imds, "release_label", rel)(t)
			setDoc(t, m, unk("var.v"), "InstanceMetadataServiceConfiguration", "MinimumInstanceMetadataServiceVersion")
			return m
		}, indetCL("EMR-REL-004")},
	})
	runCases(t, rules.LOG002, []ruleCase{
		{"known new", clusterOnly(), failCL("EMR-LOG-002")},
		{"known old", clusterOnly("release_label", "emr-5.29.0"), nil},
		{"unknown", clusterOnly("release_label", rel), indetCL("EMR-LOG-002")},
	})
	fs := findings(t, withSC(`{}`, "release_label", rel)(t), nil, rules.REL002)
	require.Len(t, fs, 1)
	assert.Equal(t, "the cluster uses a security configuration, which needs emr-4.8.0 or later, and its release label is unknown because var.release has no value (set it with -var or a .tfvars file)", fs[0].Message)
}

func TestREL001ExternalConfiguration(t *testing.T) {
	id := "EMR-REL-001"
	ext := func(release any) func(t *testing.T) *model.Model {
		return clusterOnly("security_configuration", "made-elsewhere", "release_label", release)
	}
	runCases(t, rules.REL001, []ruleCase{
		{"old release", ext("emr-5.23.0"), indetCL(id)},
		{"unknown release", ext(unk("var.release")), indetCL(id)},
		{"new release", ext("emr-5.24.0"), nil},
		{"no configuration", clusterOnly("release_label", "emr-5.9.0"), nil},
	})
	params := rules.Defaults()
	params.ApprovedSecurityConfigurations = []string{"made-elsewhere"}
	fs := findings(t, ext("emr-5.23.0")(t), &params, rules.REL001, rules.CL002, rules.CL003, rules.CL004)
	require.Len(t, fs, 1, "approval silences EMR-CL-002 and the pairing rules, not the release gate")
	assert.Equal(t, "EMR-REL-001", fs[0].RuleID)
	assert.Equal(t, rules.Indeterminate, fs[0].Status)
	assert.Equal(t, `release emr-5.23.0 is older than emr-5.24.0, and whether the cluster's security configuration enables EBS encryption cannot be verified: security configuration "made-elsewhere" is defined outside this input`, fs[0].Message)
}

func TestREL001MalformedFlagIsNotTrue(t *testing.T) {
	m := withSC(ld(`"EncryptionKeyProviderType":"AwsKms","AwsKmsKey":"k","EnableEbsEncryption":"yes"`), "release_label", "emr-5.9.0")(t)
	assert.Empty(t, run(t, m, rules.REL001), "a malformed flag is not true (EMR-SC-015 reports it), and never 'known only after apply'")
	assert.Equal(t, []string{"EMR-SC-015 fail " + scAddr}, run(t, m, rules.SC015))
}

func TestNET005UnknownBlock(t *testing.T) {
	runCases(t, rules.NET005, []ruleCase{
		{"unknown ec2_attributes", clusterOnly("ec2_attributes", unk("var.ec2")), indetCL("EMR-NET-005")},
		{"unknown ec2_attributes element", clusterOnly("ec2_attributes", []any{unk("var.ec2")}), indetCL("EMR-NET-005")},
	})
}
