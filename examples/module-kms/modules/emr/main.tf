# An EMR cluster with a dedicated customer-managed KMS key and a security
# configuration that uses it for EMRFS, local disks and EBS.
terraform {
  required_providers {
    aws = {
      source = "hashicorp/aws"
    }
  }
}

variable "name" {
  type = string
}

variable "release_label" {
  type = string
}

variable "private_subnet_id" {
  type = string
}

variable "log_uri" {
  type = string
}

variable "tls_certs_s3" {
  type        = string
  description = "S3 URI of the zip with privateKey.pem and certificateChain.pem."
}

resource "aws_kms_key" "emr" {
  description             = "${var.name} EMR data at rest"
  deletion_window_in_days = 30
  enable_key_rotation     = true
}

resource "aws_kms_alias" "emr" {
  name          = "alias/${var.name}-emr"
  target_key_id = aws_kms_key.emr.key_id
}

resource "aws_emr_security_configuration" "this" {
  name = "${var.name}-sc"

  configuration = jsonencode({
    EncryptionConfiguration = {
      EnableInTransitEncryption = true
      EnableAtRestEncryption    = true
      InTransitEncryptionConfiguration = {
        TLSCertificateConfiguration = {
          CertificateProviderType = "PEM"
          S3Object                = var.tls_certs_s3
        }
      }
      AtRestEncryptionConfiguration = {
        S3EncryptionConfiguration = {
          EncryptionMode = "SSE-KMS"
          AwsKmsKey      = aws_kms_key.emr.arn
        }
        LocalDiskEncryptionConfiguration = {
          EncryptionKeyProviderType = "AwsKms"
          AwsKmsKey                 = aws_kms_key.emr.arn
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

resource "aws_emr_cluster" "this" {
  name                      = var.name
  release_label             = var.release_label
  applications              = ["Spark", "Hadoop"]
  service_role              = "EMR_DefaultRole"
  security_configuration    = aws_emr_security_configuration.this.name
  log_uri                   = var.log_uri
  log_encryption_kms_key_id = aws_kms_key.emr.arn

  ec2_attributes {
    subnet_id        = var.private_subnet_id
    instance_profile = "EMR_EC2_DefaultRole"
  }

  master_instance_group {
    instance_type = "m5.xlarge"
  }

  core_instance_group {
    instance_type  = "r5.xlarge"
    instance_count = 2
  }
}

output "cluster_id" {
  value = aws_emr_cluster.this.id
}
