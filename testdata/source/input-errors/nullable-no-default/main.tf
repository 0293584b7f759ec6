variable "mode" {
  type     = string
  nullable = false
}
output "o" { value = var.mode }
