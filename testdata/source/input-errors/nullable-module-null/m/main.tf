variable "mode" {
  type     = string
  nullable = false
}
