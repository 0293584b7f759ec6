variable "other" {
  type    = string
  default = "x"
}

variable "mode" {
  type    = string
  default = "SSE-C"
  validation {
    condition     = var.mode != "SSE-C" && var.other == "x"
    error_message = "SSE-C is not an EMRFS mode."
  }
}
