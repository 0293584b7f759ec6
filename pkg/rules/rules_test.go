package rules_test

import (
	"fmt"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tfemrcheck/tfemrcheck/pkg/check"
	"github.com/tfemrcheck/tfemrcheck/pkg/model"
	"github.com/tfemrcheck/tfemrcheck/pkg/rules"
	"github.com/tfemrcheck/tfemrcheck/pkg/secconf"
)

func TestCatalogueIsWellFormed(t *testing.T) {
	seen := map[string]bool{}
	for _, r := range rules.Catalogue() {
		require.NoError(t, r.Validate())
		assert.False(t, seen[r.ID], "duplicate id %s", r.ID)
		seen[r.ID] = true
		assert.Same(t, r, rules.ByID(r.ID))
	}
	for _, id := range []string{"EMR-SC-000", "EMR-SC-001", "EMR-SC-002", "EMR-SC-003", "EMR-SC-008", "EMR-SC-009",
		"EMR-REL-001", "EMR-REL-002", "EMR-CL-001", "EMR-CL-002", "EMR-META-003"} {
		assert.True(t, seen[id], "seed rule %s missing", id)
	}
}

func TestValidateRejectsBadRules(t *testing.T) {
	good := *rules.SC001
	for name, mutate := range map[string]func(r *rules.Rule){
		"bad id":        func(r *rules.Rule) { r.ID = "SC-1" },
		"capital title": func(r *rules.Rule) { r.Title = "Cluster " + r.Title },
		"period":        func(r *rules.Rule) { r.Title = "x." },
		"no check":      func(r *rules.Rule) { r.Check = nil },
		"no rationale":  func(r *rules.Rule) { r.Rationale = "" },
	} {
		r := good
		mutate(&r)
		assert.Error(t, r.Validate(), name)
	}
}

// scModel builds a model with one security configuration resource from a
// JSON document (or an unknown configuration when doc is "?") and
// clusters using it with the given release labels ("?" = unknown).
func scModel(t *testing.T, doc string, releases ...string) *model.Model {
	t.Helper()
	scRes := &model.Resource{Address: "aws_emr_security_configuration.sc", Type: model.TypeSecurityConfiguration, Attrs: model.NewObject()}
	scRes.Attrs.Set("name", model.NewString("sc"))
	sc := &model.SecurityConfig{Resource: scRes}
	if doc == "?" {
		sc.Configuration = model.NewUnknown("aws_kms_key.emr.arn")
	} else {
		sc.Configuration = model.NewString(doc)
		sc.Document, sc.ParseError = secconf.Parse([]byte(doc), nil)
	}
	scRes.Attrs.Set("configuration", sc.Configuration)
	m := &model.Model{Resources: []*model.Resource{scRes}, SecurityConfigs: []*model.SecurityConfig{sc}}
	for i, rel := range releases {
		r := &model.Resource{Address: fmt.Sprintf("aws_emr_cluster.c%d", i), Type: model.TypeCluster, Attrs: model.NewObject()}
		if rel == "?" {
			r.Attrs.Set("release_label", model.NewUnknown("var.release"))
		} else {
			r.Attrs.Set("release_label", model.NewString(rel))
		}
		r.Attrs.Set("security_configuration", model.NewString("sc"))
		m.Resources = append(m.Resources, r)
		m.Clusters = append(m.Clusters, &model.Cluster{Resource: r})
	}
	model.Link(m, nil)
	return m
}

// run returns "RULE status address" lines for the given rules.
func run(t *testing.T, m *model.Model, rs ...*rules.Rule) []string {
	t.Helper()
	fs, err := check.Run(m, check.Options{Rules: rs})
	require.NoError(t, err)
	var out []string
	for _, f := range fs {
		out = append(out, fmt.Sprintf("%s %s %s", f.RuleID, f.Status, f.Address))
		assert.NotEmpty(t, f.Message)
	}
	sort.Strings(out)
	return out
}

