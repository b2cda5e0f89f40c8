#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the tests of depot's server engine.
#
#   tools/pg.sh start   creates a cluster in a fresh temporary folder (Debian's binaries), on
#                       127.0.0.1 only, at an unusual port, with an admin role for the tests,
#                       and TLS on (a CA and a certificate for localhost and 127.0.0.1, made by
#                       openssl); prints `export DEPOT_TEST_PG=postgres://…` and
#                       `export DEPOT_TEST_PG_CA=…/ca.pem` (eval them) and keeps the
#                       folder's name in $PG_STATE (default: a file in /tmp named after this checkout)
#   tools/pg.sh stop    stops that cluster and removes its folder
#   tools/pg.sh url     prints the URL of the running cluster
#   tools/pg.sh restart stops that cluster at once, as a crash or a power cut would (no
#                       checkpoint: `pg_ctl -m immediate`), and starts it again, which then
#                       recovers from its log (for the tests of terminals that outlive a restart)
#   tools/pg.sh down    stops it at once, keeping its folder; `tools/pg.sh up` starts it again
#
# initdb refuses to run as root: as root, the cluster belongs to the `postgres` user (runuser).
# Sourced (`. tools/pg.sh`), it only defines its functions, for another script's cluster
# (tools/power-cut.sh): bin_dir, as_owner, free_port, init_cluster and start_server.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
state="${PG_STATE:-${TMPDIR:-/tmp}/depot-pg-$(id -u)-$(echo "$PWD" | cksum | cut -d" " -f1)}"
role=depot_test
password=depot_test

say() { echo "tools/pg.sh: $*" >&2; }

bin_dir() {
  local d
  d=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  [ -n "$d" ] && [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ] || return 1
  echo "$d"
}

# Runs a command as the cluster's owner: the postgres user when we are root.
as_owner() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

# A CA and a server certificate signed by it, in $1 (the cluster's folder): tls/ca.pem, and
# tls/server.pem and tls/server.key for the server. Valid for a month, for this cluster only.
make_tls() {
  local t="$1/tls"
  mkdir "$t"
  (
    cd "$t"
    openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 30 \
      -subj "/CN=depot test CA" -keyout ca.key -out ca.pem
    openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
      -subj "/CN=localhost" -keyout server.key -out server.csr
    printf '%s\n' "subjectAltName=DNS:localhost,IP:127.0.0.1" "basicConstraints=CA:FALSE" \
      "keyUsage=digitalSignature" "extendedKeyUsage=serverAuth" >server.ext
    openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 30 \
      -extfile server.ext -out server.pem
    rm -f ca.key server.csr server.ext ca.srl
    chmod 600 server.key
  ) >"$1/tls.log" 2>&1 || return 1
  [ "$(id -u)" -eq 0 ] && chown -R postgres: "$t"
  chmod 755 "$t"
  chmod 644 "$t/ca.pem"
}

