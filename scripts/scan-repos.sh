#!/usr/bin/env bash
# scan-repos.sh - run tfemrcheck's source mode over a directory of
# checked-out repositories and list every diagnostic it gives, so that
# each one can be compared with what `terraform validate` says (issue 10:
# every diagnostic source mode gives on real code must be one Terraform
# also gives). Not run in CI.
#
# Usage: scripts/scan-repos.sh REPOS_DIR [TFEMRCHECK FLAGS...]
#   Every directory directly under REPOS_DIR is a repository; each is
#   scanned as REPO/... (every root module in it). Extra arguments are
#   passed to tfemrcheck (e.g. --opentofu).
#
# Environment:
#   TFEMRCHECK  the binary to run (default: built from this checkout)
#   VALIDATE=1  also run `terraform init -backend=false` and `terraform
#               validate -json` in each directory a diagnostic names, and
#               print what Terraform says beside it (needs terraform and,
#               for remote modules and providers, network access; a failed
#               init is reported as such, not as a verdict)
#
#   TABLE=1     instead of the diagnostics, print a Markdown table: one
#               row per root module (summary.checked.roots of the JSON
#               report, so a root with nothing to say is listed too) and
#               a summary row per repository. Columns: the repository
#               run's exit status, resource blocks of an aws_emr_* type
#               in the root's own files (counted with grep, not by
#               tfemrcheck), EMR resources and documents tfemrcheck
#               checked, failures, indeterminates, errors, notes,
#               EMR-MOD-001 findings (and how many of them rest on no
#               argument, only on a source that mentions EMR), and the
#               wall time of the repository's run (summary row only)
#
# Output: one line per diagnostic, tab-separated:
#   REPO  FILE:LINE  SUMMARY
# then a count per repository. Findings (rule results) are not listed:
# only what stops or degrades evaluation. Exit status 0 unless the script
# itself fails.
set -euo pipefail

