# An EMR module that checks its own security configuration with the
# tfemrcheck provider, for every consumer, inside `terraform plan`.
#
# To stay runnable without AWS credentials, terraform_data stands in for
# aws_emr_security_configuration; in a real module the precondition goes
# on the aws_emr_security_configuration resource (or its configuration is
# written `configuration = provider::tfemrcheck::validated(...)`).

terraform {
  required_version = ">= 1.8.0" # provider-defined functions

  required_providers {
    tfemrcheck = {
      source  = "tfemrcheck/tfemrcheck"
      version = ">= 0.1.0"
    }
  }
}

variable "release_label" {
  description = "EMR release of the cluster that uses the security configuration."
  type        = string
  default     = "emr-7.5.0"
}

variable "s3_encryption_mode" {
  description = "EMRFS encryption mode for S3 data (SSE-KMS or CSE-KMS)."
  type        = string
  default     = "SSE-KMS"
}

variable "s3_kms_key_arn" {
  description = "KMS key for EMRFS data in S3."
  type        = string
  default     = "arn:aws:kms:eu-west-1:111122223333:key/00000000-0000-0000-0000-000000000000"
}

variable "local_disk_kms_key_arn" {
  description = "KMS key for local disks and EBS volumes."
  type        = string
  default     = "arn:aws:kms:eu-west-1:111122223333:key/00000000-0000-0000-0000-000000000001"
}

variable "tls_certificates_s3_object" {
  description = "S3 object holding the PEM certificates for in-transit encryption."
  type        = string
  default     = "s3://example-config/tls/certs.zip"
}

locals {
  security_configuration = jsonencode({
    EncryptionConfiguration = {
      EnableAtRestEncryption    = true
      EnableInTransitEncryption = true
      InTransitEncryptionConfiguration = {
        TLSCertificateConfiguration = {
          CertificateProviderType = "PEM"
          S3Object                = var.tls_certificates_s3_object
        }
      }
      AtRestEncryptionConfiguration = {
        S3EncryptionConfiguration = {
          EncryptionMode = var.s3_encryption_mode
          AwsKmsKey      = var.s3_kms_key_arn
        }
        LocalDiskEncryptionConfiguration = {
          EncryptionKeyProviderType = "AwsKms"
          AwsKmsKey                 = var.local_disk_kms_key_arn
          EnableEbsEncryption       = true
        }
      }
    }
    InstanceMetadataServiceConfiguration = {
      MinimumInstanceMetadataServiceVersion = 2
      HttpPutResponseHopLimit               = 1
    }
  })
}

# Stands in for:
#   resource "aws_emr_security_configuration" "this" {
#     name          = "..."
#     configuration = local.security_configuration
#     lifecycle { precondition { ... as below ... } }
#   }
resource "terraform_data" "security_configuration" {
  input = local.security_configuration

  lifecycle {
    precondition {
      # validated() returns the configuration unchanged, or fails the call
      # with every finding of severity HIGH or above (rule id, message and
      # fix). While the configuration or the release label is unknown the
      # result is unknown and Terraform checks again at apply.
      condition     = provider::tfemrcheck::validated(local.security_configuration, var.release_label) == local.security_configuration
      error_message = "The EMR security configuration does not pass tfemrcheck."
    }
  }
}

# Findings below the precondition's threshold are reported as warnings:
# a check block never blocks the plan.
check "emr_security_configuration" {
  data "tfemrcheck_security_configuration" "this" {
    configuration      = local.security_configuration
    release_label      = var.release_label
    severity_threshold = "LOW"
  }

  assert {
    condition = data.tfemrcheck_security_configuration.this.passed
    error_message = join("\n", [
      for f in data.tfemrcheck_security_configuration.this.findings :
      "${f.rule_id} (${f.severity}): ${f.message} Fix: ${f.remediation}"
    ])
  }
}

output "security_configuration" {
  description = "The checked security configuration JSON."
  value       = terraform_data.security_configuration.output
}

output "findings" {
  description = "Every tfemrcheck finding for the configuration, whatever its severity."
  value       = provider::tfemrcheck::findings(local.security_configuration, var.release_label)
}
