# Sourced by build/demo.sh and build/bench.sh (not run on its own): starts an emulated phone on a
# pseudo-terminal pair, ready to pair, with private runtime and configuration directories for this
# computer, all removed on exit.
#   start_emulated_phone LABEL [p11phone device options...]
# sets: work (the directory), and exports XDG_RUNTIME_DIR, XDG_CONFIG_HOME, PKCS11PHONE_PHONE.
# The phone writes its one-time pairing code to $work/pairing-code (mode 0600), for `p11phone pair
# --code-file`; it is deleted once used and never printed.

pids=()
cleanup() {
  [ -f "$work/run/pkcs11phone/agent.pid" ] && kill "$(cat "$work/run/pkcs11phone/agent.pid")" 2>/dev/null || true
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}

start_emulated_phone() {
  local label=$1; shift
  work=$(mktemp -d /tmp/pkcs11phone.XXXXXX)
  trap cleanup EXIT
  # The serial link: a pseudo-terminal pair in raw mode, one end for the computer, one for the phone.
  socat pty,raw,echo=0,link="$work/computer" pty,raw,echo=0,link="$work/phone" &
  pids+=($!)
  for _ in $(seq 50); do [ -e "$work/computer" ] && [ -e "$work/phone" ] && break; sleep 0.1; done
  # The phone: its security manager with a software token, waiting for one computer to pair.
  artifacts/bin/p11phone device --serial "$work/phone" --data "$work/phone-data" --label "$label" "$@" \
    --pair --pairing-code-file "$work/pairing-code" >/dev/null 2>"$work/device.log" &
  pids+=($!)
  for _ in $(seq 100); do [ -e "$work/pairing-code" ] && break; sleep 0.1; done
  # The computer: its link keys and the agent's socket live here; the module starts the agent itself.
  mkdir -p "$work/run" "$work/config"; chmod 700 "$work/run" "$work/config"
  export XDG_RUNTIME_DIR="$work/run" XDG_CONFIG_HOME="$work/config" PKCS11PHONE_PHONE="serial:$work/computer"
}
