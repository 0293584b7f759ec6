severity_threshold = "SEVERE"
colour             = "blue"

rule "EMR-SC-999" {
  enabled = false
}

rule "EMR-SC-001" {
  enabled  = "maybe"
  priority = 1
}

rule "EMR-SC-001" {
  severity = "LOW"
}

parameters {
  allowed_kms_keys      = "arn:aws:kms:eu-west-1:111122223333:alias/emr"
  minimum_release_label = "emr-6.15"
  max_imds_hop_limit    = 1.5
  max_certificate_validity_days = 0
  allow_sse_s3          = var.allow
  unknown_param         = true
}

parameters {
}

exception {
  rule    = "EMR-SC-777"
  address = "aws_emr_cluster.a"
  reason  = "x"
}

exception {
  rule    = "EMR-SC-001"
  address = "aws_emr_cluster.a"
}

exception {
  rule    = "EMR-SC-001"
  address = "aws_emr_cluster.a"
  reason  = "  "
  expires = "31/03/2027"
  owner   = "me"
}

exception {
  reason = "no rule, no address"
}

settings {
}
