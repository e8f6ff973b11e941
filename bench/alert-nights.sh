#!/usr/bin/env bash
# Two nightly runs and their alerts, side by side with the index runs they follow: a corpus
# split by publication day (night 1: up to SPLIT, a day, night 2: the rest added; or with
# SPLIT +N, night 2 the last N records, a small night over a large archive), morgue-alert
# after each, then a night with nothing new, and the same saved searches over the whole
# archive (--since, a fresh state) for comparison. Checks each search's report against an
# oracle: morgue-search's matches among the articles of night 2 (every copy, no collapsing).
# Usage: bench/alert-nights.sh BUILD_DIR CORPUS.jsonl SPLIT [SAVED.jsonl]
#   e.g. bench/alert-nights.sh build/release reuters.jsonl 1987-03-31
#        bench/alert-nights.sh build/release reuters-x20.jsonl +200
set -euo pipefail
build=$(cd "$1" && pwd)
corpus=$2
split=$3
here=$(cd "$(dirname "$0")" && pwd)
saved=${4:-$here/data/alert-saved-reuters.jsonl}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir "$work/src"

python3 - "$corpus" "$split" "$work" <<'PY'
import json, sys
corpus, split, work = sys.argv[1:]
last = None
if split.startswith("+"):
    last = sum(1 for _ in open(corpus)) - int(split[1:])
with open(f"{work}/early.jsonl", "w") as early, open(f"{work}/late.jsonl", "w") as late:
    for n, line in enumerate(open(corpus)):
        if last is not None:
            (early if n < last else late).write(line)
            continue
        day = (json.loads(line).get("published") or "")[:10]
        (early if day and day <= split else late).write(line)
PY
echo "corpus: $corpus, night 1: $(wc -l < "$work/early.jsonl") articles, night 2:" \
  "$(wc -l < "$work/late.jsonl") more (split $split); $(nproc) cores"

exec 3>&1  # the timings, whatever a command's output is redirected to
timed() {  # LABEL COMMAND...: runs it, prints its wall time and exit status
  local label=$1 start end status=0
  shift
  start=$EPOCHREALTIME
  "$@" || status=$?
  end=$EPOCHREALTIME
  printf '%-52s %7.2f s  exit %d\n' >&3 "$label" "$(awk -v a="$start" -v b="$end" 'BEGIN {print b - a}')" "$status"
}
alert() { "$build/morgue-alert" --db "$work/db" --saved "$saved" "$@" 2> /dev/null; }

cp "$work/early.jsonl" "$work/src/"
timed "night 1: morgue-index" "$build/morgue-index" --quiet --db "$work/db" "$work/src"
timed "night 1: morgue-alert (baseline)" alert --state "$work/state.json"
cp "$work/late.jsonl" "$work/src/"
timed "night 2: morgue-index" "$build/morgue-index" --quiet --db "$work/db" "$work/src"
timed "night 2: morgue-alert --json" alert --state "$work/state.json" --json > "$work/night2.jsonl"
cp "$work/state.json" "$work/state-night2.json"
timed "night 3: morgue-index (nothing new)" "$build/morgue-index" --quiet --db "$work/db" "$work/src"
timed "night 3: morgue-alert" alert --state "$work/state.json" > "$work/night3.txt"
timed "whole archive: morgue-alert --since (fresh state)" \
  alert --state "$work/state-since.json" --json --since 1000 > /dev/null

python3 - "$build" "$work" "$saved" <<'PY'
import collections, json, subprocess, sys
build, work, saved = sys.argv[1:]
late = {json.loads(l)["id"] for l in open(f"{work}/late.jsonl")}
stories = collections.Counter()
changes = collections.defaultdict(collections.Counter)
for line in open(f"{work}/night2.jsonl"):
    j = json.loads(line)
    stories[j["alert"]] += 1
    changes[j["alert"]][j["change"]] += 1
state = json.load(open(f"{work}/state-night2.json"))["searches"]
print(f"\n{'night 2 report':<20}{'stories':>8}{'new':>6}{'updated':>8}{'articles':>9}{'oracle':>8}  same")
failed = False
for line in open(saved):
    s = json.loads(line)
    out = subprocess.run([f"{build}/morgue-search", "--db", f"{work}/db", "--json", "--no-collapse",
                          "--limit", "1000000", s["query"]], capture_output=True, text=True).stdout
    oracle = {h["id"] for h in json.loads(out)["hits"]} & late
    reported = set(state[s["name"]]["reported"])
    failed |= reported != oracle
    print(f"{s['name']:<20}{stories[s['name']]:>8}{changes[s['name']]['new']:>6}"
          f"{changes[s['name']]['updated']:>8}{len(reported):>9}{len(oracle):>8}  {reported == oracle}")
night3 = open(f"{work}/night3.txt").read()
print("night 3 reported", "nothing" if not night3 else night3)
sys.exit(1 if failed or night3 else 0)
PY
