# terraform.workspace, as terraform 1.11.4 console gives it (recorded in
# terraform.txt; pkg/hclconfig TestWorkspaceAsTerraform).
output "w" {
  value = terraform.workspace
}

resource "aws_emr_cluster" "c" {
  name = "etl-${terraform.workspace}"
}
