# Case: EMR-REL-001. One security configuration with EBS encryption (AwsKms,
# with a key) shared by clusters on several releases. emr-5.9.0 (which sorts
# after emr-5.24.0 as a string) and emr-5.23.1 fail; emr-5.24.0, emr-5.36.2,
# emr-6.15.0 and emr-7.5.0 pass. The finding is on the cluster.
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

resource "aws_emr_security_configuration" "ebs" {
  name = "markets-sc-ebs"

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
          EnableEbsEncryption       = true
        }
      }
    }
  })
}

locals {
  releases = {
    legacy_590  = "emr-5.9.0"
    legacy_5231 = "emr-5.23.1"
    min_5240    = "emr-5.24.0"
    late_5x     = "emr-5.36.2"
    v6          = "emr-6.15.0"
    v7          = "emr-7.5.0"
  }
}

# want EMR-REL-001 fail aws_emr_cluster.markets["legacy_590"]
# want EMR-REL-001 fail aws_emr_cluster.markets["legacy_5231"]
resource "aws_emr_cluster" "markets" {
  for_each = local.releases

  name                   = "markets-${replace(each.key, "_", "-")}"
  release_label          = each.value
  applications           = ["Spark"]
  service_role           = "EMR_DefaultRole"
  security_configuration = aws_emr_security_configuration.ebs.name

  ec2_attributes {
    subnet_id        = "subnet-0a1b2c3d4e5f60001"
    instance_profile = "EMR_EC2_DefaultRole"
  }

  master_instance_group {
    instance_type = "m5.xlarge"
  }
}
