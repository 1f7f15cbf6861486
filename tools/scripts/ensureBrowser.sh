#!/usr/bin/env bash
# Makes sure the browser tests have a browser: Debian's `chromium` package at /usr/bin/chromium (driven by
# playwright-core; no browser is downloaded). Installs it with apt when missing — as root, or through sudo.
set -euo pipefail
[ -x /usr/bin/chromium ] && exit 0
if [ "$(id -u)" -eq 0 ]; then as_root=(); elif command -v sudo >/dev/null; then as_root=(sudo); else
  echo "ensureBrowser: /usr/bin/chromium is missing; install it as root: apt-get install -y chromium" >&2
  exit 1
fi
echo "ensureBrowser: installing chromium (Debian package) for the browser tests" >&2
"${as_root[@]}" apt-get update
DEBIAN_FRONTEND=noninteractive "${as_root[@]}" apt-get install -y chromium
