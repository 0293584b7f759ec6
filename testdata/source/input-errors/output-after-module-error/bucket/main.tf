variable "ids" {
  type    = list(string)
  default = []
}

output "bucket_id" {
  value = element(concat(var.ids, list("")), 0)
}
