#!/usr/bin/env bash
# A sharded index served two ways, side by side: morgue-serve over its local shards, and over
# the same shards served by stock xapian-tcpsrv (a stub of "remote" lines). Checks that both
# answer identically (totals, stories, facets, hits with scores and copies) and prints each
# query's p50/p99 latency through morgue-serve, one keep-alive client.
# Usage: bench/remote-shards-bench.sh BUILD_DIR INDEX [REQUESTS]
#   e.g. bench/remote-shards-bench.sh build/release /work/bench100/idx4 200
set -euo pipefail
build=$(cd "$1" && pwd)
index=$(cd "$2" && pwd)
requests=${3:-200}
work=$(mktemp -d)
pids=()
cleanup() { kill "${pids[@]}" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
mkdir "$work/remote"
while read -r backend path; do
  [ "$backend" = auto ] || { echo "not a local shard line: $backend $path" >&2; exit 2; }
  port=$(free_port)
  xapian-tcpsrv --interface 127.0.0.1 --port "$port" --quiet "$index/$path" &
  pids+=($!)
  echo "remote 127.0.0.1:$port" >> "$work/remote/XAPIANDB"
done < "$index/XAPIANDB"
local_port=$(free_port)
remote_port=$(free_port)
"$build/morgue-serve" --db "$index" --listen "127.0.0.1:$local_port" --threads 2 2>/dev/null &
pids+=($!)
"$build/morgue-serve" --db "$work/remote" --listen "127.0.0.1:$remote_port" --threads 2 2>/dev/null &
pids+=($!)
echo "$index: $(wc -l < "$index/XAPIANDB") shards, local and through xapian-tcpsrv; $(nproc) cores"

python3 - "$local_port" "$remote_port" "$requests" <<'PY'
import http.client, json, sys, time, urllib.parse
local, remote, n = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
queries = [("one word", "oil", ""), ("phrase", '"interest rates"', ""),
           ("faceted", "oil", "outlet,person,date"), ("name", "Volcker", ""),
           ("person filter", "person:Reagan", "org,place"), ("filtered", "grain year:1987", ""),
           ("two words, any", "oil gas", "")]
def connect(port):
    for _ in range(200):
        try:
            c = http.client.HTTPConnection("127.0.0.1", port); c.request("GET", "/healthz")
            if c.getresponse().read() and True: return c
        except OSError: time.sleep(0.05)
    sys.exit(f"no server on {port}")
conns = {p: connect(p) for p in (local, remote)}
def get(port, path):
    # The server closes a keep-alive connection left idle (while the other one is timed).
    for attempt in (0, 1):
        try:
            c = conns[port]; c.request("GET", path); r = c.getresponse(); return r.status, r.read()
        except (http.client.RemoteDisconnected, ConnectionError, BrokenPipeError):
            conns[port].close(); conns[port] = http.client.HTTPConnection("127.0.0.1", port)
            if attempt: raise
def comparable(doc):
    hits = [(round(h["score"], 9), h["id"], h["similar"],
             sorted(c["id"] for c in h["similar_articles"])) for h in doc["hits"]]
    return {k: doc.get(k) for k in ("total", "total_exact", "results", "results_exact", "facets")}, hits
same = True
print(f"{'query':<16} {'local p50 p99 ms':>18} {'remote p50 p99 ms':>19} {'remote/local':>12}  answers")
for label, q, facets in queries:
    path = "/api/search?q=" + urllib.parse.quote(q) + (f"&facets={facets}" if facets else "")
    answers, lat = {}, {}
    for port in (local, remote):
        status, body = get(port, path)
        answers[port] = comparable(json.loads(body)) if status == 200 else status
    for port in (local, remote):
        get(port, path)  # a live connection before the clock starts
        ts = []
        for _ in range(n):
            t = time.perf_counter(); get(port, path); ts.append((time.perf_counter() - t) * 1000)
        ts.sort(); lat[port] = (ts[len(ts) // 2], ts[min(len(ts) - 1, len(ts) * 99 // 100)])
    ok = answers[local] == answers[remote]
    same = same and ok
    print(f"{label:<16} {lat[local][0]:9.2f} {lat[local][1]:8.2f} {lat[remote][0]:10.2f} {lat[remote][1]:8.2f}"
          f" {lat[remote][0] / lat[local][0]:11.2f}x  {'identical' if ok else 'DIFFERENT'}")
    if not ok:
        print("  local: ", json.dumps(answers[local])[:600]); print("  remote:", json.dumps(answers[remote])[:600])
sys.exit(0 if same else 1)
PY
