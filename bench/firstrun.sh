#!/usr/bin/env bash
# Times the README's first command (go run ./cmd/tfemrcheck
# examples/insecure/plan.json) as on a fresh machine: a fresh clone of HEAD,
# an empty module cache (modules come from the Go module proxy that `go env
# GOPROXY` names) and an empty build cache. Then the same command again in
# a second fresh clone with the module cache kept and the build cache
# emptied, which is the build alone; the difference is the download.
#
#   bash bench/firstrun.sh [ROUNDS]     # default 1
#
# Prints wall and CPU seconds of each, the machine's load before each
# round, the size of what was downloaded, and how many packages the
# command compiles (standard library and modules). Needs network access
# to the module proxy and GNU time. `go run ./bench/buildcost` says which
# packages the build time goes to.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'chmod -R u+w "$work" 2>/dev/null; rm -rf "$work"' EXIT
export GOFLAGS="-mod=mod -modcacherw"
cmd=(go run ./cmd/tfemrcheck examples/insecure/plan.json)

timed() { /usr/bin/time -f "%e s wall, %U s user, %S s sys" "$@" >/dev/null 2>"$work/err" || [ $? = 1 ] || { cat "$work/err" >&2; exit 1; }; tail -1 "$work/err"; }

echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg); $(go version); GOPROXY=$(go env GOPROXY)"
for round in $(seq "${1:-1}"); do
  chmod -R u+w "$work" 2>/dev/null || true
  rm -rf "$work/gopath" "$work/cache" "$work/a" "$work/b"
  echo "round $round: load $(cut -d' ' -f1-3 /proc/loadavg)"
  git clone -q "$repo" "$work/a"
  echo "round $round: first run, nothing cached:  $(cd "$work/a" && GOPATH="$work/gopath" GOMODCACHE="$work/gopath/pkg/mod" GOCACHE="$work/cache" timed "${cmd[@]}")"
  dl=$(du -sk "$work/gopath/pkg/mod/cache/download" | cut -f1)
  mods=$(find "$work/gopath/pkg/mod/cache/download" -name '*.zip' | wc -l)
  rm -rf "$work/cache"
  git clone -q "$repo" "$work/b"
  echo "round $round: modules cached, build only: $(cd "$work/b" && GOPATH="$work/gopath" GOMODCACHE="$work/gopath/pkg/mod" GOCACHE="$work/cache" timed "${cmd[@]}")"
  echo "round $round: again, everything cached:   $(cd "$work/b" && GOPATH="$work/gopath" GOMODCACHE="$work/gopath/pkg/mod" GOCACHE="$work/cache" timed "${cmd[@]}")"
  echo "round $round: downloaded $((dl / 1024)) MiB in $mods module zips"
done
cd "$repo"
std=$(go list -deps -f '{{if .Standard}}x{{end}}' ./cmd/tfemrcheck | grep -c x)
all=$(go list -deps ./cmd/tfemrcheck | wc -l)
echo "packages compiled: $all ($std of the standard library, $((all - std)) from modules and this repository)"
