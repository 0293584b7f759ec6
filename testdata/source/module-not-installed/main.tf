# Case: module calls whose modules were never installed (no terraform init).
# Arguments shaped like a security configuration are checked at the call;
# calls that may create EMR resources are EMR-MOD-001 (indeterminate); other
# remote modules are notes.
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
# want EMR-SC-001 fail module.emr
module "emr" {
  source  = "example-org/emr-cluster/aws"
  version = "~> 1.2"

  name          = "risk-batch"
  release_label = "emr-5.20.0"

  security_configuration = jsonencode({
    EncryptionConfiguration = {
      EnableInTransitEncryption = false
      EnableAtRestEncryption    = true
      AtRestEncryptionConfiguration = {
        S3EncryptionConfiguration = {
          EncryptionMode = "SSE-C"
        }
      }
    }
  })
}

# A JSON string, in a call whose name and source say nothing of EMR: the
# document is the sign.
# want EMR-MOD-001 indeterminate module.analytics
# want EMR-SC-001 fail module.analytics
module "analytics" {
  source = "git::https://git.example.com/platform/analytics.git?ref=v3.1.0"

  cluster_security = <<-JSON
    {
      "EncryptionConfiguration": {
        "EnableInTransitEncryption": false,
        "EnableAtRestEncryption": true,
        "AtRestEncryptionConfiguration": {
          "S3EncryptionConfiguration": {"EncryptionMode": "SSE-C"}
        }
      }
    }
  JSON
}

# A release label is a sign too.
# want EMR-MOD-001 indeterminate module.batch
module "batch" {
  source = "s3::https://s3-eu-west-1.amazonaws.com/example-modules/batch.zip"

  release = "emr-7.2.0"
}

# Nothing of EMR: a note, no finding.
module "vpc" {
  source  = "terraform-aws-modules/vpc/aws"
  version = "~> 5.0"

  cidr = "10.0.0.0/16"
}
