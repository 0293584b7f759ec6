terraform {
  required_providers {
    aws = {
      source = "hashicorp/aws"
    }
  }
}

variable "sc_name" {
  type = string
}

resource "aws_emr_cluster" "this" {
  name                   = "in-module"
  release_label          = "emr-7.2.0"
  service_role           = "EMR_DefaultRole"
  security_configuration = var.sc_name

  ec2_attributes {
    instance_profile = "EMR_EC2_DefaultRole"
  }
  master_instance_group {
    instance_type = "m5.xlarge"
  }
}
