#!/usr/bin/env bash
# OpenSC's pkcs11-tool against libpkcs11phone.so and a running (emulated) phone, checked by hand: the same
# checks as tests/Pkcs11Phone.Tests/Clients/Pkcs11ToolTests.cs. Every command is printed with its output,
# every check ends with PASS or FAIL, and the last line is "N passed, N failed" (exit status 1 on a failure).
#
# Usage: bash build/clients/pkcs11-tool.sh [--start-phone] [--keep] [--module PATH]
#
#   (default)      use the phone the environment names: PKCS11PHONE_PHONE, or the agent's configuration
#                  (~/.config/pkcs11phone/config.toml); the phone must be running and paired already.
#   --start-phone  first start an emulated phone of its own, the way build/demo.sh does: a socat pty pair,
#                  `p11phone device --pair` on one end, `p11phone pair` from this side, with a private
#                  XDG_RUNTIME_DIR (its own agent) and XDG_CONFIG_HOME (its own link key); all stopped at the end.
#   --keep         keep the working directory (keys, signatures, files) for a look afterwards.
#   --module PATH  the module to test (default: artifacts/lib/libpkcs11phone.so; run build/build.sh first).
#
# WARNING: this RE-INITIALIZES the first token it finds (pkcs11-tool --init-token): everything on it is erased.
# Environment: TOKEN_LABEL, SO_PIN, USER_PIN override the defaults below.
# Needs pkcs11-tool (opensc 0.23), openssl 3 and socat (for --start-phone and the link round-trip counts).
set -uo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
MODULE="$root/artifacts/lib/libpkcs11phone.so"
P11PHONE="$root/artifacts/bin/p11phone"
TOKEN_LABEL=${TOKEN_LABEL:-pkcs11-tool checks}
SO_PIN=${SO_PIN:-so-pin-31415}
USER_PIN=${USER_PIN:-user-pin-2718}
START_PHONE=0
KEEP=0
TIMEOUT=60

while [ $# -gt 0 ]; do
  case "$1" in
    --start-phone) START_PHONE=1 ;;
    --keep) KEEP=1 ;;
    --module) MODULE=$2; shift ;;
    -h|--help) sed -n '2,20p' "$0"; exit 0 ;;
    *) echo "unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done

for tool in pkcs11-tool openssl socat; do
  command -v "$tool" >/dev/null || { echo "$tool is missing (bash build/deps.sh installs it)" >&2; exit 2; }
done
[ -f "$MODULE" ] || { echo "$MODULE is missing: run build/build.sh first" >&2; exit 2; }

WORK=$(mktemp -d /tmp/pkcs11-tool-checks.XXXXXX)
SOCAT_PID="" DEVICE_PID=""

