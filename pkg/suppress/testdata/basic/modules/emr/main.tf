variable "env" {
  type = string
}

# tfemrcheck:ignore EMR-CL-001 reason="security configuration attached by the platform team"
resource "aws_emr_cluster" "this" {
  name          = "emr-${var.env}"
  release_label = "emr-7.5.0"
}
