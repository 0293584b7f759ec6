# EBS encryption is off only for a development environment that also
# opts out of encryption: each input alone is harmless.
variable "environment" {
  type    = string
  default = "prod"
  validation {
    condition     = can(regex("^(dev|staging|prod)$", var.environment))
    error_message = "environment must be dev, staging or prod."
  }
}

variable "cost_saving" {
  type    = bool
  default = false
}

locals {
  encryption_mode = "SSE-KMS"
  ebs_encryption  = !(var.environment == "dev" && var.cost_saving)
}

resource "aws_emr_security_configuration" "this" {
  name = "emr-module"

  configuration = jsonencode({
    EncryptionConfiguration = {
      EnableInTransitEncryption = true
      EnableAtRestEncryption    = true
      InTransitEncryptionConfiguration = {
        TLSCertificateConfiguration = {
          CertificateProviderType = "PEM"
          S3Object                = "s3://emr-config/tls/certs.zip"
        }
      }
      AtRestEncryptionConfiguration = {
        S3EncryptionConfiguration = {
          EncryptionMode = local.encryption_mode
          AwsKmsKey      = "arn:aws:kms:eu-west-1:123456789012:key/6f1c9a3e-0001-4c4e-8d2a-9b7f00000001"
        }
        LocalDiskEncryptionConfiguration = {
          EncryptionKeyProviderType = "AwsKms"
          AwsKmsKey                 = "arn:aws:kms:eu-west-1:123456789012:key/6f1c9a3e-0002-4c4e-8d2a-9b7f00000002"
          EnableEbsEncryption       = local.ebs_encryption
        }
      }
    }
    AuthenticationConfiguration = {
      KerberosConfiguration = {
        Provider = "ClusterDedicatedKdc"
        ClusterDedicatedKdcConfiguration = {
          TicketLifetimeInHours = 24
        }
      }
    }
    InstanceMetadataServiceConfiguration = {
      MinimumInstanceMetadataServiceVersion = 2
      HttpPutResponseHopLimit               = 1
    }
  })
}