cleanup() {
  if [ "$START_PHONE" = 1 ]; then
    local pidfile="$XDG_RUNTIME_DIR/pkcs11phone/agent.pid"
    [ -f "$pidfile" ] && kill "$(cat "$pidfile")" 2>/dev/null
    [ -n "$DEVICE_PID" ] && kill "$DEVICE_PID" 2>/dev/null
    [ -n "$SOCAT_PID" ] && kill "$SOCAT_PID" 2>/dev/null
  fi
  if [ "$KEEP" = 1 ]; then echo "files kept in $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT

# ------------------------------------------------------------------ output and checks

PASSED=0 FAILED=0 FAILED_NAMES=() CHECK="" CHECK_FAILED=0
OUT="" RC=0

begin() { CHECK=$1; CHECK_FAILED=0; printf '\n=== %s\n' "$CHECK"; }
fail() { CHECK_FAILED=1; printf '  !! %s\n' "$*"; }
end() {
  if [ "$CHECK_FAILED" = 0 ]; then PASSED=$((PASSED + 1)); echo "PASS: $CHECK"
  else FAILED=$((FAILED + 1)); FAILED_NAMES+=("$CHECK"); echo "FAIL: $CHECK"; fi
}

# run [--timeout S] CMD...: prints the command and its output (stdout and stderr); sets OUT and RC.
run() {
  local limit=$TIMEOUT
  if [ "$1" = --timeout ]; then limit=$2; shift 2; fi
  printf '$'; printf ' %q' "$@"; printf '\n'
  OUT=$(timeout "$limit" "$@" 2>&1); RC=$?
  [ -n "$OUT" ] && sed 's/^/    /' <<<"$OUT"
  [ "$RC" = 124 ] && fail "did not finish within $limit s"
  [ "$RC" = 0 ] || echo "    (exit $RC)"
  return 0
}

P11=(pkcs11-tool --module "$MODULE")
SEL=()
p11() {
  local limit=(); if [ "$1" = --timeout ]; then limit=(--timeout "$2"); shift 2; fi
  run "${limit[@]}" "${P11[@]}" "${SEL[@]}" "$@"
}

expect_ok() { [ "$RC" = 0 ] || fail "${1:-the command} failed (exit $RC)"; }
expect_fail() { [ "$RC" != 0 ] || fail "${1:-the command} succeeded but must fail"; }
expect() { grep -Eq -- "$1" <<<"$OUT" || fail "output lacks /$1/"; }
expect_not() { ! grep -Eq -- "$1" <<<"$OUT" || fail "output has /$1/"; }
# What pkcs11-tool 0.23 prints when something goes wrong: "ERR:" (a failed test step), "error: ..." and
# "Aborting." (a fatal error), "... failed ...", "doesn't match", "openssl error", "N errors", "some errors".
# Its "warning: ..." lines are steps it tolerates.
expect_no_errors() {
  local bad
  bad=$(grep -v '^warning:' <<<"$OUT" | grep -E 'ERR:|^error:|\bfailed\b|Failed|Aborting\.|doesn.t match|openssl error|^[0-9]+ errors$|some errors')
  [ -z "$bad" ] || fail "pkcs11-tool reports errors: $(tr '\n' '|' <<<"$bad")"
}

hex_to_file() { printf '%b' "$(sed 's/../\\x&/g' <<<"$1")" >"$2"; }

# ------------------------------------------------------------------ the phone

if [ "$START_PHONE" = 1 ]; then
  [ -x "$P11PHONE" ] || { echo "$P11PHONE is missing: run build/build.sh first" >&2; exit 2; }
  echo "starting an emulated phone in $WORK"
  mkdir -m 700 "$WORK/run" "$WORK/config"
  export XDG_RUNTIME_DIR="$WORK/run" XDG_CONFIG_HOME="$WORK/config" PKCS11PHONE_PHONE="serial:$WORK/computer" PKCS11PHONE_AGENT="$P11PHONE"
  unset PKCS11PHONE_CONFIG PKCS11PHONE_NO_AUTOSTART
  socat "pty,raw,echo=0,link=$WORK/computer" "pty,raw,echo=0,link=$WORK/phone" & SOCAT_PID=$!
  for _ in $(seq 50); do [ -e "$WORK/computer" ] && [ -e "$WORK/phone" ] && break; sleep 0.1; done
  "$P11PHONE" device --approve auto --serial "$WORK/phone" --data "$WORK/phone-data" --label "pkcs11-tool phone" \
    --pair --pairing-code-file "$WORK/pairing-code" >"$WORK/device.log" 2>&1 & DEVICE_PID=$!
  for _ in $(seq 100); do [ -s "$WORK/pairing-code" ] && break; sleep 0.1; done
  run "$P11PHONE" pair --phone "serial:$WORK/computer" --name phone --code-file "$WORK/pairing-code"
  [ "$RC" = 0 ] || { echo "pairing failed; the phone said:"; cat "$WORK/device.log"; exit 1; }
fi

echo "module: $MODULE"
echo "phone:  ${PKCS11PHONE_PHONE:-(from the agent configuration file)}"
AGENT_SOCKET="${XDG_RUNTIME_DIR:+$XDG_RUNTIME_DIR/pkcs11phone}"
AGENT_SOCKET="${AGENT_SOCKET:-/tmp/pkcs11phone-$(id -u)}/agent.sock"

# The first slot that holds a token (the agent starts with the first call and waits for the link briefly).
SLOT=""
for _ in $(seq 15); do
  OUT=$(timeout "$TIMEOUT" "${P11[@]}" --list-slots 2>&1)
  SLOT=$(awk '/^Slot [0-9]+ \(0x/ { id = $2 } /token (state|label)/ && id != "" { print id; exit }' <<<"$OUT")
  [ -n "$SLOT" ] && break
  sleep 1
done
[ -n "$SLOT" ] || { echo "no slot with a token:"; echo "$OUT"; exit 1; }

# ------------------------------------------------------------------ listing and token setup

begin "show info (-I)"
p11 --show-info
expect_ok; expect 'Cryptoki version 2\.40'; expect 'Manufacturer +Pkcs11Phone'
end

begin "token setup (--init-token, --init-pin)"
p11 --slot "$SLOT" --init-token --label "$TOKEN_LABEL" --so-pin "$SO_PIN"
expect_ok; expect 'Token successfully initialized'
SEL=(--token-label "$TOKEN_LABEL")
p11 --init-pin --login --login-type so --so-pin "$SO_PIN" --pin "$USER_PIN"
expect_ok; expect 'User PIN successfully initialized'
end

begin "list slots (-L)"
p11 --list-slots
expect_ok; expect "token label +: $TOKEN_LABEL"; expect 'token manufacturer +: Pkcs11Phone'
expect 'token flags +:.*token initialized'; expect 'token flags +:.*PIN initialized'
end

begin "list mechanisms (-M)"
p11 --list-mechanisms
expect_ok
for m in RSA-PKCS RSA-PKCS-PSS SHA256-RSA-PKCS SHA384-RSA-PKCS SHA512-RSA-PKCS SHA256-RSA-PKCS-PSS ECDSA ECDSA-SHA256 ECDSA-SHA384 EDDSA; do
  expect "^  $m, .*sign"
done
for m in SHA-1 SHA256 SHA384 SHA512; do expect "^  $m, .*digest"; done
expect '^  RSA-PKCS-OAEP, .*decrypt'
for m in RSA-PKCS-KEY-PAIR-GEN ECDSA-KEY-PAIR-GEN EC-EDWARDS-KEY-PAIR-GEN; do expect "^  $m, .*generate_key_pair"; done
echo "  flagged CKF_HW (hw): $(grep -E '^  [^,]+, .*\bhw\b' <<<"$OUT" | sed 's/^  \([^,]*\),.*/\1/' | tr '\n' ' ')"
end

# ------------------------------------------------------------------ keys

# name key-type id label
KEYS=(
  "rsa2048 rsa:2048 01 rsa-2048"
  "p256 EC:prime256v1 02 ec-p256"
  "p384 EC:secp384r1 03 ec-p384"
  "ed25519 EC:edwards25519 04 ed-25519"   # OpenSC 0.23 refuses its help text's "EC:ed25519"
)
declare -A KEY_ID KEY_LABEL KEY_OK PUB
for k in "${KEYS[@]}"; do
  read -r name type id label <<<"$k"
  KEY_ID[$name]=$id KEY_LABEL[$name]=$label KEY_OK[$name]=0
  begin "key pair generation on the phone: $name (--keypairgen --key-type $type)"
  p11 --timeout 120 --login --pin "$USER_PIN" --keypairgen --key-type "$type" --id "$id" --label "$label"
  expect_ok; expect 'Key pair generated'; expect "Private Key Object"; expect "Public Key Object"
  expect "label: +$label"; expect "ID: +$id"; expect 'Access: +sensitive.*never extractable'
  case $name in
    rsa2048) expect 'Public Key Object; RSA 2048 bits' ;;
    p256) expect 'EC_POINT 256 bits'; expect 'EC_PARAMS: +06082a8648ce3d030107' ;;
    p384) expect 'EC_POINT 384 bits'; expect 'EC_PARAMS: +06052b81040022' ;;
    ed25519) expect 'Public Key Object; EC_EDWARDS +EC_POINT 255 bits'; expect 'EC_PARAMS: +(130c656477617264733235353139|06032b6570)' ;;
  esac
  [ "$CHECK_FAILED" = 0 ] && KEY_OK[$name]=1
  end
