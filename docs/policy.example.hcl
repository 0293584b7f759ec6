# Failing findings below this severity do not fail the run
# (--severity-threshold overrides it).
severity_threshold = "HIGH"

# Limits on accepted risks (see "Governing suppressions" below).
inline_suppressions_max_severity = "MEDIUM" # or: inline_suppressions = false
max_exception_days               = 90

# Disable a rule, or change its severity.
rule "EMR-CL-006" {
  enabled = false
}
rule "EMR-NET-005" {
  severity = "HIGH"
}

# Organisation parameters of the catalogue.
parameters {
  allowed_kms_keys                 = ["arn:aws:kms:eu-west-1:111122223333:key/…"] # EMR-SC-012
  minimum_release_label            = "emr-6.15.0"                                # EMR-REL-005
  allow_sse_s3                     = false                                       # EMR-SC-005
  max_imds_hop_limit               = 1                                           # EMR-SC-014
  allowed_custom_amis              = ["ami-0123456789abcdef0"]                   # EMR-CL-009
  max_certificate_validity_days    = 397                                         # EMR-SC-013
  approved_security_configurations = ["org-baseline"]                            # EMR-CL-002
}

# An accepted risk: rule, address pattern (* matches anything), a reason
# (required), an optional expiry date and ticket.
exception {
  rule    = "EMR-SC-005"
  address = "module.legacy.*"
  reason  = "legacy buckets move to SSE-KMS in Q1"
  expires = "2027-02-28"
  ticket  = "SEC-123"
}
