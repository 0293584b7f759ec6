# Case: EMR-SC-009 passing. AwsKms local-disk provider with a key (from a
# variable with a default), and a Custom provider that needs no key.
# No seed-rule finding.
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

variable "local_disk_key_arn" {
  type        = string
  description = "KMS key for EMR local disks (owned by the platform KMS stack)."
  default     = "arn:aws:kms:eu-west-1:123456789012:key/0b7c2f1e-1111-4a5b-9c3d-000000000003"
}

resource "aws_emr_security_configuration" "awskms" {
  name = "trading-sc-ld-kms"

  configuration = jsonencode({
    EncryptionConfiguration = {
      EnableInTransitEncryption = false
      EnableAtRestEncryption    = true
      AtRestEncryptionConfiguration = {
        S3EncryptionConfiguration = {
          EncryptionMode = "SSE-S3"
        }
        LocalDiskEncryptionConfiguration = {
          EncryptionKeyProviderType = "AwsKms"
          AwsKmsKey                 = var.local_disk_key_arn
          EnableEbsEncryption       = true
        }
      }
    }
  })
}

resource "aws_emr_security_configuration" "custom" {
  name = "trading-sc-ld-custom"

  configuration = jsonencode({
    EncryptionConfiguration = {
      EnableInTransitEncryption = false
      EnableAtRestEncryption    = true
      AtRestEncryptionConfiguration = {
        S3EncryptionConfiguration = {
          EncryptionMode = "SSE-S3"
        }
        LocalDiskEncryptionConfiguration = {
          EncryptionKeyProviderType  = "Custom"
          S3Object                   = "s3://trading-emr-artifacts/crypto/ld-provider.jar"
          EncryptionKeyProviderClass = "com.example.emr.TradingLocalDiskProvider"
        }
      }
    }
  })
}

resource "aws_emr_cluster" "trading" {
  name                   = "trading-eod"
  release_label          = "emr-7.5.0"
  applications           = ["Spark"]
  service_role           = "EMR_DefaultRole"
  security_configuration = aws_emr_security_configuration.awskms.name

  ec2_attributes {
    subnet_id        = "subnet-0a1b2c3d4e5f60001"
    instance_profile = "EMR_EC2_DefaultRole"
  }

  master_instance_group {
    instance_type = "m5.xlarge"
  }
}

resource "aws_emr_cluster" "trading_custom" {
  name                   = "trading-custom"
  release_label          = "emr-7.5.0"
  applications           = ["Spark"]
  service_role           = "EMR_DefaultRole"
  security_configuration = aws_emr_security_configuration.custom.name

  ec2_attributes {
    subnet_id        = "subnet-0a1b2c3d4e5f60001"
    instance_profile = "EMR_EC2_DefaultRole"
  }

  master_instance_group {
    instance_type = "m5.xlarge"
  }
}
