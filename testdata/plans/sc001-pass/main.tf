# Case: EMR-SC-001 passing. SSE-S3, SSE-KMS with a key, and CSE-Custom
# (sometimes called "CSE-C" in prose, which is not SSE-C) with an override
# using CSE-KMS with a key. No seed-rule finding.
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

resource "aws_emr_security_configuration" "sse_s3" {
  name = "bi-sc-sse-s3"

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

resource "aws_emr_security_configuration" "cse_custom" {
  name = "bi-sc-cse-custom"

  configuration = jsonencode({
    EncryptionConfiguration = {
      EnableInTransitEncryption = false
      EnableAtRestEncryption    = true
      AtRestEncryptionConfiguration = {
        S3EncryptionConfiguration = {
          EncryptionMode             = "CSE-Custom"
          S3Object                   = "s3://bi-emr-artifacts/crypto/provider.jar"
          EncryptionKeyProviderClass = "com.example.emr.BiEncryptionMaterialsProvider"
          Overrides = [
            {
              BucketName     = "bi-exports"
              EncryptionMode = "CSE-KMS"
              AwsKmsKey      = "arn:aws:kms:eu-west-1:123456789012:key/0b7c2f1e-1111-4a5b-9c3d-000000000002"
            }
          ]
        }
      }
    }
  })
}

resource "aws_emr_security_configuration" "sse_kms" {
  name = "bi-sc-sse-kms"

  configuration = jsonencode({
    EncryptionConfiguration = {
      EnableInTransitEncryption = false
      EnableAtRestEncryption    = true
      AtRestEncryptionConfiguration = {
        S3EncryptionConfiguration = {
          EncryptionMode = "SSE-KMS"
          AwsKmsKey      = "arn:aws:kms:eu-west-1:123456789012:key/0b7c2f1e-1111-4a5b-9c3d-000000000001"
        }
      }
    }
  })
}

resource "aws_emr_cluster" "bi" {
  name                   = "bi-daily"
  release_label          = "emr-7.5.0"
  applications           = ["Spark", "Hive"]
  service_role           = "EMR_DefaultRole"
  security_configuration = aws_emr_security_configuration.sse_kms.name

  ec2_attributes {
    subnet_id        = "subnet-0a1b2c3d4e5f60001"
    instance_profile = "EMR_EC2_DefaultRole"
  }

  master_instance_group {
    instance_type = "m5.xlarge"
  }
}

resource "aws_emr_cluster" "bi_exports" {
  name                   = "bi-exports"
  release_label          = "emr-7.5.0"
  applications           = ["Spark"]
  service_role           = "EMR_DefaultRole"
  security_configuration = aws_emr_security_configuration.cse_custom.name

  ec2_attributes {
    subnet_id        = "subnet-0a1b2c3d4e5f60001"
    instance_profile = "EMR_EC2_DefaultRole"
  }

  master_instance_group {
    instance_type = "m5.xlarge"
  }
}

resource "aws_emr_cluster" "bi_sandbox" {
  name                   = "bi-sandbox"
  release_label          = "emr-6.15.0"
  applications           = ["Spark"]
  service_role           = "EMR_DefaultRole"
  security_configuration = aws_emr_security_configuration.sse_s3.name

  ec2_attributes {
    subnet_id        = "subnet-0a1b2c3d4e5f60001"
    instance_profile = "EMR_EC2_DefaultRole"
  }

  master_instance_group {
    instance_type = "m5.xlarge"
  }
}
