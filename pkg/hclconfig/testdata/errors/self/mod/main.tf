module "again" {
  source = "../mod"
}
