module "m" {
  source = "./m"
  mode = null
}
