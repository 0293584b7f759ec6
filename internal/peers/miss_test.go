package peers

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/tfemrcheck/tfemrcheck/pkg/check"
	"github.com/tfemrcheck/tfemrcheck/pkg/hclconfig"
	"github.com/tfemrcheck/tfemrcheck/pkg/rules"
)

// scWith is a security configuration with the given EncryptionConfiguration
// body (HCL object syntax inside jsonencode).
func scWith(body string) string {
	return `resource "aws_emr_security_configuration" "sc" {
  name = "sc"
  configuration = jsonencode({
    EncryptionConfiguration = {
` + body + `
    }
  })
}
`
}

// clusterOn is a cluster on the given release using aws_emr_security_configuration.sc.
func clusterOn(release string) string {
	return `resource "aws_emr_cluster" "c" {
  name                   = "c"
  release_label          = "` + release + `"
  service_role           = "EMR_DefaultRole"
  log_uri                = "s3://logs/"
  security_configuration = aws_emr_security_configuration.sc.name
  ec2_attributes {
    subnet_id        = aws_subnet.private.id
    instance_profile = "EMR_EC2_DefaultRole"
  }
}

resource "aws_subnet" "private" {
  vpc_id                  = "vpc-0123456789abcdef0"
  cidr_block              = "10.0.0.0/24"
  map_public_ip_on_launch = var.public
}

variable "public" {
  type = bool
}
`
}

const ldKMS = `      AtRestEncryptionConfiguration = {
        S3EncryptionConfiguration = { EncryptionMode = "SSE-KMS", AwsKmsKey = aws_kms_key.k.arn }
        LocalDiskEncryptionConfiguration = {
          EncryptionKeyProviderType = "AwsKms"
          AwsKmsKey                 = aws_kms_key.k.arn
          EnableEbsEncryption       = true
        }
      }`

// The "what the peers miss" section of docs/peers.md: each claim is a
// configuration the peers pass and tfemrcheck reports.
func TestWhatPeersMiss(t *testing.T) {
	const key = "resource \"aws_kms_key\" \"k\" {}\n"
	tests := []struct {
		name, src, address, rule string
		status                   rules.Status
	}{
		{
			// Trivy AVD-AWS-0137 and KICS fire only on an explicit false.
			"missing at-rest flag", key + scWith(ldKMS+"\n      EnableInTransitEncryption = true"),
			"aws_emr_security_configuration.sc", "EMR-SC-004", rules.Fail,
		},
		{
			// A non-empty string is truthy to a check that tests presence.
			"string false", key + scWith(ldKMS+"\n      EnableAtRestEncryption = \"false\""),
			"aws_emr_security_configuration.sc", "EMR-SC-004", rules.Fail,
		},
		{
			// Checkov CKV_AWS_171 passes any text containing SSE-KMS.
			"SSE-C", scWith(`      EnableAtRestEncryption = true
      AtRestEncryptionConfiguration = {
        S3EncryptionConfiguration = {
          EncryptionMode = "SSE-C"
          Overrides      = [{ BucketName = "other", EncryptionMode = "SSE-KMS", AwsKmsKey = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab" }]
        }
      }`),
			"aws_emr_security_configuration.sc", "EMR-SC-001", rules.Fail,
		},
		{
			// No peer compares the cluster's release with the features of
			// its security configuration.
			"release gate", key + scWith(ldKMS+"\n      EnableAtRestEncryption = true") + clusterOn("emr-5.20.0"),
			"aws_emr_cluster.c", "EMR-REL-001", rules.Fail,
		},
		{
			// A key created in the same configuration leaves the rest of a
			// jsonencode document checkable.
			"unknown key keeps content", key + scWith(ldKMS+"\n      EnableAtRestEncryption = true\n      EnableInTransitEncryption = false"),
			"aws_emr_security_configuration.sc", "EMR-SC-007", rules.Fail,
		},
		{
			// A value known only after apply is indeterminate, not a pass.
			"unknown is indeterminate", key + scWith(ldKMS+"\n      EnableAtRestEncryption = true") + clusterOn("emr-7.2.0"),
			"aws_emr_cluster.c", "EMR-NET-002", rules.Indeterminate,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			require.NoError(t, os.WriteFile(filepath.Join(dir, "main.tf"), []byte(tt.src), 0o644))
			m, diags := hclconfig.Load(dir, hclconfig.Options{})
			require.False(t, diags.HasErrors(), "%v", diags)
			fs, err := check.Run(m, check.Options{})
			require.NoError(t, err)
			var got []string
			for _, f := range fs {
				if f.Address == tt.address && f.RuleID == tt.rule && f.Status == tt.status {
					return
				}
				got = append(got, f.Address+" "+f.RuleID+" "+string(f.Status))
			}
			t.Fatalf("want %s %s %s; got %v", tt.address, tt.rule, tt.status, got)
		})
	}
}
