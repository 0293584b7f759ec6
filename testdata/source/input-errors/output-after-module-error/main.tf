# Reduced from mcsrainbow/terraform-aws-emr-solution's
# modules/terraform-aws-s3-bucket/examples/complete (issue 20.6): the
# module's output fails (the removed list()), and the root's output names
# an output the module does not declare. Terraform reports the module's
# error only: it does not evaluate what depends on a failed node.
module "bucket" {
  source = "./bucket"
}

output "bucket_domain_name" {
  value = module.bucket.bucket_domain_name
}
