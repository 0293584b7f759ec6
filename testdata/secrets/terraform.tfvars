# Every value is the canary; all these variables are sensitive.
kdc_admin_password   = "tfemrcheck-canary-7f3a9c1e"
cross_realm_password = "tfemrcheck-canary-7f3a9c1e"
ad_join_password     = "tfemrcheck-canary-7f3a9c1e"
s3_mode              = "tfemrcheck-canary-7f3a9c1e"
release              = "tfemrcheck-canary-7f3a9c1e"
certs_s3             = "tfemrcheck-canary-7f3a9c1e"
