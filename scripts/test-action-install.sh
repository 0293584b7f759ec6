#!/usr/bin/env bash
# test-action-install.sh - the Action's install step (scripts/action-install.sh)
# against a release on disk: a fake one (default: a few seconds, run by
# .ci/run), or the dist/ of scripts/release-snapshot.sh (DIST=dist VERSION=vX).
# Checks that a matching archive installs and runs, and that a tampered
# archive, a checksums file without its entry, and a version that is not a
# release tag are each refused.
set -euo pipefail
cd "$(dirname "$0")/.."
install=$PWD/scripts/action-install.sh
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

os=$(uname -s | tr A-Z a-z); arch=$(uname -m)
case $arch in x86_64) arch=amd64 ;; aarch64) arch=arm64 ;; esac
if [ -n "${DIST:-}" ]; then
  version=${VERSION:?VERSION with DIST}
  rel=$tmp/rel/$version && mkdir -p "$rel" && cp "$DIST"/*.tar.gz "$DIST"/*.zip "$DIST"/*checksums.txt "$rel/"
else
  version=v1.2.3
  rel=$tmp/rel/$version && mkdir -p "$rel/stage"
  printf '#!/bin/sh\necho "tfemrcheck %s (commit fake, built fake)"\n' "$version" >"$rel/stage/tfemrcheck"
  chmod +x "$rel/stage/tfemrcheck"
  tar -czf "$rel/tfemrcheck_1.2.3_${os}_${arch}.tar.gz" -C "$rel/stage" tfemrcheck
  (cd "$rel" && sha256sum tfemrcheck_1.2.3_*.tar.gz >tfemrcheck_1.2.3_checksums.txt)
fi
v=${version#v}
archive=tfemrcheck_${v}_${os}_${arch}.tar.gz
export TFEMRCHECK_RELEASE_URL=file://$tmp/rel RUNNER_OS= RUNNER_ARCH=
# cosign, if installed here, would look for a bundle the fake release lacks.
export TFEMRCHECK_COSIGN=/nonexistent/cosign
path_wo_cosign=$PATH

out=$(PATH=$path_wo_cosign TFEMRCHECK_VERSION=$version "$install" "$tmp/bin1") || fail "a matching archive was refused"
echo "$out" | grep -q "tfemrcheck $version" || fail "installed binary printed: $out"
echo "$out" | grep -q "signature of .* is not checked" || fail "no word that the signature was not checked"
[ -x "$tmp/bin1/tfemrcheck" ] || fail "not installed"

PATH=$path_wo_cosign TFEMRCHECK_REQUIRE_SIGNATURE=true TFEMRCHECK_VERSION=$version "$install" "$tmp/bin0" 2>/dev/null \
  && fail "installed without the required signature"

# With cosign: the bundle is fetched and verified against the release
# workflow's identity at this tag; a failed verification stops the install.
printf '{}' >"$rel/tfemrcheck_${v}_checksums.txt.sigstore.json"
printf '#!/bin/sh\necho "$@" >"%s/cosign-args"; exit "${FAKE_COSIGN_RC:-0}"\n' "$tmp" >"$tmp/cosign" && chmod +x "$tmp/cosign"
TFEMRCHECK_COSIGN=$tmp/cosign TFEMRCHECK_VERSION=$version "$install" "$tmp/bin5" >/dev/null || fail "a verified signature was refused"
grep -q -- "--certificate-identity https://github.com/tfemrcheck/tfemrcheck/.github/workflows/release.yml@refs/tags/$version" "$tmp/cosign-args" \
  || fail "cosign called with: $(cat "$tmp/cosign-args")"
FAKE_COSIGN_RC=1 TFEMRCHECK_COSIGN=$tmp/cosign TFEMRCHECK_VERSION=$version "$install" "$tmp/bin6" >/dev/null 2>&1 \
  && fail "installed although cosign refused the signature"
[ -e "$tmp/bin6/tfemrcheck" ] && fail "a binary was left behind after a refused signature"

for bad in latest main v1 "v1.2.3;rm -rf /" ""; do
  PATH=$path_wo_cosign TFEMRCHECK_VERSION=$bad "$install" "$tmp/bin2" 2>/dev/null && fail "version '$bad' accepted"
done

cp "$rel/$archive" "$tmp/orig"
printf 'x' >>"$rel/$archive"
PATH=$path_wo_cosign TFEMRCHECK_VERSION=$version "$install" "$tmp/bin3" 2>"$tmp/err" && fail "a tampered archive was installed"
grep -q "not installed" "$tmp/err" || fail "tampering: $(cat "$tmp/err")"
[ -e "$tmp/bin3/tfemrcheck" ] && fail "a tampered binary was left behind"
cp "$tmp/orig" "$rel/$archive"

{ grep -v "$archive" "$rel/tfemrcheck_${v}_checksums.txt" || true; } >"$tmp/sums"
cp "$tmp/sums" "$rel/tfemrcheck_${v}_checksums.txt"
PATH=$path_wo_cosign TFEMRCHECK_VERSION=$version "$install" "$tmp/bin4" 2>/dev/null && fail "installed without a checksum entry"
echo "ok: action-install.sh installs $archive only when verified"
