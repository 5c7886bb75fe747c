#!/usr/bin/env bash
# Runs every test of the solution, the way CI does. Installs what the tests need first
# (Debian's Chromium for the browser tests, PostgreSQL's server binaries and HAProxy for the
# PostgreSQL and multi-node tests, Node.js and npm for the README's Node webhook receiver, whose test
# installs its npm packages itself with `npm ci`), then builds and tests in Release. The tests start their own
# throwaway PostgreSQL clusters under one temporary directory; every cluster left there is
# stopped and the directory deleted when this script exits.
# Ends with one line: "N passed, N failed, N skipped".
set -euo pipefail
cd "$(dirname "$0")/.."

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null || missing+=(postgresql)
command -v haproxy >/dev/null || missing+=(haproxy)
command -v node >/dev/null || missing+=(nodejs)
command -v npm >/dev/null || missing+=(npm)
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing what the tests need (apt-get): ${missing[*]}..."
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi
# Debian's packages start services of their own; the tests start theirs.
for service in postgresql haproxy; do
  if [[ " ${missing[*]} " == *" $service "* ]]; then as_root service "$service" stop >/dev/null 2>&1 || true; fi
done

results=$(mktemp -d)
export OPENCHECKOUT_TEST_TMP=$(mktemp -d)
chmod 755 "$OPENCHECKOUT_TEST_TMP" # the clusters run as the postgres user when the tests run as root
stop_clusters() {
  for data in "$OPENCHECKOUT_TEST_TMP"/pg-*/data; do
    [ -d "$data" ] || continue
    pg_ctl=$(compgen -G "/usr/lib/postgresql/*/bin/pg_ctl" | tail -n1)
    if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$pg_ctl" -D "$data" -m immediate stop >/dev/null 2>&1 || true
    else "$pg_ctl" -D "$data" -m immediate stop >/dev/null 2>&1 || true; fi
  done
  rm -rf "$results" "$OPENCHECKOUT_TEST_TMP"
}
trap stop_clusters EXIT

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
