resource "aws_kms_key" "emr" {
  description = "EMR"
}

resource "aws_emr_security_configuration" "sc" {
  name          = "sc"
  configuration = <<EOF
{
  "EncryptionConfiguration": {
    "EnableInTransitEncryption": false,
    "EnableAtRestEncryption": true,
    "AtRestEncryptionConfiguration": {
      "S3EncryptionConfiguration": {
        "EncryptionMode": "SSE-C",
        "AwsKmsKey": "${aws_kms_key.emr.arn}"
      }
    }
  }
}
EOF
}

resource "aws_emr_security_configuration" "outside_string" {
  name          = "outside"
  configuration = <<EOF
{ "InstanceMetadataServiceConfiguration": { "HttpPutResponseHopLimit": ${length(aws_kms_key.emr.arn)} } }
EOF
}
