# Reduced from terraform-aws-modules/emr's examples/private-cluster (issue
# 20.3): the subnet comes from module.vpc (not installed) through a typed
# object variable and a dynamic block; EMR-NET-002's indeterminate must name
# module.vpc, the value on the subnet's path (it named only the instance
# profile's ARN, which sits beside the subnet in the same object).
# check EMR-NET-002
module "vpc" {
  source = "terraform-aws-modules/vpc/aws"
}

resource "aws_iam_instance_profile" "p" {
  name = "p"
}

# want EMR-NET-002 indeterminate module.emr.aws_emr_cluster.this
# want EMR-CL-001 fail module.emr.aws_emr_cluster.this
module "emr" {
  source = "./mod"
  ec2_attributes = {
    subnet_id        = element(module.vpc.private_subnets, 0)
    instance_profile = aws_iam_instance_profile.p.arn
  }
}
