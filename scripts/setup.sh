#!/usr/bin/env bash
# Installs what the tests and the demo need on a fresh Debian machine:
# OpenSSH, PuTTY tools and OpenSSL (ground truth for key fingerprints), git,
# ripgrep (benchmark baseline), capsh (root without its file capabilities, in
# the host script tests), zip (archives the scanner decodes), then the npm
# packages (with Node 24).
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
for tool in ssh-keygen:openssh-client sshd:openssh-server puttygen:putty-tools openssl:openssl git:git rg:ripgrep capsh:libcap2-bin zip:zip; do
  command -v "${tool%%:*}" >/dev/null 2>&1 || [ -x "/usr/sbin/${tool%%:*}" ] || need+=("${tool##*:}")
done
if [ "${#need[@]}" -gt 0 ]; then
  echo "setup: installing ${need[*]}"
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
fi

if [ ! -x node_modules/.bin/node ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi
echo "setup: Node $(node_modules/.bin/node --version), $(git --version), $(ssh -V 2>&1)"
