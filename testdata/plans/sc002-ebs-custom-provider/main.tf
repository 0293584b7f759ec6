# Case: EMR-SC-002. EnableEbsEncryption with the Custom local-disk key
# provider (JSON true), and with the string "true" and no provider at all.
# Releases are >= emr-5.24.0, so EMR-REL-001 does not fire.
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

# want EMR-SC-002 fail aws_emr_security_configuration.custom_provider
resource "aws_emr_security_configuration" "custom_provider" {
  name = "risk-sc-custom-ld"

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
          S3Object                   = "s3://risk-emr-artifacts/crypto/ld-provider.jar"
          EncryptionKeyProviderClass = "com.example.emr.RiskLocalDiskProvider"
          EnableEbsEncryption        = true
        }
      }
    }
  })
}

# want EMR-SC-002 fail aws_emr_security_configuration.no_provider
resource "aws_emr_security_configuration" "no_provider" {
  name = "risk-sc-no-ld-provider"

  configuration = <<-JSON
    {
      "EncryptionConfiguration": {
        "EnableInTransitEncryption": false,
        "EnableAtRestEncryption": true,
        "AtRestEncryptionConfiguration": {
          "S3EncryptionConfiguration": {
            "EncryptionMode": "SSE-S3"
          },
          "LocalDiskEncryptionConfiguration": {
            "EnableEbsEncryption": "true"
          }
        }
      }
    }
  JSON
}

resource "aws_emr_cluster" "risk" {
  name                   = "risk-batch"
  release_label          = "emr-7.5.0"
  applications           = ["Spark"]
  service_role           = "EMR_DefaultRole"
  security_configuration = aws_emr_security_configuration.custom_provider.name

  ec2_attributes {
    subnet_id        = "subnet-0a1b2c3d4e5f60001"
    instance_profile = "EMR_EC2_DefaultRole"
  }

  master_instance_group {
    instance_type = "m5.xlarge"
  }
}

resource "aws_emr_cluster" "risk_legacy" {
  name                   = "risk-legacy"
  release_label          = "emr-5.36.2"
  applications           = ["Spark"]
  service_role           = "EMR_DefaultRole"
  security_configuration = aws_emr_security_configuration.no_provider.name

  ec2_attributes {
    subnet_id        = "subnet-0a1b2c3d4e5f60001"
    instance_profile = "EMR_EC2_DefaultRole"
  }

  master_instance_group {
    instance_type = "m5.xlarge"
  }
}
