package rules_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tfemrcheck/tfemrcheck/pkg/model"
	"github.com/tfemrcheck/tfemrcheck/pkg/rules"
)

func TestSC003CaseOnlyIsLow(t *testing.T) {
	for _, c := range []struct {
		name, doc string
		want      rules.Severity
	}{
		{"case only", s3("sse-kms", `,"AwsKmsKey":"k"`), rules.Low},
		{"case only, two values", `{"EncryptionConfiguration":{"AtRestEncryptionConfiguration":{"S3EncryptionConfiguration":{"EncryptionMode":"Sse-Kms","AwsKmsKey":"k"},"LocalDiskEncryptionConfiguration":{"EncryptionKeyProviderType":"awskms"}}}}`, rules.Low},
		{"underscore", s3("SSE_KMS", `,"AwsKmsKey":"k"`), rules.High},
		{"unknown value", s3("AES256", ""), rules.High},
		{"case only and a bad value", `{"EncryptionConfiguration":{"AtRestEncryptionConfiguration":{"S3EncryptionConfiguration":{"EncryptionMode":"sse-kms","AwsKmsKey":"k"},"LocalDiskEncryptionConfiguration":{"EncryptionKeyProviderType":"Vault"}}}}`, rules.High},
	} {
		t.Run(c.name, func(t *testing.T) {
			fs := findings(t, scModel(t, c.doc), nil, rules.SC003)
			require.Len(t, fs, 1)
			assert.Equal(t, rules.Fail, fs[0].Status)
			assert.Equal(t, c.want, fs[0].Severity, fs[0].Message)
		})
	}
	fs := findings(t, scModel(t, s3("sse-kms", `,"AwsKmsKey":"k"`)), nil, rules.SC003)
	assert.Equal(t, `EncryptionMode (default) "sse-kms" differs from the documented spelling "SSE-KMS" only in case`, fs[0].Message)
}

// regionSC builds a security configuration with an EMRFS key in eu-west-1
// and the given region argument and provider region (nil for none).
func regionSC(t *testing.T, region, providerRegion *model.Value) *model.Model {
	r := scRes(s3("SSE-KMS", `,"AwsKmsKey":"`+keyA+`"`))
	if region != nil {
		r.Attrs.Set("region", region)
	}
	r.ProviderRegion = providerRegion
	return resModel(t, r)
}

func TestSC012Region(t *testing.T) {
	id := "EMR-SC-012"
	str := model.NewString
	runCases(t, rules.SC012, []ruleCase{
		{"no region known", func(t *testing.T) *model.Model { return regionSC(t, nil, nil) }, nil},
		{"same region argument", func(t *testing.T) *model.Model { return regionSC(t, str("eu-west-1"), nil) }, nil},
		{"other region argument", func(t *testing.T) *model.Model { return regionSC(t, str("us-east-1"), nil) }, failSC(id)},
		{"same provider region", func(t *testing.T) *model.Model { return regionSC(t, nil, str("eu-west-1")) }, nil},
		{"other provider region", func(t *testing.T) *model.Model { return regionSC(t, nil, str("us-east-1")) }, failSC(id)},
		{"region argument wins over the provider", func(t *testing.T) *model.Model { return regionSC(t, str("eu-west-1"), str("us-east-1")) }, nil},
		{"unknown provider region", func(t *testing.T) *model.Model {
			return regionSC(t, nil, unk("var.region (no value given)"))
		}, indetSC(id)},
		{"unknown region argument", func(t *testing.T) *model.Model { return regionSC(t, unk("var.region"), str("eu-west-1")) }, indetSC(id)},
	})
	fs := findings(t, regionSC(t, nil, str("us-east-1")), nil, rules.SC012)
	require.Len(t, fs, 1)
	assert.Equal(t, "AwsKmsKey (EMRFS default) is in Region eu-west-1 but the security configuration is in us-east-1 (the region of its provider configuration)", fs[0].Message)
	fs = findings(t, regionSC(t, nil, unk("var.region (no value given)")), nil, rules.SC012)
	require.Len(t, fs, 1)
	assert.Equal(t, "AwsKmsKey (EMRFS default) is in Region eu-west-1, and whether that is the security configuration's Region cannot be verified: the region of its provider configuration is unknown because var.region has no value (set it with -var or a .tfvars file)", fs[0].Message)
}
