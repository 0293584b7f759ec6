terraform {
  required_providers {
    aws = {
      source = "hashicorp/aws"
    }
  }
}

variable "prefix" {
  type = string
}

resource "aws_emr_security_configuration" "this" {
  name_prefix   = var.prefix
  configuration = jsonencode({ EncryptionConfiguration = { EnableInTransitEncryption = false, EnableAtRestEncryption = false } })
}

output "sc_name" {
  value = aws_emr_security_configuration.this.name
}
