#!/usr/bin/env bash
# A power cut of the PostgreSQL server: every scan a terminal was told was done survives it.
#
#   tools/power-cut.sh [--rounds N] [--expect-loss] [--keep]
#
# The server's data folder lives on depot-powercut (tools/powercut), a FUSE file system that
# keeps every write in memory until its file is synced. The server is set up with
# wal_sync_method = fdatasync, so that its log reaches the disk by fdatasync, the path the
# file system drops on a cut. A register is made (`depot init --sample`); then, each round,
# 8 `depot scan` terminals (4 checking out, 4 checking in; each pair on codes of its own, so
# that they keep succeeding) are fed codes one at a time, every answer kept with its time;
# 1 to 6 s in, at a random moment, the power goes: the file system drops everything unsynced
# and the server's processes are killed (SIGKILL) at once; the terminals live on. The file
# system is mounted again on what it kept, the server recovers there, the terminals go on for
# 2 s more (depot waits for a server that went away), then their input ends. For each code the
# ledger must hold at least as many movements as the OK answers the terminals printed for it
# in the round (and at most one more: a scan in flight at the cut, answered as an error);
# `depot verify` must pass.
#
#   --rounds N       rounds (default 3, or POWER_CUT_ROUNDS)
#   --expect-loss    the teeth: the terminals run with DEPOT_PG_SKIP_FLUSH=1 (a debug build's
#                    knob that makes the engine's flush, its barrier before an answer, a no-op)
#                    and the server flushes its log only every 10 s (no autovacuum, no background
#                    writer, which would flush it too); the run passes only if an
#                    acknowledged scan IS lost. (DEPOT_PG_SKIP_FLUSH=1 without --expect-loss
#                    fails the run, as it must.)
#   --keep           keep the work folder (logs, answers, the disk) and say where
#
# POWER_CUT_SEED=N repeats a run's cut moments. Needs /dev/fuse and fusermount3 (Debian's
# fuse3), PostgreSQL's binaries, and root or a user who may mount FUSE file systems; where
# /dev/fuse, fusermount3 or the right to mount is missing, or PostgreSQL is (unless
# DEPOT_REQUIRE_PG=1), it says so and exits 0, skipped.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=tools/pg.sh
. tools/pg.sh

rounds="${POWER_CUT_ROUNDS:-3}"
expect_loss=0
keep=0
while [ $# -gt 0 ]; do
  case "$1" in
    --rounds) rounds="$2"; shift ;;
    --expect-loss) expect_loss=1 ;;
    --keep) keep=1 ;;
    *) echo "usage: tools/power-cut.sh [--rounds N] [--expect-loss] [--keep]" >&2; exit 2 ;;
  esac
  shift
done

say() { echo "power-cut: $*" >&2; }
skip() { echo "power-cut: skipped: $*"; exit 0; }

[ -c /dev/fuse ] || skip "no /dev/fuse here (a FUSE file system cannot be mounted)"
command -v fusermount3 >/dev/null || skip "no fusermount3 (apt-get install fuse3)"
if ! pgbin=$(bin_dir); then
  [ "${DEPOT_REQUIRE_PG:-}" = 1 ] && { say "no PostgreSQL binaries under /usr/lib/postgresql (apt-get install postgresql)"; exit 1; }
  skip "no PostgreSQL binaries under /usr/lib/postgresql (apt-get install postgresql)"
fi
if [ "$(id -u)" -eq 0 ]; then
  id postgres >/dev/null 2>&1 || { say "running as root and there is no postgres user to run the server"; exit 1; }
fi

