# Case: linking when the security configuration has name = null and a
# name_prefix (the provider generates the name at apply), in the root
# module and in a local module (the defaults of the most used public EMR
# module). Both configurations enable EBS encryption and both clusters run
# releases older than emr-5.24.0: EMR-REL-001 fails on both, proof that
# they are linked; EMR-CL-001 (no security configuration) must not fire.
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

resource "aws_emr_security_configuration" "prefixed" {
  name        = null
  name_prefix = "treasury-sc-"

  configuration = jsonencode({
    EncryptionConfiguration = {
      EnableInTransitEncryption = false
      EnableAtRestEncryption    = true
      AtRestEncryptionConfiguration = {
        S3EncryptionConfiguration = {
          EncryptionMode = "SSE-KMS"
          AwsKmsKey      = "arn:aws:kms:eu-west-1:123456789012:key/0b7c2f1e-1111-4a5b-9c3d-000000000001"
        }
        LocalDiskEncryptionConfiguration = {
          EncryptionKeyProviderType = "AwsKms"
          AwsKmsKey                 = "arn:aws:kms:eu-west-1:123456789012:key/0b7c2f1e-1111-4a5b-9c3d-000000000003"
          EnableEbsEncryption       = true
        }
      }
    }
  })
}

# want EMR-REL-001 fail aws_emr_cluster.treasury
resource "aws_emr_cluster" "treasury" {
  name                   = "treasury-batch"
  release_label          = "emr-5.23.0"
  applications           = ["Spark"]
  service_role           = "EMR_DefaultRole"
  security_configuration = aws_emr_security_configuration.prefixed.name

  ec2_attributes {
    subnet_id        = "subnet-0a1b2c3d4e5f60001"
    instance_profile = "EMR_EC2_DefaultRole"
  }

  master_instance_group {
    instance_type = "m5.xlarge"
  }
}

# want EMR-REL-001 fail module.emr.aws_emr_cluster.this[0]
module "emr" {
  source = "./modules/emr"

  name          = "treasury-stream"
  release_label = "emr-5.21.0"
}