done

# The token's public keys as -O lists them (their CKA_EC_POINTs are compared below).
OUT=$(timeout "$TIMEOUT" "${P11[@]}" "${SEL[@]}" --list-objects --type pubkey 2>/dev/null)
LISTING=$OUT
ec_point_of() { # id -> CKA_EC_POINT hex (the DER OCTET STRING) as -O printed it
  awk -v id="$1" '/^[A-Z].* Object;/ { pub = ($0 ~ /^Public Key/) ; p = "" } pub && /EC_POINT:/ { p = $2 } pub && $1 == "ID:" && $2 == id && p != "" { print p; exit }' <<<"$LISTING"
}

for k in "${KEYS[@]}"; do
  read -r name type id label <<<"$k"
  begin "read the public key: $name (--read-object --type pubkey) gives a SubjectPublicKeyInfo openssl reads"
  if [ "${KEY_OK[$name]}" != 1 ]; then fail "no $name key pair"; end; continue; fi
  p11 --read-object --type pubkey --id "$id" --output-file "$WORK/$name.pub"
  if [ "$RC" = 0 ]; then
    # pkcs11-tool 0.23 writes DER for RSA and EC, PEM for Ed25519.
    if head -c 5 "$WORK/$name.pub" | grep -q -- '-----'; then
      run openssl pkey -pubin -in "$WORK/$name.pub" -outform DER -out "$WORK/$name.der"
    else cp "$WORK/$name.pub" "$WORK/$name.der"; fi
  elif [ "$name" = p384 ] && grep -q 'cannot create EVP_PKEY' <<<"$OUT"; then
    # OpenSC 0.23's read_object frees the EC point's OSSL_PARAMs before using them (a use after free, fixed
    # after 0.23 by OpenSC commit 63d4bd3d); it fails so for SoftHSM's P-384 keys too. Build the SPKI from
    # CKA_EC_POINT as -O lists it instead.
    echo "  note: pkcs11-tool 0.23's known read_object defect; the SPKI is built from CKA_EC_POINT"
    point=$(ec_point_of "$id")
    hex_to_file "3076301006072a8648ce3d020106052b81040022036200${point:4}" "$WORK/$name.der"
  else
    fail "--read-object failed"
  fi
  if [ -s "$WORK/$name.der" ]; then
    run openssl pkey -pubin -inform DER -in "$WORK/$name.der" -noout -text
    expect_ok "openssl pkey"
    case $name in
      rsa2048) expect 'Public-Key: \(2048 bit\)'; expect 'Exponent: 65537' ;;
      p256) expect 'ASN1 OID: prime256v1' ;;
      p384) expect 'ASN1 OID: secp384r1' ;;
      ed25519) expect 'ED25519 Public-Key' ;;
    esac
    if [ "$name" != rsa2048 ]; then
      # The SPKI's key is the token's CKA_EC_POINT.
      point=$(ec_point_of "$id"); spki=$(od -An -v -tx1 "$WORK/$name.der" | tr -d ' \n')
      [ -n "$point" ] && [ "${spki: -$(( ${#point} - 4 ))}" = "${point:4}" ] || fail "the SPKI's key is not CKA_EC_POINT $point"
    fi
    [ "$CHECK_FAILED" = 0 ] && PUB[$name]="$WORK/$name.der"
  fi
  end
