# Linking cases for pkg/plan: name_prefix, count, a module output, a module
# input variable, and a name that matches nothing in the plan.
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

locals {
  base = {
    release_label = "emr-7.2.0"
    applications  = ["Spark"]
    service_role  = "EMR_DefaultRole"
  }
}

# name_prefix: the name is unknown at plan time, only the reference links.
resource "aws_emr_security_configuration" "prefixed" {
  name_prefix   = "emr-prefixed-"
  configuration = <<-EOT
    {"EncryptionConfiguration": {"EnableInTransitEncryption": false, "EnableAtRestEncryption": false}}
  EOT
}

resource "aws_emr_cluster" "prefixed" {
  name                   = "prefixed"
  release_label          = local.base.release_label
  applications           = local.base.applications
  service_role           = local.base.service_role
  security_configuration = aws_emr_security_configuration.prefixed.name

  ec2_attributes {
    subnet_id        = "subnet-0123456789abcdef0"
    instance_profile = "EMR_EC2_DefaultRole"
  }
  master_instance_group {
    instance_type = "m5.xlarge"
  }
}

# count: the reference carries the index.
resource "aws_emr_security_configuration" "counted" {
  count         = 2
  name          = "emr-counted-${count.index}"
  configuration = jsonencode({ EncryptionConfiguration = { EnableInTransitEncryption = false, EnableAtRestEncryption = false } })
}

resource "aws_emr_cluster" "counted" {
  name                   = "counted"
  release_label          = "emr-7.2.0"
  service_role           = "EMR_DefaultRole"
  security_configuration = aws_emr_security_configuration.counted[1].id

  ec2_attributes {
    instance_profile = "EMR_EC2_DefaultRole"
  }
  master_instance_group {
    instance_type = "m5.xlarge"
  }
}

# A module output: the configuration lives in the child module.
module "sec" {
  source = "./modules/sec"
  prefix = "emr-mod-"
}

module "sec_counted" {
  source = "./modules/sec"
  count  = 2
  prefix = "emr-modc${count.index}-"
}

resource "aws_emr_cluster" "via_output" {
  name                   = "via-output"
  release_label          = "emr-7.2.0"
  service_role           = "EMR_DefaultRole"
  security_configuration = module.sec.sc_name

  ec2_attributes {
    instance_profile = "EMR_EC2_DefaultRole"
  }
  master_instance_group {
    instance_type = "m5.xlarge"
  }
}

resource "aws_emr_cluster" "via_counted_output" {
  name                   = "via-counted-output"
  release_label          = "emr-7.2.0"
  service_role           = "EMR_DefaultRole"
  security_configuration = module.sec_counted[1].sc_name

  ec2_attributes {
    instance_profile = "EMR_EC2_DefaultRole"
  }
  master_instance_group {
    instance_type = "m5.xlarge"
  }
}

# A module input variable: the cluster lives in the child module.
module "cluster" {
  source  = "./modules/cluster"
  sc_name = aws_emr_security_configuration.prefixed.name
}

# A known name that matches nothing in the plan.
resource "aws_emr_cluster" "external" {
  name                   = "external"
  release_label          = "emr-7.2.0"
  service_role           = "EMR_DefaultRole"
  security_configuration = "pre-existing-sc"

  ec2_attributes {
    instance_profile = "EMR_EC2_DefaultRole"
  }
  master_instance_group {
    instance_type = "m5.xlarge"
  }
}

# An irrelevant type that the loader must skip.
resource "aws_s3_bucket" "logs" {
  bucket_prefix = "emr-logs-"
}
