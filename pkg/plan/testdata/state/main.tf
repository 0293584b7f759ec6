# Only the provider requirement: regen.sh runs `terraform show -json` on the
# hand-written raw state terraform.tfstate next to this file (mkplan cannot
# apply), which needs the provider schema.
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
