#!/usr/bin/env bash
# The main job: build everything, start an emulated phone on a pseudo-terminal, pair this computer with
# it (the link is then encrypted and authenticated), and list its token with a real PKCS#11 client
# (OpenSC's pkcs11-tool) through libpkcs11phone.so and the agent.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
bash build/build.sh

# An emulated phone on a pseudo-terminal, ready to pair, with its own runtime and configuration
# directories (build/emulated-phone.sh). The code it shows goes to a 0600 file that `p11phone pair`
# reads, and is deleted once used; this script never prints it.
source build/emulated-phone.sh
start_emulated_phone "Demo phone" --token-serial 0123456789ABCDEF --approve auto

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
