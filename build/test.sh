#!/usr/bin/env bash
# Runs all tests: builds everything (the integration tests load the published module), then the
# NUnit suite, and prints "N passed, N failed" last.
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
bash build/build.sh || { echo "0 passed, 1 failed"; exit 1; }
results="$root/artifacts/test-results"
rm -rf "$results"
# Every test project of the solution, one after the other (-m:1: the end-to-end tests time the phone's
# absence, which a machine busy with two test hosts at once would blur); each writes its own TRX file.
dotnet test Pkcs11Phone.sln -c Release -nologo -m:1 \
  --logger trx --logger "console;verbosity=normal" --results-directory "$results"
rc=$?
passed=0 failed=0 notrun=0 files=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  files=$((files + 1))
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -1)
  get() { sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p" <<<"$counters"; }
  passed=$(( passed + $(get passed) ))
  failed=$(( failed + $(get failed) + $(get error) + $(get timeout) + $(get aborted) ))
  notrun=$(( notrun + $(get notExecuted) ))
done
if [ "$files" -eq 0 ]; then echo "0 passed, 1 failed"; exit 1; fi
[ "$notrun" -eq 0 ] || echo "warning: $notrun test(s) not executed"
# A build failure leaves no TRX for that project: count it as a failure.
if [ "$rc" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
echo "$passed passed, $failed failed"
[ "$rc" -eq 0 ] && [ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
