# Case: .terraform/modules/modules.json records version 1.0.4 of the module,
# but the call now asks for ~> 1.2 (terraform init has not been run since).
# The installed copy is not used: a note says why, and the call is
# EMR-MOD-001 like a module that is not installed.
# check EMR-MOD-001
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

# want EMR-MOD-001 indeterminate module.emr
module "emr" {
  source  = "example-org/emr-cluster/aws"
  version = "~> 1.2"

  name          = "risk-batch"
  release_label = "emr-5.20.0"
  subnet_id     = "subnet-0a1b2c3d4e5f60001"

  s3_encryption_mode = "SSE-C"
  kms_key_arn        = "arn:aws:kms:eu-west-1:123456789012:key/0b7c2f1e-1111-4a5b-9c3d-000000000003"
}
