# Case (the homedir finding): paths starting with ~ while the environment
# names no home directory (TestSourceFixtures passes no environment; the
# CLI, HOME unset). Terraform's go-homedir would then run getent or sh
# from PATH to find one; tfemrcheck starts no process, and what depends on
# ~ is indeterminate, never a pass: the security configuration read from
# ~/emr/…, and the configurations read from pathexpand("~/emr/…").
# check EMR-CL-007
# want EMR-CL-002 indeterminate aws_emr_security_configuration.sc
resource "aws_emr_security_configuration" "sc" {
  name          = "sc"
  configuration = file("~/emr/security-configuration.json")
}

# want EMR-CL-007 indeterminate aws_emr_cluster.c
resource "aws_emr_cluster" "c" {
  name                   = "c"
  release_label          = "emr-7.2.0"
  service_role           = "EMR_DefaultRole"
  security_configuration = aws_emr_security_configuration.sc.name
  log_uri                = "s3://emr-logs/"
  configurations_json    = file(pathexpand("~/emr/configurations.json"))
}