done

begin "list objects (-O): private keys only after a login"
p11 --list-objects
expect_ok; expect_not 'Private Key Object'
for name in "${!KEY_ID[@]}"; do expect "label: +${KEY_LABEL[$name]}"; done
p11 --login --pin "$USER_PIN" --list-objects
expect_ok
[ "$(grep -c 'Private Key Object' <<<"$OUT")" -ge "${#KEYS[@]}" ] || fail "not every private key listed after the login"
end

# ------------------------------------------------------------------ signatures

# sign_case name key mechanism input-kind [pkcs11-tool options...]
#   input-kind: message | sha256 | sha384 | digestinfo-sha256 (what pkcs11-tool signs)
sign_case() {
  local name=$1 key=$2 mech=$3 kind=$4; shift 4
  local opts=("$@") id=${KEY_ID[$key]} d="$WORK/sign-${name//[^A-Za-z0-9.-]/_}"
  begin "sign on the phone and verify: $name"
  if [ -z "${PUB[$key]:-}" ]; then fail "no $key key (or public key)"; end; return; fi
  local pub=${PUB[$key]}
  mkdir -p "$d"
  printf 'pkcs11-tool %s: signed on the phone %s\n' "$name" "$RANDOM$RANDOM" >"$d/message"
  printf 'Xkcs11-tool %s: other data\n' "$name" >"$d/other"
  for f in message other; do
    case $kind in
      message) cp "$d/$f" "$d/$f.in" ;;
      sha256) openssl dgst -sha256 -binary "$d/$f" >"$d/$f.in" ;;
      sha384) openssl dgst -sha384 -binary "$d/$f" >"$d/$f.in" ;;
      digestinfo-sha256) hex_to_file 3031300d060960864801650304020105000420 "$d/$f.in"; openssl dgst -sha256 -binary "$d/$f" >>"$d/$f.in" ;;
    esac
  done
  p11 --login --pin "$USER_PIN" --sign --id "$id" --mechanism "$mech" "${opts[@]}" --input-file "$d/message.in" --output-file "$d/sig"
  expect_ok "--sign"; expect_no_errors
  [ -s "$d/sig" ] || { fail "no signature"; end; return; }
  local ossl
  for f in message other; do
    case $mech in
      RSA-PKCS|SHA256-RSA-PKCS|ECDSA-SHA256) ossl=(openssl dgst -sha256 -verify "$pub" -keyform DER -signature "$d/sig" "$d/$f") ;;
      SHA384-RSA-PKCS|ECDSA-SHA384) ossl=(openssl dgst -sha384 -verify "$pub" -keyform DER -signature "$d/sig" "$d/$f") ;;
      SHA256-RSA-PKCS-PSS) ossl=(openssl dgst -sha256 -verify "$pub" -keyform DER -sigopt rsa_padding_mode:pss -sigopt rsa_pss_saltlen:32 -sigopt rsa_mgf1_md:sha256 -signature "$d/sig" "$d/$f") ;;
      RSA-PKCS-PSS) local md=${kind#sha}; ossl=(openssl pkeyutl -verify -pubin -inkey "$pub" -keyform DER -in "$d/$f.in" -sigfile "$d/sig"
                      -pkeyopt rsa_padding_mode:pss -pkeyopt "digest:sha$md" -pkeyopt "rsa_mgf1_md:sha$md" -pkeyopt "rsa_pss_saltlen:$((md / 8))") ;;
      ECDSA) ossl=(openssl pkeyutl -verify -pubin -inkey "$pub" -keyform DER -in "$d/$f.in" -sigfile "$d/sig") ;;
      EDDSA) ossl=(openssl pkeyutl -verify -pubin -inkey "$pub" -keyform DER -rawin -in "$d/$f" -sigfile "$d/sig") ;;
    esac
    run "${ossl[@]}"
    if [ "$f" = message ]; then expect_ok "openssl's verification"; expect 'Verified OK|Signature Verified Successfully'
    else expect_fail "openssl's verification of other data"; fi
    p11 --verify --id "$id" --mechanism "$mech" "${opts[@]}" --input-file "$d/$f.in" --signature-file "$d/sig"
    if [ "$f" = message ]; then expect_ok "--verify"; expect 'Signature is valid'
    else expect 'Invalid signature'; expect_not 'Signature is valid'; fi
  done
  end
}

