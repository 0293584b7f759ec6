variable "mode" {
  type     = string
  default  = "SSE-C"
  nullable = false
}
resource "aws_emr_security_configuration" "m" {
  name = "m"
  configuration = jsonencode({
    EncryptionConfiguration = {
      EnableInTransitEncryption = false
      EnableAtRestEncryption    = true
      AtRestEncryptionConfiguration = {
        S3EncryptionConfiguration = { EncryptionMode = var.mode }
      }
    }
  })
}
