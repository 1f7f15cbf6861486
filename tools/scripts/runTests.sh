#!/usr/bin/env bash
# Runs every suite CI runs — type check, lint, unit, integration, end-to-end — and ends with exactly one
# line "N passed, N failed" (mocha tests summed over the suites; the type check, lint, format and dead-code
# checks count as one check each). Exits non-zero on any failure. Every suite runs even when an earlier one failed.
set -uo pipefail
cd "$(dirname "$0")/../.."
passed=0
failed=0
log_dir=$(mktemp -d)

check() { # name command...
  local name=$1; shift
  echo "=== $name"
  if "$@"; then passed=$((passed + 1)); else echo "!!! $name failed"; failed=$((failed + 1)); fi
}

suite() { # name script
  local name=$1 script=$2 out="$log_dir/$1.out"
  echo "=== $name"
  npm run -s "$script" 2>&1 | tee "$out"
  local rc=${PIPESTATUS[0]}
  local p f
  p=$(grep -E '^ *[0-9]+ passing' "$out" | tail -1 | grep -oE '[0-9]+' | head -1)
  f=$(grep -E '^ *[0-9]+ failing' "$out" | tail -1 | grep -oE '[0-9]+' | head -1)
  p=${p:-0}; f=${f:-0}
  if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
    echo "!!! $name exited with $rc without a failing test (crash or no tests): counted as 1 failure"
    f=1
  fi
  if [ "$p" -eq 0 ] && [ "$f" -eq 0 ]; then echo "!!! $name ran no test"; f=1; fi
  passed=$((passed + p)); failed=$((failed + f))
}

check typecheck npm run -s typecheck
check lint npm run -s lint
check format npm run -s format:check
check deadcode npm run -s deadcode
suite unit test:unit
suite integration test:int
check browser bash tools/scripts/ensureBrowser.sh
suite e2e test:e2e

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
