#!/usr/bin/env bash
# The whole test suite on a fresh machine: installs the small tools the tests drive
# (.ci/packages.txt, from Debian) when they are missing, starts a throwaway PostgreSQL cluster
# on loopback for the server engine's tests (tools/pg.sh; stopped on exit), then runs cargo test,
# then the power cut of the server (tools/power-cut.sh) as it must pass and, with commits that do
# not wait for the disk, as it must fail.
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
# The server engine's tests run against a throwaway cluster; without one they print that they
# are skipped (and fail where DEPOT_REQUIRE_PG=1, as in CI).
export PG_STATE="${TMPDIR:-/tmp}/depot-pg-test-$$"
if started=$(tools/pg.sh start 2>/tmp/depot-pg-start-$$.log); then
  trap 'tools/pg.sh stop' EXIT
  eval "$started"
  export DEPOT_TEST_PG
else
  echo "no PostgreSQL test server ($(tail -n 1 /tmp/depot-pg-start-$$.log)); its tests are skipped" >&2
fi
rm -f /tmp/depot-pg-start-$$.log
cargo test --workspace --locked
# A shell step, not a cargo test: it builds the binaries it runs, mounts a FUSE file system and
# runs a server of its own for half a minute. Each says "skipped" and why where /dev/fuse (or the
# right to mount) is missing.
tools/power-cut.sh
tools/power-cut.sh --expect-loss
