#!/usr/bin/env bash
# Installs a released `handbook` binary without compiling: downloads the archive for this
# machine from the GitHub release of <version>, checks it against the release's SHA256SUMS,
# and unpacks the binary into <dir>. Used by action.yml; works on any Linux or macOS machine.
# Usage: packaging/install.sh <owner/repo> <version, e.g. v0.1.0> <dir>
set -euo pipefail

repo="${1:?usage: install.sh <owner/repo> <version> <dir>}"
version="${2:?usage: install.sh <owner/repo> <version> <dir>}"
dir="${3:?usage: install.sh <owner/repo> <version> <dir>}"

case "${version}" in
  v*) ;;
  *) version="v${version}" ;;
esac

os="$(uname -s)"
arch="$(uname -m)"
case "${os}/${arch}" in
  Linux/x86_64) target="x86_64-unknown-linux-musl" ;;
  Linux/aarch64 | Linux/arm64) target="aarch64-unknown-linux-musl" ;;
  Darwin/x86_64) target="x86_64-apple-darwin" ;;
  Darwin/arm64) target="aarch64-apple-darwin" ;;
  MINGW* | MSYS* | CYGWIN*) target="x86_64-pc-windows-msvc" ;;
  *)
    echo "install.sh: no release binary for ${os}/${arch}; install with: cargo install --locked handbook" >&2
    exit 2
    ;;
esac

archive="handbook-${version}-${target}.tar.gz"
case "$target" in
  *windows*) archive="handbook-${version}-${target}.zip" ;;
esac
base="https://github.com/${repo}/releases/download/${version}"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
curl --fail --silent --show-error --location --retry 3 -o "${work}/${archive}" "${base}/${archive}"
curl --fail --silent --show-error --location --retry 3 -o "${work}/SHA256SUMS" "${base}/SHA256SUMS"

expected="$(awk -v f="$archive" '$2 == f || $2 == "*" f { print $1 }' "${work}/SHA256SUMS")"
if [[ -z "$expected" ]]; then
  echo "install.sh: ${archive} is not listed in the release's SHA256SUMS" >&2
  exit 1
fi
if command -v sha256sum >/dev/null 2>&1; then
  actual="$(sha256sum "${work}/${archive}" | awk '{ print $1 }')"
else
  actual="$(shasum -a 256 "${work}/${archive}" | awk '{ print $1 }')"
fi
if [[ "$actual" != "$expected" ]]; then
  echo "install.sh: checksum mismatch for ${archive} (expected ${expected}, got ${actual})" >&2
  exit 1
fi

mkdir -p "$dir"
case "$archive" in
  *.zip) unzip -q -o "${work}/${archive}" -d "$work" ;;
  *) tar -C "$work" -xzf "${work}/${archive}" ;;
esac
binary="handbook"
case "$target" in
  *windows*) binary="handbook.exe" ;;
esac
cp "${work}/handbook-${version}-${target}/${binary}" "${dir}/${binary}"
chmod +x "${dir}/${binary}"
"${dir}/${binary}" --version
