# A sensitive input whose default turns encryption off: the witness
# leaves it out (the caller omits it) instead of printing the default.
variable "at_rest" {
  type      = string
  sensitive = true
  default   = "off-7f3a9c"
  validation {
    condition     = contains(["on", "off-7f3a9c"], var.at_rest)
    error_message = "on or the platform's off switch."
  }
}

resource "aws_emr_security_configuration" "this" {
  name = "emr-module"

  configuration = jsonencode({
    EncryptionConfiguration = {
      EnableInTransitEncryption = true
      EnableAtRestEncryption    = var.at_rest == "on"
      InTransitEncryptionConfiguration = {
        TLSCertificateConfiguration = {
          CertificateProviderType = "PEM"
          S3Object                = "s3://emr-config/tls/certs.zip"
        }
      }
      AtRestEncryptionConfiguration = {
        S3EncryptionConfiguration = {
          EncryptionMode = "SSE-KMS"
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
