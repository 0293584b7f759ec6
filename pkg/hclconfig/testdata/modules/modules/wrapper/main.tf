module "inner" {
  source       = "../emr"
  release      = "emr-5.20.0"
  sc_name      = "external-sc"
  kdc_password = var.pw
}

variable "pw" {
  type    = string
  default = "wrapper-default"
}

output "inner_id" {
  value = module.inner.cluster_id
}
