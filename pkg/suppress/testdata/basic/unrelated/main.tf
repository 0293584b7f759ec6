# tfemrcheck:ignore EMR-CL-001 reason="not loaded: not a module of the root"
resource "aws_emr_cluster" "other" {
  name = "other"
}
