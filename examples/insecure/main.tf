# Example: an insecure EMR deployment, as often found in older stacks.
# The security configuration asks for SSE-C (not supported by EMR), turns on
# EBS encryption with a custom local-disk key provider (EBS encryption needs
# AwsKms), and the cluster runs emr-5.23.0, older than the emr-5.24.0 that
# introduced EBS encryption. A second cluster has no security configuration.
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
      Project = "legacy-analytics"
    }
  }
}

# want EMR-SC-001 fail aws_emr_security_configuration.legacy
# want EMR-SC-002 fail aws_emr_security_configuration.legacy
resource "aws_emr_security_configuration" "legacy" {
  name = "legacy-analytics-sc"

  configuration = <<-JSON
    {
      "EncryptionConfiguration": {
        "EnableInTransitEncryption": false,
        "EnableAtRestEncryption": true,
        "AtRestEncryptionConfiguration": {
          "S3EncryptionConfiguration": {
            "EncryptionMode": "SSE-C"
          },
          "LocalDiskEncryptionConfiguration": {
            "EncryptionKeyProviderType": "Custom",
            "S3Object": "s3://legacy-analytics-artifacts/crypto/ld-provider.jar",
            "EncryptionKeyProviderClass": "com.example.emr.LegacyLocalDiskProvider",
            "EnableEbsEncryption": true
          }
        }
      }
    }
  JSON
}

# want EMR-REL-001 fail aws_emr_cluster.legacy
resource "aws_emr_cluster" "legacy" {
  name                   = "legacy-analytics"
  release_label          = "emr-5.23.0"
  applications           = ["Hadoop", "Hive", "Spark"]
  service_role           = "EMR_DefaultRole"
  security_configuration = aws_emr_security_configuration.legacy.name
  log_uri                = "s3://legacy-analytics-logs/emr/"

  ec2_attributes {
    subnet_id                         = "subnet-0f00f00f00f00f001"
    instance_profile                  = "EMR_EC2_DefaultRole"
    key_name                          = "analytics-admin"
    emr_managed_master_security_group = "sg-0a0a0a0a0a0a0a0a1"
    emr_managed_slave_security_group  = "sg-0a0a0a0a0a0a0a0a2"
  }

  master_instance_group {
    instance_type = "m5.xlarge"
  }

  core_instance_group {
    instance_type  = "r5.xlarge"
    instance_count = 3

    ebs_config {
      size                 = 256
      type                 = "gp2"
      volumes_per_instance = 1
    }
  }

  tags = {
    Name = "legacy-analytics"
  }
}

# want EMR-CL-001 fail aws_emr_cluster.sandbox
resource "aws_emr_cluster" "sandbox" {
  name          = "legacy-analytics-sandbox"
  release_label = "emr-6.10.0"
  applications  = ["Spark", "JupyterEnterpriseGateway"]
  service_role  = "EMR_DefaultRole"

  ec2_attributes {
    subnet_id        = "subnet-0f00f00f00f00f001"
    instance_profile = "EMR_EC2_DefaultRole"
    key_name         = "analytics-admin"
  }

  master_instance_group {
    instance_type = "m5.xlarge"
  }

  tags = {
    Name = "legacy-analytics-sandbox"
  }
}