[ $# -ge 1 ] || { sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//' >&2; exit 2; }
REPOS=$(cd "$1" && pwd)
shift

SCRIPT_DIR=$(cd "$(dirname "$0")" && pwd)
REPO_ROOT=$(cd "$SCRIPT_DIR/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

if [ -z "${TFEMRCHECK:-}" ]; then
  (cd "$REPO_ROOT" && go build -o "$work/tfemrcheck" ./cmd/tfemrcheck)
  TFEMRCHECK="$work/tfemrcheck"
fi
command -v jq >/dev/null || { echo "scan-repos: error: jq is needed to read the JSON report" >&2; exit 1; }

if [ "${TABLE:-}" = 1 ]; then
  echo "| repository | root | exit | aws_emr* resource blocks | EMR resources checked | fail | indeterminate | errors | notes | EMR-MOD-001 (source name only) | time (repository run) | reading |"
  echo "|---|---|---|---|---|---|---|---|---|---|---|---|"
  for repo in "$REPOS"/*/; do
    repo=${repo%/}
    name=$(basename "$repo")
    # A checkout named OWNER+NAME (as /work/.mirror keeps them) is shown
    # as OWNER/NAME.
    name=${name/+//}
    start=$(date +%s.%N)
    code=0
    "$TFEMRCHECK" --format json "$@" "$repo/..." > "$work/report.json" 2> "$work/stderr" || code=$?
    secs=$(echo "$(date +%s.%N) - $start" | bc)
    if ! jq -e . "$work/report.json" >/dev/null 2>&1; then
      echo "| $name | (all) | $code | | | | | | | | | no JSON report |"
      continue
    fi
    # What the source holds, counted without tfemrcheck: resource blocks
    # of an aws_emr_* type in each root's own files (a root that has some
    # and gets no finding, note or error is a silent pass to look into).
    jq -r '.summary.checked.roots[]?.root' "$work/report.json" | while read -r root; do
      n=$(cat "$repo/$root"/*.tf "$repo/$root"/*.tf.json 2>/dev/null | grep -cE '"?resource"?[[:space:]]*:?[[:space:]]*\{?[[:space:]]*"aws_emr' || true)
      printf '%s\t%s\n' "$root" "$n"
    done | jq -R 'split("\t") | {(.[0]): (.[1] | tonumber)}' | jq -s 'add // {}' > "$work/blocks.json"
    jq -r --slurpfile blocks "$work/blocks.json" --arg name "$name" --arg code "$code" --arg secs "$secs" '
      # An EMR-MOD-001 finding is "name only" when no argument of the call
      # carries EMR data: its one sign is that the source mentions EMR.
      def nameonly: .rule_id == "EMR-MOD-001" and
        ((.message | capture("may create EMR resources \\((?<h>.*)\\), and none") | .h) // "") == "its source mentions EMR";
      # What the row says: a root with EMR resources (in its files or
      # its modules) and no finding, note or error is a possible silent
      # pass, to be read by hand.
      def reading($blk; $chk; $fail; $ind; $err; $notes):
        if $err > 0 then "error"
        elif $fail > 0 then "fail"
        elif $ind > 0 then "indeterminate"
        elif (($blk | tonumber? // 0) + ($chk | tonumber? // 0)) > 0 then
          (if $notes > 0 then "pass, with notes" else "**PASS: possible silent pass**" end)
        elif $notes > 0 then "no EMR resources, notes"
        else "no EMR resources" end;
      def row($root; $blk; $chk; $f; $e; $n; $t):
        ([$f[] | select(.status == "fail")] | length) as $fail |
        ([$f[] | select(.status == "indeterminate")] | length) as $ind |
        "| \($name) | \($root) | \($code) | \($blk) | \($chk) | \($fail) | \($ind) | \($e | length) | \($n | length) | " +
        "\([$f[] | select(.rule_id == "EMR-MOD-001")] | length) (\([$f[] | select(nameonly)] | length)) | \($t) | " +
        "\(reading("\($blk)"; "\($chk)"; $fail; $ind; $e | length; $n | length)) |";
      def checked: .clusters + .security_configurations + .documents + .other_emr_resources;
      (.findings // []) as $f | (.errors // []) as $e | (.notes // []) as $n | ($blocks[0]) as $b |
      (.summary.checked.roots // []) as $roots |
      ($roots[] | .root as $r |
        row("`\($r)`"; $b[$r] // 0; checked; [$f[] | select(.root == $r)]; [$e[] | select(.root == $r)]; [$n[] | select(.root == $r)]; "")),
      # What no root carries (an error of the walk itself).
      ([$roots[].root] as $known |
        [$f[] | select(.root as $r | $known | index([$r]) | not)] as $f0 |
        [$e[] | select(.root as $r | $known | index([$r]) | not)] as $e0 |
        [$n[] | select(.root as $r | $known | index([$r]) | not)] as $n0 |
        if ($f0 + $e0 + $n0 | length) > 0 then row("(no root)"; ""; ""; $f0; $e0; $n0; "") else empty end),
      row("**all \($roots | length) roots**"; [$b[]] | add // 0; [$roots[] | checked] | add // 0; $f; $e; $n;
        "\($secs | tonumber * 100 | round / 100) s")
    ' "$work/report.json"
  done
  exit 0
fi

total=0
for repo in "$REPOS"/*/; do
  repo=${repo%/}
  name=$(basename "$repo")
  # Exit 0, 1 (findings) and 2 (errors) all produce a report.
  "$TFEMRCHECK" --format json "$@" "$repo/..." > "$work/report.json" 2> "$work/stderr" || true
  if ! jq -e . "$work/report.json" >/dev/null 2>&1; then
    printf '%s\t-\tno JSON report: %s\n' "$name" "$(head -c 300 "$work/stderr" | tr '\n\t' '  ')"
    continue
  fi
  # An error message reads "Error: SUMMARY\n  on FILE line N, column C\n  DETAIL".
  jq -r --arg repo "$name" --arg root "$repo/" '
    .errors[]? | . as $e |
    ($e.message | split("\n")) as $l |
    ($l[0] | sub("^Error: "; "")) as $summary |
    ((($l[1] // "") | capture("on (?<f>.+) line (?<n>[0-9]+)")?) // {f: $e.file, n: "-"}) as $at |
    [$repo, (($at.f | ltrimstr($root)) + ":" + $at.n), $summary + (if ($l[2] // "") != "" then " — " + ($l[2] | sub("^ +"; "")) else "" end)] | @tsv
  ' "$work/report.json" | tee -a "$work/all.tsv" | tee "$work/repo.tsv"
  n=$(wc -l < "$work/repo.tsv")
  total=$((total + n))
  echo "# $name: $n diagnostic(s)"

  if [ "${VALIDATE:-}" = 1 ] && [ "$n" -gt 0 ]; then
    cut -f2 "$work/repo.tsv" | sed 's/:[^:]*$//' | while read -r f; do dirname "$repo/$f"; done | sort -u |
    while read -r dir; do
      echo "## terraform validate in ${dir#"$REPOS"/}"
      if (cd "$dir" && terraform init -backend=false -input=false -no-color >"$work/init.log" 2>&1); then
        (cd "$dir" && terraform validate -json -no-color 2>/dev/null) |
          jq -r '.diagnostics[]? | "   \(.severity)\t\(.range.filename // "-"):\(.range.start.line // "-")\t\(.summary)"' || true
      else
        echo "   init failed (offline or unreachable module/provider): $(tail -n 3 "$work/init.log" | tr '\n' ' ' | head -c 200)"
      fi
    done
  fi
done
echo "# total: $total diagnostic(s)"
