# Broken on purpose: the module directory does not exist.
module "emr" {
  source = "./modules/emr"
}
