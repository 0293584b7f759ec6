# The issue's pattern: the configuration passes through validated().
# terraform_data stands in for aws_emr_security_configuration.
terraform {
  required_providers {
    tfemrcheck = {
      source = "tfemrcheck/tfemrcheck"
    }
  }
}

variable "configuration" {
  type = string
}

variable "release_label" {
  type = string
}

resource "terraform_data" "security_configuration" {
  input = provider::tfemrcheck::validated(var.configuration, var.release_label)
}

output "configuration" {
  value = terraform_data.security_configuration.input
}
