#!/usr/bin/env bash
# The Spark scale study (issue 14 item 6, docs/scale.md "The Spark job at 1M, 10M and 50M events"): seeded
# synthetic event sets, the whole `bin/whyrec spark` job on each, on local[2] and on a standalone cluster of two
# workers started on 127.0.0.1, with the wall time of every stage and the driver's peak RSS.
#
#   whyrec-spark/scale.sh [WORK_DIR] [SIZES] [MODES]
#       WORK_DIR  default /tmp/whyrec-spark-scale
#       SIZES     default "1m 10m": 1m = 25,000 users x 5,000 items, 10m = 250,000 x 10,000, 50m = 1,250,000 x
#                 10,000 (about 40 events per user, Zipf 0.7 popularity and planted facet favourites: the
#                 generator of `ScaleBench synthetic`, seed 7)
#       MODES     default "local": local = local[2]; cluster = a Master and two Workers (1 core each) on loopback
# Environment: SCALE_XMX driver heap [12g]; WORKER_MEMORY per worker [4g]; EXECUTOR_MEMORY [3g];
#              SCALE_MODELS [itemknn,ease]; SCALE_PARTITIONS [4];
#              SCALE_INPUT [cluster]: the events are a CSV (user,item,timestamp: the user-items positions as
#              timestamps, as the user-items importer numbers them) and the items a generic items file with
#              their planted facets (id,title,tags); cluster = the events read, checked and grouped by user on
#              the cluster (`--input-format csv`), so they never pass through the driver; driver = the driver
#              imports them and spreads the users over the cluster.
# It is a benchmark: it holds both cores for minutes per size and is not run by CI. One job at a time.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
work="${1:-/tmp/whyrec-spark-scale}"
sizes="${2:-1m 10m}"
modes="${3:-local}"
xmx="${SCALE_XMX:-12g}"
models="${SCALE_MODELS:-itemknn,ease}"
input="${SCALE_INPUT:-cluster}"
partitions="${SCALE_PARTITIONS:-4}"
mkdir -p "$work"
"$root/bin/whyrec" --version >/dev/null            # builds the command-line jar when needed
"$root/bin/whyrec" spark --help >/dev/null 2>&1 || true  # builds whyrec-spark and its class path when needed
jar="$root/whyrec-cli/target/whyrec.jar"
cp="$(cat "$root/whyrec-spark/target/runtime-classpath.txt"):$(ls "$root"/whyrec-spark/target/whyrec-spark-*.jar | head -n 1)"
flags="$(sed -n 's:.*<spark.jvm.flags>\(.*\)</spark.jvm.flags>.*:\1:p' "$root/whyrec-spark/pom.xml")"

dims() { # SIZE -> "USERS ITEMS"
  case "$1" in
    1m) echo "25000 5000" ;;
    10m) echo "250000 10000" ;;
    50m) echo "1250000 10000" ;;
    *) echo "scale.sh: unknown size '$1' (1m, 10m or 50m)" >&2; exit 2 ;;
  esac
}

