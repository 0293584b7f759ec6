# Case: configuration read with file("${path.module}/sc.json"). The file
# enables EBS encryption with the Custom local-disk provider: EMR-SC-002.
# The plan has the file's content; the source reader must resolve the file.
terraform {
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 5.0"
    }
  }
}

provider "aws" {
  region = "eu-west-1"
}

# want EMR-SC-002 fail aws_emr_security_configuration.from_file
resource "aws_emr_security_configuration" "from_file" {
  name          = "mortgages-sc"
  configuration = file("${path.module}/sc.json")
}

resource "aws_emr_cluster" "mortgages" {
  name                   = "mortgages-batch"
  release_label          = "emr-7.5.0"
  applications           = ["Spark", "Hive"]
  service_role           = "EMR_DefaultRole"
  security_configuration = aws_emr_security_configuration.from_file.name

  ec2_attributes {
    subnet_id        = "subnet-0a1b2c3d4e5f60001"
    instance_profile = "EMR_EC2_DefaultRole"
  }

  master_instance_group {
    instance_type = "m5.xlarge"
  }
}
