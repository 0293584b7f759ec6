# A cluster module shaped like the public ones: count on the resources,
# name = null and name_prefix on the security configuration, and the
# cluster reading its name through a splat.
terraform {
  required_providers {
    aws = {
      source = "hashicorp/aws"
    }
  }
}

variable "name" {
  type = string
}

variable "release_label" {
  type = string
}

variable "security_configuration_name" {
  type    = string
  default = null
}

resource "aws_emr_security_configuration" "default" {
  count = var.security_configuration_name == null ? 1 : 0

  name        = var.security_configuration_name
  name_prefix = "${var.name}-"

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

resource "aws_emr_cluster" "this" {
  count = 1

  name                   = var.name
  release_label          = var.release_label
  applications           = ["Spark"]
  service_role           = "EMR_DefaultRole"
  security_configuration = join("", aws_emr_security_configuration.default[*].name)

  ec2_attributes {
    subnet_id        = "subnet-0a1b2c3d4e5f60001"
    instance_profile = "EMR_EC2_DefaultRole"
  }

  master_instance_group {
    instance_type = "m5.xlarge"
  }
}
