# Case: the security configuration is created in the root module with
# name_prefix (name unknown at plan time) and passed to a cluster module as
# an input variable. The link must follow var.security_configuration to the
# module call's argument. The configuration enables EBS encryption and the
# module's cluster runs emr-5.20.0: EMR-REL-001 on the module's cluster.
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

resource "aws_emr_security_configuration" "shared" {
  name_prefix = "insurance-shared-"

  configuration = jsonencode({
    EncryptionConfiguration = {
      EnableInTransitEncryption = false
      EnableAtRestEncryption    = true
      AtRestEncryptionConfiguration = {
        S3EncryptionConfiguration = {
          EncryptionMode = "SSE-KMS"
          AwsKmsKey      = "arn:aws:kms:eu-west-1:123456789012:key/0b7c2f1e-1111-4a5b-9c3d-000000000001"
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

# want EMR-REL-001 fail module.actuarial.aws_emr_cluster.this
module "actuarial" {
  source = "./modules/cluster"

  name                   = "actuarial"
  release_label          = "emr-5.20.0"
  security_configuration = aws_emr_security_configuration.shared.name
}

module "pricing" {
  source = "./modules/cluster"

  name                   = "pricing"
  release_label          = "emr-7.5.0"
  security_configuration = aws_emr_security_configuration.shared.name
}