# The first of the ports given (default: 54329, 54339 … 54399) that nothing listens on.
free_port() {
  local p
  [ $# -gt 0 ] || set -- 54329 54339 54349 54359 54369 54379 54389 54399
  for p in "$@"; do
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
      echo "$p"
      return 0
    fi
  done
  return 1
}

# initdb of a new cluster in the folder $2 (made by initdb; its parent belongs to the owner),
# with the admin role and scram-sha-256 passwords; $1 is the binaries' folder, $3 the log.
init_cluster() {
  local pw rc=0
  pw=$(mktemp "${TMPDIR:-/tmp}/depot-pg-pw.XXXXXX")
  echo "$password" >"$pw"
  [ "$(id -u)" -eq 0 ] && chown postgres: "$pw"
  as_owner "$1/initdb" -D "$2" -U "$role" --pwfile="$pw" -A scram-sha-256 \
    -E UTF8 --locale=C.UTF-8 >"$3" 2>&1 || rc=$?
  rm -f "$pw"
  return "$rc"
}

# Starts the cluster in $2 on 127.0.0.1 port $4 only, its socket in the folder $3, its log $5
# (both writable by the owner); the remaining arguments are more server options (-c name=value).
# Waits until it accepts connections (after a crash, once it has recovered).
start_server() {
  local bin="$1" data="$2" sock="$3" port="$4" log="$5"
  shift 5
  as_owner "$bin/pg_ctl" -D "$data" -l "$log" -w -t 30 \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $sock -c max_connections=100 $*" start >/dev/null
}

start() {
  local bin dir port
  if [ -f "$state" ] && dir=$(sed -n 1p "$state") && [ -d "$dir" ]; then
    say "a cluster is already running in $dir (tools/pg.sh stop first)"
    url
    return 0
  fi
  bin=$(bin_dir) || { say "no PostgreSQL binaries under /usr/lib/postgresql (apt-get install postgresql)"; return 1; }
  if [ "$(id -u)" -eq 0 ]; then
    command -v runuser >/dev/null || { say "running as root and runuser is missing (initdb refuses root)"; return 1; }
    id postgres >/dev/null 2>&1 || { say "running as root and there is no postgres user to run the cluster"; return 1; }
  fi
  port=$(free_port) || { say "no free port among 54329…54399"; return 1; }
  dir=$(mktemp -d /tmp/depot-pg.XXXXXX)
  chmod 755 "$dir"
  [ "$(id -u)" -eq 0 ] && chown postgres: "$dir"
  init_cluster "$bin" "$dir/data" "$dir/initdb.log" || {
    say "initdb failed:"; tail -n 5 "$dir/initdb.log" >&2; rm -rf "$dir"; return 1; }
  local tls=""
  if ! command -v openssl >/dev/null; then
    say "no openssl (apt-get install openssl): the cluster runs without TLS and the TLS tests are skipped"
  elif make_tls "$dir"; then
    tls="-c ssl=on -c ssl_cert_file=$dir/tls/server.pem -c ssl_key_file=$dir/tls/server.key"
  else
    say "the test certificates could not be made (the cluster runs without TLS):"; tail -n 5 "$dir/tls.log" >&2
  fi
  # Loopback only, the socket in the cluster's own folder; fsync stays on (the engine is tested
  # as it runs for real, and depot never turns durability off).
  # What `up` starts it with again.
  echo "-c listen_addresses=127.0.0.1 -p $port -k $dir -c max_connections=100 $tls" >"$dir/opts"
  # shellcheck disable=SC2086 # $tls is several options
  start_server "$bin" "$dir/data" "$dir" "$port" "$dir/server.log" $tls || {
    say "the server did not start:"; tail -n 5 "$dir/server.log" >&2; rm -rf "$dir"; return 1; }
  printf '%s\n%s\n%s\n' "$dir" "$port" "$bin" >"$state"
  url
}

url() {
  local port
  port=$(sed -n 2p "$state")
  echo "export DEPOT_TEST_PG=postgres://$role:$password@127.0.0.1:$port/postgres"
  local dir
  dir=$(sed -n 1p "$state")
  if [ -f "$dir/tls/ca.pem" ]; then
    echo "export DEPOT_TEST_PG_CA=$dir/tls/ca.pem"
  else
    echo "unset DEPOT_TEST_PG_CA"
  fi
}

stop() {
  [ -f "$state" ] || { say "no cluster is running"; return 0; }
  local dir bin
  dir=$(sed -n 1p "$state")
  bin=$(sed -n 3p "$state")
  if [ -d "$dir/data" ]; then
    as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
  fi
  rm -rf "$dir" "$state"
}

restart() {
  [ -f "$state" ] || { say "no cluster is running"; return 1; }
  local dir bin
  dir=$(sed -n 1p "$state")
  bin=$(sed -n 3p "$state")
  as_owner "$bin/pg_ctl" -D "$dir/data" -m immediate -w -t 60 restart >/dev/null || {
    say "the server did not start again:"; tail -n 5 "$dir/server.log" >&2; return 1; }
}

# The cluster stopped at once, as a crash would, its folder kept (`down`), and started again on
# it (`up`): for the tests of terminals that wait for a server that went away.
down() {
  [ -f "$state" ] || { say "no cluster is running"; return 1; }
  local dir bin
  dir=$(sed -n 1p "$state")
  bin=$(sed -n 3p "$state")
  as_owner "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null
}

up() {
  [ -f "$state" ] || { say "no cluster"; return 1; }
  local dir bin
  dir=$(sed -n 1p "$state")
  bin=$(sed -n 3p "$state")
  as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
    -o "$(cat "$dir/opts")" start >/dev/null || {
    say "the server did not start again:"; tail -n 5 "$dir/server.log" >&2; return 1; }
}

[ "${BASH_SOURCE[0]}" = "$0" ] || return 0
case "${1:-}" in
  start) start ;;
  stop) stop ;;
  restart) restart ;;
  down) down ;;
  up) up ;;
  url) [ -f "$state" ] && url ;;
  *) echo "usage: tools/pg.sh start|stop|restart|down|up|url" >&2; exit 2 ;;
esac
