// Package testgen writes generated Terraform trees for tests, benchmarks
// and timing scripts.
package testgen

import (
	"fmt"
	"os"
	"path/filepath"
)

// StacksPerTeam is how many root modules WriteMonorepo puts in one team
// directory.
const StacksPerTeam = 50

// sharedModule is called by every root module through "../../modules/tags":
// it is a module, not a root.
const sharedModule = `variable "team" {
  type = string
}

output "tags" {
  value = {
    Team      = var.team
    ManagedBy = "terraform"
  }
}
`

// rootTemplate is one root module; it calls its own ./modules/emr and the
// shared tags module. Arguments: team, stack number, release label, S3
// encryption mode.
const rootTemplate = `terraform {
  required_providers {
    aws = {
      source = "hashicorp/aws"
    }
  }
}

provider "aws" {
  region = "eu-west-1"
}

module "tags" {
  source = "../../modules/tags"
  team   = %[1]q
}

module "emr" {
  source = "./modules/emr"

  name          = "%[1]s-stack-%04[2]d"
  release_label = %[3]q
  s3_mode       = %[4]q
  subnet_id     = "subnet-0123456789abcdef0"
  tags          = module.tags.tags
}

output "cluster_id" {
  value = module.emr.cluster_id
}
`

// emrModule is each root module's local module: a KMS key, a security
// configuration and a cluster.
const emrModule = `variable "name" {
  type = string
}

variable "release_label" {
  type = string
}

variable "s3_mode" {
  type = string
}

variable "subnet_id" {
  type = string
}

variable "tags" {
  type = map(string)
}

resource "aws_kms_key" "emr" {
  description         = "${var.name} EMR data at rest"
  enable_key_rotation = true
}

resource "aws_emr_security_configuration" "this" {
  name = "${var.name}-sc"

  configuration = jsonencode({
    EncryptionConfiguration = {
      EnableInTransitEncryption = false
      EnableAtRestEncryption    = true
      AtRestEncryptionConfiguration = {
        S3EncryptionConfiguration = {
          EncryptionMode = var.s3_mode
          AwsKmsKey      = aws_kms_key.emr.arn
        }
        LocalDiskEncryptionConfiguration = {
          EncryptionKeyProviderType = "AwsKms"
          AwsKmsKey                 = aws_kms_key.emr.arn
          EnableEbsEncryption       = true
        }
      }
    }
  })
}

resource "aws_emr_cluster" "this" {
  name                   = var.name
  release_label          = var.release_label
  applications           = ["Spark"]
  service_role           = "EMR_DefaultRole"
  security_configuration = aws_emr_security_configuration.this.name
  log_uri                = "s3://${var.name}-logs/emr/"
  tags                   = var.tags

  ec2_attributes {
    subnet_id        = var.subnet_id
    instance_profile = "EMR_EC2_DefaultRole"
  }

  master_instance_group {
    instance_type = "m5.xlarge"
  }

  core_instance_group {
    instance_type  = "r5.xlarge"
    instance_count = 2
  }
}

output "cluster_id" {
  value = aws_emr_cluster.this.id
}
`

// WriteMonorepo writes a tree of n Terraform root modules below dir:
// dir/team-TT/stack-NNNN, StacksPerTeam to a team, each a small EMR
// configuration calling its own local module (./modules/emr) and a module
// shared by all (dir/modules/tags). Every third stack uses SSE-C and an
// old release, so the tree has findings. The output is deterministic;
// RootModules(dir) returns the n stack directories, each stack's module
// directory and the shared module's (every directory Terraform could be
// run in).
func WriteMonorepo(dir string, n int) error {
	if err := write(filepath.Join(dir, "modules", "tags", "main.tf"), sharedModule); err != nil {
		return err
	}
	for i := range n {
		team := fmt.Sprintf("team-%02d", i/StacksPerTeam)
		stack := StackDir(dir, i)
		release, mode := "emr-7.5.0", "SSE-KMS"
		if i%3 == 0 {
			release, mode = "emr-5.23.0", "SSE-C"
		}
		if err := write(filepath.Join(stack, "main.tf"), fmt.Sprintf(rootTemplate, team, i, release, mode)); err != nil {
			return err
		}
		if err := write(filepath.Join(stack, "modules", "emr", "main.tf"), emrModule); err != nil {
			return err
		}
	}
	return nil
}

// StackDir is the directory of the i-th root module WriteMonorepo writes.
func StackDir(dir string, i int) string {
	return filepath.Join(dir, fmt.Sprintf("team-%02d", i/StacksPerTeam), fmt.Sprintf("stack-%04d", i))
}

func write(path, text string) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return fmt.Errorf("writing monorepo: %w", err)
	}
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		return fmt.Errorf("writing monorepo: %w", err)
	}
	return nil
}
