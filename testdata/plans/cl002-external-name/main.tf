# Case: EMR-CL-002 on clusters. (a) A literal name and a name from a variable
# default that match no aws_emr_security_configuration here (created by
# another stack): indeterminate. (b) A name built from random_id (unknown at
# plan time) that references no security configuration: indeterminate.
# A cluster naming the configuration defined here gives nothing.
terraform {
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 5.0"
    }
    random = {
      source  = "hashicorp/random"
      version = ">= 3.0"
    }
  }
}

provider "aws" {
  region = "eu-west-1"
}

variable "shared_security_configuration" {
  type        = string
  description = "Security configuration owned by the platform team."
  default     = "platform-baseline-sc-v3"
}

resource "aws_emr_security_configuration" "local" {
  name = "lending-sc"

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

# want EMR-CL-002 indeterminate aws_emr_cluster.literal_external
resource "aws_emr_cluster" "literal_external" {
  name                   = "lending-scoring"
  release_label          = "emr-7.5.0"
  applications           = ["Spark"]
  service_role           = "EMR_DefaultRole"
  security_configuration = "corp-emr-baseline"

  ec2_attributes {
    subnet_id        = "subnet-0a1b2c3d4e5f60001"
    instance_profile = "EMR_EC2_DefaultRole"
  }

  master_instance_group {
    instance_type = "m5.xlarge"
  }
}

# want EMR-CL-002 indeterminate aws_emr_cluster.var_external
resource "aws_emr_cluster" "var_external" {
  name                   = "lending-reporting"
  release_label          = "emr-7.5.0"
  applications           = ["Spark"]
  service_role           = "EMR_DefaultRole"
  security_configuration = var.shared_security_configuration

  ec2_attributes {
    subnet_id        = "subnet-0a1b2c3d4e5f60001"
    instance_profile = "EMR_EC2_DefaultRole"
  }

  master_instance_group {
    instance_type = "m5.xlarge"
  }
}

resource "random_id" "sc_suffix" {
  byte_length = 4
}

# want EMR-CL-002 indeterminate aws_emr_cluster.unknown_name
resource "aws_emr_cluster" "unknown_name" {
  name                   = "lending-sandbox"
  release_label          = "emr-7.5.0"
  applications           = ["Spark"]
  service_role           = "EMR_DefaultRole"
  security_configuration = "lending-sc-${random_id.sc_suffix.hex}"

  ec2_attributes {
    subnet_id        = "subnet-0a1b2c3d4e5f60001"
    instance_profile = "EMR_EC2_DefaultRole"
  }

  master_instance_group {
    instance_type = "m5.xlarge"
  }
}

resource "aws_emr_cluster" "linked" {
  name                   = "lending-batch"
  release_label          = "emr-7.5.0"
  applications           = ["Spark"]
  service_role           = "EMR_DefaultRole"
  security_configuration = aws_emr_security_configuration.local.name

  ec2_attributes {
    subnet_id        = "subnet-0a1b2c3d4e5f60001"
    instance_profile = "EMR_EC2_DefaultRole"
  }

  master_instance_group {
    instance_type = "m5.xlarge"
  }
}
