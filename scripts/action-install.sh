#!/usr/bin/env bash
# action-install.sh - install a released tfemrcheck archive for this
# runner's OS and architecture, verified; the install step of action.yml.
#
#   TFEMRCHECK_VERSION=v1.2.0 scripts/action-install.sh DEST_DIR
#
# Downloads tfemrcheck_VERSION_OS_ARCH.tar.gz (.zip on Windows) and the
# release's checksums file, checks the archive's sha256 against it, and,
# where cosign is on PATH, the checksums file's Sigstore bundle against the
# release workflow's identity (without cosign the checksums come over the
# same TLS connection as the archive: say so). Never installs a version
# that is not a release tag (no "latest": a gate that changes under you is
# not a gate), never builds from source. Writes DEST_DIR/tfemrcheck and
# prints its --version.
#
# Environment:
#   TFEMRCHECK_VERSION       vX.Y.Z (required)
#   TFEMRCHECK_RELEASE_URL   base of the release downloads (default
#                            https://github.com/tfemrcheck/tfemrcheck/releases/download);
#                            the tests point it at a file:// dist/
#   TFEMRCHECK_REQUIRE_SIGNATURE=true   fail when cosign is absent
#   TFEMRCHECK_COSIGN        the cosign command (default cosign on PATH)
#   RUNNER_OS, RUNNER_ARCH   set by GitHub Actions; else uname decides
set -euo pipefail

dest=${1:?usage: action-install.sh DEST_DIR}
version=${TFEMRCHECK_VERSION:-}
base=${TFEMRCHECK_RELEASE_URL:-https://github.com/tfemrcheck/tfemrcheck/releases/download}
identity_repo=${TFEMRCHECK_REPOSITORY:-tfemrcheck/tfemrcheck}

if ! [[ $version =~ ^v[0-9]+\.[0-9]+\.[0-9]+(-[0-9A-Za-z.-]+)?$ ]]; then
  echo "tfemrcheck: version '${version}' is not a release tag such as v1.2.0 (pin a release; 'latest' is not accepted)" >&2
  exit 2
fi
v=${version#v}

os=${RUNNER_OS:-$(uname -s)}
arch=${RUNNER_ARCH:-$(uname -m)}
case $os in
  Linux|linux) os=linux ;;
  macOS|Darwin|darwin) os=darwin ;;
  Windows|windows|MINGW*|MSYS*|CYGWIN*) os=windows ;;
  *) echo "tfemrcheck: no release for OS '$os'" >&2; exit 2 ;;
esac
case $arch in
  X64|x86_64|amd64) arch=amd64 ;;
  ARM64|aarch64|arm64) arch=arm64 ;;
  *) echo "tfemrcheck: no release for architecture '$arch'" >&2; exit 2 ;;
esac
ext=tar.gz; exe=tfemrcheck
[ "$os" = windows ] && ext=zip && exe=tfemrcheck.exe
archive=tfemrcheck_${v}_${os}_${arch}.${ext}
sums=tfemrcheck_${v}_checksums.txt

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fetch() { curl -fsSL --proto '=https,file' --retry 3 -o "$tmp/$1" "$base/$version/$1"; }
fetch "$archive"
fetch "$sums"

# The archive's line of the checksums file: exactly one, exact name.
want=$(awk -v f="$archive" '$2 == f || $2 == "*" f {print $1}' "$tmp/$sums")
if [ "$(printf '%s\n' "$want" | grep -c .)" != 1 ]; then
  echo "tfemrcheck: $sums has no single entry for $archive" >&2
  exit 1
fi
if command -v sha256sum >/dev/null 2>&1; then
  got=$(sha256sum "$tmp/$archive" | cut -d' ' -f1)
else
  got=$(shasum -a 256 "$tmp/$archive" | cut -d' ' -f1)
fi
if [ "$got" != "$want" ]; then
  echo "tfemrcheck: $archive has sha256 $got, the checksums file says $want: not installed" >&2
  exit 1
fi
echo "tfemrcheck: $archive matches $sums (sha256 $got)"

cosign=${TFEMRCHECK_COSIGN:-cosign}
if command -v "$cosign" >/dev/null 2>&1; then
  fetch "$sums.sigstore.json"
  "$cosign" verify-blob --bundle "$tmp/$sums.sigstore.json" \
    --certificate-identity "https://github.com/${identity_repo}/.github/workflows/release.yml@refs/tags/${version}" \
    --certificate-oidc-issuer https://token.actions.githubusercontent.com \
    "$tmp/$sums"
  echo "tfemrcheck: $sums signed by the release workflow of ${identity_repo} at ${version} (cosign)"
elif [ "${TFEMRCHECK_REQUIRE_SIGNATURE:-false}" = true ]; then
  echo "tfemrcheck: cosign is not on PATH and a signature is required" >&2
  exit 1
else
  echo "tfemrcheck: cosign not on PATH: the signature of $sums is not checked (the checksum is)"
fi

mkdir -p "$tmp/x" "$dest"
case $ext in
  zip) unzip -q "$tmp/$archive" "$exe" -d "$tmp/x" ;;
  *) tar -xzf "$tmp/$archive" -C "$tmp/x" "$exe" ;;
esac
install -m 0755 "$tmp/x/$exe" "$dest/$exe"
"$dest/$exe" --version
