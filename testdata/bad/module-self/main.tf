# Broken on purpose: a module that calls itself.
module "me" {
  source = "./"
}

resource "aws_emr_cluster" "c" {
  name          = "c"
  release_label = "emr-7.5.0"
  service_role  = "EMR_DefaultRole"
}
