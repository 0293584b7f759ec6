package rules

import "strings"

// Example builders for the rules' Bad and Good HCL.

// exSC renders a security configuration whose configuration is
// jsonencode(body); body is an HCL object written at indentation 2.
func exSC(body string) string {
	return `resource "aws_emr_security_configuration" "example" {
  name          = "example"
  configuration = jsonencode(` + body + `)
}
`
}

// exCluster renders a cluster (using the external security configuration
// "fsi-baseline") with the given extra lines (indented by 2)
// and ec2_attributes lines (indented by 4).
func exCluster(release, extra, ec2 string) string {
	return `resource "aws_emr_cluster" "example" {
  name                   = "example"
  release_label          = "` + release + `"
  service_role           = "arn:aws:iam::111122223333:role/emr-service"
  security_configuration = "fsi-baseline"
  log_uri                = "s3://example-logs/emr/"
` + extra + `
  ec2_attributes {
    instance_profile = "arn:aws:iam::111122223333:instance-profile/emr-ec2"
` + ec2 + `  }

  master_instance_group {
    instance_type = "m5.xlarge"
  }
}
`
}

// exClusterSC is exCluster using the example security configuration.
func exClusterSC(release, extra, ec2 string) string {
	return strings.Replace(exCluster(release, extra, ec2), `"fsi-baseline"`, "aws_emr_security_configuration.example.name", 1)
}

const exSubnet = "    subnet_id        = \"subnet-0123456789abcdef0\"\n"
