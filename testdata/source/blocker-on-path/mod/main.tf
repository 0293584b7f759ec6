variable "ec2_attributes" {
  type = object({
    instance_profile = optional(string)
    subnet_id        = optional(string)
  })
  default = null
}
resource "aws_emr_cluster" "this" {
  name          = "x"
  release_label = "emr-7.2.0"
  service_role  = "r"
  dynamic "ec2_attributes" {
    for_each = var.ec2_attributes != null ? [var.ec2_attributes] : []
    content {
      instance_profile = ec2_attributes.value.instance_profile
      subnet_id        = ec2_attributes.value.subnet_id
    }
  }
}
