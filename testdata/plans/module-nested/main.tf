# Case: nested modules (root -> module.platform -> module.emr). The innermost
# module's security configuration uses SSE-C (EMR-SC-001) and its cluster has
# no defect. Addresses carry the full module path.
terraform {
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 5.0"
    }
  }
}

provider "aws" {
  region = "us-east-1"
}

# want EMR-SC-001 fail module.platform.module.emr.aws_emr_security_configuration.this
module "platform" {
  source = "./modules/platform"

  team = "fraud"
}
