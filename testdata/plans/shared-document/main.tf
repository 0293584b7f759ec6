# Case: two security configurations with the same document text. The
# plan loader parses the text once and both share the document; reading
# the plan with its source must still place each finding in its own
# resource (scan.Pair merges the source's key positions into a copy).
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

# want EMR-SC-001 fail aws_emr_security_configuration.first
resource "aws_emr_security_configuration" "first" {
  name = "shared-first"

  configuration = jsonencode({
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

# want EMR-SC-001 fail aws_emr_security_configuration.second
resource "aws_emr_security_configuration" "second" {
  name = "shared-second"

  configuration = jsonencode({
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