sign_case "RSA-PKCS over DigestInfo(SHA-256)" rsa2048 RSA-PKCS digestinfo-sha256
sign_case "SHA256-RSA-PKCS" rsa2048 SHA256-RSA-PKCS message
sign_case "SHA384-RSA-PKCS" rsa2048 SHA384-RSA-PKCS message
sign_case "RSA-PKCS-PSS SHA256 MGF1-SHA256" rsa2048 RSA-PKCS-PSS sha256 --hash-algorithm SHA256 --mgf MGF1-SHA256
sign_case "RSA-PKCS-PSS SHA384 MGF1-SHA384" rsa2048 RSA-PKCS-PSS sha384 --hash-algorithm SHA384 --mgf MGF1-SHA384
sign_case "SHA256-RSA-PKCS-PSS" rsa2048 SHA256-RSA-PKCS-PSS message
sign_case "ECDSA P-256" p256 ECDSA sha256 --signature-format openssl
sign_case "ECDSA-SHA256 P-256" p256 ECDSA-SHA256 message --signature-format openssl
sign_case "ECDSA P-384" p384 ECDSA sha384 --signature-format openssl
sign_case "ECDSA-SHA384 P-384" p384 ECDSA-SHA384 message --signature-format openssl
sign_case "EDDSA Ed25519" ed25519 EDDSA message

