locals {
  envs = {
    prod = { release = "emr-7.5.0" }
    dev  = { release = "emr-6.15.0" }
  }
  ports = [22, 8443]
}

module "sc" {
  source = "./modules/sc"
  prefix = "shared-"
}

module "emr" {
  source       = "./modules/emr"
  for_each     = local.envs
  release      = each.value.release
  sc_name      = module.sc.name
  kdc_password = "literal-in-caller"
  env          = each.key
}

module "wrap" {
  source = "./modules/wrapper"
  count  = 1
}

module "vpc" {
  source  = "terraform-aws-modules/vpc/aws"
  version = "5.0.0"
}

resource "aws_emr_security_configuration" "root_sc" {
  name_prefix   = "np-"
  configuration = jsonencode({ EncryptionConfiguration = { EnableAtRestEncryption = false } })
}

resource "aws_emr_cluster" "np" {
  name                   = "np"
  release_label          = "emr-7.5.0"
  security_configuration = aws_emr_security_configuration.root_sc.name

  ec2_attributes {
    subnet_id        = module.vpc.private_subnets[0]
    instance_profile = "p"
  }
}

resource "aws_emr_cluster" "zero" {
  count         = 0
  name          = "zero"
  release_label = "emr-7.5.0"
}

resource "aws_emr_cluster" "counted" {
  count         = 2
  name          = "counted-${count.index}"
  release_label = "emr-7.5.0"
}

resource "aws_security_group" "sg" {
  name = "sg"

  dynamic "ingress" {
    for_each = local.ports
    content {
      from_port   = ingress.value
      to_port     = ingress.value
      cidr_blocks = ["0.0.0.0/0"]
    }
  }
}
