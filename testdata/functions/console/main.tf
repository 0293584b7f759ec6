# The configuration `terraform console -plan` runs in when
# scripts/record-functions.sh records testdata/functions/recorded.json.
# pkg/tffuncs/recorded_test.go gives its expressions the same locals.
resource "terraform_data" "u" {
  input = "x"
}

locals {
  ustr  = terraform_data.u.id                # unknown string
  unum  = length(terraform_data.u.id)        # unknown number
  ubool = terraform_data.u.id == "a"         # unknown bool
  ulist = split(",", terraform_data.u.id)    # unknown list of string
  umap  = tomap({ a = terraform_data.u.id }) # known map, unknown element
  sstr  = sensitive("secret")
  snum  = sensitive(3)
  slist = sensitive(["a", "b"])
  smap  = sensitive({ a = "x" })
  nstr  = tostring(null)
  # templatestring takes its template from a reference, never a literal
  tmpl    = "Hello, $${name}!"
  tmplfor = "%%{ for x in xs }$${x},%%{ endfor }"
  # templatestring refuses the filesystem functions
  tmplfile       = "$${file(\"nope.txt\")}"
  tmplfileexists = "$${file(\"files/greeting.tftpl\")}"
}

# the provider::terraform:: functions (encode_tfvars, decode_tfvars,
# encode_expr) need the built-in provider declared
terraform {
  required_providers {
    terraform = {
      source = "terraform.io/builtin/terraform"
    }
  }
}