# pkcs11-tool's default ECDSA format is PKCS#11's r||s; openssl checks it once made DER (asn1parse -genconf).
for c in "p256 ECDSA-SHA256 sha256 32" "p384 ECDSA-SHA384 sha384 48"; do
  read -r key mech md half <<<"$c"
  begin "ECDSA signature in PKCS#11 format (r||s): $key"
  if [ -z "${PUB[$key]:-}" ]; then fail "no $key key"; end; continue; fi
  d="$WORK/rs-$key"; mkdir -p "$d"; echo "r and s $RANDOM" >"$d/message"
  p11 --login --pin "$USER_PIN" --sign --id "${KEY_ID[$key]}" --mechanism "$mech" --input-file "$d/message" --output-file "$d/sig"
  expect_ok
  rs=$(od -An -v -tx1 "$d/sig" | tr -d ' \n')
  [ "${#rs}" = $((half * 4)) ] || fail "the signature has $((${#rs} / 2)) bytes, not $((half * 2))"
  printf 'asn1=SEQUENCE:sig\n[sig]\nr=INTEGER:0x%s\ns=INTEGER:0x%s\n' "${rs:0:$((half * 2))}" "${rs:$((half * 2))}" >"$d/sig.conf"
  openssl asn1parse -genconf "$d/sig.conf" -out "$d/sig.der" -noout >/dev/null 2>&1
  run openssl dgst "-$md" -verify "${PUB[$key]}" -keyform DER -signature "$d/sig.der" "$d/message"
  expect_ok "openssl's verification"; expect 'Verified OK'
  end
done

# ------------------------------------------------------------------ decryption

for c in "sha256 SHA256 MGF1-SHA256" "sha1 SHA-1 MGF1-SHA1" "sha384 SHA384 MGF1-SHA384"; do
  read -r md hash mgf <<<"$c"
  begin "OAEP decryption on the phone: $hash, $mgf (openssl encrypts)"
  if [ -z "${PUB[rsa2048]:-}" ]; then fail "no RSA key"; end; continue; fi
  d="$WORK/oaep-$md"; mkdir -p "$d"; echo "an OAEP secret $RANDOM$RANDOM" >"$d/plain"
  run openssl pkeyutl -encrypt -pubin -inkey "${PUB[rsa2048]}" -keyform DER -pkeyopt rsa_padding_mode:oaep \
    -pkeyopt "rsa_oaep_md:$md" -pkeyopt "rsa_mgf1_md:$md" -in "$d/plain" -out "$d/enc"
  expect_ok "openssl's encryption"
  p11 --login --pin "$USER_PIN" --decrypt --id 01 --mechanism RSA-PKCS-OAEP --hash-algorithm "$hash" --mgf "$mgf" --input-file "$d/enc" --output-file "$d/dec"
  expect_ok "--decrypt"
  cmp -s "$d/plain" "$d/dec" && echo "  decrypted = plaintext" || fail "the decrypted data differs from the plaintext"
  end
done

begin "PKCS#1 v1.5 decryption on the phone (openssl encrypts)"
if [ -n "${PUB[rsa2048]:-}" ]; then
  d="$WORK/pkcs1"; mkdir -p "$d"; echo "a PKCS#1 v1.5 secret $RANDOM" >"$d/plain"
  run openssl pkeyutl -encrypt -pubin -inkey "${PUB[rsa2048]}" -keyform DER -pkeyopt rsa_padding_mode:pkcs1 -in "$d/plain" -out "$d/enc"
  expect_ok "openssl's encryption"
  p11 --login --pin "$USER_PIN" --decrypt --id 01 --mechanism RSA-PKCS --input-file "$d/enc" --output-file "$d/dec"
  expect_ok "--decrypt"
  cmp -s "$d/plain" "$d/dec" && echo "  decrypted = plaintext" || fail "the decrypted data differs from the plaintext"
else fail "no RSA key"; fi
end

# ------------------------------------------------------------------ certificates

