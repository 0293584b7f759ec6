#!/usr/bin/env bash
# Records what the real `terraform plan` prints for every root module of
# testdata/source/input-errors/*/ (configurations Terraform refuses to
# plan: an invalid variable value, a failing validation) into its
# terraform.txt, which pkg/hclconfig TestInputErrorsAsTerraform checks the
# evaluator against offline. Needs terraform on PATH (1.11) and no network:
# the modules use no provider.
#
# Usage: scripts/record-input-errors.sh [DIR...]
set -euo pipefail
cd "$(dirname "$0")/.."
dirs=("$@")
[ ${#dirs[@]} -gt 0 ] || dirs=(testdata/source/input-errors/*/)
for d in "${dirs[@]}"; do
  d=${d%/}
  tmp=$(mktemp -d)
  cp -r "$d"/. "$tmp"/
  rm -f "$tmp/terraform.txt"
  touch "$tmp/.terraformrc"
  (cd "$tmp" && export TF_CLI_CONFIG_FILE="$tmp/.terraformrc" &&
   { terraform init -no-color -input=false >/dev/null 2>&1 || true; } &&
   { terraform version | sed -n 1p; terraform plan -no-color -input=false 2>&1 || true; }) >"$d/terraform.txt"
  rm -rf "$tmp"
  echo "wrote $d/terraform.txt"
done
