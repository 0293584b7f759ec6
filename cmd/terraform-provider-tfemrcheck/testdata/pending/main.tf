# The release label is known only after apply (it passes through a
# terraform_data output), as when it comes from another resource.
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

resource "terraform_data" "release" {
  input = var.release_label
}

resource "terraform_data" "security_configuration" {
  input = provider::tfemrcheck::validated(var.configuration, terraform_data.release.output)
}

check "security_configuration" {
  data "tfemrcheck_security_configuration" "this" {
    configuration = var.configuration
    release_label = terraform_data.release.output
  }

  assert {
    condition     = data.tfemrcheck_security_configuration.this.passed
    error_message = "tfemrcheck findings"
  }
}
