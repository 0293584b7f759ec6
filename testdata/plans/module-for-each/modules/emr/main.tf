# One environment's EMR security configuration and cluster.
terraform {
  required_providers {
    aws = {
      source = "hashicorp/aws"
    }
  }
}

variable "environment" {
  type = string
}

variable "release_label" {
  type = string
}

variable "s3_kms_key" {
  type        = string
  description = "KMS key ARN for EMRFS SSE-KMS (empty: none)."
}

variable "subnet_id" {
  type = string
}

resource "aws_emr_security_configuration" "this" {
  name = "datalake-${var.environment}-sc"

  configuration = jsonencode({
    EncryptionConfiguration = {
      EnableInTransitEncryption = false
      EnableAtRestEncryption    = true
      AtRestEncryptionConfiguration = {
        S3EncryptionConfiguration = {
          EncryptionMode = "SSE-KMS"
          AwsKmsKey      = var.s3_kms_key
        }
        LocalDiskEncryptionConfiguration = {
          EncryptionKeyProviderType = "AwsKms"
          AwsKmsKey                 = "arn:aws:kms:eu-central-1:123456789012:key/0b7c2f1e-2222-4a5b-9c3d-000000000003"
          EnableEbsEncryption       = true
        }
      }
    }
  })
}

resource "aws_emr_cluster" "this" {
  name                   = "datalake-${var.environment}"
  release_label          = var.release_label
  applications           = ["Spark", "Hive"]
  service_role           = "EMR_DefaultRole"
  security_configuration = aws_emr_security_configuration.this.name

  ec2_attributes {
    subnet_id        = var.subnet_id
    instance_profile = "EMR_EC2_DefaultRole"
  }

  master_instance_group {
    instance_type = "m5.xlarge"
  }

  core_instance_group {
    instance_type  = "m5.xlarge"
    instance_count = 2
  }

  tags = {
    Environment = var.environment
  }
}

output "cluster_id" {
  value = aws_emr_cluster.this.id
}
