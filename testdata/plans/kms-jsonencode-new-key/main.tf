# Case: jsonencode() holding the ARN of an aws_kms_key created in the same
# plan. In the plan the whole configuration is unknown: EMR-CL-002
# indeterminate on the SC, no content finding, and EMR-REL-001 indeterminate
# on the cluster whose release is older than emr-5.24.0 (the emr-7.5.0 one
# gets nothing). Reading the .tf source, jsonencode is seen through: the
# literal SSE-C mode fails EMR-SC-001, and the literal EnableEbsEncryption =
# true with emr-5.20.0 fails EMR-REL-001 (the unknown key counts as set).
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

resource "aws_kms_key" "emr" {
  description             = "EMR local-disk and EBS encryption"
  deletion_window_in_days = 30
  enable_key_rotation     = true
}

# want-plan EMR-CL-002 indeterminate aws_emr_security_configuration.this
# want-hcl EMR-SC-001 fail aws_emr_security_configuration.this
resource "aws_emr_security_configuration" "this" {
  name = "cards-sc"

  configuration = jsonencode({
    EncryptionConfiguration = {
      EnableInTransitEncryption = false
      EnableAtRestEncryption    = true
      AtRestEncryptionConfiguration = {
        S3EncryptionConfiguration = {
          EncryptionMode = "SSE-C"
        }
        LocalDiskEncryptionConfiguration = {
          EncryptionKeyProviderType = "AwsKms"
          AwsKmsKey                 = aws_kms_key.emr.arn
          EnableEbsEncryption       = true
        }
      }
    }
  })
}

# want-plan EMR-REL-001 indeterminate aws_emr_cluster.legacy
# want-hcl EMR-REL-001 fail aws_emr_cluster.legacy
resource "aws_emr_cluster" "legacy" {
  name                   = "cards-legacy"
  release_label          = "emr-5.20.0"
  applications           = ["Spark"]
  service_role           = "EMR_DefaultRole"
  security_configuration = aws_emr_security_configuration.this.name

  ec2_attributes {
    subnet_id        = "subnet-0a1b2c3d4e5f60001"
    instance_profile = "EMR_EC2_DefaultRole"
  }

  master_instance_group {
    instance_type = "m5.xlarge"
  }
}

resource "aws_emr_cluster" "current" {
  name                   = "cards-current"
  release_label          = "emr-7.5.0"
  applications           = ["Spark"]
  service_role           = "EMR_DefaultRole"
  security_configuration = aws_emr_security_configuration.this.name

  ec2_attributes {
    subnet_id        = "subnet-0a1b2c3d4e5f60001"
    instance_profile = "EMR_EC2_DefaultRole"
  }

  master_instance_group {
    instance_type = "m5.xlarge"
  }
}
