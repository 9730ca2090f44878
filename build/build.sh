#!/usr/bin/env bash
# Builds everything: installs missing Debian packages, then publishes
#   artifacts/lib/libpkcs11phone.so   the PKCS#11 module (NativeAOT)
#   artifacts/bin/p11phone            the agent, the phone (device) and the tools
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
bash build/deps.sh
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
start=$(date +%s)
dotnet publish src/Pkcs11Phone.Module/Pkcs11Phone.Module.csproj -c Release -o artifacts/lib -nologo -v quiet
dotnet publish src/Pkcs11Phone.Cli/Pkcs11Phone.Cli.csproj -c Release -r linux-x64 --self-contained false -o artifacts/bin -nologo -v quiet
rm -f artifacts/lib/*.pdb artifacts/lib/*.dbg
echo "build: artifacts/lib/libpkcs11phone.so ($(stat -c %s artifacts/lib/libpkcs11phone.so) bytes), artifacts/bin/p11phone in $(( $(date +%s) - start )) s"
