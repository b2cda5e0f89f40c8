#!/usr/bin/env bash
# The whole test suite on a fresh machine: installs the small tools the tests drive
# (.ci/packages.txt, from Debian) when they are missing, then runs cargo test.
set -euo pipefail
cd "$(dirname "$0")/.."
need=()
while read -r p; do
  case "$p" in ''|'#'*) continue ;; esac
  dpkg -s "$p" >/dev/null 2>&1 || need+=("$p")
done < .ci/packages.txt
if [ ${#need[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo=sudo
  echo "installing test tools: ${need[*]}" >&2
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
cargo test --locked
