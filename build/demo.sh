#!/usr/bin/env bash
# The main job: build everything, start an emulated phone on a pseudo-terminal, pair this computer with
# it (the link is then encrypted and authenticated), and list its token with a real PKCS#11 client
# (OpenSC's pkcs11-tool) through libpkcs11phone.so and the agent.
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

# The phone: its security manager with a software token, waiting for one computer to pair. It shows the
# one-time code on a terminal; here it goes to a file (mode 0600) that `p11phone pair` reads, and is
# deleted once used. The code is never printed by this script.
artifacts/bin/p11phone device --serial "$work/phone" --data "$work/phone-data" \
  --label "Demo phone" --token-serial 0123456789ABCDEF --approve auto \
  --pair --pairing-code-file "$work/pairing-code" >/dev/null 2>"$work/device.log" &
pids+=($!)
for _ in $(seq 100); do [ -e "$work/pairing-code" ] && break; sleep 0.1; done

# The computer: private configuration (its link keys) and runtime directories for this demo, and an agent
# that the module starts, pointed at the link.
mkdir -p "$work/run" "$work/config"; chmod 700 "$work/run" "$work/config"
export XDG_RUNTIME_DIR="$work/run" XDG_CONFIG_HOME="$work/config" PKCS11PHONE_PHONE="serial:$work/computer"

echo "== p11phone pair --phone serial:$work/computer --name phone --code-file $work/pairing-code"
start=$(date +%s%N)
artifacts/bin/p11phone pair --phone "serial:$work/computer" --name phone --code-file "$work/pairing-code"
echo "== paired in $(( ($(date +%s%N) - start) / 1000000 )) ms; the link keys (0700 directory, 0600 files):"
ls -l "$work/config/pkcs11phone/keys" "$work/phone-data/link" | sed 's/^/   /'

echo "== pkcs11-tool --module artifacts/lib/libpkcs11phone.so -L"
start=$(date +%s%N)
pkcs11-tool --module artifacts/lib/libpkcs11phone.so -L
echo "== took $(( ($(date +%s%N) - start) / 1000000 )) ms (including starting the agent)"
start=$(date +%s%N)
pkcs11-tool --module artifacts/lib/libpkcs11phone.so -L >/dev/null
echo "== again with the agent running: $(( ($(date +%s%N) - start) / 1000000 )) ms"
echo "== pkcs11-tool -M (the phone's mechanisms)"
pkcs11-tool --module artifacts/lib/libpkcs11phone.so -M

# A real client using the token: initialize it, make a key on the phone, sign, and check the signature
# with plain openssl. The PINs are demo values.
m=artifacts/lib/libpkcs11phone.so
echo "== pkcs11-tool --init-token / --init-pin"
pkcs11-tool --module $m --init-token --label "Demo phone" --so-pin 10203040 >/dev/null
pkcs11-tool --module $m --init-pin --login --login-type so --so-pin 10203040 --pin 123456 >/dev/null
pkcs11-tool --module $m -L | sed -n '1,12p'
echo "== pkcs11-tool --keypairgen --key-type EC:prime256v1 (generated on the phone)"
pkcs11-tool --module $m --login --pin 123456 --keypairgen --key-type EC:prime256v1 --id 01 --label "demo key" 2>&1 | sed -n '1,4p'
echo "== sign on the phone (ECDSA-SHA256), verify with openssl"
printf 'signed by the phone' > "$work/data"
pkcs11-tool --module $m --login --pin 123456 --sign --id 01 --mechanism ECDSA-SHA256 --signature-format openssl \
  --input-file "$work/data" --output-file "$work/data.sig" 2>/dev/null
pkcs11-tool --module $m --read-object --type pubkey --id 01 --output-file "$work/pub.der" 2>/dev/null
openssl dgst -sha256 -verify "$work/pub.der" -keyform DER -signature "$work/data.sig" "$work/data"
echo "== link round trips so far (p11phone status)"
artifacts/bin/p11phone status
echo "== the phone's log (every line after the handshake travelled sealed):"
sed 's/^/   /' "$work/device.log"
