# Case: EMR-REL-002. Clusters with a security configuration on emr-4.7.0
# (before security configurations existed) and on the AMI-version style
# "3.11.0" (parseable, pre-4.0, so not EMR-META-003) fail. A cluster on
# emr-4.7.0 without a security configuration is EMR-CL-001, not REL-002.
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
  name = "archive-sc-sse-s3"

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

# want EMR-REL-002 fail aws_emr_cluster.archive_470
resource "aws_emr_cluster" "archive_470" {
  name                   = "archive-470"
  release_label          = "emr-4.7.0"
  applications           = ["Hadoop", "Hive"]
  service_role           = "EMR_DefaultRole"
  security_configuration = aws_emr_security_configuration.sse_s3.name

  ec2_attributes {
    subnet_id        = "subnet-0a1b2c3d4e5f60001"
    instance_profile = "EMR_EC2_DefaultRole"
  }

  master_instance_group {
    instance_type = "m4.large"
  }
}

# want EMR-REL-002 fail aws_emr_cluster.archive_ami
resource "aws_emr_cluster" "archive_ami" {
  name                   = "archive-ami-3"
  release_label          = "3.11.0"
  service_role           = "EMR_DefaultRole"
  security_configuration = aws_emr_security_configuration.sse_s3.name

  ec2_attributes {
    subnet_id        = "subnet-0a1b2c3d4e5f60001"
    instance_profile = "EMR_EC2_DefaultRole"
  }

  master_instance_group {
    instance_type = "m3.xlarge"
  }
}

# want EMR-CL-001 fail aws_emr_cluster.archive_470_plain
resource "aws_emr_cluster" "archive_470_plain" {
  name          = "archive-470-plain"
  release_label = "emr-4.7.0"
  applications  = ["Hadoop"]
  service_role  = "EMR_DefaultRole"

  ec2_attributes {
    subnet_id        = "subnet-0a1b2c3d4e5f60001"
    instance_profile = "EMR_EC2_DefaultRole"
  }

  master_instance_group {
    instance_type = "m4.large"
  }
}
