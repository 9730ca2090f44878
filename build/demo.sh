#!/usr/bin/env bash
# The main job: build everything, start an emulated phone on a pseudo-terminal, and list its token
# with a real PKCS#11 client (OpenSC's pkcs11-tool) through libpkcs11phone.so and the agent.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
bash build/build.sh

work=$(mktemp -d /tmp/pkcs11phone-demo.XXXXXX)
pids=()
cleanup() {
  [ -f "$work/run/pkcs11phone/agent.pid" ] && kill "$(cat "$work/run/pkcs11phone/agent.pid")" 2>/dev/null || true
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

# The serial link: a pseudo-terminal pair in raw mode, one end for the computer, one for the phone.
socat pty,raw,echo=0,link="$work/computer" pty,raw,echo=0,link="$work/phone" &
pids+=($!)
for _ in $(seq 50); do [ -e "$work/computer" ] && [ -e "$work/phone" ] && break; sleep 0.1; done

# The phone: its security manager with a software token.
artifacts/bin/p11phone device --serial "$work/phone" --data "$work/phone-data" \
  --label "Demo phone" --token-serial 0123456789ABCDEF 2>"$work/device.log" &
pids+=($!)

# The computer: a private agent for this demo (the module starts it), pointed at the link.
mkdir -p "$work/run"; chmod 700 "$work/run"
export XDG_RUNTIME_DIR="$work/run" PKCS11PHONE_PHONE="serial:$work/computer"

echo "== pkcs11-tool --module artifacts/lib/libpkcs11phone.so -L"
start=$(date +%s%N)
pkcs11-tool --module artifacts/lib/libpkcs11phone.so -L
echo "== took $(( ($(date +%s%N) - start) / 1000000 )) ms (including starting the agent)"
start=$(date +%s%N)
pkcs11-tool --module artifacts/lib/libpkcs11phone.so -L >/dev/null
echo "== again with the agent running: $(( ($(date +%s%N) - start) / 1000000 )) ms"
echo "== pkcs11-tool -M (the phone's mechanisms)"
pkcs11-tool --module artifacts/lib/libpkcs11phone.so -M
