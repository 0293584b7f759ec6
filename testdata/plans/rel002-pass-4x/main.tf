# Case: EMR-REL-002 passing on 4.x. emr-4.8.0 (the first release with
# security configurations) and emr-4.9.6 with a configuration that has no
# EBS encryption, so EMR-REL-001 does not apply either. No seed-rule finding.
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

resource "aws_emr_security_configuration" "legacy" {
  name = "archive-sc-4x"

  configuration = jsonencode({
    EncryptionConfiguration = {
      EnableInTransitEncryption = false
      EnableAtRestEncryption    = true
      AtRestEncryptionConfiguration = {
        S3EncryptionConfiguration = {
          EncryptionMode = "SSE-KMS"
          AwsKmsKey      = "arn:aws:kms:eu-west-1:123456789012:key/0b7c2f1e-1111-4a5b-9c3d-000000000001"
        }
        LocalDiskEncryptionConfiguration = {
          EncryptionKeyProviderType = "AwsKms"
          AwsKmsKey                 = "arn:aws:kms:eu-west-1:123456789012:key/0b7c2f1e-1111-4a5b-9c3d-000000000003"
        }
      }
    }
  })
}

resource "aws_emr_cluster" "archive_480" {
  name                   = "archive-480"
  release_label          = "emr-4.8.0"
  applications           = ["Hadoop", "Hive"]
  service_role           = "EMR_DefaultRole"
  security_configuration = aws_emr_security_configuration.legacy.name

  ec2_attributes {
    subnet_id        = "subnet-0a1b2c3d4e5f60001"
    instance_profile = "EMR_EC2_DefaultRole"
  }

  master_instance_group {
    instance_type = "m4.large"
  }
}

resource "aws_emr_cluster" "archive_496" {
  name                   = "archive-496"
  release_label          = "emr-4.9.6"
  applications           = ["Hadoop", "Hive", "Spark"]
  service_role           = "EMR_DefaultRole"
  security_configuration = aws_emr_security_configuration.legacy.name

  ec2_attributes {
    subnet_id        = "subnet-0a1b2c3d4e5f60001"
    instance_profile = "EMR_EC2_DefaultRole"
  }

  master_instance_group {
    instance_type = "m4.large"
  }
}
