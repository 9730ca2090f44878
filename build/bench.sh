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

work=$(mktemp -d /tmp/pkcs11phone-bench.XXXXXX)
pids=()
cleanup() {
  [ -f "$work/run/pkcs11phone/agent.pid" ] && kill "$(cat "$work/run/pkcs11phone/agent.pid")" 2>/dev/null || true
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

socat pty,raw,echo=0,link="$work/computer" pty,raw,echo=0,link="$work/phone" &
pids+=($!)
for _ in $(seq 50); do [ -e "$work/computer" ] && [ -e "$work/phone" ] && break; sleep 0.1; done
artifacts/bin/p11phone device --serial "$work/phone" --data "$work/phone-data" --label "Bench phone" --approve auto \
  --pair --pairing-code-file "$work/pairing-code" >/dev/null 2>"$work/device.log" &
pids+=($!)
for _ in $(seq 100); do [ -e "$work/pairing-code" ] && break; sleep 0.1; done
mkdir -p "$work/run" "$work/config"; chmod 700 "$work/run" "$work/config"
export XDG_RUNTIME_DIR="$work/run" XDG_CONFIG_HOME="$work/config" PKCS11PHONE_PHONE="serial:$work/computer"
artifacts/bin/p11phone pair --phone "serial:$work/computer" --name phone --code-file "$work/pairing-code" >/dev/null

echo "== machine: $(nproc) cores, $(uname -r), $(dotnet --version)"
echo "== key generation"
dotnet artifacts/bench/Pkcs11Phone.Bench.dll "$root/artifacts/lib/libpkcs11phone.so" setup
echo "== one process"
dotnet artifacts/bench/Pkcs11Phone.Bench.dll "$root/artifacts/lib/libpkcs11phone.so" run
echo "== link round trips (p11phone status)"
artifacts/bin/p11phone status | sed -n '/round trips/,$p'
