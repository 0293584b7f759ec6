resource "aws_emr_security_configuration" "sc" {
  name = "literal-sc"

  configuration = <<EOT
{
  "EncryptionConfiguration": {
    "EnableAtRestEncryption": true,
    "AtRestEncryptionConfiguration": {
      "S3EncryptionConfiguration": {
        "EncryptionMode": "SSE-S3"
      }
    }
  }
}
EOT
}

resource "aws_emr_security_configuration" "inline" {
  name          = "inline-sc"
  configuration = "{\"EncryptionConfiguration\": {\"EnableAtRestEncryption\": false}}"
}

resource "aws_emr_security_configuration" "broken" {
  name          = "broken-sc"
  configuration = "{not json"
}

resource "aws_emr_cluster" "c" {
  name                   = "c"
  release_label          = "emr-7.5.0"
  security_configuration = aws_emr_security_configuration.sc.id
}

resource "aws_emr_cluster" "ext" {
  name                   = "ext"
  release_label          = "emr-7.5.0"
  security_configuration = "some-external-sc"
}

resource "aws_iam_role" "ignored" {
  name = unknown_function_here(1)
}
