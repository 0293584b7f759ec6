#!/usr/bin/env bash
# Times the README's two commands (the first run, then the test command) on
# fresh clones of two revisions, from nothing: empty module cache (modules
# come from the Go module proxy) and empty build cache; then the test
# command in a second fresh clone with the caches warm, and in a third
# with an empty build cache and no first run. Rounds alternate the two
# revisions so that a busy machine hurts both alike.
#
#   bash bench/testloop.sh [BASE_REV [HEAD_REV]]
#
# BASE_REV defaults to f0db24a (the code when issue 13 was filed, whose
# README test command was `go test ./...`); HEAD_REV to HEAD. ROUNDS=2.
# Needs ../shared beside the repository (some tests read it), network
# access to the module proxy, and GNU time (/usr/bin/time). Prints one
# line a measurement: wall seconds, user and system CPU seconds. About
# ten minutes a round on two CPUs; run it on a quiet machine.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
base=$(git -C "$repo" rev-parse "${1:-f0db24a}")
head=$(git -C "$repo" rev-parse "${2:-HEAD}")
work=$(mktemp -d)
trap 'chmod -R u+w "$work" 2>/dev/null; rm -rf "$work"' EXIT
ln -s "$repo/../shared" "$work/shared"
# Module caches are read-only unless asked; -modcacherw lets the trap
# remove them.
export GOFLAGS="${GOFLAGS:-} -modcacherw"

timed() { /usr/bin/time -f "%e s wall, %U s user, %S s sys" "$@" >/dev/null 2>"$work/err" || { cat "$work/err" >&2; exit 1; }; tail -1 "$work/err"; }
clone() { rm -rf "$work/$2"; git clone -q "$repo" "$work/$2"; git -C "$work/$2" checkout -q "$1"; }

for round in $(seq "${ROUNDS:-2}"); do
  for rev in "$base" "$head"; do
    name=head; [ "$rev" = "$base" ] && name=base
    # The README's test command of that revision.
    if git -C "$repo" show "$rev:README.md" | grep -q 'go test -short ./\.\.\.'; then
      tests=("go test -short ./..." "go test ./...")
    else
      tests=("go test ./...")
    fi
    for t in "${tests[@]}"; do
      export GOMODCACHE="$work/mod-$name" GOCACHE="$work/build-$name"
      rm -rf "$GOMODCACHE" "$GOCACHE"
      clone "$rev" clone1; cd "$work/clone1"
      # It exits 1: the bundled plan has findings.
      echo "round $round $name, fresh machine: go run ./cmd/tfemrcheck examples/insecure/plan.json: $(timed sh -c 'go run ./cmd/tfemrcheck examples/insecure/plan.json; [ $? -eq 1 ]')"
      # shellcheck disable=SC2086
      echo "round $round $name, fresh machine, after it: $t: $(timed $t)"
      clone "$rev" clone2; cd "$work/clone2"
      # shellcheck disable=SC2086
      echo "round $round $name, fresh clone, warm caches: $t: $(timed $t)"
      export GOCACHE="$work/build-$name-cold"; rm -rf "$GOCACHE"
      clone "$rev" clone3; cd "$work/clone3"
      # shellcheck disable=SC2086
      echo "round $round $name, empty build cache, test command first: $t: $(timed $t)"
    done
  done
done