pids=()
stop_cluster() {
  for p in "${pids[@]:-}"; do [ -n "$p" ] && kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]:-}"; do [ -n "$p" ] && wait "$p" 2>/dev/null || true; done
  pids=()
}
trap stop_cluster EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
master_url=""
start_cluster() {
  local home="$work/spark-home" mport uiport
  mkdir -p "$home/jars" "$work/cluster"
  mport=$(free_port); uiport=$(free_port)
  # Spark's launcher, which the workers start executors with, wants a Spark home with a jars folder and the Scala
  # version when it finds no build directories (as StandaloneClusterIT sets them)
  export SPARK_SCALA_VERSION=2.13 SPARK_LOCAL_IP=127.0.0.1
  SPARK_HOME="$home" java -Xmx512m $flags -cp "$cp" -Dspark.master.rest.enabled=false \
    org.apache.spark.deploy.master.Master --host 127.0.0.1 --port "$mport" --webui-port "$uiport" \
    >"$work/cluster/master.log" 2>&1 &
  pids+=($!)
  for w in 1 2; do
    SPARK_HOME="$home" java -Xmx512m $flags -cp "$cp" org.apache.spark.deploy.worker.Worker --host 127.0.0.1 \
      --port "$(free_port)" --webui-port "$(free_port)" --cores 1 --memory "${WORKER_MEMORY:-4g}" \
      --work-dir "$work/cluster/worker-$w" "spark://127.0.0.1:$mport" >"$work/cluster/worker-$w.log" 2>&1 &
    pids+=($!)
  done
  for _ in $(seq 1 150); do
    if [ "$(curl -s "http://127.0.0.1:$uiport/json/" 2>/dev/null | grep -o '"state" *: *"ALIVE"' | wc -l)" -ge 2 ]; then
      master_url="spark://127.0.0.1:$mport"
      echo "== cluster: master $master_url, two workers ALIVE ($(date -u +%H:%M:%S) UTC)"
      return 0
    fi
    sleep 1
  done
  echo "scale.sh: the two workers did not register within 150 s (logs in $work/cluster)" >&2
  exit 1
}

for size in $sizes; do
  read -r users items <<<"$(dims "$size")"
  file="$work/synthetic-$size.txt"
  catalogue="$work/synthetic-$size-items.csv"
  if [ ! -f "$file" ] || [ ! -f "$catalogue" ]; then
    # the same seed writes the same events; the catalogue holds the items' planted facets, which the profiles read
    java -Xmx"$xmx" -cp "$jar" io.whyrec.bench.ScaleBench synthetic items="$items" users="$users" out="$file" \
      catalogue="$catalogue" seed=7 zipf=0.7
  fi
  csv="$work/synthetic-$size.csv"
  if [ ! -f "$csv" ]; then
    awk 'BEGIN { print "user,item,timestamp" } { for (i = 2; i <= NF; i++) print $1 "," $i "," (i - 2) }' "$file" >"$csv.tmp"
    mv "$csv.tmp" "$csv"
  fi
  if [ "$input" = cluster ]; then
    source_args=(--input-format csv --train "$csv" --items "$catalogue")
  else
    source_args=(--format generic --train "$csv" --items "$catalogue")
  fi
  for mode in $modes; do
    master="local[2]"
    opts="-Xmx$xmx"
    if [ "$mode" = cluster ]; then
      [ -n "$master_url" ] || start_cluster
      master="$master_url"
      opts="$opts -Dspark.executor.memory=${EXECUTOR_MEMORY:-3g} -Dspark.executor.cores=1 -Dspark.cores.max=2"
      # the executors' classes: the job's own class path (everything is on this machine); Spark adds the
      # --add-opens flags Java 17 needs to the executors' options itself
      opts="$opts -Dspark.executor.extraClassPath=$cp"
    fi
    label="$size-$mode-$input"
    echo "== $label: $users users x $items items on $master, input read on the $input ($(date -u +%H:%M:%S) UTC, uptime:$(uptime | sed 's/.*load average/ load average/'))"
    if /usr/bin/time -v env WHYREC_JAVA_OPTS="$opts" "$root/bin/whyrec" spark \
        "${source_args[@]}" --master "$master" --models "$models" --partitions "$partitions" --out "$work/out-$label" \
        >"$work/$label.log" 2>"$work/$label.time"; then
      sed -n '/^whyrec spark:/,$p' "$work/$label.log"
      echo "  wall $(grep 'Elapsed (wall clock)' "$work/$label.time" | awk '{print $NF}'), driver peak RSS" \
        "$(grep 'Maximum resident set size' "$work/$label.time" | awk '{printf "%.2f GB", $NF / 1e6}')"
    else
      echo "  FAILED (see $work/$label.log and $work/$label.time):"
      grep -v '^\s' "$work/$label.log" | tail -5
      grep -E 'Elapsed|Maximum resident|Exit status' "$work/$label.time" || true
    fi
  done
done
