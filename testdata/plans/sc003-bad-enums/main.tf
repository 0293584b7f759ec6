# Case: EMR-SC-003. One configuration with several bad enum values (S3 header
# spelling "aws:kms" in an override, lower-case "sse-kms", local-disk
# provider "KMS", certificate provider "ACM", IMDS version 3, hop limit 0):
# exactly one SC-003 finding for it. A second, Kerberos-only configuration
# with an unknown Provider and a bad KdcServerType: one more finding.
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

# want EMR-SC-003 fail aws_emr_security_configuration.typos
resource "aws_emr_security_configuration" "typos" {
  name = "claims-sc-typos"

  configuration = jsonencode({
    EncryptionConfiguration = {
      EnableInTransitEncryption = true
      EnableAtRestEncryption    = true
      InTransitEncryptionConfiguration = {
        TLSCertificateConfiguration = {
          CertificateProviderType = "ACM"
          S3Object                = "s3://claims-emr-config/tls/certs.zip"
        }
      }
      AtRestEncryptionConfiguration = {
        S3EncryptionConfiguration = {
          EncryptionMode = "sse-kms"
          AwsKmsKey      = "arn:aws:kms:eu-west-1:123456789012:key/0b7c2f1e-1111-4a5b-9c3d-000000000001"
          Overrides = [
            {
              BucketName     = "claims-archive"
              EncryptionMode = "aws:kms"
              AwsKmsKey      = "arn:aws:kms:eu-west-1:123456789012:key/0b7c2f1e-1111-4a5b-9c3d-000000000001"
            }
          ]
        }
        LocalDiskEncryptionConfiguration = {
          EncryptionKeyProviderType = "KMS"
          AwsKmsKey                 = "arn:aws:kms:eu-west-1:123456789012:key/0b7c2f1e-1111-4a5b-9c3d-000000000003"
        }
      }
    }
    InstanceMetadataServiceConfiguration = {
      MinimumInstanceMetadataServiceVersion = 3
      HttpPutResponseHopLimit               = 0
    }
  })
}

# Kerberos-only configuration kept for clusters launched by the scheduler
# (not in this configuration).
# want EMR-SC-003 fail aws_emr_security_configuration.kerberos
resource "aws_emr_security_configuration" "kerberos" {
  name = "claims-sc-kerberos"

  configuration = jsonencode({
    AuthenticationConfiguration = {
      KerberosConfiguration = {
        Provider = "ExternalKDC"
        ExternalKdcConfiguration = {
          KdcServerType         = "Multi"
          AdminServer           = "kdc.claims.example.internal:749"
          KdcServer             = "kdc.claims.example.internal:88"
          TicketLifetimeInHours = 24
        }
      }
    }
  })
}

resource "aws_emr_cluster" "claims" {
  name                   = "claims-batch"
  release_label          = "emr-7.5.0"
  applications           = ["Spark"]
  service_role           = "EMR_DefaultRole"
  security_configuration = aws_emr_security_configuration.typos.name

  ec2_attributes {
    subnet_id        = "subnet-0a1b2c3d4e5f60001"
    instance_profile = "EMR_EC2_DefaultRole"
  }

  master_instance_group {
    instance_type = "m5.xlarge"
  }
}