begin "certificate: write, read back, list, delete"
if [ -n "${PUB[p256]:-}" ]; then
  d="$WORK/cert"; mkdir -p "$d"
  # A certificate for the token's P-256 key, signed by a throwaway key.
  run openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$d/issuer.pem"
  run openssl x509 -new -subj "/CN=Pkcs11Phone pkcs11-tool check/O=Pkcs11Phone tests" -key "$d/issuer.pem" \
    -force_pubkey "${PUB[p256]}" -days 30 -outform DER -out "$d/cert.der"
  expect_ok "openssl x509"
  p11 --login --pin "$USER_PIN" --write-object "$d/cert.der" --type cert --id 02 --label "ec-p256 certificate"
  expect_ok "--write-object"; expect 'Created certificate'
  p11 --read-object --type cert --id 02 --output-file "$d/read.der"
  expect_ok "--read-object"
  cmp -s "$d/cert.der" "$d/read.der" && echo "  read back = written" || fail "the certificate read back differs"
  p11 --list-objects --type cert
  expect 'Certificate Object; type = X\.509 cert'; expect 'label: +ec-p256 certificate'
  expect 'subject: +DN: CN=Pkcs11Phone pkcs11-tool check, O=Pkcs11Phone tests'; expect 'ID: +02'
  p11 --login --pin "$USER_PIN" --delete-object --type cert --id 02
  expect_ok "--delete-object"
  p11 --list-objects --type cert
  expect_not 'Certificate Object'
  p11 --read-object --type cert --id 02 --output-file "$d/gone.der"
  expect_fail "reading the deleted certificate"; expect 'object not found'
else fail "no P-256 key"; fi
end

# ------------------------------------------------------------------ PINs

begin "wrong PIN"
p11 --login --pin not-the-pin --list-objects
expect_fail "a login with a wrong PIN"; expect 'CKR_PIN_INCORRECT'; expect_not 'Private Key Object'
p11 --login --pin "$USER_PIN" --list-objects
expect_ok "a login with the right PIN"
p11 --list-token-slots
expect_not 'user PIN count low|user PIN locked'
end

# ------------------------------------------------------------------ pkcs11-tool's own tests

begin "pkcs11-tool --test"
p11 --timeout 180 --test --login --pin "$USER_PIN"
expect_ok; expect_no_errors; expect '^No errors$'
# A run that tested nothing proves nothing: pkcs11-tool tests signatures only with mechanisms flagged CKF_HW.
expect 'Signatures \(currently only for RSA\)'; expect_not 'Signatures: not implemented'
expect 'testing signature mechanisms:'
expect 'Decryption \(currently only for RSA\)'; expect 'RSA-PKCS-OAEP: '
end

begin "pkcs11-tool --test --allow-sw (signature tests without the CKF_HW condition)"
p11 --timeout 180 --test --allow-sw --login --pin "$USER_PIN"
expect_ok; expect_no_errors; expect '^No errors$'
expect 'Signatures \(currently only for RSA\)'; expect 'testing signature mechanisms:'
end

begin "pkcs11-tool --test-threads"
# OpenSC 0.23: two-letter commands, ':' between them: IN C_Initialize(NULL), IL with CKF_OS_LOCKING_OK,
# GI C_GetInfo, SL C_GetSlotList, Tn C_GetTokenInfo of slot index n, Pn pause n s.
p11 --timeout 180 --test-threads IN:GI:SL:T0 --test-threads IL:SL:T0:GI --test-threads IN:SL:T0:SL:T0 --test-threads IL:GI:GI:SL:T0 --list-slots
expect_ok; expect_no_errors
expect 'Main C_Initialize\((NULL|CKF_OS_LOCKING_OK)\) rv:(CKR_OK|CKR_CRYPTOKI_ALREADY_INITIALIZED)'
expect 'test_threads all threads have ended with CKR_OK'; expect_not 'Unknown test|slot not available'
[ "$(grep -cE 'test_threads thread:[0-9]+ state:-1, rv:CKR_OK' <<<"$OUT")" -ge 4 ] || fail "not every thread ended with CKR_OK"
end

begin "pkcs11-tool --test-fork"
p11 --test-fork --login --pin "$USER_PIN" --list-objects
expect_ok; expect_no_errors
expect 'Calling C_Initialize in forked child process'; expect_not 'Child process exited'
expect 'Private Key Object'
end

# ------------------------------------------------------------------ link round trips

