# Inputs of a reusable EMR security-configuration module. Each validation
# restricts an input to a list of values, so `tfemrcheck module` can try
# every value a caller may give.

variable "name" {
  type        = string
  description = "Name of the security configuration."
  default     = "emr-baseline"
}

variable "s3_encryption_mode" {
  type        = string
  description = "EMRFS encryption mode for data in S3."
  default     = "SSE-KMS"
  validation {
    # Deliberate mistake: SSE-C is not a mode EMR supports.
    condition     = contains(["SSE-KMS", "CSE-KMS", "SSE-C"], var.s3_encryption_mode)
    error_message = "s3_encryption_mode must be SSE-KMS, CSE-KMS or SSE-C."
  }
}

variable "encrypt_ebs" {
  type        = bool
  description = "Encrypt the EBS volumes of cluster nodes."
  default     = true
}

variable "kms_key_arn" {
  type        = string
  description = "CMK for EMRFS data and local disks."
  default     = "arn:aws:kms:eu-west-1:123456789012:key/6f1c9a3e-0001-4c4e-8d2a-9b7f00000001"
  validation {
    condition     = var.kms_key_arn == "arn:aws:kms:eu-west-1:123456789012:key/6f1c9a3e-0001-4c4e-8d2a-9b7f00000001" || var.kms_key_arn == "arn:aws:kms:eu-west-1:123456789012:key/6f1c9a3e-0002-4c4e-8d2a-9b7f00000002"
    error_message = "kms_key_arn must be one of the platform's keys."
  }
}
