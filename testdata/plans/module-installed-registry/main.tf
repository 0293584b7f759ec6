# Case: an EMR module from a registry, installed by `terraform init` into
# .terraform/modules (the manifest .terraform/modules/modules.json is shaped
# as terraform writes it; the module is this repository's own stand-in for a
# public EMR module). The module creates the cluster with
# count = var.enabled ? 1 : 0 and, through a local module nested in it, the
# security configuration with name = null and name_prefix (the defaults of
# the most used public EMR module). The caller passes SSE-C on emr-5.20.0.
#
# Source mode evaluates the installed module with the plan's addresses:
# EMR-SC-001 fails on the nested configuration, EMR-REL-001 on the cluster
# (EBS encryption before emr-5.24.0: proof that the cluster is linked to
# its configuration through name_prefix; no EMR-CL-001, no EMR-CL-002).
#
# The plan is made by scripts/regen-plans.sh from a copy in which the
# module call reads the installed directory (terraform init cannot download
# offline); the addresses are the same.
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

# want EMR-SC-001 fail module.emr.module.security_configuration.aws_emr_security_configuration.this[0]
# want EMR-REL-001 fail module.emr.aws_emr_cluster.this[0]
module "emr" {
  source  = "example-org/emr-cluster/aws"
  version = "~> 1.2"

  name          = "risk-batch"
  release_label = "emr-5.20.0"
  subnet_id     = "subnet-0a1b2c3d4e5f60001"

  s3_encryption_mode = "SSE-C"
  kms_key_arn        = "arn:aws:kms:eu-west-1:123456789012:key/0b7c2f1e-1111-4a5b-9c3d-000000000003"
}
