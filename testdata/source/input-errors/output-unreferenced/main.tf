# Reduced from mcsrainbow/terraform-aws-emr-solution's
# modules/terraform-aws-s3-bucket checked as a root (issue 20.6): an output
# nothing refers to still calls the list() function Terraform 0.12
# removed. Terraform evaluates every output, so it refuses the root.
variable "ids" {
  type    = list(string)
  default = []
}

output "first_id" {
  value = element(concat(var.ids, list("")), 0)
}

output "count" {
  value = length(var.ids)
}
