package rules_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tfemrcheck/tfemrcheck/pkg/model"
	"github.com/tfemrcheck/tfemrcheck/pkg/rules"
)

const krbDoc = `{` + krbDedicated + `}`

// withSC builds a model of scRes(d) and a cluster using it.
func withSC(d string, kv ...any) func(t *testing.T) *model.Model {
	return func(t *testing.T) *model.Model {
		return resModel(t, scRes(d), cluster(append([]any{"security_configuration", "sc"}, kv...)...))
	}
}

// clusterOnly builds a model with one cluster.
func clusterOnly(kv ...any) func(t *testing.T) *model.Model {
	return func(t *testing.T) *model.Model { return resModel(t, cluster(kv...)) }
}

// unknownDoc replaces the first SC's configuration by an unknown value.
func unknownDoc(m *model.Model) *model.Model {
	sc := m.SecurityConfigs[0]
	sc.Document, sc.Configuration = nil, unk("aws_kms_key.emr.arn")
	return m
}

func TestCL003KerberosPairing(t *testing.T) {
	id := "EMR-CL-003"
	ka := blk("realm", "EC2.INTERNAL", "kdc_admin_password", unk("var.pw"))
	runCases(t, rules.CL003, []ruleCase{
		{"both halves", withSC(krbDoc, "kerberos_attributes", ka), nil},
		{"neither", withSC(`{}`), nil},
		{"cluster only", withSC(`{}`, "kerberos_attributes", ka), failCL(id)},
		{"sc only", withSC(krbDoc), failCL(id)},
		{"no sc at all", clusterOnly("kerberos_attributes", ka), failCL(id)},
		{"old release", withSC(krbDoc, "kerberos_attributes", ka, "release_label", "emr-5.9.0"), failCL(id)},
		{"unknown release", withSC(krbDoc, "kerberos_attributes", ka, "release_label", unk("var.rel")), indetCL(id)},
		{"unknown kerberos block", func(t *testing.T) *model.Model {
			m := withSC(krbDoc)(t)
			setDoc(t, m, unk("var.krb"), "AuthenticationConfiguration", "KerberosConfiguration")
			return m
		}, indetCL(id)},
		{"wholly unknown configuration", func(t *testing.T) *model.Model { return unknownDoc(withSC(krbDoc)(t)) }, indetCL(id)},
	})
}

func TestCL004CrossRealm(t *testing.T) {
	id := "EMR-CL-004"
	trust := `{"AuthenticationConfiguration":{"KerberosConfiguration":{"Provider":"ClusterDedicatedKdc","ClusterDedicatedKdcConfiguration":{"CrossRealmTrustConfiguration":{"Realm":"R","Domain":"d","AdminServer":"a","KdcServer":"k"}}}}}`
	ad := `{"AuthenticationConfiguration":{"KerberosConfiguration":{"Provider":"ExternalKdc","ExternalKdcConfiguration":{"KdcServer":"k","AdminServer":"a","AdIntegrationConfiguration":{"AdRealm":"R","AdDomain":"d"}}}}}`
	runCases(t, rules.CL004, []ruleCase{
		{"trust with password", withSC(trust, "kerberos_attributes", blk("realm", "R", "cross_realm_trust_principal_password", unk("var.pw"))), nil},
		{"trust without password", withSC(trust, "kerberos_attributes", blk("realm", "R")), failCL(id)},
		{"ad with user and password", withSC(ad, "kerberos_attributes", blk("ad_domain_join_user", "u", "ad_domain_join_password", unk("var.pw"))), nil},
		{"ad without password", withSC(ad, "kerberos_attributes", blk("ad_domain_join_user", "u")), failCL(id)},
		{"no kerberos", withSC(`{}`), nil},
		{"unknown kerberos", func(t *testing.T) *model.Model {
			m := withSC(trust, "kerberos_attributes", blk("realm", "R"))(t)
			setDoc(t, m, unk("var.krb"), "AuthenticationConfiguration", "KerberosConfiguration")
			return m
		}, indetCL(id)},
	})
}

