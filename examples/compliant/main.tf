# Example: a compliant EMR deployment following the reference baseline
# (emr-security-reference.md section 1.7, without Kerberos): SSE-KMS for
# EMRFS, AwsKms local-disk and EBS encryption, PEM TLS certificates for
# in-transit encryption, IMDSv2 only; emr-7.x, logs to S3 encrypted with a
# CMK, a private subnet and no SSH key pair. The KMS keys are owned by the
# platform's KMS stack and passed as ARNs, so the whole configuration is
# known at plan time. No seed-rule finding.
terraform {
  required_version = ">= 1.5"
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 5.0"
    }
  }
}

provider "aws" {
  region = "eu-west-1"

  default_tags {
    tags = {
      Project     = "risk-analytics"
      Environment = "prod"
    }
  }
}

variable "s3_kms_key_arn" {
  type        = string
  description = "CMK for EMRFS data in S3 (SSE-KMS)."
  default     = "arn:aws:kms:eu-west-1:123456789012:key/6f1c9a3e-0001-4c4e-8d2a-9b7f00000001"
}

variable "local_disk_kms_key_arn" {
  type        = string
  description = "CMK for local disks and EBS volumes of cluster nodes."
  default     = "arn:aws:kms:eu-west-1:123456789012:key/6f1c9a3e-0002-4c4e-8d2a-9b7f00000002"
}

variable "log_kms_key_arn" {
  type        = string
  description = "CMK for cluster logs in S3."
  default     = "arn:aws:kms:eu-west-1:123456789012:key/6f1c9a3e-0003-4c4e-8d2a-9b7f00000003"
}

variable "private_subnet_id" {
  type        = string
  description = "Private subnet (no route to an internet gateway)."
  default     = "subnet-0123456789abcdef0"
}

resource "aws_emr_security_configuration" "baseline" {
  name = "risk-analytics-baseline"

  configuration = jsonencode({
    EncryptionConfiguration = {
      EnableInTransitEncryption = true
      EnableAtRestEncryption    = true
      InTransitEncryptionConfiguration = {
        TLSCertificateConfiguration = {
          CertificateProviderType = "PEM"
          S3Object                = "s3://risk-analytics-config/tls/certs.zip"
        }
      }
      AtRestEncryptionConfiguration = {
        S3EncryptionConfiguration = {
          EncryptionMode = "SSE-KMS"
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

resource "aws_emr_cluster" "risk" {
  name                      = "risk-analytics"
  release_label             = "emr-7.5.0"
  applications              = ["Spark", "Hadoop"]
  service_role              = "arn:aws:iam::123456789012:role/risk-analytics-emr-service"
  security_configuration    = aws_emr_security_configuration.baseline.name
  log_uri                   = "s3://risk-analytics-logs/emr/"
  log_encryption_kms_key_id = var.log_kms_key_arn
  termination_protection    = true

  ec2_attributes {
    subnet_id                         = var.private_subnet_id
    instance_profile                  = "arn:aws:iam::123456789012:instance-profile/risk-analytics-emr-ec2"
    emr_managed_master_security_group = "sg-0b1b1b1b1b1b1b1b1"
    emr_managed_slave_security_group  = "sg-0b1b1b1b1b1b1b1b2"
    service_access_security_group     = "sg-0b1b1b1b1b1b1b1b3"
  }

  master_instance_group {
    instance_type = "m5.xlarge"
  }

  core_instance_group {
    instance_type  = "r5.2xlarge"
    instance_count = 3

    ebs_config {
      size                 = 256
      type                 = "gp3"
      volumes_per_instance = 1
    }
  }

  auto_termination_policy {
    idle_timeout = 3600
  }

  tags = {
    Name = "risk-analytics"
  }
}
