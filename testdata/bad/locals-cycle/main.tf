# Broken on purpose: locals that refer to each other.
locals {
  name  = "${local.label}-emr"
  label = "${local.name}-x"
}

resource "aws_emr_cluster" "c" {
  name          = local.name
  release_label = "emr-7.5.0"
  service_role  = "EMR_DefaultRole"
}
