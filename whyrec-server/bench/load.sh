#!/usr/bin/env bash
# Load benchmark of a running whyrec server with wrk (Debian package; installed when missing).
#
#   whyrec-server/bench/load.sh [BASE_URL]
#
# Environment (defaults in brackets):
#   WHYREC_ADMIN_KEY   admin key of the server (required)
#   WHYREC_USERS       file with one user id per line [first column of
#                      ../shared/data/ml-1m-colakg-implicit/train.txt, the ML-1M implicit users]
#   WHYREC_QUERY       query string [k=10&explain=true&method=exact]
#   DURATION [30s]  CONNECTIONS [16]  THREADS [2]  WARMUP [10s]
#   (16 connections: wrk shares the 2 cores with the server, so more connections only queue; 8 gives lower
#   latency at slightly lower throughput)
#
# Prints throughput and p50/p90/p99 latency of recommend+explain for users drawn at random (seeded).
# Reproduce the figures of the issue:
#   bin/whyrec import --format user-items --train ../shared/data/ml-1m-colakg-implicit/train.txt \
#     --test ../shared/data/ml-1m-colakg-implicit/test.txt --item-map ../shared/data/ml-1m-colakg-implicit/item_map.txt \
#     --items ../shared/data/ml-1m/movies.dat --data-dir /tmp/ml1m
#   WHYREC_ADMIN_KEY=bench-admin-key-0123456789 bin/whyrec serve --data-dir /tmp/ml1m --port 18080 &
#   WHYREC_ADMIN_KEY=bench-admin-key-0123456789 whyrec-server/bench/load.sh http://127.0.0.1:18080
#   WHYREC_ADMIN_KEY=bench-admin-key-0123456789 MODE=ingest CONNECTIONS=4 WARMUP=0 \
#     whyrec-server/bench/load.sh http://127.0.0.1:18080
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
base="${1:-http://127.0.0.1:8080}"
: "${WHYREC_ADMIN_KEY:?set WHYREC_ADMIN_KEY to the admin key of the server}"
if ! command -v wrk >/dev/null 2>&1; then
  echo "load.sh: installing wrk" >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y wrk >/dev/null 2>&1 \
    || { apt-get update >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y wrk >/dev/null; }
fi
if [ -z "${WHYREC_USERS:-}" ]; then
  train="$root/../shared/data/ml-1m-colakg-implicit/train.txt"
  [ -f "$train" ] || { echo "load.sh: set WHYREC_USERS (no $train)" >&2; exit 2; }
  WHYREC_USERS="$(mktemp)"
  trap 'rm -f "$WHYREC_USERS"' EXIT
  cut -d' ' -f1 "$train" > "$WHYREC_USERS"
fi
export WHYREC_USERS WHYREC_ADMIN_KEY
export WHYREC_QUERY="${WHYREC_QUERY:-k=10&explain=true&method=exact}"
nusers=$(wc -l < "$WHYREC_USERS")
script="$here/recommend.lua"
if [ "${MODE:-recommend}" = "ingest" ]; then
  script="$here/ingest.lua"
  echo "load.sh: $base, $nusers users, POST /v1/events in batches of ${WHYREC_BATCH:-500}"
else
  echo "load.sh: $base, $nusers users, query: $WHYREC_QUERY"
fi
if [ "${WARMUP:-10s}" != "0" ]; then
  wrk -t "${THREADS:-2}" -c "${CONNECTIONS:-16}" -d "${WARMUP:-10s}" -s "$script" "$base" >/dev/null
fi
wrk -t "${THREADS:-2}" -c "${CONNECTIONS:-16}" -d "${DURATION:-30s}" --latency -s "$script" "$base" \
  | grep -E "^(requests|throughput|latency|Non-2xx)"
