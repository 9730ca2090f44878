#!/usr/bin/env bash
# Runs all tests: builds everything (the integration tests load the published module), then the
# NUnit suite, and prints "N passed, N failed" last.
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
bash build/build.sh || { echo "0 passed, 1 failed"; exit 1; }
results="$root/artifacts/test-results"
rm -rf "$results"
dotnet test tests/Pkcs11Phone.Tests/Pkcs11Phone.Tests.csproj -c Release -nologo \
  --logger "trx;LogFileName=tests.trx" --logger "console;verbosity=normal" --results-directory "$results"
rc=$?
trx="$results/tests.trx"
if [ -f "$trx" ]; then
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -1)
  passed=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")
  failed=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  errors=$(sed -n 's/.* error="\([0-9]*\)".*/\1/p' <<<"$counters")
  notrun=$(sed -n 's/.* notExecuted="\([0-9]*\)".*/\1/p' <<<"$counters")
  failed=$(( ${failed:-0} + ${errors:-0} ))
  [ "${notrun:-0}" -eq 0 ] || echo "warning: ${notrun} test(s) not executed"
  echo "${passed:-0} passed, ${failed} failed"
  [ "$rc" -eq 0 ] && [ "$failed" -eq 0 ] && [ "${passed:-0}" -gt 0 ] && exit 0
  exit 1
fi
echo "0 passed, 1 failed"
exit 1
