module "m" {
  source = "./m"
  mode   = "SSE-C"
}

resource "terraform_data" "u" {
  input = "x"
}

# an unknown condition blocks nothing
module "unknown" {
  source = "./m"
  mode   = terraform_data.u.id
}
