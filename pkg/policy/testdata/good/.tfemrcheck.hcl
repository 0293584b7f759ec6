# Organisation policy used by the tests.
severity_threshold = "high"

rule "EMR-SC-001" {
  severity = "MEDIUM"
}

rule "EMR-CL-002" {
  enabled = false
}

parameters {
  allowed_kms_keys                 = ["arn:aws:kms:eu-west-1:111122223333:alias/emr"]
  minimum_release_label            = "emr-6.15.0"
  allow_sse_s3                     = true
  max_imds_hop_limit               = 2
  allowed_custom_amis              = ["ami-0123456789abcdef0"]
  max_certificate_validity_days    = 365
  approved_security_configurations = ["org-baseline", "org-kerberos"]
}

exception {
  rule    = "EMR-SC-001"
  address = "module.legacy.*"
  reason  = "legacy buckets keep SSE-C until the migration"
  expires = "2027-03-31"
  ticket  = "SEC-123"
}

exception {
  rule    = "EMR-SC-008"
  address = "aws_emr_security_configuration.old"
  reason  = "key managed by the platform team"
  expires = "2024-01-31"
}

exception {
  rule    = "EMR-REL-001"
  address = "aws_emr_cluster.gone"
  reason  = "cluster was removed"
}
