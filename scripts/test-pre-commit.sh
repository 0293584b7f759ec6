#!/usr/bin/env bash
# test-pre-commit.sh - run the tfemrcheck pre-commit hook for real.
#
# Snapshots this working tree (tracked and untracked, not ignored files)
# into a temporary git repository, pins it by commit in a scratch
# project's .pre-commit-config.yaml, and checks that the hook:
#   - fails on a module with insecure EMR configuration,
#   - passes on a module without EMR findings,
#   - agrees with tfemrcheck run directly on a directory,
#   - checks each changed directory once, and skips non-Terraform files,
#   - blocks `git commit` once installed as a git hook.
#
# Usage: scripts/test-pre-commit.sh
#   Needs git and Go; uses pre-commit if installed (apt-get install
#   pre-commit, or pip install pre-commit). Without pre-commit the hook's
#   entry is run exactly as pre-commit would run it (from the pinned clone,
#   in the project root, with the changed files as arguments) and the git
#   hook check is skipped, which the output says. USE_PRE_COMMIT=no forces
#   that path. Not part of go test.
set -euo pipefail

have_pre_commit() {
	[ "${USE_PRE_COMMIT:-auto}" != no ] && command -v pre-commit >/dev/null 2>&1
}

SRC=$(cd "$(dirname -- "${BASH_SOURCE[0]}")/.." && pwd)
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

# Keep Go's caches (HOME changes below) so nothing is downloaded again.
GOMODCACHE=$(go env GOMODCACHE)
GOCACHE=$(go env GOCACHE)
export GOMODCACHE GOCACHE
export PRE_COMMIT_HOME="$TMP/pre-commit-home"
export XDG_CACHE_HOME="$TMP/xdg-cache"
export GIT_AUTHOR_NAME=test GIT_AUTHOR_EMAIL=test@example.invalid
export GIT_COMMITTER_NAME=test GIT_COMMITTER_EMAIL=test@example.invalid
export GIT_CONFIG_NOSYSTEM=1 HOME="$TMP/home"
mkdir -p "$HOME"
git config --global init.defaultBranch main
git config --global protocol.file.allow always

failures=0
pass() { printf 'ok    %s\n' "$1"; }
fail() { printf 'FAIL  %s\n' "$1"; failures=$((failures + 1)); }

# 1. The hook repository: this working tree, committed.
HOOKREPO="$TMP/hookrepo"
mkdir -p "$HOOKREPO"
(cd "$SRC" && git ls-files -z --cached --others --exclude-standard) |
	while IFS= read -r -d '' f; do
		[ -f "$SRC/$f" ] || continue # deleted but still tracked
		mkdir -p "$HOOKREPO/$(dirname -- "$f")"
		cp -p "$SRC/$f" "$HOOKREPO/$f"
	done
git -C "$HOOKREPO" init -q
git -C "$HOOKREPO" add -A
git -C "$HOOKREPO" commit -q -m snapshot
REV=$(git -C "$HOOKREPO" rev-parse HEAD)

# 2. A project using it.
WORK="$TMP/project"
mkdir -p "$WORK/infra/insecure" "$WORK/infra/clean" "$WORK/infra/compliant" "$WORK/docs"
cp "$SRC/examples/insecure/main.tf" "$WORK/infra/insecure/main.tf"
cp "$SRC/examples/compliant/main.tf" "$WORK/infra/compliant/main.tf"
cat >"$WORK/infra/insecure/variables.tf" <<'TF'
variable "unused" {
  type    = string
  default = "x"
}
TF
cat >"$WORK/infra/clean/main.tf" <<'TF'
# No EMR resources: nothing for tfemrcheck to report.
resource "aws_s3_bucket" "logs" {
  bucket = "example-logs"
}
TF
echo "# notes" >"$WORK/docs/README.md"
cat >"$WORK/.pre-commit-config.yaml" <<YAML
repos:
  - repo: $HOOKREPO
    rev: $REV
    hooks:
      - id: tfemrcheck