func TestCL005KerberosLiterals(t *testing.T) {
	id := "EMR-CL-005"
	secret := "Hunter2-very-secret"
	literal := func(t *testing.T) *model.Model {
		c := cluster("kerberos_attributes", blk("realm", "R", "kdc_admin_password", secret))
		c.Attrs.Get("kerberos_attributes", 0, "kdc_admin_password").Sensitive = true
		c.Constant["kerberos_attributes.kdc_admin_password"] = true
		return resModel(t, c)
	}
	runCases(t, rules.CL005, []ruleCase{
		{"literal", literal, failCL(id)},
		{"from a reference", func(t *testing.T) *model.Model {
			c := cluster("kerberos_attributes", blk("realm", "R", "kdc_admin_password", unk("data.aws_secretsmanager_secret_version.kdc.secret_string")))
			c.Refs["kerberos_attributes.kdc_admin_password"] = []string{"data.aws_secretsmanager_secret_version.kdc.secret_string"}
			return resModel(t, c)
		}, nil},
		{"no kerberos", clusterOnly(), nil},
	})
	fs := findings(t, literal(t), nil, rules.CL005)
	require.Len(t, fs, 1)
	assert.NotContains(t, fs[0].Message, secret, "a secret never appears in a message")
}

func TestCL007ConfigurationsJSON(t *testing.T) {
	id := "EMR-CL-007"
	cj := func(s string) func(t *testing.T) *model.Model { return clusterOnly("configurations_json", s) }
	runCases(t, rules.CL007, []ruleCase{
		{"harmless", cj(`[{"Classification":"spark-defaults","Properties":{"spark.executor.memory":"4g"}}]`), nil},
		{"credential provider path", cj(`[{"Classification":"core-site","Properties":{"hadoop.security.credential.provider.path":"jceks://s3/b/x.jceks"}}]`), nil},
		{"password literal", cj(`[{"Classification":"hive-site","Properties":{"javax.jdo.option.ConnectionPassword":"pw123"}}]`), failCL(id)},
		{"weakening", cj(`[{"Classification":"spark-defaults","Properties":{"spark.authenticate":"false"}}]`), failCL(id)},
		{"nested", cj(`[{"Classification":"hadoop-env","Configurations":[{"Classification":"export","Properties":{"AWS_SECRET_ACCESS_KEY":"abc"}}]}]`), failCL(id)},
		{"metastore ssl off", cj(`[{"Classification":"hive-site","Properties":{"hive.metastore.use.SSL":false}}]`), failCL(id)},
		{"unknown", clusterOnly("configurations_json", unk("var.cfg")), indetCL(id)},
		{"not json", cj(`[{`), indetCL(id)},
		// the AWS provider takes "" for no configurations (a common module default)
		{"empty string", cj(``), nil},
		{"blank string", cj(" \n"), nil},
	})
	fs := findings(t, resModel(t, cluster("configurations_json", `[{"Classification":"hive-site","Properties":{"javax.jdo.option.ConnectionPassword":"pw123"}}]`)), nil, rules.CL007)
	require.Len(t, fs, 1)
	assert.NotContains(t, fs[0].Message, "pw123")
	ig := res("aws_emr_instance_group.task", obj("configurations_json", `[{"Classification":"spark-defaults","Properties":{"spark.authenticate":"false"}}]`))
	assert.Equal(t, []string{"EMR-CL-007 fail aws_emr_instance_group.task"}, run(t, resModel(t, ig), rules.CL007))
}

func TestCL008VisibleToAllUsers(t *testing.T) {
	id := "EMR-CL-008"
	runCases(t, rules.CL008, []ruleCase{
		{"unset", clusterOnly(), nil},
		{"true", clusterOnly("visible_to_all_users", true), nil},
		{"false", clusterOnly("visible_to_all_users", false), failCL(id)},
		{"unknown", clusterOnly("visible_to_all_users", unk("var.v")), indetCL(id)},
	})
}

