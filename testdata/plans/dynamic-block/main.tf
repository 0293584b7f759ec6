# A dynamic ec2_attributes block whose subnet is created in the same plan.
# The plan's configuration section leaves dynamic blocks out, so from the
# plan alone the subnet cannot be traced (EMR-NET-002 indeterminate); the
# source, alone or with the plan, traces it to a subnet without public IPs.
# check EMR-NET-002
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
resource "aws_vpc" "v" {
  cidr_block = "10.0.0.0/16"
}
resource "aws_subnet" "s" {
  vpc_id     = aws_vpc.v.id
  cidr_block = "10.0.1.0/24"
}
locals {
  attrs = [{ profile = "arn:aws:iam::111122223333:instance-profile/emr" }]
}
# want EMR-CL-001 fail aws_emr_cluster.c
# want-plan EMR-NET-002 indeterminate aws_emr_cluster.c
resource "aws_emr_cluster" "c" {
  name          = "c"
  release_label = "emr-7.2.0"
  service_role  = "arn:aws:iam::111122223333:role/emr"
  log_uri       = "s3://b/logs/"
  dynamic "ec2_attributes" {
    for_each = local.attrs
    content {
      instance_profile = ec2_attributes.value.profile
      subnet_id        = aws_subnet.s.id
    }
  }
  master_instance_group {
    instance_type = "m5.xlarge"
  }
}
