kdc_admin_password = "example-kdc-admin-password"
