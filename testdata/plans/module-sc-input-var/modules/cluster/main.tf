# An EMR cluster using a security configuration created by the caller.
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

variable "security_configuration" {
  type        = string
  description = "Name of the EMR security configuration to use."
}

resource "aws_emr_cluster" "this" {
  name                   = var.name
  release_label          = var.release_label
  applications           = ["Spark", "Hive"]
  service_role           = "EMR_DefaultRole"
  security_configuration = var.security_configuration

  ec2_attributes {
    subnet_id        = "subnet-0a1b2c3d4e5f60001"
    instance_profile = "EMR_EC2_DefaultRole"
  }

  master_instance_group {
    instance_type = "m5.xlarge"
  }
}
