# Case: a security module creates the security configuration (literal name)
# and exports its name as an output; the cluster in the root module uses
# module.security.security_configuration_name. The configuration enables EBS
# encryption and the cluster runs emr-5.23.1: EMR-REL-001 on the root cluster
# (linked by the known name, so no EMR-CL-002).
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

module "security" {
  source = "./modules/security"

  prefix = "retail"
}

# want EMR-REL-001 fail aws_emr_cluster.retail
resource "aws_emr_cluster" "retail" {
  name                   = "retail-analytics"
  release_label          = "emr-5.23.1"
  applications           = ["Spark"]
  service_role           = "EMR_DefaultRole"
  security_configuration = module.security.security_configuration_name

  ec2_attributes {
    subnet_id        = "subnet-0a1b2c3d4e5f60001"
    instance_profile = "EMR_EC2_DefaultRole"
  }

  master_instance_group {
    instance_type = "m5.xlarge"
  }
}