func TestCL009CustomAMI(t *testing.T) {
	id := "EMR-CL-009"
	runCases(t, rules.CL009, []ruleCase{
		{"none", clusterOnly(), nil},
		{"custom", clusterOnly("custom_ami_id", "ami-1"), failCL(id)},
		{"unknown without list", clusterOnly("custom_ami_id", unk("data.aws_ami.x.id")), failCL(id)},
		{"old release", clusterOnly("custom_ami_id", "ami-1", "release_label", "emr-5.6.0"), []string{"EMR-CL-009 fail " + clAddr, "EMR-CL-009 fail " + clAddr}},
	})
	params := rules.Defaults()
	params.AllowedCustomAMIs = []string{"ami-1"}
	assert.Empty(t, findings(t, clusterOnly("custom_ami_id", "ami-1")(t), &params, rules.CL009))
	assert.Equal(t, []string{"EMR-CL-009 fail " + clAddr}, lines(findings(t, clusterOnly("custom_ami_id", "ami-2")(t), &params, rules.CL009)))
	assert.Equal(t, []string{"EMR-CL-009 indeterminate " + clAddr}, lines(findings(t, clusterOnly("custom_ami_id", unk("var.ami"))(t), &params, rules.CL009)))
}

func TestREL003FeatureRelease(t *testing.T) {
	id := "EMR-REL-003"
	ranger := `{` + krbDedicated + `,"AuthorizationConfiguration":{"RangerConfiguration":{"AdminServerURL":"x"}}}`
	rr := `{"AuthorizationConfiguration":{"IAMConfiguration":{"EnableApplicationScopedIAMRole":true}}}`
	idc := `{"AuthenticationConfiguration":{"IdentityCenterConfiguration":{"EnableIdentityCenter":true}}}`
	legacy := `{` + krbDedicated + `,"LakeFormationConfiguration":{"IdpMetadataS3Path":"s3://b/x"}}`
	runCases(t, rules.REL003, []ruleCase{
		{"kerberos on 5.10", withSC(krbDoc, "release_label", "emr-5.10.0"), nil},
		{"kerberos on 5.9", withSC(krbDoc, "release_label", "emr-5.9.0"), failCL(id)},
		{"ranger 5.32", withSC(ranger, "release_label", "emr-5.32.0"), nil},
		{"ranger 6.2", withSC(ranger, "release_label", "emr-6.2.0"), failCL(id)},
		{"runtime roles 6.6", withSC(rr, "release_label", "emr-6.6.0"), failCL(id)},
		{"runtime roles 6.7", withSC(rr, "release_label", "emr-6.7.0"), nil},
		{"identity center 6.14", withSC(idc, "release_label", "emr-6.14.0"), failCL(id)},
		{"legacy lf on 6.x warns", withSC(legacy, "release_label", "emr-6.10.0"), failCL(id)},
		{"legacy lf on 5.31", withSC(legacy, "release_label", "emr-5.31.0"), nil},
		{"unknown release", withSC(krbDoc, "release_label", unk("var.rel")), indetCL(id)},
		{"unknown flag on old release", func(t *testing.T) *model.Model {
			m := withSC(rr, "release_label", "emr-6.6.0")(t)
			setDoc(t, m, unk("var.rr"), "AuthorizationConfiguration", "IAMConfiguration", "EnableApplicationScopedIAMRole")
			return m
		}, indetCL(id)},
		{"wholly unknown on 6.9", func(t *testing.T) *model.Model { return unknownDoc(withSC(krbDoc, "release_label", "emr-6.9.0")(t)) }, indetCL(id)},
		{"wholly unknown on 7.2", func(t *testing.T) *model.Model { return unknownDoc(withSC(krbDoc)(t)) }, nil},
		{"no features", withSC(`{}`, "release_label", "emr-5.0.0"), nil},
	})
	fs := findings(t, withSC(legacy, "release_label", "emr-6.10.0")(t), nil, rules.REL003)
	require.Len(t, fs, 1)
	assert.Equal(t, rules.Low, fs[0].Severity)
}

