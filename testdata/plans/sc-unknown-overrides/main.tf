# Case: a per-bucket override whose bucket is known only after apply (the
# bucket has a bucket_prefix). The plan leaves the whole configuration
# unknown (jsonencode of an unknown value): EMR-CL-002 from the plan alone.
# The source sees through it: the override's SSE-C is known, so EMR-SC-001
# fails in source and plan+source mode, at the override.
terraform {
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 5.0"
    }
  }
}

provider "aws" {
  region = "eu-west-1"
}

resource "aws_s3_bucket" "legacy" {
  bucket_prefix = "legacy-exports-"
}

# want-plan EMR-CL-002 indeterminate aws_emr_security_configuration.overrides
# want-hcl EMR-SC-001 fail aws_emr_security_configuration.overrides
resource "aws_emr_security_configuration" "overrides" {
  name = "exports-sc"

  configuration = jsonencode({
    EncryptionConfiguration = {
      EnableInTransitEncryption = false
      EnableAtRestEncryption    = true
      AtRestEncryptionConfiguration = {
        S3EncryptionConfiguration = {
          EncryptionMode = "SSE-KMS"
          AwsKmsKey      = "arn:aws:kms:eu-west-1:123456789012:key/0b7c2f1e-1111-4a5b-9c3d-000000000001"
          Overrides = [
            {
              BucketName     = aws_s3_bucket.legacy.bucket
              EncryptionMode = "SSE-C"
            },
          ]
        }
        LocalDiskEncryptionConfiguration = {
          EncryptionKeyProviderType = "AwsKms"
          AwsKmsKey                 = "arn:aws:kms:eu-west-1:123456789012:key/0b7c2f1e-1111-4a5b-9c3d-000000000003"
          EnableEbsEncryption       = true
        }
      }
    }
  })
}
