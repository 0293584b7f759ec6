# Stand-in for a public EMR cluster module (registry source
# example-org/emr-cluster/aws, version 1.2.3), as terraform init installs it.
terraform {
  required_providers {
    aws = {
      source = "hashicorp/aws"
    }
  }
}

variable "enabled" {
  type    = bool
  default = true
}

variable "name" {
  type = string
}

variable "release_label" {
  type = string
}

variable "subnet_id" {
  type = string
}

variable "s3_encryption_mode" {
  type    = string
  default = "SSE-KMS"
}

variable "kms_key_arn" {
  type = string
}

module "security_configuration" {
  source = "./modules/security-configuration"

  enabled            = var.enabled
  name_prefix        = "${var.name}-"
  s3_encryption_mode = var.s3_encryption_mode
  kms_key_arn        = var.kms_key_arn
}

resource "aws_emr_cluster" "this" {
  count = var.enabled ? 1 : 0

  name                   = var.name
  release_label          = var.release_label
  applications           = ["Spark"]
  service_role           = "EMR_DefaultRole"
  security_configuration = module.security_configuration.name
  log_uri                = "s3://risk-emr-logs/${var.name}/"

  ec2_attributes {
    subnet_id        = var.subnet_id
    instance_profile = "EMR_EC2_DefaultRole"
  }

  master_instance_group {
    instance_type = "m5.xlarge"
  }
}

output "cluster_id" {
  value = join("", aws_emr_cluster.this[*].id)
}