const scAddr = "aws_emr_security_configuration.sc"

func s3(mode string, extra string) string {
	return `{"EncryptionConfiguration":{"EnableAtRestEncryption":true,"AtRestEncryptionConfiguration":{"S3EncryptionConfiguration":{"EncryptionMode":"` + mode + `"` + extra + `}}}}`
}

func ld(fields string) string {
	return `{"EncryptionConfiguration":{"EnableAtRestEncryption":true,"AtRestEncryptionConfiguration":{"LocalDiskEncryptionConfiguration":{` + fields + `}}}}`
}

func TestSecurityConfigurationRules(t *testing.T) {
	const key = `,"AwsKmsKey":"arn:aws:kms:us-east-1:111122223333:key/abc"`
	cases := []struct {
		name string
		rule *rules.Rule
		doc  string
		want []string
	}{
		{"sc000 invalid", rules.SC000, `{"EncryptionConfiguration": {`, []string{"EMR-SC-000 fail " + scAddr}},
		{"sc000 valid", rules.SC000, `{}`, nil},
		{"sc001 sse-c", rules.SC001, s3("SSE-C", ""), []string{"EMR-SC-001 fail " + scAddr}},
		{"sc001 sse_c lower", rules.SC001, s3("sse_c", ""), []string{"EMR-SC-001 fail " + scAddr}},
		{"sc001 override", rules.SC001, s3("SSE-KMS", key+`,"Overrides":[{"BucketName":"b","EncryptionMode":"SSE-C"}]`), []string{"EMR-SC-001 fail " + scAddr}},
		{"sc001 sse-kms", rules.SC001, s3("SSE-KMS", key), nil},
		{"sc001 cse-custom is not sse-c", rules.SC001, s3("CSE-Custom", ""), nil},
		{"sc002 custom provider", rules.SC002, ld(`"EncryptionKeyProviderType":"Custom","EnableEbsEncryption":true`), []string{"EMR-SC-002 fail " + scAddr}},
		{"sc002 string true", rules.SC002, ld(`"EncryptionKeyProviderType":"Custom","EnableEbsEncryption":"true"`), []string{"EMR-SC-002 fail " + scAddr}},
		{"sc002 no provider", rules.SC002, ld(`"EnableEbsEncryption":true`), []string{"EMR-SC-002 fail " + scAddr}},
		{"sc002 awskms", rules.SC002, ld(`"EncryptionKeyProviderType":"AwsKms","EnableEbsEncryption":true` + key), nil},
		{"sc002 ebs off", rules.SC002, ld(`"EncryptionKeyProviderType":"Custom","EnableEbsEncryption":false`), nil},
		{"sc003 bad mode", rules.SC003, s3("AES256", ""), []string{"EMR-SC-003 fail " + scAddr}},
		{"sc003 case", rules.SC003, s3("sse-kms", key), []string{"EMR-SC-003 fail " + scAddr}},
		{"sc003 sse-c left to sc001", rules.SC003, s3("SSE-C", ""), nil},
		{"sc003 imds", rules.SC003, `{"InstanceMetadataServiceConfiguration":{"MinimumInstanceMetadataServiceVersion":3,"HttpPutResponseHopLimit":65}}`, []string{"EMR-SC-003 fail " + scAddr}},
		{"sc003 kerberos", rules.SC003, `{"AuthenticationConfiguration":{"KerberosConfiguration":{"Provider":"MitKdc"}}}`, []string{"EMR-SC-003 fail " + scAddr}},
		{"sc003 good", rules.SC003, `{"EncryptionConfiguration":{"InTransitEncryptionConfiguration":{"TLSCertificateConfiguration":{"CertificateProviderType":"PEM"}}},"InstanceMetadataServiceConfiguration":{"MinimumInstanceMetadataServiceVersion":2,"HttpPutResponseHopLimit":1}}`, nil},
		{"sc008 no key", rules.SC008, s3("SSE-KMS", ""), []string{"EMR-SC-008 fail " + scAddr}},
		{"sc008 empty key", rules.SC008, s3("CSE-KMS", `,"AwsKmsKey":""`), []string{"EMR-SC-008 fail " + scAddr}},
		{"sc008 override no key", rules.SC008, s3("SSE-S3", `,"Overrides":[{"BucketName":"b","EncryptionMode":"SSE-KMS"}]`), []string{"EMR-SC-008 fail " + scAddr}},
		{"sc008 key", rules.SC008, s3("SSE-KMS", key), nil},
		{"sc008 sse-s3", rules.SC008, s3("SSE-S3", ""), nil},
		{"sc009 no key", rules.SC009, ld(`"EncryptionKeyProviderType":"AwsKms"`), []string{"EMR-SC-009 fail " + scAddr}},
		{"sc009 key", rules.SC009, ld(`"EncryptionKeyProviderType":"AwsKms"` + key), nil},
		{"sc009 custom", rules.SC009, ld(`"EncryptionKeyProviderType":"Custom"`), nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			assert.Equal(t, c.want, run(t, scModel(t, c.doc), c.rule))
		})
	}
}

