# Case: counts that are not known. module.this is a naming/label module from
# a registry, not installed, so module.this.enabled is unknown; var.create
# has no value. Each resource is checked as one instance of unknown key [*]:
# a known SSE-C still fails, and the link through the splat holds
# (EMR-REL-001 on the cluster, no EMR-CL-001).
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

module "this" {
  source  = "cloudposse/label/null"
  version = "0.25.0"

  namespace = "bank"
  name      = "risk"
}

# want EMR-SC-001 fail aws_emr_security_configuration.default[*]
resource "aws_emr_security_configuration" "default" {
  count = module.this.enabled ? 1 : 0

  name        = null
  name_prefix = "risk-"

  configuration = jsonencode({
    EncryptionConfiguration = {
      EnableInTransitEncryption = false
      EnableAtRestEncryption    = true
      AtRestEncryptionConfiguration = {
        S3EncryptionConfiguration = {
          EncryptionMode = "SSE-C"
        }
        LocalDiskEncryptionConfiguration = {
          EncryptionKeyProviderType = "AwsKms"
          AwsKmsKey                 = "arn:aws:kms:eu-west-1:123456789012:key/0b7c2f1e-1111-4a5b-9c3d-000000000003"
          EnableEbsEncryption       = true
        }
      }
    }
  })
}

# want EMR-REL-001 fail aws_emr_cluster.default[*]
resource "aws_emr_cluster" "default" {
  count = module.this.enabled ? 1 : 0

  name                   = "risk-batch"
  release_label          = "emr-5.20.0"
  applications           = ["Spark"]
  service_role           = "EMR_DefaultRole"
  security_configuration = join("", aws_emr_security_configuration.default[*].name)

  ec2_attributes {
    subnet_id        = "subnet-0a1b2c3d4e5f60001"
    instance_profile = "EMR_EC2_DefaultRole"
  }

  master_instance_group {
    instance_type = "m5.xlarge"
  }
}

variable "create" {
  type = bool
}

# want EMR-CL-001 fail aws_emr_cluster.optional[*]
resource "aws_emr_cluster" "optional" {
  count = var.create ? 1 : 0

  name          = "risk-adhoc"
  release_label = "emr-7.2.0"
  applications  = ["Spark"]
  service_role  = "EMR_DefaultRole"

  ec2_attributes {
    subnet_id        = "subnet-0a1b2c3d4e5f60001"
    instance_profile = "EMR_EC2_DefaultRole"
  }

  master_instance_group {
    instance_type = "m5.xlarge"
  }
}
