# EMR cluster with its own security configuration.
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

variable "s3_mode" {
  type    = string
  default = "SSE-S3"
}

resource "aws_emr_security_configuration" "this" {
  name = "${var.name}-sc"

  configuration = jsonencode({
    EncryptionConfiguration = {
      EnableInTransitEncryption = false
      EnableAtRestEncryption    = true
      AtRestEncryptionConfiguration = {
        S3EncryptionConfiguration = {
          EncryptionMode = var.s3_mode
        }
      }
    }
  })
}

resource "aws_emr_cluster" "this" {
  name                   = var.name
  release_label          = var.release_label
  applications           = ["Spark"]
  service_role           = "EMR_DefaultRole"
  security_configuration = aws_emr_security_configuration.this.name

  ec2_attributes {
    subnet_id        = "subnet-0c0c0c0c0c0c0c0c3"
    instance_profile = "EMR_EC2_DefaultRole"
  }

  master_instance_group {
    instance_type = "m5.xlarge"
  }
}
