resource "aws_emr_cluster" "c" {
  name = "x"
  release_label = 
}
