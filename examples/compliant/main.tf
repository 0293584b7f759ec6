# Example: a compliant EMR deployment following the reference baseline
# (emr-security-reference.md section 1.7): SSE-KMS for EMRFS, AwsKms
# local-disk and EBS encryption, PEM TLS certificates for in-transit
# encryption, a cluster-dedicated KDC for Kerberos, IMDSv2 only; emr-7.x,
# logs to S3 encrypted with a CMK, a private subnet and no SSH key pair.
# The KMS keys are owned by the platform's KMS stack and passed as ARNs, so
# the whole configuration is known at plan time; the KDC admin password is
# generated, never written in code. No finding fails.
terraform {
  required_version = ">= 1.5"
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 5.0"
    }
    random = {
      source  = "hashicorp/random"
      version = ">= 3.0"
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

resource "aws_vpc" "analytics" {
  cidr_block = "10.20.0.0/16"
}

# Private subnet: no public IPs, no route to an internet gateway.
resource "aws_subnet" "private" {
  vpc_id                  = aws_vpc.analytics.id
  cidr_block              = "10.20.1.0/24"
  map_public_ip_on_launch = false
}

resource "random_password" "kdc_admin" {
  length  = 32
  special = true
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
    subnet_id                         = aws_subnet.private.id
    instance_profile                  = "arn:aws:iam::123456789012:instance-profile/risk-analytics-emr-ec2"
    emr_managed_master_security_group = "sg-0b1b1b1b1b1b1b1b1"
    emr_managed_slave_security_group  = "sg-0b1b1b1b1b1b1b1b2"
    service_access_security_group     = "sg-0b1b1b1b1b1b1b1b3"
  }

  kerberos_attributes {
    realm              = "EC2.INTERNAL"
    kdc_admin_password = random_password.kdc_admin.result
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
