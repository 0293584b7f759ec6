terraform {
  required_providers {
    aws = {
      source = "hashicorp/aws"
    }
  }
}

variable "document" {
  type = string
}

# want EMR-SC-012 fail module.emr_us.aws_emr_security_configuration.this
resource "aws_emr_security_configuration" "this" {
  name          = "module"
  configuration = var.document
}
