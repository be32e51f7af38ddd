#!/usr/bin/env bash
# The issue's load figures in one go, on a quiet machine: recommend+explain (exact) for random ML-1M implicit users
# without and with the response cache, then ingestion into SQLite (and PostgreSQL when WHYREC_BENCH_PG_URL is set).
#
#   whyrec-server/bench/all.sh [WORK_DIR]        (default WORK_DIR: /tmp/whyrec-bench)
#
# The uncached runs ask the default model (ease, tuned on validation at the first start; the later starts are given
# the configuration it chose) and then the profile model.
# Environment: PORT [18080]; CONNECTIONS [16] for the recommend runs (ingestion uses 4); DURATION [30s];
# WARMUP [30s] before each recommend run (a fresh JVM's C2 compiler is still busy for tens of seconds on 2 cores:
# measured server CPU per request 0.88 ms in the first 20 s after start, 0.44 ms in the next 20 s, under load);
# WHYREC_JAVA_OPTS (JVM options of the server, default those of bin/whyrec);
# WHYREC_BENCH_PG_URL, e.g. jdbc:postgresql://127.0.0.1:5432/whyrec_bench?user=whyrec&password=whyrec (an empty
# database the server may fill; `eval "$(bash .ci/services.sh)"` starts PostgreSQL).
# Each run prints wrk's figures plus `uptime` (machine load) and the server's CPU time per request.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
work="${1:-/tmp/whyrec-bench}"
port="${PORT:-18080}"
data="$root/../shared/data"
export WHYREC_ADMIN_KEY="${WHYREC_ADMIN_KEY:-bench-admin-key-0123456789}"
mkdir -p "$work"
if [ ! -f "$work/ml1m/dataset.whyrec" ]; then
  "$root/bin/whyrec" import --format user-items --train "$data/ml-1m-colakg-implicit/train.txt" \
    --test "$data/ml-1m-colakg-implicit/test.txt" --item-map "$data/ml-1m-colakg-implicit/item_map.txt" \
    --items "$data/ml-1m/movies.dat" --data-dir "$work/ml1m"
fi
pid=""
stop() { if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; pid=""; fi; }
trap stop EXIT
# start DIR LOG ARGS...: starts the server and waits until the warm-up of every user's input is done
start() {
  local dir="$1" log="$2"; shift 2
  "$root/bin/whyrec" serve --data-dir "$dir" --port "$port" "$@" >"$log" 2>&1 &
  pid=$!
  for _ in $(seq 1 600); do
    grep -q "warm-up:" "$log" 2>/dev/null && return 0
    kill -0 "$pid" 2>/dev/null || { cat "$log" >&2; exit 1; }
    sleep 1
  done
  echo "all.sh: the server did not finish its warm-up in 600 s (the default model is tuned at start) (see $log)" >&2
  exit 1
}
# cpu: utime + stime of the server's JVM in clock ticks (bin/whyrec execs java, so $pid is the JVM)
cpu() { awk '{print $14 + $15}' "/proc/$pid/stat"; }
run() {
  local label="$1"; shift
  echo "== $label ($(date -u +%H:%M:%S) UTC, uptime:$(uptime | sed 's/.*load average/ load average/'))"
  local c0; c0=$(cpu)
  local out; out=$(env "$@" "$here/load.sh" "http://127.0.0.1:$port")
  local c1; c1=$(cpu)
  echo "$out"
  local n; n=$(echo "$out" | sed -n 's/^requests \([0-9]*\),.*/\1/p')
  awk -v c=$((c1 - c0)) -v t="$(getconf CLK_TCK)" -v n="$n" \
    'BEGIN { if (n > 0) printf "server cpu %.3f ms per request (warm-up included)\n", 1000 * c / t / n }'
}

start "$work/ml1m" "$work/serve-uncached.log" --response-cache-mb 0
run "recommend+explain exact, uncached, ${CONNECTIONS:-16} connections" CONNECTIONS="${CONNECTIONS:-16}" \
  WARMUP="${WARMUP:-30s}"
run "recommend+explain exact, uncached, 8 connections" CONNECTIONS=8 WARMUP="${WARMUP:-30s}"
run "recommend+explain exact, model=profile, uncached, ${CONNECTIONS:-16} connections" CONNECTIONS="${CONNECTIONS:-16}" \
  WARMUP="${WARMUP:-30s}" WHYREC_QUERY="model=profile&k=10&explain=true&method=exact"
stop
# the later starts serve the configuration the first start chose on validation, instead of tuning it again
# (a minute each on ML-1M here): "model ease {lambda=1600.0, weighting=binary} (fitted, tuned on validation)"
tuned=$(sed -n 's/.* model ease {\([^}]*\)} (fitted, tuned on validation).*/\1/p' "$work/serve-uncached.log" | head -1)
if [ -z "$tuned" ]; then
  echo "all.sh: the first start did not log the tuned ease configuration (see $work/serve-uncached.log)" >&2
  exit 1
fi
tuned="ease.$(echo "$tuned" | sed 's/, /,ease./g')"
echo "== ease as tuned at the first start: $tuned"
start "$work/ml1m" "$work/serve-cached.log" --param "$tuned"
run "recommend+explain exact, response cache, ${CONNECTIONS:-16} connections" CONNECTIONS="${CONNECTIONS:-16}" \
  WARMUP="${WARMUP:-30s}"
stop

# ingestion into a copy of the store (the recommend data stays as imported)
rm -rf "$work/ingest" && mkdir -p "$work/ingest" && cp "$work/ml1m/dataset.whyrec" "$work/ingest/"
start "$work/ingest" "$work/serve-ingest.log" --param "$tuned"
run "ingestion, SQLite, batches of 500, 4 connections" MODE=ingest CONNECTIONS=4 WARMUP=0
stop
if [ -n "${WHYREC_BENCH_PG_URL:-}" ]; then
  rm -rf "$work/ingest-pg" && mkdir -p "$work/ingest-pg" && cp "$work/ml1m/dataset.whyrec" "$work/ingest-pg/"
  start "$work/ingest-pg" "$work/serve-ingest-pg.log" --jdbc-url "$WHYREC_BENCH_PG_URL" --param "$tuned"
  run "ingestion, PostgreSQL, batches of 500, 4 connections" MODE=ingest CONNECTIONS=4 WARMUP=0
  stop
fi
