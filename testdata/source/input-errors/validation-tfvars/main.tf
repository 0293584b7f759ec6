variable "mode" {
  type = string
  validation {
    condition     = contains(["SSE-S3", "SSE-KMS"], var.mode)
    error_message = "The mode must be SSE-S3 or SSE-KMS."
  }
}

variable "release" {
  type    = string
  default = "emr-7.2.0"
  validation {
    condition     = startswith(var.release, "emr-")
    error_message = "The release must start with emr-."
  }
}
