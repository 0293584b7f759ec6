#!/usr/bin/env bash
# Generates the large benchmark plans from ../shared/bench/big-plan with the
# real terraform CLI (through mkplan's offline stand-in provider). They are
# kept out of git: ~16 MB (8,000 resources) and ~80 MB (40,000 resources).
# Terraform needs minutes for the larger one.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
shared="${SHARED:-$here/../../shared}"
out="${TFEMRCHECK_BENCH_DIR:-${TMPDIR:-/tmp}/tfemrcheck-bench}"
mkplan="${MKPLAN:-$shared/tools/tfplan/mkplan}"
mkdir -p "$out"
cd "$shared/bench/big-plan"
for spec in 8k:1 40k:5; do
  name=${spec%%:*} blocks=${spec##*:}
  if [ -s "$out/big-$name.plan.json" ]; then
    echo "gen-plans: $out/big-$name.plan.json exists"
    continue
  fi
  echo "gen-plans: generating $out/big-$name.plan.json (blocks=$blocks)"
  "$mkplan" . "$out/big-$name.plan.json" -var "blocks=$blocks"
done
ls -l "$out"
