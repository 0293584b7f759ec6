variable "mode" {
  type = string
  validation {
    condition     = var.mode != "SSE-C"
    error_message = "SSE-C is not an EMRFS mode."
  }
}