started=$(date +%s)
say "building depot and depot-powercut"
cargo build --quiet -p depot -p depot-powercut --bins
bins="$(cargo metadata --format-version 1 --no-deps | sed -n 's/.*"target_directory":"\([^"]*\)".*/\1/p')/debug"
depot="$bins/depot"
powercut="$bins/depot-powercut"

seed="${POWER_CUT_SEED:-$((RANDOM * 32768 + RANDOM))}"
RANDOM=$seed
work=$(mktemp -d "${TMPDIR:-/tmp}/depot-power-cut.XXXXXX")
chmod 755 "$work"
disk="$work/disk"  # what the file system synced: all that survives a cut
mnt="$work/mnt"    # the file system; the server's data folder is $mnt/data
run="$work/run"    # the server's socket and logs, off the cut disk
mkdir "$disk" "$mnt" "$run"
[ "$(id -u)" -eq 0 ] && chown postgres: "$disk" "$run"

fs_pid=""
pm_pid=""
boot=0  # the server's starts so far
kids=()
cleanup() {
  local rc=$?
  set +e
  [ ${#kids[@]} -gt 0 ] && kill -9 "${kids[@]}" 2>/dev/null
  [ -n "$pm_pid" ] && freeze_server && kill_server
  if [ -n "$fs_pid" ]; then
    kill -TERM "$fs_pid" 2>/dev/null
    wait "$fs_pid" 2>/dev/null
  fi
  mountpoint -q "$mnt" && fusermount3 -u -z "$mnt"
  if [ "$keep" -eq 1 ] || [ "$rc" -ne 0 ]; then
    say "the work folder is kept: $work"
  else
    rm -rf "$work"
  fi
}
trap cleanup EXIT

mount_fs() {
  "$powercut" "$disk" "$mnt" 2>>"$work/fs.log" &
  fs_pid=$!
  local i
  for i in $(seq 100); do
    mountpoint -q "$mnt" && return 0
    kill -0 "$fs_pid" 2>/dev/null || break
    sleep 0.1
  done
  if [ "$boot" -eq 0 ] && grep -q -E "not permitted|Permission denied" "$work/fs.log"; then
    skip "mounting a FUSE file system is not permitted here: $(tail -n 1 "$work/fs.log")"
  fi
  say "depot-powercut did not mount:"; tail -n 3 "$work/fs.log" >&2
  exit 1
}

# A power cut stops the server at once: the postmaster first (so it forks no more), then every
# child of it (each a process group of its own, so the group is not enough). Frozen, none of
# them answers a terminal again, not even with the errors the cut disk gives.
server_pids=()
freeze_server() {
  kill -STOP "$pm_pid" 2>/dev/null || true
  read -r -a server_pids <<<"$pm_pid $(ps -o pid= --ppid "$pm_pid" | tr '\n' ' ')"
  kill -STOP "${server_pids[@]}" 2>/dev/null || true
  pm_pid=""
}

# Then they die, and are gone (reaped) before the server starts again, as after a reboot: a
# dead postmaster's pid still in use would make the new one refuse to start.
kill_server() {
  local i
  kill -9 "${server_pids[@]}" 2>/dev/null || true
  for i in $(seq 100); do
    kill -0 "${server_pids[@]}" 2>/dev/null || return 0
    sleep 0.1
  done
  say "the server's processes are still there 10 s after SIGKILL: $(ps -o pid=,stat=,args= -p "$(IFS=,; echo "${server_pids[*]}")")"
  return 1
}

# A port of its own, away from tools/pg.sh's: chosen at random, so that runs side by side
# rarely meet; a cut server must get it back when it restarts.
# shellcheck disable=SC2046 # one port a word
port=$(free_port $(for i in $(seq 20); do echo $((55000 + RANDOM % 1000)); done)) || {
  say "no free port among 20 tried in 55000…55999"; exit 1; }
url="postgres://$role:$password@127.0.0.1:$port/power_cut"
server_opts=(-c wal_sync_method=fdatasync -c fsync=on -c full_page_writes=on)
knob=()
if [ "$expect_loss" -eq 1 ]; then
  # An unflushed commit stays unflushed until the cut: no timed or sized log flush, no
  # background writes (a data page written forces the log out before it), no autovacuum (its
  # own commits wait for the disk, and so flush everyone's before them).
  server_opts+=(-c wal_writer_delay=10000 -c wal_writer_flush_after=1GB -c bgwriter_lru_maxpages=0 -c autovacuum=off)
  knob=(env DEPOT_PG_SKIP_FLUSH=1)
fi

start_pg() {
  boot=$((boot + 1))
  # pg_ctl says, after a cut, that the postmaster.pid left behind is stale: into its log.
  start_server "$pgbin" "$mnt/data" "$run" "$port" "$run/server-$boot.log" "${server_opts[@]}" \
    2>"$run/pg_ctl-$boot.log" || {
    say "the server did not start:"; tail -n 5 "$run/pg_ctl-$boot.log" "$run/server-$boot.log" >&2; exit 1; }
  pm_pid=$(head -n 1 "$mnt/data/postmaster.pid")
}

psql_q() { "$pgbin/psql" -X -q -A -t -v ON_ERROR_STOP=1 "$url" -c "$1"; }

mount_fs
init_cluster "$pgbin" "$mnt/data" "$run/initdb.log" || {
  say "initdb failed:"; tail -n 5 "$run/initdb.log" >&2; exit 1; }
start_pg
"$pgbin/psql" -X -q -v ON_ERROR_STOP=1 "${url%/power_cut}/postgres" -c "CREATE DATABASE power_cut"
"$depot" --db "$url" --lang en init --sample >"$work/init.log" 2>&1 || {
  say "depot init --sample failed:"; tail -n 5 "$work/init.log" >&2; exit 1; }
psql_q CHECKPOINT
station=ZHAN-0102
per=8  # codes per terminal
mapfile -t codes < <(psql_q "SELECT barcode FROM depot.stock WHERE kind = 'asset'
  AND status = 'ready' AND location IS NULL AND owner <> '$station'
  AND barcode NOT IN (SELECT barcode FROM depot.kit_contents) ORDER BY barcode LIMIT $((8 * per))")
[ ${#codes[@]} -eq $((8 * per)) ] || { say "the sample has only ${#codes[@]} ready assets at home"; exit 1; }
say "seed $seed; $rounds rounds; server: ${server_opts[*]}${knob[*]:+; terminals: ${knob[*]:1}}"

# Feeds the pair of terminals p (2p checks out, 2p+1 checks in) one code each at a time, the
# halves of the pair's codes swapping between them every pass, and keeps every answer with
# the time it came; when $1/stop appears (or a terminal is gone) it closes their input and
# keeps the answers still coming.
feed_pair() {
  local dir="$1" p="$2" a="$1/T$(($2 * 2))" b="$1/T$(($2 * 2 + 1))"
  local x=("${codes[@]:$((p * 2 * per)):per}") y=("${codes[@]:$((p * 2 * per + per)):per}")
  local aw ar bw br al bl i pass=0 line
  trap '' PIPE
  exec {aw}>"$a.in" {ar}<"$a.out" {bw}>"$b.in" {br}<"$b.out" {al}>>"$a.answers" {bl}>>"$b.answers"
  while [ ! -e "$dir/stop" ]; do
    for ((i = 0; i < per; i++)); do
      if ((pass % 2 == 0)); then
        echo "${x[i]}" >&"$aw" && echo "${y[i]}" >&"$bw" || break 2
      else
        echo "${y[i]}" >&"$aw" && echo "${x[i]}" >&"$bw" || break 2
      fi
      read -r -t 60 -u "$ar" line || break 2
      echo "$EPOCHREALTIME $line" >&"$al"
      read -r -t 60 -u "$br" line || break 2
      echo "$EPOCHREALTIME $line" >&"$bl"
      [ -e "$dir/stop" ] && break 2
    done
    pass=$((pass + 1))
  done 2>/dev/null
  exec {aw}>&- {bw}>&-
  while read -r -t 30 -u "$ar" line; do echo "$EPOCHREALTIME $line" >&"$al"; done
  while read -r -t 30 -u "$br" line; do echo "$EPOCHREALTIME $line" >&"$bl"; done
}

# OK answers per code, from the answer files given.
oks() { cat "$@" | awk '$2 == "OK" { n[$3]++ } END { for (c in n) print c, n[c] }' | LC_ALL=C sort; }

lost_any=0
for ((r = 1; r <= rounds; r++)); do
  dir="$work/round-$r"
  mkdir "$dir"
  base=$(psql_q "SELECT coalesce(max(seq), 0) FROM depot.ledger")
  kids=()
  for t in 0 1 2 3 4 5 6 7; do
    mkfifo "$dir/T$t.in" "$dir/T$t.out"
    if ((t % 2 == 0)); then mode=(--mode out --to "$station"); else mode=(--mode in); fi
    DEPOT_OPERATOR=sample ${knob[@]+"${knob[@]}"} "$depot" --db "$url" --lang en scan "${mode[@]}" \
      <"$dir/T$t.in" >"$dir/T$t.out" 2>"$dir/T$t.err" &
    kids+=($!)
  done
  feeders=()
  for p in 0 1 2 3; do
    feed_pair "$dir" "$p" &
    feeders+=($!)
  done
  kids+=("${feeders[@]}")
  ms=$((RANDOM % 5000 + 1000))
  t0=$EPOCHREALTIME
  sleep "$((ms / 1000)).$(printf %03d $((ms % 1000)))"

  # The power cut: the disk keeps only what was synced, and the server dies with it. The
  # terminals live on, as on machines of their own.
  cut_at=$EPOCHREALTIME
  cuts=$(grep -c 'power cut:' "$work/fs.log" || true)
  freeze_server
  kill -USR1 "$fs_pid"
  for i in $(seq 100); do
    [ "$(grep -c 'power cut:' "$work/fs.log" || true)" -gt "$cuts" ] && break
    sleep 0.05
  done
  kill_server || exit 1
  for i in $(seq 200); do kill -0 "$fs_pid" 2>/dev/null || break; sleep 0.1; done
  if kill -0 "$fs_pid" 2>/dev/null; then
    say "round $r: the file system is still mounted 20 s after the cut"; exit 1
  fi
  wait "$fs_pid" || true
  fs_pid=""
  dropped=$(grep 'power cut:' "$work/fs.log" | tail -n 1 | sed 's/.*power cut: dropped //')

  # Power back: the disk as it was synced, the server's crash recovery there. Terminals that
  # waited for the server go on for 2 s more; then their input ends, and their last answers
  # are kept.
  up0=$EPOCHREALTIME
  mount_fs
  start_pg
  up1=$EPOCHREALTIME
  sleep 2
  touch "$dir/stop"
  for f in "${feeders[@]}"; do wait "$f" || true; done
  for i in $(seq 300); do kill -0 "${kids[@]}" 2>/dev/null || break; sleep 0.1; done
  kill -9 "${kids[@]}" 2>/dev/null || true
  for k in "${kids[@]}"; do wait "$k" 2>/dev/null || true; done
  kids=()

  oks "$dir"/T*.answers >"$dir/answered"
  psql_q "SELECT barcode, count(*) FROM depot.ledger WHERE seq > $base GROUP BY barcode ORDER BY barcode" \
    | tr '|' ' ' | LC_ALL=C sort >"$dir/ledger"
  answered=$(awk '{ s += $2 } END { print s + 0 }' "$dir/answered")
  before=$(cat "$dir"/T*.answers | awk -v c="$cut_at" '$2 == "OK" && $1 <= c' | wc -l)
  after=$(cat "$dir"/T*.answers | awk -v c="$up1" '$2 == "OK" && $1 > c' | wc -l)
  errors=$(cat "$dir"/T*.answers | awk '$2 != "OK"' | wc -l)
  went_on=$(for f in "$dir"/T*.answers; do awk -v c="$up1" '$2 == "OK" && $1 > c { print FILENAME; exit }' "$f"; done | wc -l)
  lost=$(LC_ALL=C join -a 1 -e 0 -o 0,1.2,2.2 "$dir/answered" "$dir/ledger" | awk '$3 < $2')
  doubled=$(LC_ALL=C join -a 1 -a 2 -e 0 -o 0,1.2,2.2 "$dir/answered" "$dir/ledger" | awk '$3 > $2 + 1')
  in_flight=$(LC_ALL=C join -a 1 -a 2 -e 0 -o 0,1.2,2.2 "$dir/answered" "$dir/ledger" | awk '$3 == $2 + 1' | wc -l)
  secs=$(awk -v a="$t0" -v b="$cut_at" 'BEGIN { printf "%.2f", b - a }')
  say "round $r: cut after ${secs} s and $before scans answered OK ($(awk -v n="$before" -v s="$secs" 'BEGIN { printf "%.0f", n / s }')/s); dropped $dropped; the server back in $(awk -v a="$up0" -v b="$up1" 'BEGIN { printf "%.1f", b - a }') s; $((answered - before - after)) OK answers read between, $after after (from $went_on of the 8 terminals); $errors other answers; $in_flight codes with one movement more than their OK answers (in flight)"
  if [ -n "$doubled" ]; then
    say "round $r: a code has more movements than its OK answers and the one in flight (code, OK answers, movements):"
    echo "$doubled" >&2
    exit 1
  fi
  if [ -n "$lost" ]; then
    lost_any=1
    say "round $r: LOST: $(echo "$lost" | awk '{ s += $2 - $3 } END { print s }') acknowledged scans of $(echo "$lost" | wc -l) codes are not in the ledger; the first:"
    head -n 5 <<<"$lost" | while read -r code n m; do
      when=$(cat "$dir"/T*.answers | awk -v c="$code" -v cut="$cut_at" '$2 == "OK" && $3 == c && $1 <= cut { t = $1 }
        END { if (t == "") print "none before the cut"; else printf "the last before the cut %.3f s before it", cut - t }')
      say "  $code: answered OK $n times ($when), $m movements in the ledger"
    done
    [ "$expect_loss" -eq 1 ] && break
    exit 1
  fi
  "$depot" --db "$url" --lang en verify >"$dir/verify.log" 2>&1 || {
    say "round $r: depot verify failed:"; tail -n 5 "$dir/verify.log" >&2; exit 1; }
  say "round $r: nothing acknowledged was lost; $(tail -n 1 "$dir/verify.log")"
done

took=$(($(date +%s) - started))
if [ "$expect_loss" -eq 1 ]; then
  if [ "$lost_any" -eq 0 ]; then
    say "FAILED: no acknowledged scan was lost, though the terminals did not wait for the disk (DEPOT_PG_SKIP_FLUSH=1): this test could not see a loss (${took} s)"
    exit 1
  fi
  say "passed: with the terminals not waiting for the disk (DEPOT_PG_SKIP_FLUSH=1), acknowledged scans were lost, and this test saw it (${took} s)"
else
  say "passed: $rounds power cuts, every acknowledged scan survived (${took} s)"
fi
