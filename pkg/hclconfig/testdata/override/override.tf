resource "aws_emr_cluster" "c" {
  release_label = "emr-7.5.0"
}
