#!/usr/bin/env bash
# pre-commit-hook.sh - the entry of the `tfemrcheck` pre-commit hook
# (.pre-commit-hooks.yaml). pre-commit passes the changed Terraform files;
# tfemrcheck checks root modules (directories), so the files are mapped to
# their directories, deduplicated, and checked in one run.
#
# Usage: scripts/pre-commit-hook.sh [TFEMRCHECK-FLAG...] FILE...
#   Arguments that start with "-" are passed to tfemrcheck; give flag
#   values in the --flag=value form (--severity-threshold=HIGH), since a
#   separate value would be taken for a file. Every other argument is a
#   changed file (or directory).
#
# Which tfemrcheck runs:
#   TFEMRCHECK  a tfemrcheck binary to use (default: built from this
#               checkout, see below)
#   Otherwise the binary is installed from the checkout this script lives
#   in with `go install ./cmd/tfemrcheck` into a per-checkout directory
#   under ${XDG_CACHE_HOME:-~/.cache}/tfemrcheck. That is what pre-commit's
#   golang language does (go install in the hook repository at the pinned
#   rev): the binary always matches the rev pre-commit cloned, and Go's
#   build cache makes repeat installs a no-op. Go must be on PATH.
#
# Exit status is tfemrcheck's: 0 clean, 1 failing findings, 2 usage or
# input error; 0 without running anything when no directory is left.
set -euo pipefail

# Portable to bash 3.2 (macOS): no associative arrays, and empty arrays
# are expanded as ${a[@]+"${a[@]}"} under set -u.
flags=()
dirs=()
for arg in "$@"; do
	case "$arg" in
	-*)
		flags+=("$arg")
		continue
		;;
	esac
	if [ -d "$arg" ]; then
		dir=$arg
	else
		dir=$(dirname -- "$arg")
	fi
	# A deleted or renamed-away file leaves a directory that may be gone.
	[ -d "$dir" ] || continue
	dup=
	for d in ${dirs[@]+"${dirs[@]}"}; do
		if [ "$d" = "$dir" ]; then
			dup=1
			break
		fi
	done
	[ -n "$dup" ] || dirs+=("$dir")
done
[ "${#dirs[@]}" -gt 0 ] || exit 0

bin=${TFEMRCHECK:-}
if [ -z "$bin" ]; then
	repo=$(cd "$(dirname -- "${BASH_SOURCE[0]}")/.." && pwd)
	# Outside the checkout, so that it never shows as an untracked file;
	# one directory per checkout (pre-commit clones each rev separately).
	key=$(printf '%s' "$repo" | cksum | cut -d' ' -f1)
	gobin="${XDG_CACHE_HOME:-$HOME/.cache}/tfemrcheck/pre-commit-bin-$key"
	(cd "$repo" && GOBIN="$gobin" go install ./cmd/tfemrcheck) >&2
	bin="$gobin/tfemrcheck"
fi

exec "$bin" ${flags[@]+"${flags[@]}"} "${dirs[@]}"
