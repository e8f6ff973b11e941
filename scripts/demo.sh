#!/usr/bin/env bash
# Sets everything up, builds, indexes the bundled sample corpus and runs example searches.
source "$(dirname "$0")/common.sh"
build_preset release morgue-index morgue-search morgue-serve >/dev/null
BIN="$ROOT/build/release"
DB="$ROOT/sample-index"

echo "== morgue-index --db sample-index samples/news"
"$BIN/morgue-index" --db "$DB" "$ROOT/samples/news"

run() {
  echo
  echo "== morgue-search --db sample-index $*"
  "$BIN/morgue-search" --db "$DB" "$@" || true
}
run Alvarez                              # accents: finds "José Álvarez" and "Jose Alvarez"
run '"interest rates"'                   # phrase, highlighted as one
run --sort date --limit 3 'lagarde OR wage*'
run title:tram
run --limit 0 --facets person:5,org:5,outlet,section,date:month ''   # counts over all articles
run --limit 1 'section:city library'  # a saved web page: its article, not the page around it
run --limit 1 'person:"Jose Alvarez"'    # a person by any spelling
run --json --limit 1 'Müller'            # JSON for scripts (schemas/search-result.schema.json)
run Lagard                               # nothing: "Did you mean: Lagarde ?"
run --limit 2 --like 2024-03/council-approves-tram.txt   # more like this article

# The search page and JSON API, left running for a browser.
PORT=${MORGUE_DEMO_PORT:-8080}
LOG="$ROOT/sample-index.serve.log"
echo
echo "== morgue-serve --db sample-index --listen 127.0.0.1:$PORT"
"$BIN/morgue-serve" --db "$DB" --listen "127.0.0.1:$PORT" > /dev/null 2> "$LOG" &
SERVER=$!
for _ in $(seq 50); do grep -q "listening on" "$LOG" 2>/dev/null && break; sleep 0.1; done
if grep -q "listening on" "$LOG"; then
  echo "search page: http://127.0.0.1:$PORT/   (JSON: http://127.0.0.1:$PORT/api/search?q=tram)"
  echo "access log: $LOG; stop it with: kill $SERVER"
else
  cat "$LOG" >&2
  echo "demo: morgue-serve did not start (port $PORT taken? set MORGUE_DEMO_PORT)" >&2
  exit 1
fi
