package evaluate

// compliantDoc is the reference's well-formed FSI baseline (§1.7).
const compliantDoc = `{
  "EncryptionConfiguration": {
    "EnableInTransitEncryption": true,
    "EnableAtRestEncryption": true,
    "InTransitEncryptionConfiguration": {
      "TLSCertificateConfiguration": {
        "CertificateProviderType": "PEM",
        "S3Object": "s3://example-config/tls/certs.zip"
      }
    },
    "AtRestEncryptionConfiguration": {
      "S3EncryptionConfiguration": {
        "EncryptionMode": "SSE-KMS",
        "AwsKmsKey": "arn:aws:kms:eu-west-1:111122223333:key/00000000-0000-0000-0000-000000000000"
      },
      "LocalDiskEncryptionConfiguration": {
        "EncryptionKeyProviderType": "AwsKms",
        "AwsKmsKey": "arn:aws:kms:eu-west-1:111122223333:key/00000000-0000-0000-0000-000000000001",
        "EnableEbsEncryption": true
      }
    }
  },
  "AuthenticationConfiguration": {
    "KerberosConfiguration": {
      "Provider": "ClusterDedicatedKdc",
      "ClusterDedicatedKdcConfiguration": { "TicketLifetimeInHours": 24 }
    }
  },
  "InstanceMetadataServiceConfiguration": {
    "MinimumInstanceMetadataServiceVersion": 2,
    "HttpPutResponseHopLimit": 1
  }
}`

// sseCDoc uses SSE-C, which EMR does not support (EMR-SC-001).
const sseCDoc = `{
  "EncryptionConfiguration": {
    "EnableInTransitEncryption": false,
    "EnableAtRestEncryption": true,
    "AtRestEncryptionConfiguration": {
      "S3EncryptionConfiguration": {
        "EncryptionMode": "SSE-C"
      }
    }
  }
}`
