locals {
  base_tags = { Team = "data" }
  tags      = merge(local.base_tags, { Env = terraform.workspace })
  name      = upper(format("%s-%s", "emr", "x"))
  items     = [for s in ["a", "b"] : "${s}-1"]
  picked    = length(local.items) > 1 ? local.items[1] : "none"
  key_arn   = "arn:aws:kms:eu-west-1:111122223333:key/abc"
}

resource "aws_emr_security_configuration" "file" {
  name          = "from-file"
  configuration = file("${path.module}/sc.json")
}

resource "aws_emr_security_configuration" "tpl" {
  name          = "from-template"
  configuration = templatefile("sc.tpl", { key_arn = local.key_arn, mode = "SSE-KMS" })
}

resource "aws_emr_cluster" "c" {
  name          = local.name
  release_label = local.picked
  tags          = local.tags
  log_uri       = lower("S3://BUCKET/")
  applications  = flatten([["Spark"], concat(["Hive"], [])])
  security_configuration = aws_emr_security_configuration.file.name
}
