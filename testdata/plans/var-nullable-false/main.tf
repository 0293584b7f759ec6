# Case: nullable = false. terraform.tfvars sets both variables to null and
# module.sc passes null: each becomes the variable's default, as the plan
# shows (SSE-C, emr-5.20.0 with EBS encryption), not null.
terraform {
  required_providers {
    aws = {
      source = "hashicorp/aws"
    }
  }
}
provider "aws" {
  region = "eu-west-1"
}
variable "mode" {
  type     = string
  default  = "SSE-C"
  nullable = false
}
variable "release" {
  type     = string
  default  = "emr-5.20.0"
  nullable = false
}
# want EMR-SC-001 fail aws_emr_security_configuration.root
resource "aws_emr_security_configuration" "root" {
  name = "root"
  configuration = jsonencode({
    EncryptionConfiguration = {
      EnableInTransitEncryption = false
      EnableAtRestEncryption    = true
      AtRestEncryptionConfiguration = {
        S3EncryptionConfiguration        = { EncryptionMode = var.mode }
        LocalDiskEncryptionConfiguration = { EncryptionKeyProviderType = "AwsKms", AwsKmsKey = "arn:aws:kms:eu-west-1:123456789012:key/0b7c2f1e-1111-4a5b-9c3d-000000000001", EnableEbsEncryption = true }
      }
    }
  })
}
# want EMR-REL-001 fail aws_emr_cluster.root
resource "aws_emr_cluster" "root" {
  name                   = "root"
  release_label          = var.release
  service_role           = "EMR_DefaultRole"
  security_configuration = aws_emr_security_configuration.root.name
  ec2_attributes {
    subnet_id        = "subnet-0a1b2c3d4e5f60001"
    instance_profile = "EMR_EC2_DefaultRole"
  }
  master_instance_group {
    instance_type = "m5.xlarge"
  }
}
# want EMR-SC-001 fail module.sc.aws_emr_security_configuration.m
module "sc" {
  source = "./modules/sc"
  mode   = null
}
