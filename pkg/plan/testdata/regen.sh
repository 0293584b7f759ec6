#!/usr/bin/env bash
# Regenerates the JSON fixtures of pkg/plan from the sources next to them,
# with the real Terraform CLI and the offline stand-in provider
# (shared/tools/tfplan/mkplan). Run from anywhere; needs terraform and jq.
#
#   linking/plan.json, content/plan.json   mkplan on the .tf next to them
#   state/state.json                       `terraform show -json` of the
#                                          hand-written raw state
#                                          state/terraform.tfstate
#   edited/delete.plan.json                content/plan.json with actions
#                                          edited by jq (mkplan plans from an
#                                          empty state, so it never deletes)
#   edited/reordered.plan.json             linking/plan.json with the
#                                          configuration first and every
#                                          change before mode and type
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
mkplan=${MKPLAN:-$here/../../../../shared/tools/tfplan/mkplan}

for d in linking content; do
  "$mkplan" "$here/$d" "$here/$d/plan.json"
done

# A state: keep mkplan's initialised working directory and run show there.
log=$(mktemp)
TFPLAN_KEEP=1 "$mkplan" "$here/state" "$log.plan.json" 2>"$log"
work=$(sed -n 's/^mkplan: kept working directory //p' "$log")
(
  cd "$work/src"
  TF_CLI_CONFIG_FILE="$work/cli.tfrc" TF_DATA_DIR="$work/src/.terraform" \
    terraform show -json "$here/state/terraform.tfstate"
) >"$here/state/state.json"
rm -rf "$work" "$log" "$log.plan.json"

# Delete, forget, create-then-forget and replace, which mkplan cannot plan.
jq -c '.resource_changes |= map(
  if .address == "aws_emr_cluster.kerberos" then .change.actions = ["delete"] | .change.after = null | .change.after_unknown = {}
  elif .address == "aws_emr_security_configuration.kms" then .change.actions = ["forget"] | .change.after = null | .change.after_unknown = {}
  elif .address == "aws_emr_security_configuration.heredoc" then .change.actions = ["create", "forget"]
  elif .address == "aws_subnet.emr" then .change.actions = ["delete", "create"]
  else . end)' "$here/content/plan.json" >"$here/edited/delete.plan.json"

# Key order is not guaranteed: configuration first, change before type.
jq -c '. as $d | {configuration: $d.configuration} + ($d | del(.configuration))
  | .resource_changes |= map({change: .change} + del(.change))' \
  "$here/linking/plan.json" >"$here/edited/reordered.plan.json"
