#!/usr/bin/env bash
# regen-plans.sh - regenerate every testdata/plans/*/plan.json,
# testdata/secrets/plan.json, testdata/rules/*/*/plan.json (the rules'
# examples, written by go run ./internal/genruleplans) and
# examples/*/plan.json from the configuration beside it, with mkplan (real
# terraform CLI, offline stand-in AWS provider).
#
# Usage: scripts/regen-plans.sh [DIR...]
#   With no arguments every fixture and example directory is regenerated;
#   otherwise only the given directories (each holding a main.tf).
#
# Environment:
#   MKPLAN  path to mkplan (default: ../shared/tools/tfplan/mkplan beside
#           the repository, i.e. a clone next to shared/)
#
# Plans are written as generated (they include a "timestamp"); nothing is
# normalised by hand. Exits non-zero if any plan fails.
set -euo pipefail

SCRIPT_DIR=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$SCRIPT_DIR/.." && pwd)
MKPLAN=${MKPLAN:-$SCRIPT_DIR/../../shared/tools/tfplan/mkplan}

[ -x "$MKPLAN" ] || { echo "regen-plans: error: mkplan not found or not executable at $MKPLAN (set MKPLAN)" >&2; exit 1; }

dirs=()
if [ $# -gt 0 ]; then
  for d in "$@"; do dirs+=("$(cd "$d" && pwd)"); done
else
  shopt -s nullglob
  for d in "$REPO"/testdata/plans/*/ "$REPO"/testdata/secrets/ "$REPO"/testdata/rules/*/*/ "$REPO"/examples/*/; do
    d=${d%/}
    # examples/provider-module needs the tfemrcheck provider, not the
    # stand-in: only examples that ship a plan are regenerated.
    case "$d" in "$REPO"/examples/*) [ -f "$d/plan.json" ] || continue ;; esac
    if compgen -G "$d/*.tf" >/dev/null; then dirs+=("$d"); fi
  done
fi
[ ${#dirs[@]} -gt 0 ] || { echo "regen-plans: error: no configuration directories found" >&2; exit 1; }

failed=()
ok=0
for d in "${dirs[@]}"; do
  rel=${d#"$REPO"/}
  echo "regen-plans: $rel/plan.json"
  log=$(mktemp)
  if "$MKPLAN" "$d" "$d/plan.json" >"$log" 2>&1; then
    ok=$((ok + 1))
  else
    cat "$log" >&2
    echo "regen-plans: FAILED: $rel" >&2
    failed+=("$rel")
  fi
  rm -f "$log"
done

echo "regen-plans: $ok of ${#dirs[@]} plans regenerated"
if [ ${#failed[@]} -gt 0 ]; then
  echo "regen-plans: failed: ${failed[*]}" >&2
  exit 1
fi
