# Value cases for pkg/plan: jsonencode with a new KMS key (unknown
# configuration), a literal heredoc, Kerberos passwords (literal and from a
# sensitive variable), a subnet created in the same plan and a list with an
# unknown element.
terraform {
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 5.0"
    }
  }
}

provider "aws" {
  region = "us-east-1"
}

variable "cross_realm_password" {
  type      = string
  sensitive = true
  default   = "cross-realm-secret"
}

variable "release_label" {
  type    = string
  default = "emr-7.2.0"
}

resource "aws_kms_key" "emr" {
  description = "EMR at-rest encryption"
}

resource "aws_emr_security_configuration" "kms" {
  name = "emr-kms"
  configuration = jsonencode({
    EncryptionConfiguration = {
      EnableInTransitEncryption = false
      EnableAtRestEncryption    = true
      AtRestEncryptionConfiguration = {
        S3EncryptionConfiguration = {
          EncryptionMode = "SSE-KMS"
          AwsKmsKey      = aws_kms_key.emr.arn
        }
      }
    }
  })
}

resource "aws_emr_security_configuration" "heredoc" {
  name          = "emr-heredoc"
  configuration = <<EOT
{
  "EncryptionConfiguration": {
    "EnableInTransitEncryption": false,
    "EnableAtRestEncryption": true,
    "AtRestEncryptionConfiguration": {
      "S3EncryptionConfiguration": {"EncryptionMode": "SSE-S3"}
    }
  }
}
EOT
}

resource "aws_vpc" "main" {
  cidr_block = "10.0.0.0/16"
}

resource "aws_subnet" "emr" {
  vpc_id     = aws_vpc.main.id
  cidr_block = "10.0.1.0/24"
}

resource "aws_emr_cluster" "kerberos" {
  name                   = "kerberos"
  release_label          = var.release_label
  service_role           = "EMR_DefaultRole"
  security_configuration = aws_emr_security_configuration.heredoc.name

  ec2_attributes {
    subnet_id        = aws_subnet.emr.id
    instance_profile = "EMR_EC2_DefaultRole"
  }
  master_instance_group {
    instance_type = "m5.xlarge"
  }
  bootstrap_action {
    name = "configure-kms"
    path = "s3://example-emr-bootstrap/kms.sh"
    args = ["--key", aws_kms_key.emr.arn]
  }
  kerberos_attributes {
    realm                                = "EC2.INTERNAL"
    kdc_admin_password                   = "literal-kdc-secret"
    cross_realm_trust_principal_password = var.cross_realm_password
  }
}
