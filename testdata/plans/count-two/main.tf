# Case: count = 2 on both the security configuration and the cluster,
# linked index by index. Only index 1's configuration enables EBS encryption,
# and both clusters run emr-5.23.0, so EMR-REL-001 fires on cluster [1] only.
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

resource "aws_emr_security_configuration" "shard" {
  count = 2

  name = "quant-shard-${count.index}-sc"

  configuration = jsonencode({
    EncryptionConfiguration = {
      EnableInTransitEncryption = false
      EnableAtRestEncryption    = true
      AtRestEncryptionConfiguration = {
        S3EncryptionConfiguration = {
          EncryptionMode = "SSE-S3"
        }
        LocalDiskEncryptionConfiguration = {
          EncryptionKeyProviderType = "AwsKms"
          AwsKmsKey                 = "arn:aws:kms:eu-west-1:123456789012:key/0b7c2f1e-1111-4a5b-9c3d-000000000003"
          EnableEbsEncryption       = count.index == 1
        }
      }
    }
  })
}

# want EMR-REL-001 fail aws_emr_cluster.shard[1]
resource "aws_emr_cluster" "shard" {
  count = 2

  name                   = "quant-shard-${count.index}"
  release_label          = "emr-5.23.0"
  applications           = ["Spark"]
  service_role           = "EMR_DefaultRole"
  security_configuration = aws_emr_security_configuration.shard[count.index].name

  ec2_attributes {
    subnet_id        = "subnet-0a1b2c3d4e5f60001"
    instance_profile = "EMR_EC2_DefaultRole"
  }

  master_instance_group {
    instance_type = "m5.xlarge"
  }
}
