# Broken on purpose: an attribute without a value and an unclosed block.
resource "aws_emr_cluster" "broken" {
  name          = "broken"
  release_label =
  service_role  = "EMR_DefaultRole"
