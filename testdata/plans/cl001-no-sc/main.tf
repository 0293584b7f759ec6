# Case: EMR-CL-001. A cluster without security_configuration and one with an
# explicit null (from a variable whose default is null). Both fail.
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

variable "security_configuration_name" {
  type        = string
  description = "Name of the EMR security configuration; null for none."
  default     = null
}

# want EMR-CL-001 fail aws_emr_cluster.unencrypted
resource "aws_emr_cluster" "unencrypted" {
  name          = "marketing-adhoc"
  release_label = "emr-7.5.0"
  applications  = ["Spark", "JupyterEnterpriseGateway"]
  service_role  = "EMR_DefaultRole"

  ec2_attributes {
    subnet_id        = "subnet-0a1b2c3d4e5f60001"
    instance_profile = "EMR_EC2_DefaultRole"
  }

  master_instance_group {
    instance_type = "m5.xlarge"
  }

  core_instance_group {
    instance_type  = "m5.xlarge"
    instance_count = 2
  }
}

# want EMR-CL-001 fail aws_emr_cluster.null_sc
resource "aws_emr_cluster" "null_sc" {
  name                   = "marketing-scoring"
  release_label          = "emr-7.5.0"
  applications           = ["Spark"]
  service_role           = "EMR_DefaultRole"
  security_configuration = var.security_configuration_name

  ec2_attributes {
    subnet_id        = "subnet-0a1b2c3d4e5f60001"
    instance_profile = "EMR_EC2_DefaultRole"
  }

  master_instance_group {
    instance_type = "m5.xlarge"
  }
}
