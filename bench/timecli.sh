#!/usr/bin/env bash
# Times the built tfemrcheck CLI against a floor (bench/floor: read the
# file and run encoding/json.Valid) and raw tokenising (bench/tokenize) on
# the dense (big-plan) and sparse (sparse-plan) 8k and 40k plans,
# alternating the three; then the latency of a single ordinary root
# module, package init, and (MONOREPO=1, the default) a monorepo of 1,000
# stacks (2,001 root modules). It prints the table of docs/performance.md.
#
#   bash bench/gen-plans.sh          # once
#   bash bench/timecli.sh [RUNS]     # default 5 runs per measurement
#
# Prints, per plan: median wall time and peak RSS of each, the ratio
# tool/floor, and peak RSS as a multiple of the file size.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/.." && pwd)
runs=${1:-5}
plans="${TFEMRCHECK_BENCH_DIR:-${TMPDIR:-/tmp}/tfemrcheck-bench}"
bin=$(mktemp -d)
trap 'rm -rf "$bin"' EXIT

# Static builds (CGO_ENABLED=0), as the Dockerfile and the releases build:
# a dynamically linked binary pays the dynamic loader at every start.
(cd "$repo" && export CGO_ENABLED=0 && go build -trimpath -o "$bin/tfemrcheck" ./cmd/tfemrcheck && go build -trimpath -o "$bin/floor" ./bench/floor && go build -trimpath -o "$bin/proctime" ./bench/proctime && go build -trimpath -o "$bin/tokenize" ./bench/tokenize)

# measure CMD...: prints "seconds peak_kib" of one run, timed by
# bench/proctime from fork to exit (no shell or time(1) start counted;
# exit status 0/1 accepted, output discarded).
measure() { "$bin/proctime" "$@"; }

median() { sort -g | awk '{a[NR]=$1} END {if (NR==0) {print "nan"} else if (NR%2) {print a[(NR+1)/2]} else {print (a[NR/2]+a[NR/2+1])/2}}'; }

echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), load $(cut -d' ' -f1-3 /proc/loadavg); $(go version)"
echo
# One markdown row per plan: floor (ReadFile + json.Valid), raw tokenising
# (bench/tokenize: pkg/plan's scanner, nothing kept) and tfemrcheck
# --format json, run alternately, medians of RUNS; time and peak RSS.
echo "| input | EMR resources | floor | raw tokenising | tfemrcheck | tfemrcheck / floor (wall) |"
echo "|---|---|---|---|---|---|"
for name in big-8k big-40k sparse-8k sparse-40k; do
  f="$plans/$name.plan.json"
  if [ ! -s "$f" ]; then
    echo "| $name | missing: run bash bench/gen-plans.sh | | | | |"
    continue
  fi
  bytes=$(stat -c %s "$f")
  : > "$bin/tool.t"; : > "$bin/floor.t"; : > "$bin/tok.t"
  cat "$f" > /dev/null # warm the page cache for all
  for _ in $(seq "$runs"); do
    measure "$bin/floor" "$f" >> "$bin/floor.t"
    measure "$bin/tokenize" "$f" >> "$bin/tok.t"
    measure "$bin/tfemrcheck" --format json "$f" >> "$bin/tool.t"
  done
  # EMR resources checked, from the report's summary.checked
  emr=$("$bin/tfemrcheck" --format json "$f" | tail -n 20 | awk -F: '/"(clusters|security_configurations|other_emr_resources)"/ {s += $2} END {print s}' || true)
  cell() { awk -v w="$(cut -d' ' -f1 "$1" | median)" -v m="$(cut -d' ' -f2 "$1" | median)" 'BEGIN {printf "%.3f s, %.1f MiB", w, m/1024}'; }
  ratio=$(awk -v t="$(cut -d' ' -f1 "$bin/tool.t" | median)" -v f="$(cut -d' ' -f1 "$bin/floor.t" | median)" 'BEGIN {printf "%.2f", t/f}')
  dense=dense; case $name in sparse*) dense=sparse ;; esac
  printf '| %s %s (%.1f MB) | %s | %s | %s | %s | %s |\n' "$dense" "${name#*-}" "$(awk -v b="$bytes" 'BEGIN {print b/1e6}')" "$emr" \
    "$(cell "$bin/floor.t")" "$(cell "$bin/tok.t")" "$(cell "$bin/tool.t")" "$ratio"
