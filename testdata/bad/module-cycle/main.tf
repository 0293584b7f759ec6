# Broken on purpose: module a calls b, which calls a.
module "a" {
  source = "./a"
}
