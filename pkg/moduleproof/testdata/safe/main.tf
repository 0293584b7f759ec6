# A module whose validation only allows KMS encryption modes: no caller
# can make it fail.
variable "encryption_mode" {
  type    = string
  default = "SSE-KMS"
  validation {
    condition     = contains(["SSE-KMS", "CSE-KMS"], var.encryption_mode)
    error_message = "encryption_mode must be SSE-KMS or CSE-KMS."
  }
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
          EncryptionMode = var.encryption_mode
          AwsKmsKey      = "arn:aws:kms:eu-west-1:123456789012:key/6f1c9a3e-0001-4c4e-8d2a-9b7f00000001"
        }
        LocalDiskEncryptionConfiguration = {
          EncryptionKeyProviderType = "AwsKms"
          AwsKmsKey                 = "arn:aws:kms:eu-west-1:123456789012:key/6f1c9a3e-0002-4c4e-8d2a-9b7f00000002"
          EnableEbsEncryption       = true
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
