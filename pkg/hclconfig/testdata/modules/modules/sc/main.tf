variable "prefix" {
  type = string
}

resource "aws_emr_security_configuration" "this" {
  name_prefix   = var.prefix
  configuration = jsonencode({ EncryptionConfiguration = { EnableAtRestEncryption = true } })
}

output "name" {
  value = aws_emr_security_configuration.this.name
}
