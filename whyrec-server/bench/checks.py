#!/usr/bin/env python3
"""Checks of a running whyrec server that docs/serving.md reports, one per subcommand (Python 3 standard library).

  WHYREC_ADMIN_KEY=... checks.py ties URL [USERS]        # tied adjacent scores in the default model's top 10,
                                                          # users 1..USERS (ML-100K: 943); also for model=profile
  WHYREC_ADMIN_KEY=... checks.py ig URL TRAIN [N]        # IG over N random users (seed 7) of the user-items file
                                                          # TRAIN, one request at a time: completeness gap, latency
  WHYREC_ADMIN_KEY=... checks.py same-as-cli URL DATA MODEL TRAIN [N]
                                                          # top 10 of the API vs `bin/whyrec recommend --json` for
                                                          # N users (seed 42) of DATA (the served --data-dir),
                                                          # one recommend run for all of them
"""
import json
import os
import random
import subprocess
import sys
import time
import urllib.request

KEY = os.environ.get("WHYREC_ADMIN_KEY", "")


def get(url):
    req = urllib.request.Request(url, headers={"X-Admin-Key": KEY})
    return json.load(urllib.request.urlopen(req))


def ties(base, users):
    for model in ("", "&model=profile"):
        tied_users = pairs = 0
        name = None
        for u in range(1, users + 1):
            d = get(f"{base}/v1/users/{u}/recommendations?k=10{model}")
            name = d["method"]
            sc = [it["score"] for it in d["items"]]
            t = sum(1 for a, b in zip(sc, sc[1:]) if a == b)
            tied_users += 1 if t else 0
            pairs += t
        print(f"{name}: {users} users, users with a tied pair {tied_users}, tied adjacent pairs {pairs}")


def users_of(train):
    return [line.split()[0] for line in open(train) if line.strip()]


def ig(base, train, n):
    random.seed(7)
    gaps, lat, missing = [], [], []
    for u in random.sample(users_of(train), n):
        t = time.time()
        d = get(f"{base}/v1/users/{u}/recommendations?k=10&explain=true&method=ig&model=sasrec")
        lat.append(time.time() - t)
        for it in d["items"]:
            f = it["explanation"]["fidelity"]
            if "ig_completeness_gap" in f:
                gaps.append(f["ig_completeness_gap"])
            else:  # not finite (f(x) equal to f(baseline)): left out of the response's figures
                missing.append((u, it["item"], f))
    lat.sort()
    print(f"IG, {n} users x 10 items: completeness gap mean {sum(gaps) / len(gaps):.4f} max {max(gaps):.4f}, "
          f"share <= 0.05 {sum(g <= 0.05 for g in gaps) / len(gaps):.3f} (max {max(gaps)!r}); latency p50 "
          f"{1000 * lat[len(lat) // 2]:.0f} ms p99 {1000 * lat[min(len(lat) - 1, int(0.99 * len(lat)))]:.0f} ms "
          f"max {1000 * lat[-1]:.0f} ms; explanations without a finite gap: {len(missing)} {missing[:3]}")


def same_as_cli(base, data, model, train, n):
    random.seed(42)
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    same = 0
    users = random.sample(users_of(train), n)
    out = subprocess.run([os.path.join(root, "bin", "whyrec"), "recommend", "--data-dir", data, "--model", model,
                          "--user", ",".join(users), "--k", "10", "--json"], capture_output=True, text=True, check=True)
    printed = json.loads(out.stdout)
    printed = printed if isinstance(printed, list) else [printed]  # one user: an object, several: an array
    for u, entry in zip(users, printed):
        api = [it["item"] for it in get(f"{base}/v1/users/{u}/recommendations?k=10&model={model}")["items"]]
        cli = [it["item"] for it in entry["items"]]
        same += api == cli and entry["user"] == u
        if api != cli:
            print("differs for", u, api, cli)
    print(f"{model}: API top 10 == recommend for {same} of {n} users")


if __name__ == "__main__":
    cmd, base = sys.argv[1], sys.argv[2].rstrip("/")
    if cmd == "ties":
        ties(base, int(sys.argv[3]) if len(sys.argv) > 3 else 943)
    elif cmd == "ig":
        ig(base, sys.argv[3], int(sys.argv[4]) if len(sys.argv) > 4 else 40)
    elif cmd == "same-as-cli":
        same_as_cli(base, sys.argv[3], sys.argv[4], sys.argv[5], int(sys.argv[6]) if len(sys.argv) > 6 else 8)
    else:
        sys.exit(__doc__)
