#!/usr/bin/env bash
# Debian packages the tests need besides npm's: Chromium (report and end-to-end tests), Neovim
# (the language server's second real client, test/lsp/neovim.test.ts), and what installing
# code-server needs (kerberos headers, ripgrep, native build tools, unzip).
# Idempotent: does nothing when everything is there. Run by `npm test` (pretest) and .ci/run.
set -euo pipefail
missing=()
command -v chromium >/dev/null || missing+=(chromium)
command -v nvim >/dev/null || missing+=(neovim)
command -v rg >/dev/null || missing+=(ripgrep)
command -v unzip >/dev/null || missing+=(unzip)
[ -f /usr/include/gssapi/gssapi.h ] || missing+=(libkrb5-dev)
{ command -v make >/dev/null && command -v g++ >/dev/null; } || missing+=(build-essential)
command -v python3 >/dev/null || missing+=(python3)
command -v pkg-config >/dev/null || missing+=(pkg-config)
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null; then
    echo "vmdef tests need the Debian packages: ${missing[*]} (apt-get install -y ${missing[*]}, as root)" >&2
    exit 1
fi
echo "installing Debian packages for the tests: ${missing[*]}"
apt-get update
DEBIAN_FRONTEND=noninteractive apt-get install -y "${missing[@]}"
