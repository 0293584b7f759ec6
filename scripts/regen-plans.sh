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

# plan_dir CONFIG_DIR OUT: mkplan, except for a fixture that holds modules
# installed by terraform init (.terraform/modules/modules.json): terraform
# init cannot download a remote module offline, and mkplan leaves
# .terraform out. Such a fixture is planned from a copy in which each remote
# call of the root module reads its installed directory (moved out of
# .terraform) instead: the same configuration, the same addresses.
plan_dir() {
  local d=$1 out=$2 manifest=$1/.terraform/modules/modules.json
  if [ ! -f "$manifest" ]; then
    "$MKPLAN" "$d" "$out"
    return
  fi
  local tmp rc=0
  tmp=$(mktemp -d)
  cp -R "$d"/. "$tmp"/
  mv "$tmp/.terraform/modules" "$tmp/installed_modules"
  rm -rf "$tmp/.terraform"
  jq -r '.Modules[] | select(.Key != "" and (.Key | contains(".") | not) and (.Source | startswith(".") | not)) | "\(.Key)\t\(.Dir)"' "$manifest" |
    while IFS=$'\t' read -r key dir; do
      local_dir="./installed_modules/${dir#.terraform/modules/}"
      KEY=$key DIR=$local_dir perl -0pi -e '
        s{(module\s+"\Q$ENV{KEY}\E"\s*\{)(.*?\n\})}{
          my ($h, $b) = ($1, $2);
          $b =~ s{\bsource\s*=\s*"[^"]*"}{source = "$ENV{DIR}"};
          $b =~ s{\n\s*version\s*=\s*"[^"]*"}{};
          $h . $b
        }se' "$tmp"/*.tf
    done
  "$MKPLAN" "$tmp" "$out" || rc=$?
  rm -rf "$tmp"
  return $rc
}

failed=()
ok=0
for d in "${dirs[@]}"; do
  rel=${d#"$REPO"/}
  echo "regen-plans: $rel/plan.json"
  log=$(mktemp)
  if plan_dir "$d" "$d/plan.json" >"$log" 2>&1; then
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
