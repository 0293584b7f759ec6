variable "mode" {
  type     = string
  default  = null
  nullable = false
}
