#!/usr/bin/env bash
# regen-oracle.sh - generate the differential oracle's corpus
# (testdata/oracle/): N seeded cases planned by the real terraform with
# mkplan, each recorded as its configuration (gzipped txtar) and its plan
# (gzipped plan JSON) or Terraform's refusal. The same seeds always give
# the same configurations.
#
# Usage: scripts/regen-oracle.sh [N [FIRST_SEED]]      (default 2000 1; N=0:
#        only the OpenTofu cases)
#
# Environment:
#   MKPLAN    path to mkplan (default: ../shared/tools/tfplan/mkplan)
#   JOBS      plans run at once (default 2)
#   TOFU      path to a tofu binary: also (re)generate the OpenTofu cases
#             (testdata/oracle/opentofu/, TOFU_N of them, default 20),
#             planned with tofu (mkplan uses tofu when PATH has no
#             terraform; this script builds such a PATH)
#   OUT       corpus directory (default testdata/oracle/cases)
#
# Afterwards: go test ./internal/oracle -run TestCorpus -update-known
# rewrites testdata/oracle/known-differences.txt, keeping the classes of
# the entries that remain; give new entries a class by hand.
set -euo pipefail

SCRIPT_DIR=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$SCRIPT_DIR/.." && pwd)
if [ -z "${MKPLAN:-}" ]; then
  # A clone beside shared/, or a worktree one level further down.
  for m in "$REPO/../shared/tools/tfplan/mkplan" "$REPO/../../shared/tools/tfplan/mkplan"; do
    [ -x "$m" ] && { MKPLAN=$m; break; }
  done
fi
MKPLAN=${MKPLAN:-$REPO/../shared/tools/tfplan/mkplan}
N=${1:-2000}
FROM=${2:-1}
JOBS=${JOBS:-2}
OUT=${OUT:-$REPO/testdata/oracle/cases}

[ -x "$MKPLAN" ] || { echo "regen-oracle: error: mkplan not found at $MKPLAN (set MKPLAN)" >&2; exit 1; }
cd "$REPO"
go build -o "${TMPDIR:-/tmp}/oraclegen.$$" ./internal/oracle/cmd/oraclegen
trap 'rm -f "${TMPDIR:-/tmp}/oraclegen.$$"; [ -n "${TOFU_PATH:-}" ] && rm -rf "$TOFU_PATH"' EXIT
gen="${TMPDIR:-/tmp}/oraclegen.$$"

if [ "$N" -gt 0 ]; then
  start=$(date +%s)
  "$gen" -mkplan "$MKPLAN" -from "$FROM" -n "$N" -j "$JOBS" -out "$OUT"
  echo "regen-oracle: $N terraform cases in $(( $(date +%s) - start )) s ($(terraform version | head -1))"
fi

if [ -n "${TOFU:-}" ]; then
  # A PATH with tofu and without terraform, so that mkplan runs tofu.
  TOFU_PATH=$(mktemp -d)
  ln -s "$(cd "$(dirname "$TOFU")" && pwd)/$(basename "$TOFU")" "$TOFU_PATH/tofu"
  for d in $(echo "$PATH" | tr ':' ' '); do
    [ -d "$d" ] || continue
    for f in "$d"/*; do
      b=$(basename "$f")
      [ "$b" = terraform ] && continue
      [ -e "$TOFU_PATH/$b" ] || ln -s "$f" "$TOFU_PATH/$b" 2>/dev/null || true
    done
  done
  start=$(date +%s)
  PATH="$TOFU_PATH" "$gen" -mkplan "$MKPLAN" -opentofu -from 1 -n "${TOFU_N:-20}" -j "$JOBS" -out "$REPO/testdata/oracle/opentofu"
  "$TOFU" version | head -1 > "$REPO/testdata/oracle/opentofu/VERSION"
  echo "regen-oracle: ${TOFU_N:-20} OpenTofu cases in $(( $(date +%s) - start )) s ($(cat "$REPO/testdata/oracle/opentofu/VERSION"))"
fi
du -sh --apparent-size "$REPO/testdata/oracle"
