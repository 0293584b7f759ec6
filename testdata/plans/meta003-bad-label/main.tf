# Case: EMR-META-003. Release labels "emr-6.15" (no patch), "latest" and
# "emr-7.x" cannot be parsed; the REL rules skip those clusters even though
# their configuration enables EBS encryption. A well-formed label with a
# suffix ("emr-6.15.0-latest") parses and is >= emr-5.24.0: no finding.
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
  name = "ops-sc-ebs"

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
          AwsKmsKey                 = "arn:aws:kms:eu-west-1:123456789012:key/0b7c2f1e-1111-4a5b-9c3d-000000000003"
          EnableEbsEncryption       = true
        }
      }
    }
  })
}

locals {
  release_labels = {
    no_patch = "emr-6.15"
    latest   = "latest"
    wildcard = "emr-7.x"
    suffixed = "emr-6.15.0-latest"
  }
}

# want EMR-META-003 fail aws_emr_cluster.ops["no_patch"]
# want EMR-META-003 fail aws_emr_cluster.ops["latest"]
# want EMR-META-003 fail aws_emr_cluster.ops["wildcard"]
resource "aws_emr_cluster" "ops" {
  for_each = local.release_labels

  name                   = "ops-${replace(each.key, "_", "-")}"
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
