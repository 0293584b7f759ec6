locals {
  names = aws_emr_security_configuration.cnt[*].name
  arns  = [for k in aws_kms_key.k : k.arn]
}

resource "aws_kms_key" "k" {
  count = 2
}

resource "aws_emr_security_configuration" "sc" {
  for_each      = toset(["a", "b"])
  name          = "sc-${each.key}"
  configuration = jsonencode({ EncryptionConfiguration = { EnableAtRestEncryption = each.key == "a" } })
}

resource "aws_emr_security_configuration" "cnt" {
  count         = 2
  name          = "cnt-${count.index}"
  configuration = jsonencode({ AwsKmsKey = local.arns[count.index] })
}

resource "aws_emr_cluster" "fe" {
  for_each               = aws_emr_security_configuration.sc
  name                   = "fe-${each.key}"
  release_label          = "emr-7.5.0"
  security_configuration = aws_emr_security_configuration.sc[each.key].name
}

resource "aws_emr_cluster" "cn" {
  count                  = 2
  name                   = "cn"
  release_label          = "emr-7.5.0"
  security_configuration = aws_emr_security_configuration.cnt[count.index].id
}

resource "aws_emr_cluster" "static" {
  name                   = "static"
  release_label          = "emr-7.5.0"
  security_configuration = aws_emr_security_configuration.sc["b"].name
}

resource "aws_emr_cluster" "splat" {
  name                   = "splat"
  release_label          = "emr-7.5.0"
  security_configuration = local.names[1]
}
