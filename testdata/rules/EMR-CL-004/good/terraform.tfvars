cross_realm_password = "example-cross-realm-password"
kdc_admin_password = "example-kdc-admin-password"
