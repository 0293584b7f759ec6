#!/usr/bin/env bash
# regen-oracle.sh - generate the differential oracle's corpus
# (testdata/oracle/, docs/oracle.md): N seeded cases planned by the real
# terraform with mkplan, recorded in their compact form, one gzipped JSON
# line per case: its seed, the SHA-256 of the configuration the seed
# generates, and its plan JSON or Terraform's refusal. The same seeds
# always give the same configurations (oraclegen -print SEED shows one).
#
# Usage: scripts/regen-oracle.sh [N [FIRST_SEED]]      (default 2400 1;
#        N=0: only the OpenTofu cases)
#
# Environment:
#   MKPLAN    path to mkplan (default: ../shared/tools/tfplan/mkplan)
#   JOBS      plans run at once (default 2; the plans run under nice)
#   TOFU      path to a tofu binary: also (re)generate the OpenTofu cases
#             (testdata/oracle/opentofu.jsonl.gz, TOFU_N of them, default
#             200), planned with tofu (mkplan uses tofu when PATH has no
#             terraform; this script builds such a PATH)
#   OUT       corpus file (default testdata/oracle/terraform.jsonl.gz)
#   APPEND=1  keep the records already in the corpus files (other seeds)
#             instead of starting from empty files
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
N=${1:-2400}
FROM=${2:-1}
JOBS=${JOBS:-2}
OUT=${OUT:-$REPO/testdata/oracle/terraform.jsonl.gz}
TOFU_OUT=$REPO/testdata/oracle/opentofu.jsonl.gz

[ -x "$MKPLAN" ] || { echo "regen-oracle: error: mkplan not found at $MKPLAN (set MKPLAN)" >&2; exit 1; }
cd "$REPO"
gen="${TMPDIR:-/tmp}/oraclegen.$$"
go build -o "$gen" ./internal/oracle/cmd/oraclegen
trap 'rm -f "$gen"; [ -n "${TOFU_PATH:-}" ] && rm -rf "$TOFU_PATH"' EXIT

if [ "$N" -gt 0 ]; then
  [ "${APPEND:-0}" = 1 ] || rm -f "$OUT"
  start=$(date +%s)
  nice "$gen" -mkplan "$MKPLAN" -from "$FROM" -n "$N" -j "$JOBS" -out "$OUT"
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
  [ "${APPEND:-0}" = 1 ] || rm -f "$TOFU_OUT"
  start=$(date +%s)
  PATH="$TOFU_PATH" nice "$gen" -mkplan "$MKPLAN" -opentofu -from 1 -n "${TOFU_N:-200}" -j "$JOBS" -out "$TOFU_OUT"
  "$TOFU" version | head -1 > "$REPO/testdata/oracle/opentofu-version.txt"
  echo "regen-oracle: ${TOFU_N:-200} OpenTofu cases in $(( $(date +%s) - start )) s ($(cat "$REPO/testdata/oracle/opentofu-version.txt"))"
fi
du -sh --apparent-size "$REPO"/testdata/oracle/*
