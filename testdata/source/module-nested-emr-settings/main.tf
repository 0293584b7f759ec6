# Case (issue 20.6, reduced from Young-ook/terraform-aws-emr's
# examples/blueprint): module calls that pass EMR settings nested in an
# object (instance fleet settings, an EMR Studio's default S3 location).
# The source here names no EMR, so only what the arguments carry tells
# that the modules create EMR resources: each is EMR-MOD-001. A call
# whose nested settings any AWS module takes (instance_type, namespace,
# auth_mode) stays a note.
# check EMR-MOD-001
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

variable "cluster" {
  default = {
    primary_node_groups = {
      instance_type_configs = [{ instance_type = "m5.xlarge" }]
    }
    task_node_groups = {
      target_spot_capacity = 2
    }
  }
}

# want EMR-MOD-001 indeterminate module.analytics
module "analytics" {
  source              = "git::https://example.com/platform/analytics.git?ref=v1"
  primary_node_groups = lookup(var.cluster, "primary_node_groups", {})
}

# want EMR-MOD-001 indeterminate module.notebooks
module "notebooks" {
  source = "git::https://example.com/platform/notebooks.git?ref=v1"
  studio = {
    auth_mode           = "IAM"
    default_s3_location = "s3://example-bucket/data"
  }
}

module "workers" {
  source = "git::https://example.com/platform/workers.git?ref=v1"
  node_groups = {
    default = { instance_type = "m5.xlarge", namespace = "default" }
  }
  auth_mode = "IAM"
}
