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

# Static builds (CGO_ENABLED=0), as the Dockerfile and the releases build:
# a dynamically linked binary pays the dynamic loader at every start.
(cd "$repo" && export CGO_ENABLED=0 && go build -trimpath -o "$bin/tfemrcheck" ./cmd/tfemrcheck && go build -trimpath -o "$bin/floor" ./bench/floor && go build -trimpath -o "$bin/proctime" ./bench/proctime)

# measure CMD...: prints "seconds peak_kib" of one run, timed by
# bench/proctime from fork to exit (no shell or time(1) start counted;
# exit status 0/1 accepted, output discarded).
measure() { "$bin/proctime" "$@"; }

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

# Package initialisation (GODEBUG=inittrace=1): the clock time of every
# package's init summed, median over the runs, and the three costliest.
: > "$bin/init.t"
for _ in $(seq $((runs * 4))); do
  GODEBUG=inittrace=1 "$bin/tfemrcheck" --version 2>&1 >/dev/null | awk '/^init / {s += $5} END {printf "%.3f\n", s}' >> "$bin/init.t"
done
GODEBUG=inittrace=1 "$bin/tfemrcheck" --version 2>&1 >/dev/null | awk '/^init / {print $5, $2}' | sort -gr | head -3 > "$bin/init.top"
awk -v m="$(median < "$bin/init.t")" -v n=$((runs * 4)) 'BEGIN {printf "package init (inittrace, --version): median %.2f ms over %d runs; costliest:", m, n}'
awk '{printf " %s %.2f ms;", $2, $1}' "$bin/init.top"; echo

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
