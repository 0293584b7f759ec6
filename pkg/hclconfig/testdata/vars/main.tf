variable "release" {
  type    = string
  default = "emr-5.0.0"
}

variable "from_tfvars" {
  type    = string
  default = "default"
}

variable "auto" {
  type    = string
  default = "default"
}

variable "core_count" {
  type    = number
  default = 1
}

variable "tags" {
  type    = map(string)
  default = {}
}

variable "settings" {
  type = object({
    log_uri = string
    extra   = optional(string, "dflt")
  })
  default = {
    log_uri = "s3://default/"
  }
}

variable "password" {
  type      = string
  sensitive = true
  default   = "hunter2"
}

variable "missing" {
  type = string
}

resource "aws_emr_cluster" "c" {
  name                   = "${var.from_tfvars}-${var.auto}"
  release_label          = var.release
  security_configuration = var.missing
  log_uri                = var.settings.log_uri
  step_concurrency_level = var.core_count
  tags                   = merge(var.tags, { extra = var.settings.extra })

  kerberos_attributes {
    kdc_admin_password = var.password
    realm              = "R"
  }
}