YAML
git -C "$WORK" init -q
git -C "$WORK" add -A
cd "$WORK"

# run_hook FILE... runs the hook on the files; prints its output and
# returns its status.
if have_pre_commit; then
	echo "using $(pre-commit --version)"
	run_hook() { pre-commit run tfemrcheck --color never --files "$@"; }
else
	echo "pre-commit not used: running the hook entry as pre-commit would"
	CLONE="$TMP/clone"
	git clone -q "$HOOKREPO" "$CLONE"
	git -C "$CLONE" checkout -q "$REV"
	run_hook() {
		local files=()
		for f in "$@"; do
			# files: \.(tf|tf\.json)$
			if [[ $f =~ \.(tf|tf\.json)$ ]]; then files+=("$f"); fi
		done
		[ "${#files[@]}" -gt 0 ] || {
			echo "(no files to check)"
			return 0
		}
		"$CLONE/scripts/pre-commit-hook.sh" "${files[@]}"
	}
fi

# The binary the hook installs, for the direct comparison.
TFEMRCHECK="$TMP/tfemrcheck"
(cd "$SRC" && go build -o "$TFEMRCHECK" ./cmd/tfemrcheck)

set +e
out=$(run_hook infra/insecure/main.tf infra/insecure/variables.tf 2>&1)
rc=$?
set -e
if [ "$rc" -ne 0 ] && grep -q 'EMR-SC-001' <<<"$out"; then
	pass "insecure module fails the hook (status $rc) with EMR-SC-001"
else
	fail "insecure module: status $rc, output:"$'\n'"$out"
fi
if [ "$(grep -c '^FAILED: ' <<<"$out")" = 1 ]; then
	pass "two changed files in one directory: checked once"
else
	fail "directory not checked exactly once:"$'\n'"$out"
fi

set +e
out=$(run_hook infra/clean/main.tf 2>&1)
rc=$?
set -e
if [ "$rc" -eq 0 ]; then
	pass "module without EMR findings passes the hook"
else
	fail "clean module: status $rc, output:"$'\n'"$out"
fi

set +e
out=$(run_hook docs/README.md 2>&1)
rc=$?
set -e
if [ "$rc" -eq 0 ] && ! grep -q 'FAILED\|PASSED' <<<"$out"; then
	pass "non-Terraform files do not run tfemrcheck"
else
	fail "docs/README.md: status $rc, output:"$'\n'"$out"
fi

for dir in infra/compliant infra/insecure infra/clean; do
	set +e
	"$TFEMRCHECK" "$dir" >/dev/null 2>&1
	want=$?
	run_hook "$dir/main.tf" >/dev/null 2>&1
	got=$?
	set -e
	if { [ "$want" -eq 0 ] && [ "$got" -eq 0 ]; } || { [ "$want" -ne 0 ] && [ "$got" -ne 0 ]; }; then
		pass "hook agrees with tfemrcheck $dir (tfemrcheck $want, hook $got)"
	else
		fail "hook disagrees with tfemrcheck $dir (tfemrcheck $want, hook $got)"
	fi
done

if have_pre_commit; then
	pre-commit install >/dev/null
	set +e
	out=$(git commit -q -m "add insecure EMR" 2>&1)
	rc=$?
	set -e
	if [ "$rc" -ne 0 ] && grep -q 'EMR-SC-001' <<<"$out"; then
		pass "installed git hook blocks the commit"
	else
		fail "git commit with insecure EMR: status $rc, output:"$'\n'"$out"
	fi
	git rm -q -r --cached infra/insecure infra/compliant
	set +e
	out=$(git commit -q -m "clean only" 2>&1)
	rc=$?
	set -e
	if [ "$rc" -eq 0 ]; then
		pass "installed git hook lets a clean commit through"
	else
		fail "git commit of clean files: status $rc, output:"$'\n'"$out"
	fi
else
	echo "skip  git hook checks (need pre-commit)"
fi

if [ "$failures" -gt 0 ]; then
	echo "$failures check(s) failed"
	exit 1
fi
echo "all pre-commit hook checks passed"