func TestREL004IMDSRelease(t *testing.T) {
	id := "EMR-REL-004"
	v2 := `{"InstanceMetadataServiceConfiguration":{"MinimumInstanceMetadataServiceVersion":2,"HttpPutResponseHopLimit":1}}`
	v1 := `{"InstanceMetadataServiceConfiguration":{"MinimumInstanceMetadataServiceVersion":1,"HttpPutResponseHopLimit":1}}`
	var cases []ruleCase
	for rel, ok := range map[string]bool{"emr-5.23.1": true, "emr-5.23.0": false, "emr-5.27.1": true, "emr-5.28.0": false,
		"emr-5.32.0": true, "emr-6.0.0": false, "emr-6.1.1": false, "emr-6.2.0": true, "emr-7.12.0": true} {
		var want []string
		if !ok {
			want = failCL(id)
		}
		cases = append(cases, ruleCase{"v2 on " + rel, withSC(v2, "release_label", rel), want})
	}
	cases = append(cases,
		ruleCase{"v1 on old release", withSC(v1, "release_label", "emr-5.20.0"), nil},
		ruleCase{"unknown release", withSC(v2, "release_label", unk("var.rel")), indetCL(id)},
		ruleCase{"unknown version on old release", func(t *testing.T) *model.Model {
			m := withSC(v2, "release_label", "emr-6.1.0")(t)
			setDoc(t, m, unk("var.v"), "InstanceMetadataServiceConfiguration", "MinimumInstanceMetadataServiceVersion")
			return m
		}, indetCL(id)},
		ruleCase{"wholly unknown on old release", func(t *testing.T) *model.Model { return unknownDoc(withSC(v2, "release_label", "emr-6.1.0")(t)) }, indetCL(id)},
	)
	runCases(t, rules.REL004, cases)
}

func TestLogRules(t *testing.T) {
	key := "arn:aws:kms:eu-west-1:111122223333:key/abc"
	runCases(t, rules.LOG001, []ruleCase{
		{"set", clusterOnly(), nil},
		{"unknown counts as set", clusterOnly("log_uri", unk("aws_s3_bucket.logs.bucket")), nil},
		{"null", clusterOnly("log_uri", model.NewNull()), failCL("EMR-LOG-001")},
		{"empty", clusterOnly("log_uri", ""), failCL("EMR-LOG-001")},
	})
	runCases(t, rules.LOG002, []ruleCase{
		{"key", clusterOnly("log_encryption_kms_key_id", key), nil},
		{"unknown key counts as set", clusterOnly("log_encryption_kms_key_id", unk("aws_kms_key.logs.arn")), nil},
		{"no key", clusterOnly(), failCL("EMR-LOG-002")},
		{"no logs", clusterOnly("log_uri", model.NewNull()), nil},
		{"unsupported release", clusterOnly("release_label", "emr-5.29.0"), nil},
	})
	runCases(t, rules.LOG003, []ruleCase{
		{"5.30", clusterOnly("log_encryption_kms_key_id", key, "release_label", "emr-5.30.0"), nil},
		{"6.0.0", clusterOnly("log_encryption_kms_key_id", key, "release_label", "emr-6.0.0"), failCL("EMR-LOG-003")},
		{"5.29", clusterOnly("log_encryption_kms_key_id", key, "release_label", "emr-5.29.0"), failCL("EMR-LOG-003")},
		{"no key", clusterOnly("release_label", "emr-5.29.0"), nil},
		{"unknown release", clusterOnly("log_encryption_kms_key_id", key, "release_label", unk("var.rel")), indetCL("EMR-LOG-003")},
	})
}
