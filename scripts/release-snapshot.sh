#!/usr/bin/env bash
# release-snapshot.sh - build the complete release offline into dist/ and
# check every file in it, publishing nothing.
#
#   scripts/release-snapshot.sh            # from a clean clone; about a minute on two CPUs, warm cache
#
# dist/ then holds what a user downloads from a release:
#   tfemrcheck_VERSION_OS_ARCH.tar.gz|.zip   linux/darwin/windows × amd64/arm64:
#       the static binary (CGO_ENABLED=0, -trimpath), LICENSE, README.md,
#       THIRD_PARTY_NOTICES (licence files of every linked module, generated)
#   ….cdx.json                               CycloneDX SBOM of each archive's binary
#   tfemrcheck_VERSION_checksums.txt         sha256 of every archive and SBOM
#   tfemrcheck_VERSION_oci/                  OCI image layout, linux/amd64+arm64,
#       no base image, non-root (65532), built without a Docker daemon
# Every timestamp is the commit's (git log -1 %ct), and the build is
# -trimpath with -buildid= so one commit gives the same bytes: the script
# builds the linux/amd64 archive twice and compares.
#
# The release itself (.github/workflows/release.yml, on a tag) runs
# goreleaser with .goreleaser.yaml, signs the checksums file with cosign
# keyless, pushes this script's OCI layout as the image and attests
# provenance; this script has the goreleaser pinned in tools/goreleaser
# build the archives, SBOMs and checksums (go build, tar and zip when it
# cannot be built: said; docs/releases.md#goreleaser), checks both configs, checks the workflows' YAML
# syntax, and runs govulncheck where its database is reachable. The
# provider is built without its replace, from a file-based module proxy
# holding this commit's root module.
#
# Needs Go, git, tar, gzip, zip, unzip and sha256sum. Tools it runs with
# `go run module@version` (the module proxy serves them; nothing is added
# to go.mod): cyclonedx-gomod v1.10.0, govulncheck v1.9.0.
set -euo pipefail
cd "$(dirname "$0")/.."
start=$(date +%s)

CYCLONEDX=github.com/CycloneDX/cyclonedx-gomod/cmd/cyclonedx-gomod@v1.10.0
GOVULNCHECK=golang.org/x/vuln/cmd/govulncheck@v1.9.0
PLATFORMS=(linux/amd64 linux/arm64 darwin/amd64 darwin/arm64 windows/amd64 windows/arm64)

commit=$(git rev-parse HEAD)
epoch=$(git log -1 --format=%ct)
cdate=$(TZ=UTC git log -1 --date=format-local:%Y-%m-%dT%H:%M:%SZ --format=%cd)
if tag=$(git describe --tags --exact-match 2>/dev/null); then
  version=$tag
else
  version="v0.0.0-snapshot-$(git rev-parse --short=12 HEAD)"
fi
if [ -n "$(git status --porcelain --untracked-files=no)" ]; then
  echo "note: the work tree has uncommitted changes; the snapshot builds them but names commit $commit"
