# The pattern of terraform-aws-modules/emr: ec2_attributes is a dynamic
# block. A plan's configuration section leaves dynamic blocks out, and the
# Optional+Computed attributes the block does not write (subnet_id,
# service_access_security_group) are unknown in the plan: the provider
# decides them after apply. Plan mode must not read them as set (issue
# 20.1): EMR-NET-003 and EMR-NET-001 are indeterminate from the plan alone,
# and fail from the source, which shows what the block writes.
# check EMR-NET-001 EMR-NET-003
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

resource "aws_subnet" "private" {
  vpc_id                  = "vpc-0123456789abcdef0"
  cidr_block              = "10.0.2.0/24"
  map_public_ip_on_launch = false
}

locals {
  private = [{
    master_sg = "sg-0123456789abcdef1"
    slave_sg  = "sg-0123456789abcdef2"
  }]
  none = [{ profile = "arn:aws:iam::111122223333:instance-profile/emr" }]
}

# want EMR-CL-002 indeterminate aws_emr_cluster.private
# want-hcl EMR-NET-003 fail aws_emr_cluster.private
# want-plan EMR-NET-003 indeterminate aws_emr_cluster.private
# want-plan EMR-NET-001 indeterminate aws_emr_cluster.private
resource "aws_emr_cluster" "private" {
  name                   = "private"
  release_label          = "emr-7.2.0"
  service_role           = "arn:aws:iam::111122223333:role/emr"
  security_configuration = "baseline"
  log_uri                = "s3://b/logs/"
  dynamic "ec2_attributes" {
    for_each = local.private
    content {
      instance_profile                  = "arn:aws:iam::111122223333:instance-profile/emr"
      subnet_id                         = aws_subnet.private.id
      emr_managed_master_security_group = ec2_attributes.value.master_sg
      emr_managed_slave_security_group  = ec2_attributes.value.slave_sg
    }
  }
  master_instance_group {
    instance_type = "m5.xlarge"
  }
}

# want EMR-CL-002 indeterminate aws_emr_cluster.default_vpc
# want-hcl EMR-NET-001 fail aws_emr_cluster.default_vpc
# want-plan EMR-NET-001 indeterminate aws_emr_cluster.default_vpc
# want-plan EMR-NET-003 indeterminate aws_emr_cluster.default_vpc
resource "aws_emr_cluster" "default_vpc" {
  name                   = "default-vpc"
  release_label          = "emr-7.2.0"
  service_role           = "arn:aws:iam::111122223333:role/emr"
  security_configuration = "baseline"
  log_uri                = "s3://b/logs/"
  dynamic "ec2_attributes" {
    for_each = local.none
    content {
      instance_profile = ec2_attributes.value.profile
    }
  }
  master_instance_group {
    instance_type = "m5.xlarge"
  }
}