func TestUnknownLeavesAreIndeterminate(t *testing.T) {
	m := scModel(t, s3("SSE-KMS", ""))
	// Make the mode unknown, as HCL mode does for a mode from a variable.
	s3v := m.SecurityConfigs[0].Document.Get("EncryptionConfiguration", "AtRestEncryptionConfiguration", "S3EncryptionConfiguration")
	s3v.Set("EncryptionMode", model.NewUnknown("var.mode"))
	got := run(t, m, rules.SC001, rules.SC008)
	assert.Equal(t, []string{"EMR-SC-001 indeterminate " + scAddr, "EMR-SC-008 indeterminate " + scAddr}, got)
}

// TestWhollyUnknownConfiguration: EMR-CL-002 speaks once for the document
// rules of a configuration known only after apply; the cluster rules that
// pair a cluster with its configuration's content say they cannot tell.
func TestWhollyUnknownConfiguration(t *testing.T) {
	m := scModel(t, "?", "emr-7.2.0")
	// The bare test cluster has no log_uri and no ec2_attributes; leave out
	// the rules that check only those cluster attributes, so that what
	// remains is what the unknown configuration causes.
	var rs []*rules.Rule
	for _, r := range rules.Catalogue() {
		if !strings.HasPrefix(r.ID, "EMR-LOG-") && !strings.HasPrefix(r.ID, "EMR-NET-") {
			rs = append(rs, r)
		}
	}
	got := run(t, m, rs...)
	assert.Equal(t, []string{
		"EMR-CL-002 indeterminate " + scAddr,
		"EMR-CL-003 indeterminate aws_emr_cluster.c0",
		"EMR-CL-004 indeterminate aws_emr_cluster.c0",
	}, got)
	fs, _ := check.Run(m, check.Options{Rules: rs})
	require.Len(t, fs, 3)
	for _, f := range fs {
		assert.Contains(t, f.Message, "aws_kms_key.emr.arn", f.RuleID)
		if f.RuleID == "EMR-CL-002" {
			require.Len(t, f.Related, 1, "the finding names the cluster that uses the configuration")
			assert.Equal(t, "aws_emr_cluster.c0", f.Related[0].Address)
		}
	}
}

