locals {
  doc = yamldecode(<<-YAML
    EncryptionConfiguration:
      EnableAtRestEncryption: true
      AtRestEncryptionConfiguration:
        S3EncryptionConfiguration:
          EncryptionMode: SSE-C
  YAML
  )
}

resource "aws_emr_security_configuration" "from_yaml" {
  name          = "from-yaml"
  configuration = jsonencode(local.doc)
}

output "round_trip" {
  value = yamlencode({ a = 1 })
}
