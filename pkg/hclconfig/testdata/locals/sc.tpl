{
  "EncryptionConfiguration": {
    "AtRestEncryptionConfiguration": {
      "S3EncryptionConfiguration": {
        "EncryptionMode": "${mode}",
        "AwsKmsKey": "${key_arn}"
      }
    }
  }
}
