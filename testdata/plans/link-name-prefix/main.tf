# Case: linking by reference when the name is unknown at plan time.
# aws_emr_security_configuration.prefixed uses name_prefix (name known only
# after apply); aws_emr_cluster.prefixed refers to its .name. The cluster
# aws_emr_cluster.by_id refers to the .id of a named configuration (the id is
# unknown for a new resource). Both configurations enable EBS encryption and
# both clusters run releases older than emr-5.24.0, so EMR-REL-001 fails on
# both: proof that they were linked (not EMR-CL-002).
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

resource "aws_emr_security_configuration" "prefixed" {
  name_prefix = "wealth-sc-"

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

# want EMR-REL-001 fail aws_emr_cluster.prefixed
resource "aws_emr_cluster" "prefixed" {
  name                   = "wealth-risk"
  release_label          = "emr-5.23.0"
  applications           = ["Spark"]
  service_role           = "EMR_DefaultRole"
  security_configuration = aws_emr_security_configuration.prefixed.name

  ec2_attributes {
    subnet_id        = "subnet-0a1b2c3d4e5f60001"
    instance_profile = "EMR_EC2_DefaultRole"
  }

  master_instance_group {
    instance_type = "m5.xlarge"
  }
}

resource "aws_emr_security_configuration" "named" {
  name = "wealth-reporting-sc"

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

# want EMR-REL-001 fail aws_emr_cluster.by_id
resource "aws_emr_cluster" "by_id" {
  name                   = "wealth-reporting"
  release_label          = "emr-5.20.0"
  applications           = ["Spark"]
  service_role           = "EMR_DefaultRole"
  security_configuration = aws_emr_security_configuration.named.id

  ec2_attributes {
    subnet_id        = "subnet-0a1b2c3d4e5f60001"
    instance_profile = "EMR_EC2_DefaultRole"
  }

  master_instance_group {
    instance_type = "m5.xlarge"
  }
}
