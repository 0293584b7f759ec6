module "gone" {
  source = "./does-not-exist"
}
