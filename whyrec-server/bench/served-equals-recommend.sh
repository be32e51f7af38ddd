#!/usr/bin/env bash
# What the server answers is what `whyrec recommend` prints, for any model file, checked from the outside: starts
# `whyrec serve --models MODEL --model-dir DATA_DIR/models`, draws N distinct users with a seed, asks the API for
# each one's top-10, runs `whyrec recommend --model MODEL --user u1,u2,... --json` once over the same users, and
# compares the lists item for item. Prints how many users were compared and every difference; exits 1 on any.
#
#   whyrec-server/bench/served-equals-recommend.sh DATA_DIR MODEL [N] [SEED]      (N 200, SEED 42)
#
# DATA_DIR/models/MODEL.model must exist (`whyrec train --data-dir DATA_DIR --model MODEL`). Environment: PORT
# [18090]; WHYREC_USERS, a file with one user id per line [the first column of
# ../shared/data/ml-1m-colakg-implicit/train.txt, the ML-1M implicit users]. Needs curl and python3.
# ServedEqualsRecommendIT makes the same check inside the test suite for the core models; this script also covers
# the optional modules' models (sasrec), whose training is too long for the suite.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
dir="$1"; model="$2"; n="${3:-200}"; seed="${4:-42}"
port="${PORT:-18090}"
users="${WHYREC_USERS:-$root/../shared/data/ml-1m-colakg-implicit/train.txt}"
export WHYREC_ADMIN_KEY="${WHYREC_ADMIN_KEY:-bench-admin-key-0123456789}"
[ -f "$dir/models/$model.model" ] || { echo "no model file $dir/models/$model.model (run whyrec train)" >&2; exit 2; }
[ -f "$users" ] || { echo "no users file $users (set WHYREC_USERS)" >&2; exit 2; }
work="$(mktemp -d)"
pid=""
stop() { if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi; rm -rf "$work"; }
trap stop EXIT
python3 -c '
import random, sys
ids = sorted({l.split()[0] for l in open(sys.argv[1]) if l.strip()})
random.Random(int(sys.argv[3])).shuffle(ids)
print("\n".join(ids[:int(sys.argv[2])]))' "$users" "$n" "$seed" >"$work/users.txt"
"$root/bin/whyrec" serve --data-dir "$dir" --port "$port" --models "$model" --default-model "$model" \
  --model-dir "$dir/models" --response-cache-mb 0 >"$work/serve.log" 2>&1 &
pid=$!
for _ in $(seq 1 900); do
  [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/health")" = 200 ] && break
  kill -0 "$pid" 2>/dev/null || { cat "$work/serve.log" >&2; exit 1; }
  sleep 1
done
while read -r u; do
  curl -sf -H "X-Admin-Key: $WHYREC_ADMIN_KEY" \
    "http://127.0.0.1:$port/v1/users/$u/recommendations?k=10&model=$model" >"$work/api-$u.json" \
    || { echo "API error for user $u" >&2; exit 1; }
done <"$work/users.txt"
"$root/bin/whyrec" recommend --data-dir "$dir" --model "$model" --user "$(paste -sd, "$work/users.txt")" --k 10 \
  --json >"$work/cli.json"
python3 - "$work" "$model" <<'PY'
import json, sys, pathlib
work, model = pathlib.Path(sys.argv[1]), sys.argv[2]
cli = json.loads((work / "cli.json").read_text())
cli = cli if isinstance(cli, list) else [cli]
bad = 0
for entry in cli:
    u = entry["user"]
    want = [i["item"] for i in entry["items"]]
    got = [i["item"] for i in json.loads((work / f"api-{u}.json").read_text())["items"]]
    if want != got:
        bad += 1
        print(f"user {u}: recommend {want} API {got}")
print(f"served = recommend ({model}): {len(cli) - bad} of {len(cli)} users' top-10 lists equal item for item")
sys.exit(1 if bad else 0)
PY
