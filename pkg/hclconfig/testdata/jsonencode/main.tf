resource "aws_kms_key" "emr" {
  description = "emr"
}

data "aws_caller_identity" "current" {}

resource "aws_emr_security_configuration" "sc" {
  name = "kms-sc"
  configuration = jsonencode({
    EncryptionConfiguration = {
      EnableAtRestEncryption = true
      AtRestEncryptionConfiguration = {
        S3EncryptionConfiguration = {
          EncryptionMode = "SSE-C"
          AwsKmsKey      = aws_kms_key.emr.arn
        }
        LocalDiskEncryptionConfiguration = {
          EncryptionKeyProviderType = "AwsKms"
          AwsKmsKey                 = "arn:aws:kms:us-east-1:${data.aws_caller_identity.current.account_id}:key/x"
          EnableEbsEncryption       = true
        }
      }
    }
    "InstanceMetadataServiceConfiguration" = {
      MinimumInstanceMetadataServiceVersion = 2
      HttpPutResponseHopLimit               = 1
    }
  })
}

resource "aws_emr_cluster" "c" {
  name                   = "c"
  release_label          = "emr-7.5.0"
  security_configuration = aws_emr_security_configuration.sc.name
  log_uri                = "s3://${aws_kms_key.emr.id}/x"

  kerberos_attributes {
    kdc_admin_password = "literal-secret"
    realm              = "EC2.INTERNAL"
  }
}