func TestReleaseRules(t *testing.T) {
	ebs := ld(`"EncryptionKeyProviderType":"AwsKms","EnableEbsEncryption":true,"AwsKmsKey":"k"`)
	cases := []struct {
		name, doc, rel string
		want           []string
	}{
		{"5.9.0 fails", ebs, "emr-5.9.0", []string{"EMR-REL-001 fail aws_emr_cluster.c0"}},
		{"5.23.1 fails", ebs, "emr-5.23.1", []string{"EMR-REL-001 fail aws_emr_cluster.c0"}},
		{"5.24.0 passes", ebs, "emr-5.24.0", nil},
		{"6.15.0 passes", ebs, "emr-6.15.0", nil},
		{"7.12.0 passes", ebs, "emr-7.12.0", nil},
		{"unknown release", ebs, "?", []string{"EMR-META-003 indeterminate aws_emr_cluster.c0", "EMR-REL-001 indeterminate aws_emr_cluster.c0", "EMR-REL-002 indeterminate aws_emr_cluster.c0"}},
		{"no ebs on old release", s3("SSE-S3", ""), "emr-5.9.0", nil},
		{"unknown config old release", "?", "emr-5.9.0", []string{"EMR-CL-002 indeterminate " + scAddr, "EMR-REL-001 indeterminate aws_emr_cluster.c0"}},
		{"unknown config new release", "?", "emr-6.1.0", []string{"EMR-CL-002 indeterminate " + scAddr}},
		{"4.7.0 no sc", `{}`, "emr-4.7.0", []string{"EMR-REL-002 fail aws_emr_cluster.c0"}},
		{"ami version", `{}`, "3.11.0", []string{"EMR-REL-002 fail aws_emr_cluster.c0"}},
		{"4.8.0 ok", `{}`, "emr-4.8.0", nil},
		{"bad label", ebs, "emr-6.15", []string{"EMR-META-003 fail aws_emr_cluster.c0"}},
		{"latest", `{}`, "latest", []string{"EMR-META-003 fail aws_emr_cluster.c0"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := run(t, scModel(t, c.doc, c.rel), rules.REL001, rules.REL002, rules.META003, rules.CL002)
			sort.Strings(c.want)
			assert.Equal(t, c.want, got)
		})
	}
}

func TestClusterLinkRules(t *testing.T) {
	m := scModel(t, `{}`, "emr-7.2.0", "emr-7.2.0", "emr-7.2.0", "emr-7.2.0")
	m.Clusters[1].Resource.Attrs.Set("security_configuration", model.NewString("made-elsewhere"))
	m.Clusters[2].Resource.Attrs.Set("security_configuration", model.NewNull())
	m.Clusters[3].Resource.Attrs.Set("security_configuration", model.NewUnknown("aws_emr_security_configuration.other.name"))
	model.Link(m, nil)
	got := run(t, m, rules.CL001, rules.CL002)
	assert.Equal(t, []string{
		"EMR-CL-001 fail aws_emr_cluster.c2",
		"EMR-CL-002 indeterminate aws_emr_cluster.c1",
		"EMR-CL-002 indeterminate aws_emr_cluster.c3",
	}, got)

	params := rules.Defaults()
	params.ApprovedSecurityConfigurations = []string{"made-elsewhere"}
	fs, err := check.Run(m, check.Options{Rules: []*rules.Rule{rules.CL002}, Params: &params})
	require.NoError(t, err)
	require.Len(t, fs, 1)
	assert.Equal(t, "aws_emr_cluster.c3", fs[0].Address)
	assert.True(t, strings.Contains(fs[0].Message, "aws_emr_security_configuration.other.name"))
}

func TestMinimumReleaseParameter(t *testing.T) {
	m := scModel(t, `{}`, "emr-6.10.0", "emr-7.2.0", "?")
	assert.Empty(t, run(t, m, rules.REL005), "inactive without the parameter")
	params := rules.Defaults()
	params.MinimumReleaseLabel = "emr-6.15.0"
	fs, err := check.Run(m, check.Options{Rules: []*rules.Rule{rules.REL005}, Params: &params})
	require.NoError(t, err)
	var got []string
	for _, f := range fs {
		got = append(got, fmt.Sprintf("%s %s", f.Status, f.Address))
	}
	assert.Equal(t, []string{"fail aws_emr_cluster.c0", "indeterminate aws_emr_cluster.c2"}, got)
}