# The agent's link round-trip counters (AT+P11STATS on its socket), without pings, once they stop moving:
# the agent ends a module's client (+P11END, +P11CAT) a moment after the process has gone.
stats() {
  printf 'AT+P11STATS=1\r' | timeout 5 socat -t2 - "UNIX-CONNECT:$AGENT_SOCKET" 2>/dev/null | tr -d '\r' |
    sed -n 's/^+P11STATS: [0-9]*,[0-9]*,"\([^"]*\)",\([0-9]*\)$/\1 \2/p' | grep -v '^+P11PING ' |
    awk '{ n[$1] += $2 } END { for (k in n) print k, n[k] }' | sort
}
settled() { # the counters once they have not moved for a second
  local a b i steady=0
  a=$(stats)
  for i in $(seq 60); do
    sleep 0.25; b=$(stats)
    if [ "$a" = "$b" ]; then steady=$((steady + 1)); [ "$steady" -ge 4 ] && break; else steady=0; fi
    a=$b
  done
  echo "$b"
}
# trips CMD...: runs CMD quietly and sets TRIPS to "NAME COUNT" lines of the round trips it caused.
trips() {
  local before after
  before=$(settled)
  printf '$'; printf ' %q' "$@"; printf '\n'
  timeout "$TIMEOUT" "$@" >/dev/null 2>&1 || fail "the command failed"
  after=$(settled)
  TRIPS=$(join -a2 -e0 -o 0,1.2,2.2 <(echo "$before") <(echo "$after") | awk '$3 != $2 { print $1, $3 - $2 }')
  echo "    link round trips: ${TRIPS:-none}" | tr '\n' ' '; echo
}
count() { awk -v k="$1" '$1 == k { print $2; f = 1 } END { if (!f) print 0 }' <<<"$TRIPS"; }

begin "link round trips: -L, -O, one ECDSA signature"
if [ ! -S "$AGENT_SOCKET" ]; then
  fail "no agent socket at $AGENT_SOCKET"
elif [ -z "${PUB[p256]:-}" ]; then
  fail "no P-256 key"
else
  echo "round trip test" >"$WORK/rt-message"
  timeout "$TIMEOUT" "${P11[@]}" "${SEL[@]}" --login --pin "$USER_PIN" --list-objects >/dev/null 2>&1   # clean PIN counters
  trips "${P11[@]}" "${SEL[@]}" --list-slots
  [ -z "$TRIPS" ] || fail "-L made link round trips"
  trips "${P11[@]}" "${SEL[@]}" --list-objects
  [ -z "$TRIPS" ] || fail "-O without a login made link round trips"
  trips "${P11[@]}" "${SEL[@]}" --login --pin "$USER_PIN" --sign --id 02 --mechanism ECDSA-SHA256 --input-file "$WORK/rt-message" --output-file "$WORK/rt-sig"
  # One +P11SIGN; the login (+P11LOGIN), the logout at the end (+P11LOGOUT) and the end of the client (+P11END)
  # may each be followed by one short +P11CAT; +P11TOKEN only when the token's generation moved (it must not here).
  [ "$(count +P11SIGN)" = 1 ] || fail "+P11SIGN: $(count +P11SIGN), not 1"
  [ "$(count +P11LOGIN)" = 1 ] || fail "+P11LOGIN: $(count +P11LOGIN), not 1"
  [ "$(count +P11LOGOUT)" -le 1 ] || fail "+P11LOGOUT: $(count +P11LOGOUT)"
  [ "$(count +P11END)" -le 1 ] || fail "+P11END: $(count +P11END)"
  [ "$(count +P11CAT)" -le $(( $(count +P11LOGIN) + $(count +P11LOGOUT) + $(count +P11END) )) ] || fail "+P11CAT: $(count +P11CAT), more than one per login, logout and end"
  [ "$(count +P11TOKEN)" = 0 ] || fail "+P11TOKEN: $(count +P11TOKEN) refetch(es)"
  others=$(awk '$1 !~ /^\+P11(SIGN|LOGIN|LOGOUT|END|CAT|TOKEN)$/' <<<"$TRIPS")
  [ -z "$others" ] || fail "other round trips: $(tr '\n' ' ' <<<"$others")"
fi
end

# ------------------------------------------------------------------ summary

echo
if [ "$FAILED" -gt 0 ]; then printf 'failed: %s\n' "${FAILED_NAMES[@]}"; fi
echo "$PASSED passed, $FAILED failed"
[ "$FAILED" = 0 ]
