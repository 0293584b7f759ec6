# Secrets canary (cmd/tfemrcheck/secrets_test.go): the value
# "tfemrcheck-canary-7f3a9c1e" sits in every sensitive attribute, as
# literals in code (EMR-CL-005 fires), as a sensitive variable's literal
# default, and in sensitive variables set in terraform.tfvars that also
# flow into values the rules quote (EncryptionMode, release_label,
# S3Object). No output format and no error message may contain it.
# plan.json is generated: scripts/regen-plans.sh testdata/secrets
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

variable "kdc_admin_password" {
  type      = string
  sensitive = true
}

variable "cross_realm_password" {
  type      = string
  sensitive = true
}

variable "ad_join_password" {
  type      = string
  sensitive = true
}

variable "kdc_default" {
  type      = string
  sensitive = true
  default   = "tfemrcheck-canary-7f3a9c1e"
}

variable "s3_mode" {
  type      = string
  sensitive = true
}

variable "release" {
  type      = string
  sensitive = true
}

variable "certs_s3" {
  type      = string
  sensitive = true
}

resource "aws_emr_security_configuration" "kerberos" {
  name = "canary-kerberos-sc"

  configuration = jsonencode({
    EncryptionConfiguration = {
      EnableInTransitEncryption = true
      EnableAtRestEncryption    = true
      InTransitEncryptionConfiguration = {
        TLSCertificateConfiguration = {
          CertificateProviderType = "PEM"
          S3Object                = var.certs_s3
        }
      }
      AtRestEncryptionConfiguration = {
        S3EncryptionConfiguration = {
          EncryptionMode = var.s3_mode
        }
      }
    }
    AuthenticationConfiguration = {
      KerberosConfiguration = {
        Provider = "ClusterDedicatedKdc"
        ClusterDedicatedKdcConfiguration = {
          TicketLifetimeInHours = 24
          CrossRealmTrustConfiguration = {
            Realm       = "AD.EXAMPLE.COM"
            Domain      = "ad.example.com"
            AdminServer = "ad.example.com"
            KdcServer   = "ad.example.com"
          }
        }
      }
    }
  })
}

# Literals in code: EMR-CL-005 for all three.
resource "aws_emr_cluster" "literals" {
  name                   = "canary-literals"
  release_label          = "emr-7.5.0"
  applications           = ["Spark"]
  service_role           = "EMR_DefaultRole"
  security_configuration = aws_emr_security_configuration.kerberos.name

  kerberos_attributes {
    realm                                = "EC2.INTERNAL"
    kdc_admin_password                   = "tfemrcheck-canary-7f3a9c1e"
    cross_realm_trust_principal_password = "tfemrcheck-canary-7f3a9c1e"
    ad_domain_join_user                  = "joiner"
    ad_domain_join_password              = "tfemrcheck-canary-7f3a9c1e"
  }

  ec2_attributes {
    subnet_id        = "subnet-0a1b2c3d4e5f60001"
    instance_profile = "EMR_EC2_DefaultRole"
  }

  master_instance_group {
    instance_type = "m5.xlarge"
  }
}

# Sensitive variables from terraform.tfvars, one with a literal default;
# the release label is a sensitive variable too.
resource "aws_emr_cluster" "variables" {
  name                   = "canary-variables"
  release_label          = var.release
  applications           = ["Spark"]
  service_role           = "EMR_DefaultRole"
  security_configuration = aws_emr_security_configuration.kerberos.name

  kerberos_attributes {
    realm                                = "EC2.INTERNAL"
    kdc_admin_password                   = var.kdc_admin_password
    cross_realm_trust_principal_password = var.cross_realm_password
    ad_domain_join_user                  = "joiner"
    ad_domain_join_password              = var.ad_join_password
  }

  ec2_attributes {
    subnet_id        = "subnet-0a1b2c3d4e5f60001"
    instance_profile = "EMR_EC2_DefaultRole"
  }

  master_instance_group {
    instance_type = "m5.xlarge"
  }
}

resource "aws_emr_cluster" "default" {
  name                   = "canary-default"
  release_label          = "emr-7.5.0"
  applications           = ["Spark"]
  service_role           = "EMR_DefaultRole"
  security_configuration = aws_emr_security_configuration.kerberos.name

  kerberos_attributes {
    realm              = "EC2.INTERNAL"
    kdc_admin_password = var.kdc_default
  }

  ec2_attributes {
    subnet_id        = "subnet-0a1b2c3d4e5f60001"
    instance_profile = "EMR_EC2_DefaultRole"
  }

  master_instance_group {
    instance_type = "m5.xlarge"
  }
}
