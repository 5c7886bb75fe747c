#!/usr/bin/env bash
# Runs every test of the solution, the way CI does. Installs what the tests need first
# (Debian's Chromium for the browser tests), then builds and tests in Release.
# Ends with one line: "N passed, N failed, N skipped".
set -euo pipefail
cd "$(dirname "$0")/.."

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

if [ ! -x /usr/bin/chromium ]; then
  echo "Installing Chromium for the browser tests (apt-get)..."
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi

results=$(mktemp -d)
trap 'rm -rf "$results"' EXIT

set +e
dotnet test OpenCheckout.slnx -c Release --logger "trx" --results-directory "$results" "$@"
status=$?
set -e

passed=0; failed=0; total=0
for trx in "$results"/*.trx; do
  [ -e "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n1)
  get() { echo "$counters" | grep -o " $1=\"[0-9]*\"" | grep -o '[0-9]*'; }
  total=$((total + $(get total))); passed=$((passed + $(get passed))); failed=$((failed + $(get failed)))
done
# A build failure leaves no results: count it as a failure so the line never reads green.
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
echo "$passed passed, $failed failed, $((total - passed - failed < 0 ? 0 : total - passed - failed)) skipped"
exit "$status"
