# The security configuration of the stand-in EMR module: no name, a
# name_prefix (the provider generates the name at apply).
terraform {
  required_providers {
    aws = {
      source = "hashicorp/aws"
    }
  }
}

variable "enabled" {
  type = bool
}

variable "name_prefix" {
  type = string
}

variable "s3_encryption_mode" {
  type = string
}

variable "kms_key_arn" {
  type = string
}

resource "aws_emr_security_configuration" "this" {
  count = var.enabled ? 1 : 0

  name        = null
  name_prefix = var.name_prefix

  configuration = jsonencode({
    EncryptionConfiguration = {
      EnableInTransitEncryption = false
      EnableAtRestEncryption    = true
      AtRestEncryptionConfiguration = {
        S3EncryptionConfiguration = {
          EncryptionMode = var.s3_encryption_mode
        }
        LocalDiskEncryptionConfiguration = {
          EncryptionKeyProviderType = "AwsKms"
          AwsKmsKey                 = var.kms_key_arn
          EnableEbsEncryption       = true
        }
      }
    }
  })
}

output "name" {
  value = join("", aws_emr_security_configuration.this[*].name)
}
