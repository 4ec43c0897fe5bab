#!/usr/bin/env bash
# Packages a release build: `handbook-<version>-<target>.tar.gz` (`.zip` for Windows) holding the
# binary, the README and the licence notice, into <out-dir>. Run after
# `cargo build --release --locked --target <target>`.
# Usage: packaging/package.sh <version> <target> <out-dir>
set -euo pipefail

version="${1:?usage: package.sh <version> <target> <out-dir>}"
target="${2:?usage: package.sh <version> <target> <out-dir>}"
out="${3:?usage: package.sh <version> <target> <out-dir>}"

binary="handbook"
case "$target" in
  *windows*) binary="handbook.exe" ;;
esac
built="target/${target}/release/${binary}"
if [[ ! -f "$built" ]]; then
  echo "package.sh: no ${built}; build it first with cargo build --release --locked --target ${target}" >&2
  exit 2
fi

name="handbook-${version}-${target}"
staging="$(mktemp -d)"
trap 'rm -rf "$staging"' EXIT
mkdir -p "${staging}/${name}" "$out"
cp "$built" README.md "${staging}/${name}/"

case "$target" in
  *windows*)
    (cd "$staging" && 7z a -tzip "${name}.zip" "$name" >/dev/null)
    mv "${staging}/${name}.zip" "$out/"
    ;;
  *)
    tar -C "$staging" -czf "${out}/${name}.tar.gz" "$name"
    ;;
esac
echo "packaged ${out}/${name}"
