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
# SCALE=1 makes the 40k plan from the 8k one with bench/scaleplan (same
# structure, seconds instead of terraform's long run).
specs="8k:1 40k:5"
[ "${SCALE:-0}" = 1 ] && specs="8k:1"
for spec in $specs; do
  name=${spec%%:*} blocks=${spec##*:}
  if [ -s "$out/big-$name.plan.json" ]; then
    echo "gen-plans: $out/big-$name.plan.json exists"
    continue
  fi
  echo "gen-plans: generating $out/big-$name.plan.json (blocks=$blocks)"
  "$mkplan" . "$out/big-$name.plan.json" -var "blocks=$blocks"
done
if [ "${SCALE:-0}" = 1 ] && [ ! -s "$out/big-40k.plan.json" ]; then
  echo "gen-plans: scaling $out/big-8k.plan.json to $out/big-40k.plan.json"
  (cd "$here/.." && go run ./bench/scaleplan -n 5 "$out/big-8k.plan.json") > "$out/big-40k.plan.json"
fi
# The sparse plan: few EMR resources in a large plan (memory must follow
# the EMR content, not the file). 40k scaled from 8k the same way.
if [ ! -s "$out/sparse-8k.plan.json" ]; then
  echo "gen-plans: generating $out/sparse-8k.plan.json"
  (cd "$shared/bench/sparse-plan" && "$mkplan" . "$out/sparse-8k.plan.json" -var "blocks=1")
fi
if [ ! -s "$out/sparse-40k.plan.json" ]; then
  echo "gen-plans: scaling $out/sparse-8k.plan.json to $out/sparse-40k.plan.json"
  (cd "$here/.." && go run ./bench/scaleplan -n 5 "$out/sparse-8k.plan.json") > "$out/sparse-40k.plan.json"
fi
ls -l "$out"