done
echo

# The report formats on the dense plans (the budget of issue 22.1 holds
# whatever the format): json (above) against text, sarif and junit,
# alternating, medians of RUNS.
echo "| input | format | tfemrcheck | limit (16 MiB + 2 KiB per EMR resource) |"
echo "|---|---|---|---|"
for name in big-8k big-40k; do
  f="$plans/$name.plan.json"
  [ -s "$f" ] || continue
  emr=$("$bin/tfemrcheck" --format json "$f" | tail -n 20 | awk -F: '/"(clusters|security_configurations|other_emr_resources)"/ {s += $2} END {print s}' || true)
  for fmt in json text sarif junit; do : > "$bin/fmt-$fmt.t"; done
  for _ in $(seq "$runs"); do
    for fmt in json text sarif junit; do
      measure "$bin/tfemrcheck" --format "$fmt" "$f" >> "$bin/fmt-$fmt.t"
    done
  done
  for fmt in json text sarif junit; do
    awk -v n="${name#*-}" -v fmt="$fmt" -v e="$emr" -v w="$(cut -d' ' -f1 "$bin/fmt-$fmt.t" | median)" -v m="$(cut -d' ' -f2 "$bin/fmt-$fmt.t" | median)" \
      'BEGIN {printf "| dense %s | %s | %.3f s, %.1f MiB | %.1f MiB |\n", n, fmt, w, m/1024, 16 + e*2/1024}'
  done
done
echo

# Latency of one ordinary root module, process start included.
for target in "$repo/examples/compliant" "$repo/examples/insecure/plan.json" "$repo/examples/insecure/plan.json $repo/examples/insecure"; do
  : > "$bin/one.t"
  for _ in $(seq $((runs * 4))); do
    # shellcheck disable=SC2086
    measure "$bin/tfemrcheck" $target >> "$bin/one.t"
  done
  w=$(cut -d' ' -f1 "$bin/one.t" | median); m=$(cut -d' ' -f2 "$bin/one.t" | median)
  awk -v t="${target//"$repo"\//}" -v w="$w" -v m="$m" -v n=$((runs * 4)) 'BEGIN {
    printf "| one module: %s (median of %d) | | | | %.1f ms, %.1f MiB | |\n", t, n, w*1000, m/1024 }'
done

# Package initialisation (GODEBUG=inittrace=1): the clock time of every
# package's init summed, median over the runs, and the three costliest.
: > "$bin/init.t"
for _ in $(seq $((runs * 4))); do
  GODEBUG=inittrace=1 "$bin/tfemrcheck" --version 2>&1 >/dev/null | awk '/^init / {s += $5} END {printf "%.3f\n", s}' >> "$bin/init.t"
done
GODEBUG=inittrace=1 "$bin/tfemrcheck" --version 2>&1 >/dev/null | awk '/^init / {print $5, $2}' | sort -gr | head -3 > "$bin/init.top"
awk -v m="$(median < "$bin/init.t")" -v n=$((runs * 4)) 'BEGIN {printf "package init (inittrace, --version): median %.2f ms over %d runs; costliest:", m, n}'
awk '{printf " %s %.2f ms;", $2, $1}' "$bin/init.top"; echo

# A monorepo of 1,000 stacks (generated; with their local modules and the
# shared module, 2,001 root modules), checked with DIR/...
if [ "${MONOREPO:-1}" = 1 ]; then
  mono="$bin/monorepo"
  (cd "$repo" && go run ./internal/testgen/cmd/monorepo "$mono" 1000) >/dev/null
  : > "$bin/mono.t"
  for _ in $(seq "$runs"); do
    measure "$bin/tfemrcheck" --format json "$mono/..." >> "$bin/mono.t"
  done
  w=$(cut -d' ' -f1 "$bin/mono.t" | median); m=$(cut -d' ' -f2 "$bin/mono.t" | median)
  awk -v w="$w" -v m="$m" -v n="$runs" 'BEGIN {
    printf "monorepo of 1,000 stacks, 2,001 root modules (DIR/...): median %.2f s over %d runs, peak RSS %.1f MiB\n", w, n, m/1024 }'
fi
