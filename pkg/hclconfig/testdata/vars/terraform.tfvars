from_tfvars = "tfvars"
auto        = "tfvars"
core_count  = "3"
