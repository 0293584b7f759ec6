#!/usr/bin/env bash
# Times the built tfemrcheck CLI against a floor (bench/floor: read the
# file and run encoding/json.Valid) on the large plans, measured in one run,
# alternating the two; then the latency of a single ordinary root module
# and, when asked, a monorepo of 1,000 root modules.
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

(cd "$repo" && go build -trimpath -o "$bin/tfemrcheck" ./cmd/tfemrcheck && go build -trimpath -o "$bin/floor" ./bench/floor)

# measure CMD...: prints "seconds peak_kib" of one run (exit status 0/1 accepted;
# time writes to a file, so that the command's own output can be discarded).
# Wall time comes from date (nanoseconds; time's %e has 10 ms steps).
measure() {
  local t0 t1
  t0=$(date +%s%N)
  /usr/bin/time -o "$bin/time.out" -f '%M' "$@" >/dev/null 2>&1 || true
  t1=$(date +%s%N)
  echo "$(awk -v d=$((t1 - t0)) 'BEGIN {printf "%.4f", d/1e9}') $(tail -n 1 "$bin/time.out")"
}

median() { sort -g | awk '{a[NR]=$1} END {if (NR==0) {print "nan"} else if (NR%2) {print a[(NR+1)/2]} else {print (a[NR/2]+a[NR/2+1])/2}}'; }

echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo); $(go version)"
echo
for size in 8k 40k; do
  f="$plans/big-$size.plan.json"
  if [ ! -s "$f" ]; then
    echo "$f: missing (run bash bench/gen-plans.sh)"
    continue
  fi
  bytes=$(stat -c %s "$f")
  : > "$bin/tool.t"; : > "$bin/floor.t"
  cat "$f" > /dev/null # warm the page cache for both
  for _ in $(seq "$runs"); do
    measure "$bin/floor" "$f" >> "$bin/floor.t"
    measure "$bin/tfemrcheck" --format json "$f" >> "$bin/tool.t"
  done
  tw=$(cut -d' ' -f1 "$bin/tool.t" | median); tm=$(cut -d' ' -f2 "$bin/tool.t" | median)
  fw=$(cut -d' ' -f1 "$bin/floor.t" | median); fm=$(cut -d' ' -f2 "$bin/floor.t" | median)
  awk -v s="$size" -v b="$bytes" -v tw="$tw" -v tm="$tm" -v fw="$fw" -v fm="$fm" -v n="$runs" 'BEGIN {
    printf "plan %s (%.1f MB), median of %d alternating runs:\n", s, b/1e6, n
    printf "  tfemrcheck  %6.3f s  peak RSS %7.1f MB\n", tw, tm/1024
    printf "  floor       %6.3f s  peak RSS %7.1f MB\n", fw, fm/1024
    printf "  ratio tool/floor (wall) %.2f   peak RSS / file size %.2f\n\n", (fw > 0 ? tw/fw : 0), tm*1024/b
  }'
done

# Latency of one ordinary root module, process start included.
for target in "$repo/examples/compliant" "$repo/examples/insecure/plan.json" "$repo/examples/insecure/plan.json $repo/examples/insecure"; do
  : > "$bin/one.t"
  for _ in $(seq $((runs * 4))); do
    # shellcheck disable=SC2086
    measure "$bin/tfemrcheck" $target >> "$bin/one.t"
  done
  w=$(cut -d' ' -f1 "$bin/one.t" | median); m=$(cut -d' ' -f2 "$bin/one.t" | median)
  awk -v t="${target#"$repo"/}" -v w="$w" -v m="$m" -v n=$((runs * 4)) 'BEGIN {
    printf "single root module: tfemrcheck %s: median %.1f ms over %d runs, peak RSS %.1f MB\n", t, w*1000, n, m/1024 }'
done

# A monorepo of 1,000 root modules (generated), checked with DIR/...
if [ "${MONOREPO:-1}" = 1 ]; then
  mono="$bin/monorepo"
  (cd "$repo" && go run ./internal/testgen/cmd/monorepo "$mono" 1000) >/dev/null
  : > "$bin/mono.t"
  for _ in $(seq "$runs"); do
    measure "$bin/tfemrcheck" --format json "$mono/..." >> "$bin/mono.t"
  done
  w=$(cut -d' ' -f1 "$bin/mono.t" | median); m=$(cut -d' ' -f2 "$bin/mono.t" | median)
  awk -v w="$w" -v m="$m" -v n="$runs" 'BEGIN {
    printf "monorepo of 1,000 root modules (DIR/...): median %.2f s over %d runs, peak RSS %.1f MB\n", w, n, m/1024 }'
fi
