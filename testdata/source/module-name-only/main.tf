# Case (issue 20.4, reduced from Cloud Posse's and company EMR stacks):
# module calls named after EMR whose modules are a label, an S3 bucket and
# a key pair. Their names are no sign that they create EMR resources: each
# is a note, not EMR-MOD-001. A call is EMR-MOD-001 when what it can reach
# says EMR: its source, or arguments that carry EMR data (cluster
# settings, a release label).
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

module "emr_label" {
  source     = "cloudposse/label/null"
  version    = "0.25.0"
  attributes = ["emr"]
}

module "emr_logs_bucket" {
  source = "cloudposse/s3-bucket/aws"
  name   = "emr-logs"
}

module "emr_key_pair" {
  source   = "cloudposse/key-pair/aws"
  key_name = "emr"
}

# want EMR-MOD-001 indeterminate module.platform_cluster
module "platform_cluster" {
  source               = "git::https://example.com/platform/clusters.git?ref=v3"
  release_label        = "emr-7.2.0"
  master_instance_type = "m5.xlarge"
}
