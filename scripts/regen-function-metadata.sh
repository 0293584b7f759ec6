#!/usr/bin/env bash
# regen-function-metadata.sh - regenerate
# testdata/functions/terraform-1.11-metadata.json, the signatures of
# Terraform's built-in functions that pkg/tffuncs/signature_test.go
# compares the evaluator's function table with, entry by entry.
#
# Usage: scripts/regen-function-metadata.sh
#
# Needs terraform 1.11.x on PATH (the version the evaluator follows; set
# TERRAFORM to use another binary). Runs offline: `terraform metadata
# functions -json` needs no configuration, provider or network. The output
# is written exactly as terraform prints it.
set -euo pipefail

SCRIPT_DIR=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$SCRIPT_DIR/.." && pwd)
TERRAFORM=${TERRAFORM:-terraform}
OUT="$REPO/testdata/functions/terraform-1.11-metadata.json"

command -v "$TERRAFORM" >/dev/null || { echo "regen-function-metadata: error: $TERRAFORM not found on PATH" >&2; exit 1; }

# An empty working directory and CLI configuration: nothing local changes
# what terraform prints.
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
: > "$work/terraformrc"
export TF_CLI_CONFIG_FILE="$work/terraformrc"

version=$("$TERRAFORM" version -json | sed -n 's/.*"terraform_version": *"\([^"]*\)".*/\1/p')
case "$version" in
  1.11.*) ;;
  *) echo "regen-function-metadata: error: terraform $version found, 1.11.x needed (the version tfemrcheck follows)" >&2; exit 1 ;;
esac

(cd "$work" && "$TERRAFORM" metadata functions -json) > "$work/out.json"
mv "$work/out.json" "$OUT"
echo "wrote $OUT (terraform $version)"
