variable "release" {
  type = string
}

variable "sc_name" {
  type = string
}

variable "kdc_password" {
  type = string
}

variable "env" {
  type    = string
  default = "none"
}

resource "aws_emr_cluster" "this" {
  name                   = "emr-${var.env}"
  release_label          = var.release
  security_configuration = var.sc_name

  kerberos_attributes {
    kdc_admin_password = var.kdc_password
    realm              = "EC2.INTERNAL"
  }
}

output "cluster_id" {
  value = aws_emr_cluster.this.id
}
