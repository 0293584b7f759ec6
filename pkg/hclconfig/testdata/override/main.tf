resource "aws_emr_cluster" "c" {
  name          = "base"
  release_label = "emr-5.0.0"
  log_uri       = "s3://base/"

  ec2_attributes {
    subnet_id = "subnet-base"
  }
}
