resource "aws_emr_cluster" "c" {
  name          = var.nope
  release_label = local.nothing
  service_role  = aws_iam_role.missing.arn
}
