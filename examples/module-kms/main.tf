# Example: a module-based deployment whose module creates its own KMS key and
# builds the security configuration with jsonencode() around the key's ARN.
# In the plan the key ARN, and therefore the whole configuration, is unknown:
# EMR-CL-002 indeterminate on the security configuration. Reading the .tf
# source, jsonencode is seen through and the configuration is compliant.
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
}

# want-plan EMR-CL-002 indeterminate module.emr.aws_emr_security_configuration.this
module "emr" {
  source = "./modules/emr"

  name              = "credit-models"
  release_label     = "emr-7.5.0"
  private_subnet_id = "subnet-0123456789abcdef0"
  log_uri           = "s3://credit-models-logs/emr/"
  tls_certs_s3      = "s3://credit-models-config/tls/certs.zip"
}

output "cluster_id" {
  value = module.emr.cluster_id
}
