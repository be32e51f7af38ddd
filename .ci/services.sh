#!/usr/bin/env bash
# Starts the services the server's test suites use and prints the environment they read, for .ci/run to eval:
#
#   eval "$(.ci/services.sh)"
#
# - installs (apt-get, only what is missing) postgresql, chromium, chromium-driver, a CJK font
#   (fonts-wqy-zenhei, so the Chinese screenshots of the browser test show characters, not boxes) and wrk (the
#   load benchmark of README.md, run by ReadmeCommandsIT) and python3-prometheus-client (the reference parser of
#   the /metrics tests);
# - starts the Debian PostgreSQL 15 cluster "main" on 127.0.0.1 (port WHYREC_PG_PORT, default 5432; created when
#   absent, reused when already running);
# - creates the role whyrec (password WHYREC_PG_PASSWORD, default whyrec) and the database whyrec_test it owns
#   (the suites create and drop one schema per test inside it);
# - prints "export WHYREC_TEST_PG_URL=..." on stdout. Everything else goes to stderr.
# Needs root, or sudo for apt-get and the postgres user. Idempotent: running it twice changes nothing.
set -euo pipefail
log() { echo ".ci/services.sh: $*" >&2; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
as_pg() { if [ "$(id -u)" = 0 ]; then su postgres -s /bin/sh -c "$1"; else sudo -u postgres sh -c "$1"; fi; }

PG_VERSION=15
PG_PORT="${WHYREC_PG_PORT:-5432}"
PG_PASSWORD="${WHYREC_PG_PASSWORD:-whyrec}"
PG_DB=whyrec_test

need=()
[ -x "/usr/lib/postgresql/$PG_VERSION/bin/postgres" ] && command -v pg_ctlcluster >/dev/null || need+=(postgresql)
[ -x /usr/bin/chromium ] || need+=(chromium)
[ -x /usr/bin/chromedriver ] || need+=(chromium-driver)
[ -d /usr/share/fonts/truetype/wqy ] || need+=(fonts-wqy-zenhei)
command -v wrk >/dev/null || need+=(wrk)  # the load benchmark README.md shows, which ReadmeCommandsIT runs
# the reference Prometheus text parser that MetricsTest and ObservabilityTest check /metrics with
/usr/bin/python3 -c 'import prometheus_client.parser' 2>/dev/null || need+=(python3-prometheus-client)
if [ "${#need[@]}" -gt 0 ]; then
  log "installing ${need[*]}"
  as_root apt-get update >&2
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${need[@]}" >&2
fi

if ! pg_lsclusters -h 2>/dev/null | awk -v v="$PG_VERSION" '$1 == v && $2 == "main"' | grep -q .; then
  log "creating the PostgreSQL $PG_VERSION cluster main on port $PG_PORT"
  as_root pg_createcluster "$PG_VERSION" main --port "$PG_PORT" -- --auth-local=peer --auth-host=scram-sha-256 >&2
fi
port="$(pg_lsclusters -h | awk -v v="$PG_VERSION" '$1 == v && $2 == "main" {print $3}')"
if ! pg_lsclusters -h | awk -v v="$PG_VERSION" '$1 == v && $2 == "main" {print $4}' | grep -q online; then
  log "starting PostgreSQL $PG_VERSION main on 127.0.0.1:$port"
  as_root pg_ctlcluster "$PG_VERSION" main start -o "-c listen_addresses=127.0.0.1" >&2
fi
for _ in $(seq 1 60); do
  pg_isready -q -h 127.0.0.1 -p "$port" && break
  sleep 0.5
done
pg_isready -q -h 127.0.0.1 -p "$port" || { log "PostgreSQL did not come up on 127.0.0.1:$port"; exit 1; }

psql_pg() { as_pg "psql -v ON_ERROR_STOP=1 -p $port -qtAc \"$1\""; }
if [ "$(psql_pg "SELECT 1 FROM pg_roles WHERE rolname = 'whyrec'")" != 1 ]; then
  log "creating role whyrec"
  psql_pg "CREATE ROLE whyrec LOGIN PASSWORD '$PG_PASSWORD'" >&2
fi
if [ "$(psql_pg "SELECT 1 FROM pg_database WHERE datname = '$PG_DB'")" != 1 ]; then
  log "creating database $PG_DB"
  psql_pg "CREATE DATABASE $PG_DB OWNER whyrec" >&2
fi
url="jdbc:postgresql://127.0.0.1:$port/$PG_DB?user=whyrec&password=$PG_PASSWORD"
PGPASSWORD="$PG_PASSWORD" psql -h 127.0.0.1 -p "$port" -U whyrec -d "$PG_DB" -qtAc "SELECT 1" >/dev/null \
  || { log "cannot log in as whyrec on 127.0.0.1:$port/$PG_DB"; exit 1; }
log "PostgreSQL ready: 127.0.0.1:$port/$PG_DB; chromium $( /usr/bin/chromium --version 2>/dev/null | awk '{print $2}')"
echo "export WHYREC_TEST_PG_URL='$url'"
