# Case: literal JSON heredoc configurations. "baseline" is a well-formed
# reference-style document (no finding). "batch" is a heredoc with an
# interpolated S3 key from a variable default (known in the plan) and a
# local-disk AwsKms provider whose AwsKmsKey is empty: EMR-SC-009.
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

variable "s3_kms_key_arn" {
  type    = string
  default = "arn:aws:kms:eu-west-1:123456789012:key/0b7c2f1e-1111-4a5b-9c3d-000000000001"
}

resource "aws_emr_security_configuration" "baseline" {
  name = "fx-sc-baseline"

  configuration = <<-JSON
    {
      "EncryptionConfiguration": {
        "EnableInTransitEncryption": true,
        "EnableAtRestEncryption": true,
        "InTransitEncryptionConfiguration": {
          "TLSCertificateConfiguration": {
            "CertificateProviderType": "PEM",
            "S3Object": "s3://fx-emr-config/tls/certs.zip"
          }
        },
        "AtRestEncryptionConfiguration": {
          "S3EncryptionConfiguration": {
            "EncryptionMode": "SSE-KMS",
            "AwsKmsKey": "arn:aws:kms:eu-west-1:123456789012:key/0b7c2f1e-1111-4a5b-9c3d-000000000001"
          },
          "LocalDiskEncryptionConfiguration": {
            "EncryptionKeyProviderType": "AwsKms",
            "AwsKmsKey": "arn:aws:kms:eu-west-1:123456789012:key/0b7c2f1e-1111-4a5b-9c3d-000000000003",
            "EnableEbsEncryption": true
          }
        }
      },
      "InstanceMetadataServiceConfiguration": {
        "MinimumInstanceMetadataServiceVersion": 2,
        "HttpPutResponseHopLimit": 1
      }
    }
  JSON
}

# want EMR-SC-009 fail aws_emr_security_configuration.batch
resource "aws_emr_security_configuration" "batch" {
  name = "fx-sc-batch"

  configuration = <<-JSON
    {
      "EncryptionConfiguration": {
        "EnableInTransitEncryption": false,
        "EnableAtRestEncryption": true,
        "AtRestEncryptionConfiguration": {
          "S3EncryptionConfiguration": {
            "EncryptionMode": "SSE-KMS",
            "AwsKmsKey": "${var.s3_kms_key_arn}"
          },
          "LocalDiskEncryptionConfiguration": {
            "EncryptionKeyProviderType": "AwsKms",
            "AwsKmsKey": ""
          }
        }
      }
    }
  JSON
}

resource "aws_emr_cluster" "fx" {
  name                   = "fx-pricing"
  release_label          = "emr-7.5.0"
  applications           = ["Spark"]
  service_role           = "EMR_DefaultRole"
  security_configuration = aws_emr_security_configuration.baseline.name

  ec2_attributes {
    subnet_id        = "subnet-0a1b2c3d4e5f60001"
    instance_profile = "EMR_EC2_DefaultRole"
  }

  master_instance_group {
    instance_type = "m5.xlarge"
  }
}

resource "aws_emr_cluster" "fx_batch" {
  name                   = "fx-batch"
  release_label          = "emr-6.15.0"
  applications           = ["Spark"]
  service_role           = "EMR_DefaultRole"
  security_configuration = aws_emr_security_configuration.batch.name

  ec2_attributes {
    subnet_id        = "subnet-0a1b2c3d4e5f60001"
    instance_profile = "EMR_EC2_DefaultRole"
  }

  master_instance_group {
    instance_type = "m5.xlarge"
  }
}
