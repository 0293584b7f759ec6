# Case: configuration rendered with templatefile() from variables with
# defaults (known in the plan and resolvable from the source). The rendered
# EMRFS mode is SSE-C: EMR-SC-001.
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

variable "s3_encryption_mode" {
  type        = string
  description = "EMRFS encryption mode."
  default     = "SSE-C"
}

variable "local_disk_key_arn" {
  type    = string
  default = "arn:aws:kms:eu-west-1:123456789012:key/0b7c2f1e-1111-4a5b-9c3d-000000000003"
}

# want EMR-SC-001 fail aws_emr_security_configuration.templated
resource "aws_emr_security_configuration" "templated" {
  name = "savings-sc"

  configuration = templatefile("${path.module}/sc.json.tftpl", {
    s3_mode    = var.s3_encryption_mode
    ld_key_arn = var.local_disk_key_arn
  })
}

resource "aws_emr_cluster" "savings" {
  name                   = "savings-batch"
  release_label          = "emr-7.5.0"
  applications           = ["Spark"]
  service_role           = "EMR_DefaultRole"
  security_configuration = aws_emr_security_configuration.templated.name

  ec2_attributes {
    subnet_id        = "subnet-0a1b2c3d4e5f60001"
    instance_profile = "EMR_EC2_DefaultRole"
  }

  master_instance_group {
    instance_type = "m5.xlarge"
  }
}
