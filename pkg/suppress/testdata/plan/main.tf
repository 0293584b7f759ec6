# Plan-with-source fixture: plan.json is generated from this directory with
#   /work/shared/tools/tfplan/mkplan . plan.json

# tfemrcheck:ignore EMR-SC-001 reason="legacy SSE-C bucket, migrating"
resource "aws_emr_security_configuration" "block" {
  name = "block"
  configuration = jsonencode({
    EncryptionConfiguration = {
      EnableAtRestEncryption = true
      AtRestEncryptionConfiguration = {
        S3EncryptionConfiguration = {
          EncryptionMode = "SSE-C"
        }
        LocalDiskEncryptionConfiguration = {
          EncryptionKeyProviderType = "AwsKms"
          # tfemrcheck:ignore EMR-SC-009 reason="key set by the platform"
          AwsKmsKey = aws_kms_key.emr.arn
        }
      }
    }
  })
}

resource "aws_kms_key" "emr" {
  description = "emr"
}

resource "aws_emr_cluster" "old" {
  name = "old"
  # tfemrcheck:ignore EMR-REL-002 reason="replay job pinned to 4.7"
  release_label = "emr-4.7.0"
  service_role  = "EMR_DefaultRole"
  security_configuration = aws_emr_security_configuration.block.name
}

module "emr" {
  source   = "./modules/emr"
  for_each = toset(["dev", "prod"])
  env      = each.key
}
