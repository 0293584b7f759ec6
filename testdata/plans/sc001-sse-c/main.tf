# Case: EMR-SC-001. SSE-C as the default EMRFS mode, SSE-C in a per-bucket
# override (default SSE-KMS with a key), and the lower-case "sse_c" spelling.
# Each configuration fails SC-001 once; SSE-C variants are not SC-003.
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

# want EMR-SC-001 fail aws_emr_security_configuration.default_ssec
resource "aws_emr_security_configuration" "default_ssec" {
  name = "etl-sc-ssec"

  configuration = jsonencode({
    EncryptionConfiguration = {
      EnableInTransitEncryption = false
      EnableAtRestEncryption    = true
      AtRestEncryptionConfiguration = {
        S3EncryptionConfiguration = {
          EncryptionMode = "SSE-C"
        }
      }
    }
  })
}

# want EMR-SC-001 fail aws_emr_security_configuration.override_ssec
resource "aws_emr_security_configuration" "override_ssec" {
  name = "etl-sc-override"

  configuration = jsonencode({
    EncryptionConfiguration = {
      EnableInTransitEncryption = false
      EnableAtRestEncryption    = true
      AtRestEncryptionConfiguration = {
        S3EncryptionConfiguration = {
          EncryptionMode = "SSE-KMS"
          AwsKmsKey      = "arn:aws:kms:eu-west-1:123456789012:key/0b7c2f1e-1111-4a5b-9c3d-000000000001"
          Overrides = [
            {
              BucketName     = "partner-landing"
              EncryptionMode = "SSE-C"
            },
            {
              BucketName     = "etl-scratch"
              EncryptionMode = "SSE-S3"
            }
          ]
        }
      }
    }
  })
}

# want EMR-SC-001 fail aws_emr_security_configuration.lower_ssec
resource "aws_emr_security_configuration" "lower_ssec" {
  name = "etl-sc-lower"

  configuration = jsonencode({
    EncryptionConfiguration = {
      EnableInTransitEncryption = false
      EnableAtRestEncryption    = true
      AtRestEncryptionConfiguration = {
        S3EncryptionConfiguration = {
          EncryptionMode = "sse_c"
        }
      }
    }
  })
}

resource "aws_emr_cluster" "etl" {
  name                   = "etl-nightly"
  release_label          = "emr-7.5.0"
  applications           = ["Spark", "Hive"]
  service_role           = "EMR_DefaultRole"
  security_configuration = aws_emr_security_configuration.default_ssec.name

  ec2_attributes {
    subnet_id        = "subnet-0a1b2c3d4e5f60001"
    instance_profile = "EMR_EC2_DefaultRole"
  }

  master_instance_group {
    instance_type = "m5.xlarge"
  }
}

resource "aws_emr_cluster" "partner" {
  name                   = "etl-partner"
  release_label          = "emr-6.15.0"
  applications           = ["Spark"]
  service_role           = "EMR_DefaultRole"
  security_configuration = aws_emr_security_configuration.override_ssec.name

  ec2_attributes {
    subnet_id        = "subnet-0a1b2c3d4e5f60001"
    instance_profile = "EMR_EC2_DefaultRole"
  }

  master_instance_group {
    instance_type = "m5.xlarge"
  }
}

resource "aws_emr_cluster" "adhoc" {
  name                   = "etl-adhoc"
  release_label          = "emr-7.2.0"
  applications           = ["Spark"]
  service_role           = "EMR_DefaultRole"
  security_configuration = aws_emr_security_configuration.lower_ssec.name

  ec2_attributes {
    subnet_id        = "subnet-0a1b2c3d4e5f60001"
    instance_profile = "EMR_EC2_DefaultRole"
  }

  master_instance_group {
    instance_type = "m5.xlarge"
  }
}
