# Case: EMR-SC-008. SSE-KMS without AwsKmsKey; CSE-KMS with an empty
# AwsKmsKey; an SSE-S3 default whose per-bucket SSE-KMS override has no key.
# One SC-008 finding per configuration.
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

# want EMR-SC-008 fail aws_emr_security_configuration.sse_kms_no_key
resource "aws_emr_security_configuration" "sse_kms_no_key" {
  name = "payments-sc-sse-kms"

  configuration = jsonencode({
    EncryptionConfiguration = {
      EnableInTransitEncryption = false
      EnableAtRestEncryption    = true
      AtRestEncryptionConfiguration = {
        S3EncryptionConfiguration = {
          EncryptionMode = "SSE-KMS"
        }
      }
    }
  })
}

# want EMR-SC-008 fail aws_emr_security_configuration.cse_kms_empty_key
resource "aws_emr_security_configuration" "cse_kms_empty_key" {
  name = "payments-sc-cse-kms"

  configuration = jsonencode({
    EncryptionConfiguration = {
      EnableInTransitEncryption = false
      EnableAtRestEncryption    = true
      AtRestEncryptionConfiguration = {
        S3EncryptionConfiguration = {
          EncryptionMode = "CSE-KMS"
          AwsKmsKey      = ""
        }
      }
    }
  })
}

# want EMR-SC-008 fail aws_emr_security_configuration.override_no_key
resource "aws_emr_security_configuration" "override_no_key" {
  name = "payments-sc-override"

  configuration = jsonencode({
    EncryptionConfiguration = {
      EnableInTransitEncryption = false
      EnableAtRestEncryption    = true
      AtRestEncryptionConfiguration = {
        S3EncryptionConfiguration = {
          EncryptionMode = "SSE-S3"
          Overrides = [
            {
              BucketName     = "payments-cardholder-data"
              EncryptionMode = "SSE-KMS"
            }
          ]
        }
      }
    }
  })
}

resource "aws_emr_cluster" "payments" {
  name                   = "payments-recon"
  release_label          = "emr-7.5.0"
  applications           = ["Spark"]
  service_role           = "EMR_DefaultRole"
  security_configuration = aws_emr_security_configuration.sse_kms_no_key.name

  ec2_attributes {
    subnet_id        = "subnet-0a1b2c3d4e5f60001"
    instance_profile = "EMR_EC2_DefaultRole"
  }

  master_instance_group {
    instance_type = "m5.xlarge"
  }
}

resource "aws_emr_cluster" "payments_cse" {
  name                   = "payments-cse"
  release_label          = "emr-7.5.0"
  applications           = ["Spark"]
  service_role           = "EMR_DefaultRole"
  security_configuration = aws_emr_security_configuration.cse_kms_empty_key.name

  ec2_attributes {
    subnet_id        = "subnet-0a1b2c3d4e5f60001"
    instance_profile = "EMR_EC2_DefaultRole"
  }

  master_instance_group {
    instance_type = "m5.xlarge"
  }
}

resource "aws_emr_cluster" "payments_cards" {
  name                   = "payments-cards"
  release_label          = "emr-7.5.0"
  applications           = ["Spark"]
  service_role           = "EMR_DefaultRole"
  security_configuration = aws_emr_security_configuration.override_no_key.name

  ec2_attributes {
    subnet_id        = "subnet-0a1b2c3d4e5f60001"
    instance_profile = "EMR_EC2_DefaultRole"
  }

  master_instance_group {
    instance_type = "m5.xlarge"
  }
}