fi
v=${version#v}
dist=dist
rm -rf "$dist" && mkdir -p "$dist/.work"
work=$dist/.work

tools=$work/tools
mkdir -p "$tools"
go build -o "$tools/releasetool" ./internal/releasetool
GOBIN=$PWD/$tools go install "$CYCLONEDX"

echo "== YAML syntax: release workflow, goreleaser configs, action"
"$tools/releasetool" yamlcheck .github/workflows/release.yml .github/workflows/release-snapshot.yml .goreleaser.yaml \
  cmd/terraform-provider-tfemrcheck/.goreleaser.yaml action.yml .pre-commit-hooks.yaml

echo "== govulncheck"
if curl -fsS --max-time 10 -o /dev/null "${GOVULNDB:-https://vuln.go.dev}/index/db.json" 2>/dev/null; then
  GOBIN=$PWD/$tools go install "$GOVULNCHECK"
  "$tools/govulncheck" ./...   # fails on a vulnerability reachable from our code
  (cd cmd/terraform-provider-tfemrcheck && "../../$tools/govulncheck" ./...)
else
  echo "skipped: database unreachable (${GOVULNDB:-https://vuln.go.dev}); the release workflow runs it"
fi

ldflags="-s -w -buildid= -X main.version=$version -X main.commit=$commit -X main.date=$cdate"
build() { # OS ARCH OUT
  CGO_ENABLED=0 GOOS=$1 GOARCH=$2 GOFLAGS=-mod=readonly \
    go build -trimpath -buildvcs=false -ldflags "$ldflags" -o "$3" ./cmd/tfemrcheck
}

# archive OS ARCH DIR OUT: the files of DIR, sorted, with the commit time
# and no owner, so the bytes depend only on the files.
archive() {
  local os=$1 dir=$3 out=$4
  find "$dir" -exec touch -h -d "@$epoch" {} +
  if [ "$os" = windows ]; then
    (cd "$dir" && TZ=UTC zip -q -X -D "$OLDPWD/$out" $(ls | LC_ALL=C sort))
  else
    tar --sort=name --owner=0 --group=0 --numeric-owner --mtime="@$epoch" --format=pax \
      --pax-option=exthdr.name=%d/PaxHeaders/%f,delete=atime,delete=ctime \
      -C "$dir" -cf - $(ls "$dir" | LC_ALL=C sort) | gzip -9 -n >"$out"
  fi
}

# goreleaser (pinned in tools/goreleaser) builds the archives, SBOMs and
# checksums when it can be built; else go build, tar and zip do, with the
# same flags and names. TFEMRCHECK_NO_GORELEASER=1 forces the fallback.
builder=go-build
if [ -z "${TFEMRCHECK_NO_GORELEASER:-}" ] && (cd tools/goreleaser && go build -o "$OLDPWD/$tools/goreleaser" github.com/goreleaser/goreleaser/v2) >"$tools/goreleaser-build.log" 2>&1; then
  builder=goreleaser
  echo "== archives, SBOMs, checksums with goreleaser $("$tools/goreleaser" --version 2>&1 | awk '/GitVersion/{print $2}') ($version, commit $commit, $cdate)"
  { cat .goreleaser.yaml; echo "dist: $work/goreleaser"; } >"$work/goreleaser.yaml"
  TFEMRCHECK_SNAPSHOT_VERSION=$v PATH="$PWD/$tools:$PATH" \
    "$tools/goreleaser" release --config "$work/goreleaser.yaml" --snapshot --clean --skip=publish,sign >"$work/goreleaser.log" 2>&1 \
    || { tail -20 "$work/goreleaser.log" >&2; exit 1; }
  cp "$work/goreleaser"/tfemrcheck_"${v}"_*.{tar.gz,zip,cdx.json} "$dist/"
  (cd "$work/goreleaser" && sha256sum --quiet -c "tfemrcheck_${v}_checksums.txt")
  [ "$(wc -l <"$work/goreleaser/tfemrcheck_${v}_checksums.txt")" -eq $((2 * ${#PLATFORMS[@]})) ]
else
  echo "goreleaser NOT used: ${TFEMRCHECK_NO_GORELEASER:+TFEMRCHECK_NO_GORELEASER is set}$( [ -z "${TFEMRCHECK_NO_GORELEASER:-}" ] && echo "it could not be built from tools/goreleaser: $(tail -1 "$tools/goreleaser-build.log")")"
  echo "== archives, SBOMs and notices with go build ($version, commit $commit, $cdate)"
fi
archives=()
for p in "${PLATFORMS[@]}"; do
  os=${p%/*} arch=${p#*/}
  name=tfemrcheck_${v}_${os}_${arch}
  stage=$work/$name
  mkdir -p "$stage"
  exe=tfemrcheck; [ "$os" = windows ] && exe=tfemrcheck.exe
  ext=tar.gz; [ "$os" = windows ] && ext=zip
  if [ "$builder" = goreleaser ]; then
    # The stage is the archive's content: the image and the checks use it.
    if [ "$os" = windows ]; then unzip -q "$dist/$name.$ext" -d "$stage"; else tar -xzf "$dist/$name.$ext" -C "$stage"; fi
    archives+=("$name.$ext")
    continue
  fi
  build "$os" "$arch" "$stage/$exe"
  cp LICENSE README.md "$stage/"
  "$tools/releasetool" notices -bin "$stage/$exe" -out "$stage/THIRD_PARTY_NOTICES"
  archive "$os" "$arch" "$stage" "$dist/$name.$ext"
  # The SBOM of what the archive runs: the modules linked into the binary
  # (its build info), with their licences.
  "$tools/cyclonedx-gomod" bin -json -licenses -version "$version" \
    -output "$dist/$name.$ext.cdx.json" "$stage/$exe" 2>/dev/null
  archives+=("$name.$ext")
done

echo "== OCI image layout (linux/amd64, linux/arm64; no daemon, no base image)"
oci=tfemrcheck_${v}_oci
ca=(); [ -s /etc/ssl/certs/ca-certificates.crt ] && ca=(-ca-certs /etc/ssl/certs/ca-certificates.crt)
"$tools/releasetool" oci -out "$dist/$oci" -epoch "$epoch" -version "$version" -revision "$commit" "${ca[@]}" \
  linux/amd64="$work/tfemrcheck_${v}_linux_amd64/tfemrcheck" \
  linux/arm64="$work/tfemrcheck_${v}_linux_arm64/tfemrcheck"
tar --sort=name --owner=0 --group=0 --numeric-owner --mtime="@$epoch" -C "$dist" -cf - "$oci" \
  | gzip -9 -n >"$dist/$oci.tar.gz"

echo "== Terraform provider (registry layout)"
# The registry's names: a zip per platform holding
# terraform-provider-tfemrcheck_vVERSION, the manifest, SHA256SUMS (the
# release signs it with the registry's GPG key). Built here with the
# provider's replace of the root module, which is this same commit; the
# release workflow swaps it for a require of the released root module.
# Built as a user installs it: without the replace. The root module at
# this commit is published as $version to a file-based module proxy
# (releasetool modproxy: golang.org/x/mod/zip of git archive HEAD); the
# provider's go.mod, copied with the replace dropped and that version
# required (-modfile, the checkout's go.mod untouched), resolves it there
# and every other module through the configured proxy and go.sum.
modproxy=$PWD/$work/modproxy
"$tools/releasetool" modproxy -dir "$modproxy" -module github.com/tfemrcheck/tfemrcheck -version "$version" -repo . -rev HEAD
pmod=$PWD/$work/provider.mod
cp cmd/terraform-provider-tfemrcheck/go.mod "$pmod" && cp cmd/terraform-provider-tfemrcheck/go.sum "${pmod%.mod}.sum"
go mod edit -modfile="$pmod" -dropreplace=github.com/tfemrcheck/tfemrcheck -require="github.com/tfemrcheck/tfemrcheck@$version"
! grep -q '^replace' "$pmod" || { echo "provider: a replace is left in $pmod" >&2; exit 1; }
export_proxy="GOPROXY=file://$modproxy,$(go env GOPROXY) GONOSUMDB=github.com/tfemrcheck/tfemrcheck"
(cd cmd/terraform-provider-tfemrcheck && env $export_proxy GOFLAGS=-mod=mod go mod tidy -modfile="$pmod")
pdist=$dist/provider && mkdir -p "$pdist"
pname=terraform-provider-tfemrcheck
for p in "${PLATFORMS[@]}"; do
  os=${p%/*} arch=${p#*/}
  pstage=$work/provider_${os}_${arch} && mkdir -p "$pstage"
  exe=${pname}_v${v}; [ "$os" = windows ] && exe=$exe.exe
  (cd cmd/terraform-provider-tfemrcheck && env $export_proxy CGO_ENABLED=0 GOOS=$os GOARCH=$arch GOFLAGS=-mod=readonly \
    go build -modfile="$pmod" -trimpath -buildvcs=false -ldflags "-s -w -buildid= -X main.version=$v" -o "$OLDPWD/$pstage/$exe" .)
  cp LICENSE "$pstage/"
  "$tools/releasetool" notices -bin "$pstage/$exe" -out "$pstage/THIRD_PARTY_NOTICES"
  find "$pstage" -exec touch -h -d "@$epoch" {} +
  (cd "$pstage" && TZ=UTC zip -q -X -D "$OLDPWD/$pdist/${pname}_${v}_${os}_${arch}.zip" $(ls | LC_ALL=C sort))
done
cp cmd/terraform-provider-tfemrcheck/terraform-registry-manifest.json "$pdist/${pname}_${v}_manifest.json"
(cd "$pdist" && sha256sum -- *.zip *_manifest.json | LC_ALL=C sort -k2 >"${pname}_${v}_SHA256SUMS")
if [ "$builder" = goreleaser ]; then
  # The provider's goreleaser config, with the same go.mod (no replace):
  # its zips replace go build's, and its SHA256SUMS must match them.
  { cat cmd/terraform-provider-tfemrcheck/.goreleaser.yaml; echo "dist: $PWD/$work/provider-goreleaser"; } >"$work/provider-goreleaser.yaml"
  mkdir -p cmd/terraform-provider-tfemrcheck/dist # where its hooks write LICENSE and the notices
  (cd cmd/terraform-provider-tfemrcheck && env $export_proxy TFEMRCHECK_SNAPSHOT_VERSION=$v GOFLAGS="-modfile=$pmod -mod=readonly" \
    "../../$tools/goreleaser" release --config "$OLDPWD/$work/provider-goreleaser.yaml" --snapshot --clean --skip=publish,sign \
    >"$OLDPWD/$work/provider-goreleaser.log" 2>&1) || { tail -20 "$work/provider-goreleaser.log" >&2; exit 1; }
  rm -rf cmd/terraform-provider-tfemrcheck/dist
  cp "$work/provider-goreleaser"/${pname}_${v}_*.zip "$work/provider-goreleaser/${pname}_${v}_SHA256SUMS" "$pdist/"
  echo "provider archives and SHA256SUMS by goreleaser"
fi
(cd "$pdist" && sha256sum --quiet -c "${pname}_${v}_SHA256SUMS")
if [ "$(go env GOOS)" = linux ] && [ "$(go env GOARCH)" = amd64 ]; then
  rm -rf "$work/pcheck" && mkdir -p "$work/pcheck" && unzip -q "$pdist/${pname}_${v}_linux_amd64.zip" -d "$work/pcheck"
  # Started outside Terraform, a plugin says it must be run by Terraform and exits 1.
  if "$work/pcheck/${pname}_v${v}" </dev/null >"$work/pcheck/out" 2>&1; then echo "provider: started without Terraform?" >&2; exit 1; fi
  grep -qi "plugin" "$work/pcheck/out" || { echo "provider: $(cat "$work/pcheck/out")" >&2; exit 1; }
  # Built from the published root module, not a directory: no replace.
  go version -m "$work/pcheck/${pname}_v${v}" | grep -q "dep	github.com/tfemrcheck/tfemrcheck	$version	h1:" \
    || { echo "provider: not built from github.com/tfemrcheck/tfemrcheck@$version: $(go version -m "$work/pcheck/${pname}_v${v}" | grep -A1 'tfemrcheck/tfemrcheck	')" >&2; exit 1; }
  ! go version -m "$work/pcheck/${pname}_v${v}" | grep -q '^	=>' || { echo "provider: built with a replace" >&2; exit 1; }
  echo "ran the provider: it starts and asks to be run by Terraform"
fi

echo "== checksums"
(cd "$dist" && sha256sum -- *.tar.gz *.zip *.cdx.json | LC_ALL=C sort -k2 >"tfemrcheck_${v}_checksums.txt")

echo "== verify"
(cd "$dist" && sha256sum --quiet -c "tfemrcheck_${v}_checksums.txt")
[ "$(wc -l <"$dist/tfemrcheck_${v}_checksums.txt")" -eq $((2 * ${#PLATFORMS[@]} + 1)) ]
host=$(go env GOOS)/$(go env GOARCH)
check=$work/check
for a in "${archives[@]}"; do
  rm -rf "$check" && mkdir -p "$check"
  case $a in
    *.zip) unzip -q "$dist/$a" -d "$check" ;;
    *) tar -xzf "$dist/$a" -C "$check" ;;
  esac
  for f in LICENSE README.md THIRD_PARTY_NOTICES; do [ -s "$check/$f" ] || { echo "$a lacks $f" >&2; exit 1; }; done
  exe=$(ls "$check" | grep '^tfemrcheck')
  # The SBOM names the binary's modules; the notices cover each of them.
  for mod in $(go version -m "$check/$exe" | awk '$1=="dep"{print $2}'); do
    grep -q "\"name\": \"$mod\"\|\"$mod\"" "$dist/$a.cdx.json" || { echo "$a.cdx.json lacks $mod" >&2; exit 1; }
    grep -q "^$mod@" "$check/THIRD_PARTY_NOTICES" || { echo "$a THIRD_PARTY_NOTICES lacks $mod" >&2; exit 1; }
  done
  # Static, trimmed, and the version the release names.
  go version -m "$check/$exe" | grep -q 'CGO_ENABLED=0' || { echo "$a: not CGO_ENABLED=0" >&2; exit 1; }
  go version -m "$check/$exe" | grep -q -- '-trimpath=true' || { echo "$a: not -trimpath" >&2; exit 1; }
  if [ "$a" = "tfemrcheck_${v}_${host/\//_}.tar.gz" ]; then
    out=$("$check/$exe" version --format json)
    echo "$out" | grep -q "\"version\": \"$version\"" && echo "$out" | grep -q "\"commit\": \"$commit\"" \
      || { echo "$a: version says $out" >&2; exit 1; }
    "$check/$exe" "$PWD/examples/insecure/plan.json" >/dev/null && { echo "$a: the insecure example passed" >&2; exit 1; }
    echo "ran $a: $("$check/$exe" --version | head -1)"
  fi
done

echo "== reproducible: linux/amd64 built again"
again=$work/again && mkdir -p "$again"
cp -r "$work/tfemrcheck_${v}_linux_amd64" "$again/"
rm "$again/tfemrcheck_${v}_linux_amd64/tfemrcheck"
build linux amd64 "$again/tfemrcheck_${v}_linux_amd64/tfemrcheck"
if [ "$builder" = goreleaser ]; then
  # goreleaser's binary is go build's with the same flags, byte for byte.
  cmp "$again/tfemrcheck_${v}_linux_amd64/tfemrcheck" "$work/tfemrcheck_${v}_linux_amd64/tfemrcheck"
  echo "goreleaser's linux/amd64 binary = go build's: $(sha256sum <"$again/tfemrcheck_${v}_linux_amd64/tfemrcheck" | cut -c1-16)…"
else
  archive linux amd64 "$again/tfemrcheck_${v}_linux_amd64" "$again/a.tar.gz"
  cmp "$again/a.tar.gz" "$dist/tfemrcheck_${v}_linux_amd64.tar.gz"
  echo "same bytes: $(sha256sum <"$again/a.tar.gz" | cut -c1-16)…"
fi

echo "== image: run it once"
tar -xzf "$dist/$oci.tar.gz" -C "$check"
"$tools/releasetool" extract -layout "$check/$oci" -platform linux/amd64 -out "$work/image-tfemrcheck"
if command -v docker >/dev/null 2>&1 && docker info >/dev/null 2>&1 && command -v skopeo >/dev/null 2>&1; then
  skopeo copy "oci:$dist/$oci" "docker-daemon:tfemrcheck:$v" && docker run --rm "tfemrcheck:$v" version
elif [ "$(go env GOOS)/$(go env GOARCH)" = linux/amd64 ]; then
  echo "no container runtime here: running the image's entrypoint binary, read from the layout (digests checked)"
  "$work/image-tfemrcheck" version | head -1
  cmp "$work/image-tfemrcheck" "$work/tfemrcheck_${v}_linux_amd64/tfemrcheck"
else
  echo "not run: no container runtime and the host is not linux/amd64 (layout digests checked)"
fi

if command -v skopeo >/dev/null 2>&1; then
  # An independent OCI reader: skopeo parses the layout, checks every
  # digest while copying each platform's image out of it.
  for p in linux/amd64 linux/arm64; do
    skopeo --override-os linux --override-arch "${p#*/}" copy -q "oci:$check/$oci:$version" "dir:$work/skopeo-${p#*/}"
  done
  echo "skopeo read the layout (tag $version, both platforms)"
else
  echo "skopeo not installed: the layout was read by releasetool only (apt-get install skopeo for a second reader)"
fi

echo "== goreleaser: the pinned version (tools/goreleaser) checks both configs"
if [ "$builder" = goreleaser ]; then
  "$tools/goreleaser" check .goreleaser.yaml
  (cd cmd/terraform-provider-tfemrcheck && "../../$tools/goreleaser" check .goreleaser.yaml)
  echo "goreleaser $("$tools/goreleaser" --version 2>&1 | awk '/GitVersion/{print $2}'): both configs valid"
else
  echo "goreleaser NOT checked: not built (see above)"
fi

echo "== the Action's install step against dist/"
DIST=$dist VERSION=$version bash scripts/test-action-install.sh

rm -rf "$work" dist/notices
echo "== ok: dist/ by $builder in $(( $(date +%s) - start ))s"
ls -l "$dist"
