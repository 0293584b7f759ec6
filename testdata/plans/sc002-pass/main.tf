# Case: EMR-SC-002 passing. EBS encryption with the AwsKms provider and a key;
# a Custom local-disk provider without EBS encryption; and a Custom provider
# with EnableEbsEncryption false. No seed-rule finding.
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

resource "aws_emr_security_configuration" "awskms_ebs" {
  name = "risk-sc-ebs"

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

resource "aws_emr_security_configuration" "custom_no_ebs" {
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
        }
      }
    }
  })
}

resource "aws_emr_security_configuration" "custom_ebs_false" {
  name = "risk-sc-custom-ebs-off"

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
          EnableEbsEncryption        = false
        }
      }
    }
  })
}

resource "aws_emr_cluster" "risk" {
  name                   = "risk-batch"
  release_label          = "emr-7.5.0"
  applications           = ["Spark"]
  service_role           = "EMR_DefaultRole"
  security_configuration = aws_emr_security_configuration.awskms_ebs.name

  ec2_attributes {
    subnet_id        = "subnet-0a1b2c3d4e5f60001"
    instance_profile = "EMR_EC2_DefaultRole"
  }

  master_instance_group {
    instance_type = "m5.xlarge"
  }
}

resource "aws_emr_cluster" "risk_custom" {
  name                   = "risk-custom"
  release_label          = "emr-5.20.0"
  applications           = ["Spark"]
  service_role           = "EMR_DefaultRole"
  security_configuration = aws_emr_security_configuration.custom_no_ebs.name

  ec2_attributes {
    subnet_id        = "subnet-0a1b2c3d4e5f60001"
    instance_profile = "EMR_EC2_DefaultRole"
  }

  master_instance_group {
    instance_type = "m5.xlarge"
  }
}

resource "aws_emr_cluster" "risk_custom_old" {
  name                   = "risk-custom-old"
  release_label          = "emr-5.9.0"
  applications           = ["Spark"]
  service_role           = "EMR_DefaultRole"
  security_configuration = aws_emr_security_configuration.custom_ebs_false.name

  ec2_attributes {
    subnet_id        = "subnet-0a1b2c3d4e5f60001"
    instance_profile = "EMR_EC2_DefaultRole"
  }

  master_instance_group {
    instance_type = "m5.xlarge"
  }
}
