# Case: count = 0. A disabled legacy cluster (no security configuration,
# unparseable release) and a disabled SSE-C security configuration are not
# created, so they produce no finding. The enabled cluster is compliant.
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

variable "enable_legacy" {
  type    = bool
  default = false
}

resource "aws_emr_security_configuration" "legacy" {
  count = var.enable_legacy ? 1 : 0

  name = "treasury-legacy-sc"

  configuration = jsonencode({
    EncryptionConfiguration = {
      EnableInTransitEncryption = false
      EnableAtRestEncryption    = true
      AtRestEncryptionConfiguration = {
        S3EncryptionConfiguration = {
          EncryptionMode = "SSE-C"
        }
      }
    }
  })
}

resource "aws_emr_cluster" "legacy" {
  count = var.enable_legacy ? 1 : 0

  name          = "treasury-legacy"
  release_label = "latest"
  service_role  = "EMR_DefaultRole"

  ec2_attributes {
    subnet_id        = "subnet-0a1b2c3d4e5f60001"
    instance_profile = "EMR_EC2_DefaultRole"
  }

  master_instance_group {
    instance_type = "m5.xlarge"
  }
}

resource "aws_emr_security_configuration" "current" {
  name = "treasury-sc"

  configuration = jsonencode({
    EncryptionConfiguration = {
      EnableInTransitEncryption = false
      EnableAtRestEncryption    = true
      AtRestEncryptionConfiguration = {
        S3EncryptionConfiguration = {
          EncryptionMode = "SSE-S3"
        }
      }
    }
  })
}

resource "aws_emr_cluster" "current" {
  name                   = "treasury"
  release_label          = "emr-7.5.0"
  applications           = ["Spark"]
  service_role           = "EMR_DefaultRole"
  security_configuration = aws_emr_security_configuration.current.name

  ec2_attributes {
    subnet_id        = "subnet-0a1b2c3d4e5f60001"
    instance_profile = "EMR_EC2_DefaultRole"
  }

  master_instance_group {
    instance_type = "m5.xlarge"
  }
}
