# Case: EMR-SC-003 passing. Every enum in its documented spelling: all four
# EMRFS modes (default and overrides, each KMS mode with a key), local-disk
# Custom without EBS, PEM certificates, IMDS 2 / hop limit 64, and a
# Kerberos-only ExternalKdc configuration with KdcServerType Single.
# No seed-rule finding.
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

resource "aws_emr_security_configuration" "canonical" {
  name = "claims-sc-canonical"

  configuration = jsonencode({
    EncryptionConfiguration = {
      EnableInTransitEncryption = true
      EnableAtRestEncryption    = true
      InTransitEncryptionConfiguration = {
        TLSCertificateConfiguration = {
          CertificateProviderType = "PEM"
          S3Object                = "s3://claims-emr-config/tls/certs.zip"
        }
      }
      AtRestEncryptionConfiguration = {
        S3EncryptionConfiguration = {
          EncryptionMode = "SSE-KMS"
          AwsKmsKey      = "arn:aws:kms:eu-west-1:123456789012:key/0b7c2f1e-1111-4a5b-9c3d-000000000001"
          Overrides = [
            {
              BucketName     = "claims-public-datasets"
              EncryptionMode = "SSE-S3"
            },
            {
              BucketName     = "claims-partner-drop"
              EncryptionMode = "CSE-KMS"
              AwsKmsKey      = "arn:aws:kms:eu-west-1:123456789012:key/0b7c2f1e-1111-4a5b-9c3d-000000000002"
            },
            {
              BucketName                 = "claims-legacy"
              EncryptionMode             = "CSE-Custom"
              S3Object                   = "s3://claims-emr-config/crypto/provider.jar"
              EncryptionKeyProviderClass = "com.example.emr.ClaimsMaterialsProvider"
            }
          ]
        }
        LocalDiskEncryptionConfiguration = {
          EncryptionKeyProviderType  = "Custom"
          S3Object                   = "s3://claims-emr-config/crypto/ld-provider.jar"
          EncryptionKeyProviderClass = "com.example.emr.ClaimsLocalDiskProvider"
        }
      }
    }
    InstanceMetadataServiceConfiguration = {
      MinimumInstanceMetadataServiceVersion = 2
      HttpPutResponseHopLimit               = 64
    }
  })
}

resource "aws_emr_security_configuration" "kerberos" {
  name = "claims-sc-kerberos"

  configuration = jsonencode({
    AuthenticationConfiguration = {
      KerberosConfiguration = {
        Provider = "ExternalKdc"
        ExternalKdcConfiguration = {
          KdcServerType         = "Single"
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
  security_configuration = aws_emr_security_configuration.canonical.name

  ec2_attributes {
    subnet_id        = "subnet-0a1b2c3d4e5f60001"
    instance_profile = "EMR_EC2_DefaultRole"
  }

  master_instance_group {
    instance_type = "m5.xlarge"
  }
}
