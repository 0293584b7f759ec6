resource "aws_emr_cluster" "c" {
  ec2_attributes {
    subnet_id = "subnet-override"
  }
}
