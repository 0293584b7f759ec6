locals {
  a = local.b
  b = "${local.a}-x"
  ok = "fine"
}

resource "aws_emr_cluster" "c" {
  name          = local.ok
  release_label = "emr-7.5.0"
}
