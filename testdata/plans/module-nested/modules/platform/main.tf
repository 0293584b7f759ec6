# A team platform: wraps the EMR module with the team's defaults.
variable "team" {
  type = string
}

module "emr" {
  source = "../emr"

  name          = "${var.team}-analytics"
  release_label = "emr-7.2.0"
  s3_mode       = "SSE-C"
}
