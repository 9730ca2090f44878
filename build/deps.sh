#!/usr/bin/env bash
# Installs the Debian packages that building, the demo and the tests need, when they are missing.
# Safe to run again: it installs nothing when everything is present.
set -euo pipefail
packages=(
  clang zlib1g-dev        # NativeAOT links the module with clang (or gcc) and zlib
  socat                   # pseudo-terminal pairs for the emulated phone's link
  opensc                  # pkcs11-tool, the real client of the demo and tests
  libp11-kit-dev          # pkcs11.h (v2.40), to check our struct layouts against C
  libnss3-dev             # NSS's pkcs11t.h has the v3.0 types (CK_INTERFACE, CK_FUNCTION_LIST_3_0)
  softhsm2                # the PKCS#11 token the phone's second backend drives in tests
  openssh-client openssh-server  # client tests: ssh-keygen -D, ssh -I, ssh-agent/ssh-add -s against a private sshd
  openssl libengine-pkcs11-openssl  # client tests: OpenSSL 3 with the pkcs11 engine (libp11)
  p11-kit gnutls-bin      # client tests: p11-kit module registration, p11tool and certtool
  passwd util-linux       # client tests: useradd/userdel and setpriv for the throwaway (non-root) user
  libnss3-tools           # client tests: NSS's modutil, certutil, cmsutil and tstclnt
  default-jdk-headless    # client tests: Java SunPKCS11 with keytool, jar and jarsigner
  firefox-esr             # client tests: Firefox ESR, headless, driven through Marionette
)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then exit 0; fi
echo "deps: installing ${missing[*]}" >&2
sudo_cmd=()
[ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
