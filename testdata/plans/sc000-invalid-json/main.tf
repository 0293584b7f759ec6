# Case: EMR-SC-000. A heredoc configuration with a trailing comma (not JSON at
# all) and a configuration that is valid JSON but an array instead of an
# object. Both fail SC-000; no other content rule can look inside them.
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

# want EMR-SC-000 fail aws_emr_security_configuration.trailing_comma
resource "aws_emr_security_configuration" "trailing_comma" {
  name = "analytics-sc-broken"

  configuration = <<-JSON
    {
      "EncryptionConfiguration": {
        "EnableInTransitEncryption": false,
        "EnableAtRestEncryption": true,
        "AtRestEncryptionConfiguration": {
          "S3EncryptionConfiguration": {
            "EncryptionMode": "SSE-S3",
          }
        }
      }
    }
  JSON
}

# want EMR-SC-000 fail aws_emr_security_configuration.array
resource "aws_emr_security_configuration" "array" {
  name          = "analytics-sc-array"
  configuration = jsonencode([{ EncryptionConfiguration = { EnableAtRestEncryption = false } }])
}

resource "aws_emr_cluster" "analytics" {
  name                   = "analytics"
  release_label          = "emr-7.5.0"
  applications           = ["Spark"]
  service_role           = "EMR_DefaultRole"
  security_configuration = aws_emr_security_configuration.trailing_comma.name

  ec2_attributes {
    subnet_id        = "subnet-0a1b2c3d4e5f60001"
    instance_profile = "EMR_EC2_DefaultRole"
  }

  master_instance_group {
    instance_type = "m5.xlarge"
  }
}

resource "aws_emr_cluster" "reporting" {
  name                   = "reporting"
  release_label          = "emr-7.5.0"
  applications           = ["Spark"]
  service_role           = "EMR_DefaultRole"
  security_configuration = aws_emr_security_configuration.array.name

  ec2_attributes {
    subnet_id        = "subnet-0a1b2c3d4e5f60001"
    instance_profile = "EMR_EC2_DefaultRole"
  }

  master_instance_group {
    instance_type = "m5.xlarge"
  }
}
