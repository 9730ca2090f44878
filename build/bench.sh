#!/usr/bin/env bash
# Benchmarks of the whole stack: libpkcs11phone.so, the agent, the sealed link on a pseudo-terminal and
# an emulated phone (software keystore, approvals off). Prints the latency of each PKCS#11 operation that
# goes to the phone or is answered on the computer, and the signatures per second of 1, 2 and 4
# processes signing at once. Numbers depend on the machine; see the closing notes for measured ones.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
bash build/build.sh >/dev/null
dotnet build tests/Pkcs11Phone.Bench/Pkcs11Phone.Bench.csproj -c Release -o artifacts/bench -nologo -v quiet >/dev/null

source build/emulated-phone.sh
start_emulated_phone "Bench phone" --approve auto
artifacts/bin/p11phone pair --phone "serial:$work/computer" --name phone --code-file "$work/pairing-code" >/dev/null

echo "== machine: $(nproc) cores, $(uname -r), $(dotnet --version)"
echo "== key generation"
dotnet artifacts/bench/Pkcs11Phone.Bench.dll "$root/artifacts/lib/libpkcs11phone.so" setup
echo "== one process"
dotnet artifacts/bench/Pkcs11Phone.Bench.dll "$root/artifacts/lib/libpkcs11phone.so" run
echo "== link round trips (p11phone status)"
artifacts/bin/p11phone status | sed -n '/round trips/,$p'
