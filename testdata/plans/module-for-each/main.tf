# Case: a local module called with for_each (module.emr["dev"], ["prod"]).
# Each instance has its own security configuration and cluster. dev uses
# SSE-KMS without a key (EMR-SC-008 on its SC); prod pins emr-5.23.0 with EBS
# encryption (EMR-REL-001 on its cluster). Findings carry the instance key.
terraform {
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 5.0"
    }
  }
}

provider "aws" {
  region = "eu-central-1"
}

locals {
  environments = {
    dev = {
      release_label = "emr-7.5.0"
      s3_kms_key    = ""
      subnet_id     = "subnet-0aaaaaaaaaaaaaaa1"
    }
    prod = {
      release_label = "emr-5.23.0"
      s3_kms_key    = "arn:aws:kms:eu-central-1:123456789012:key/0b7c2f1e-2222-4a5b-9c3d-000000000001"
      subnet_id     = "subnet-0bbbbbbbbbbbbbbb2"
    }
  }
}

# want EMR-SC-008 fail module.emr["dev"].aws_emr_security_configuration.this
# want EMR-REL-001 fail module.emr["prod"].aws_emr_cluster.this
module "emr" {
  source   = "./modules/emr"
  for_each = local.environments

  environment   = each.key
  release_label = each.value.release_label
  s3_kms_key    = each.value.s3_kms_key
  subnet_id     = each.value.subnet_id
}
