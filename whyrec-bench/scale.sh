#!/usr/bin/env bash
# Large catalogues on one machine (docs/scale.md): the figures of the scale acceptance in one go.
#
#   whyrec-bench/scale.sh [WORK_DIR] [STEPS]     (default WORK_DIR /tmp/whyrec-scale, STEPS "limit 24k 100k")
#
#   limit  `whyrec bench --scale`: the dense-solve limit (n^3/2 multiply-adds over the solver kernel's measured
#          rank-64 update rate) beside the EASE fit time, at 3,260 items (ML-1M implicit) and 15,000 (synthetic)
#   24k    a seeded synthetic 24,000-item matrix: `whyrec train --model ease` in an 8 GB heap (-Xmx8g), then
#          recommend and an exact explanation from the saved model
#   100k   the same at 100,000 items (EASE picks its sparse form), plus itemknn and ials trained on it
# Every JVM runs under /usr/bin/time -v; the script prints wall time and peak RSS per step. One JVM at a time,
# never more than -Xmx8g (SCALE_XMX to change it).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
work="${1:-/tmp/whyrec-scale}"
steps="${2:-limit 24k 100k}"
xmx="${SCALE_XMX:-8g}"
data="$root/../shared/data"
mkdir -p "$work"
"$root/bin/whyrec" --version >/dev/null  # builds the jar when needed
jar="$root/whyrec-cli/target/whyrec.jar"
# the jar itself from here on, so that an edit during a long run does not rebuild it under the run
whyrec="java -Xmx$xmx -jar $jar"
# timed LABEL CMD...: runs CMD under /usr/bin/time -v, keeps its output in WORK/LABEL.log, prints the figures
timed() {
  local label="$1"; shift
  /usr/bin/time -v "$@" >"$work/$label.log" 2>"$work/$label.time" || { cat "$work/$label.log" "$work/$label.time" >&2; exit 1; }
  local wall rss
  wall=$(grep 'Elapsed (wall clock)' "$work/$label.time" | awk '{print $NF}')
  rss=$(grep 'Maximum resident set size' "$work/$label.time" | awk '{printf "%.2f GB", $NF / 1e6}')
  echo "== $label: wall $wall, peak RSS $rss"
}
synthetic() { # N USERS FILE
  if [ ! -f "$3" ]; then
    timed "synthetic-$1" java -Xmx"$xmx" -cp "$jar" io.whyrec.bench.ScaleBench synthetic \
      items="$1" users="$2" out="$3" seed=7 zipf=0.7
    cat "$work/synthetic-$1.log"
  fi
}
end_to_end() { # LABEL FILE MODEL [PARAMS]
  local label="$1" file="$2" model="$3" params="${4:-}"
  timed "$label-train-$model" $whyrec train --format user-items --train "$file" --model "$model" \
    ${params:+--param "$params"} --out "$work/$label/$model.model" --quiet
  tail -n 1 "$work/$label-train-$model.log"
  timed "$label-recommend-$model" $whyrec recommend --format user-items --train "$file" \
    --model-file "$work/$label/$model.model" --user 0,1,2,3,4,5,6,7,8,9 --k 10 --json
  echo "   recommend: $(grep -o '"item"' "$work/$label-recommend-$model.log" | wc -l) items for 10 users"
  timed "$label-explain-$model" $whyrec explain --format user-items --train "$file" \
    --model-dir "$work/$label" --model "$model" --user 0 --k 3 --method exact
  grep -iE 'fidelity|sum' "$work/$label-explain-$model.log" | head -n 3 | sed 's/^/   /'
}
for step in $steps; do
  case "$step" in
    limit)
      timed limit $whyrec bench --scale --items 15000 --synthetic-users 30000 --fits 1 --seed 7 \
        --train "$data/ml-1m-colakg-implicit/train.txt"
      cat "$work/limit.log" ;;
    24k)
      synthetic 24000 60000 "$work/synth-24k.txt"
      end_to_end 24k "$work/synth-24k.txt" ease ;;
    100k)
      synthetic 100000 100000 "$work/synth-100k.txt"
      end_to_end 100k "$work/synth-100k.txt" ease
      end_to_end 100k "$work/synth-100k.txt" itemknn
      end_to_end 100k "$work/synth-100k.txt" ials ;;
    *) echo "scale.sh: unknown step '$step' (known: limit 24k 100k)" >&2; exit 2 ;;
  esac
done
