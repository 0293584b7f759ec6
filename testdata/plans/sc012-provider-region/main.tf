# Case: EMR-SC-012 and the provider's region. A security configuration
# whose AwsKmsKey is in eu-west-1 is checked against the Region it is
# created in: the default provider's (eu-west-1, passes), an aliased
# provider's chosen with `provider = aws.us` (us-east-1, fails), and the
# provider a module receives through its call's providers map (fails).
# check EMR-SC-012
terraform {
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 5.0"
    }
  }
}

variable "us_region" {
  type    = string
  default = "us-east-1"
}

provider "aws" {
  region = "eu-west-1"
}

provider "aws" {
  alias  = "us"
  region = var.us_region
}

locals {
  document = jsonencode({
    EncryptionConfiguration = {
      EnableAtRestEncryption = true
      AtRestEncryptionConfiguration = {
        S3EncryptionConfiguration = {
          EncryptionMode = "SSE-KMS"
          AwsKmsKey      = "arn:aws:kms:eu-west-1:111122223333:key/00000000-0000-0000-0000-000000000000"
        }
      }
    }
  })
}

resource "aws_emr_security_configuration" "home" {
  name          = "home"
  configuration = local.document
}

# want EMR-SC-012 fail aws_emr_security_configuration.away
resource "aws_emr_security_configuration" "away" {
  provider      = aws.us
  name          = "away"
  configuration = local.document
}

module "emr_us" {
  source    = "./modules/emr"
  providers = { aws = aws.us }
  document  = local.document
}
