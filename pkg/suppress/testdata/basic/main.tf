# Block-level: the comment directly above the resource header covers
# every finding on the resource.
# tfemrcheck:ignore EMR-SC-001 reason="legacy SSE-C bucket, migrating" expires=2099-12-31 ticket=SEC-1
resource "aws_emr_security_configuration" "block" {
  name = "block"
  configuration = jsonencode({
    EncryptionConfiguration = {
      EnableAtRestEncryption = true
      AtRestEncryptionConfiguration = {
        S3EncryptionConfiguration = {
          EncryptionMode = "SSE-C"
        }
      }
    }
  })
}

resource "aws_emr_security_configuration" "json" {
  name = "json"
  configuration = jsonencode({
    EncryptionConfiguration = {
      EnableAtRestEncryption = true
      AtRestEncryptionConfiguration = {
        S3EncryptionConfiguration = {
          # tfemrcheck:ignore EMR-SC-001 reason="test data only"
          EncryptionMode = "SSE-C"
        }
        LocalDiskEncryptionConfiguration = {
          EncryptionKeyProviderType = "AwsKms" // tfemrcheck:ignore EMR-SC-009 reason="key set by the platform"
        }
      }
    }
  })
}

resource "aws_emr_security_configuration" "unsuppressed" {
  name = "unsuppressed"
  configuration = jsonencode({
    EncryptionConfiguration = {
      EnableAtRestEncryption = true
      AtRestEncryptionConfiguration = {
        S3EncryptionConfiguration = {
          EncryptionMode = "SSE-C"
        }
      }
    }
  })
}

resource "aws_emr_cluster" "old" { # tfemrcheck:ignore EMR-SC-008 reason="nothing to match here"
  name                   = "old"
  # tfemrcheck:ignore EMR-REL-002 reason="replay job pinned to 4.7"
  release_label          = "emr-4.7.0"
  security_configuration = aws_emr_security_configuration.unsuppressed.name
}

resource "aws_emr_cluster" "expired" {
  name = "expired"
  // tfemrcheck:ignore EMR-REL-002 reason="was temporary" expires=2020-01-01
  release_label = "emr-4.7.0"
  security_configuration = aws_emr_security_configuration.unsuppressed.name
}

resource "aws_emr_cluster" "noreason" {
  name = "noreason"
  release_label = "emr-4.7.0" # tfemrcheck:ignore EMR-REL-002
  security_configuration = aws_emr_security_configuration.unsuppressed.name
}

# tfemrcheck:ignore EMR-SC-999, EMR-CL-001 reason="typo in the id"
resource "aws_emr_cluster" "unknown_id" {
  name          = "unknown_id"
  release_label = "emr-7.5.0"
}

# tfemrcheck:ignore EMR-CL-001 reason="a blank line follows"

resource "aws_emr_cluster" "misplaced" {
  name          = "misplaced"
  release_label = "emr-7.5.0"
}

module "emr" {
  source   = "./modules/emr"
  for_each = toset(["dev", "prod"])
  env      = each.key
}
