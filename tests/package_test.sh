#!/usr/bin/env bash
# The Debian package as an operator gets it: CPack builds it from this build tree, it is
# unpacked into a scratch root, and from the installed paths the sample corpus is indexed
# (with --metrics-file and --log-format json) and searched, each man page read, each bash
# completion loaded and checked against the program's --help, and the systemd units checked.
# Usage: package_test.sh BUILD_DIR
set -euo pipefail
build=$(cd "$1" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "package_test: FAIL: $*" >&2; exit 1; }

(cd "$build" && cpack -G DEB --config CPackConfig.cmake -B "$work/out" >/dev/null)
deb=$(ls "$work"/out/*.deb)
echo "package: $(basename "$deb")"
dpkg-deb -c "$deb" | awk '{print $6}' > "$work/listing"
for path in ./usr/bin/morgue-index ./usr/bin/morgue-search ./usr/bin/morgue-serve \
  ./usr/bin/morgue-alert \
  ./usr/share/man/man1/morgue-index.1.gz ./usr/share/man/man1/morgue-search.1.gz \
  ./usr/share/man/man1/morgue-serve.1.gz ./usr/share/man/man1/morgue-alert.1.gz \
  ./usr/share/bash-completion/completions/morgue-index \
  ./usr/share/bash-completion/completions/morgue-search \
  ./usr/share/bash-completion/completions/morgue-serve \
  ./usr/share/bash-completion/completions/morgue-alert \
  ./usr/lib/systemd/system/morgue-index.service ./usr/lib/systemd/system/morgue-index.timer \
  ./usr/lib/systemd/system/morgue-serve.service ./usr/lib/systemd/system/morgue-alert.service \
  ./usr/share/doc/morgue/examples/morgue.default ./usr/share/doc/morgue/operations.md \
  ./usr/share/doc/morgue/examples/news/manifest.jsonl ./usr/share/doc/morgue/copyright; do
  grep -qx "$path" "$work/listing" || fail "the package lacks $path"
done
depends=$(dpkg-deb -f "$deb" Depends)
for dep in libxapian adduser libc6; do
  [[ $depends == *"$dep"* ]] || fail "Depends ($depends) does not name $dep"
done
dpkg-deb -e "$deb" "$work/control"
[ -x "$work/control/postinst" ] || fail "no postinst (the system user)"
grep -q "adduser --system" "$work/control/postinst" || fail "postinst makes no system user"
[ -x "$work/control/prerm" ] || fail "no prerm (stopping the server on removal)"

# The maintainer scripts, run against stand-ins for the system's commands (a PATH of shims that
# log their calls) and a scratch state directory in place of /var/lib/morgue.
shims="$work/shims"
mkdir -p "$shims"
for cmd in adduser install systemctl; do
  printf '#!/bin/sh\necho "%s $*" >> "%s/calls"\n' "$cmd" "$work" > "$shims/$cmd"
done
printf '#!/bin/sh\n[ -n "$MORGUE_TEST_UID" ] && echo "morgue:x:$MORGUE_TEST_UID:$MORGUE_TEST_UID::/var/lib/morgue:/usr/sbin/nologin"\n' \
  > "$shims/getent"
chmod +x "$shims"/*
mkdir -p "$work/run-systemd"
run_script() {  # SCRIPT ARGS...
  local script=$1
  shift
  sed -e "s#/var/lib/morgue#$work/state#g" -e "s#/run/systemd/system#$work/run-systemd#g" \
    "$work/control/$script" > "$work/$script.test"
  PATH="$shims:$PATH" sh "$work/$script.test" "$@"
}
# A login account named morgue is refused.
: > "$work/calls"
if MORGUE_TEST_UID=1001 run_script postinst configure 2> "$work/postinst.err"; then
  fail "postinst accepted a login account 'morgue' (uid 1001)"
fi
grep -q "not a system account" "$work/postinst.err" || fail "postinst's refusal: $(cat "$work/postinst.err")"
# A fresh install: the user and the state directory made.
: > "$work/calls"
run_script postinst configure || fail "postinst configure failed"
grep -q "^adduser --system" "$work/calls" || fail "postinst made no system user"
grep -q "^install -d -o morgue -g morgue -m 0755 $work/state" "$work/calls" ||
  fail "postinst made no state directory: $(cat "$work/calls")"
# An upgrade over an admin's state directory: its mode untouched, the server restarted.
mkdir -p "$work/state" && chmod 0750 "$work/state"
: > "$work/calls"
MORGUE_TEST_UID=120 run_script postinst configure 0.0.9 || fail "postinst upgrade failed"
grep -q "^install" "$work/calls" && fail "postinst reset the state directory on upgrade"
[ "$(stat -c %a "$work/state")" = 750 ] || fail "the state directory's mode changed"
grep -q "^systemctl try-restart morgue-serve.service" "$work/calls" ||
  fail "postinst does not restart morgue-serve on upgrade: $(cat "$work/calls")"
# Removal stops the server and the timer; an upgrade does not.
: > "$work/calls"
run_script prerm upgrade 0.2.0 || fail "prerm upgrade failed"
grep -q "stop" "$work/calls" && fail "prerm stopped the units on upgrade"
run_script prerm remove || fail "prerm remove failed"
grep -q "^systemctl stop morgue-serve.service morgue-index.timer" "$work/calls" ||
  fail "prerm does not stop the server on removal: $(cat "$work/calls")"

root="$work/root"
dpkg-deb -x "$deb" "$root"
bin="$root/usr/bin"
examples="$root/usr/share/doc/morgue/examples"

# The seed demo from the installed paths.
"$bin/morgue-index" --quiet --db "$work/index" --metrics-file "$work/morgue.prom" \
  "$examples/news" || fail "morgue-index on the sample corpus exited $?"
"$bin/morgue-search" --db "$work/index" Alvarez > "$work/hits" || fail "no hit for Alvarez"
grep -q "lvarez" "$work/hits" || fail "the Alvarez hit does not show the name"
"$bin/morgue-search" --db "$work/index" --json --limit 1 '"interest rates"' > /dev/null ||
  fail "phrase search"
for series in 'morgue_index_last_success_timestamp_seconds ' 'morgue_index_duration_seconds ' \
  'morgue_index_exit_code 0' 'morgue_index_articles{outcome="added"} ' 'morgue_index_documents '; do
  grep -q "^$series" "$work/morgue.prom" || fail "metrics file lacks $series"
done
for leftover in "$work"/morgue.prom.*; do
  [ -e "$leftover" ] && fail "a temporary metrics file was left: $leftover"
done
# A diagnostic as a JSON line: a query with an unknown field warns.
"$bin/morgue-search" --log-format json --db "$work/index" 'author:x tram' 2> "$work/log" \
  > /dev/null || true
grep -q '"level":"warning"' "$work/log" || fail "no JSON warning line: $(cat "$work/log")"
# Alerts from the installed command: a baseline (exit 1), then nothing new (exit 1).
echo '{"name": "rates", "query": "interest rates"}' > "$work/saved.jsonl"
for _ in baseline again; do
  status=0
  "$bin/morgue-alert" --db "$work/index" --saved "$work/saved.jsonl" --state "$work/state.json" \
    2> /dev/null || status=$?
  [ "$status" -eq 1 ] || fail "morgue-alert exited $status, not 1 (nothing to report)"
done
grep -q '"rates"' "$work/state.json" || fail "morgue-alert recorded no state"

# Man pages: each reads, with its options.
for program in morgue-index morgue-search morgue-serve morgue-alert; do
  page=$(MANWIDTH=100 man -l "$root/usr/share/man/man1/$program.1.gz" 2>/dev/null)
  [[ $page == *"--db PATH"* && $page == *"--log-format"* ]] || fail "man page of $program"
done

# Completions: each loads and offers every option --help lists.
for program in morgue-index morgue-search morgue-serve morgue-alert; do
  completion="$root/usr/share/bash-completion/completions/$program"
  offered=$(bash -c '
    source /usr/share/bash-completion/bash_completion
    source "$1"
    COMP_WORDS=("$2" --); COMP_CWORD=1; COMP_LINE="$2 --"; COMP_POINT=${#COMP_LINE}
    "_${2//-/_}"
    printf "%s\n" "${COMPREPLY[@]}"' _ "$completion" "$program")
  for option in $("$bin/$program" --help | grep -oE '^ +(-[a-zA-Z] \[ )?--[a-z][a-z0-9-]*' |
    grep -oE -- '--[a-z][a-z0-9-]*'); do
    grep -qx -- "$option" <<<"$offered" || fail "$program's completion does not offer $option"
  done
done

# Units: the installed commands, a system user, a writable path limited to the index.
unit="$root/usr/lib/systemd/system/morgue-index.service"
grep -q '^ExecStart=/usr/bin/morgue-index ' "$unit" || fail "morgue-index.service ExecStart"
grep -q '^User=morgue' "$unit" || fail "morgue-index.service runs as root"
grep -q '^ProtectSystem=strict' "$unit" || fail "morgue-index.service ProtectSystem"
grep -q '^ReadWritePaths=/var/lib/morgue$' "$unit" || fail "morgue-index.service ReadWritePaths"
grep -q '^ExecStart=/usr/bin/morgue-serve ' "$root/usr/lib/systemd/system/morgue-serve.service" ||
  fail "morgue-serve.service ExecStart"
grep -q '^Wants=morgue-alert.service' "$unit" || fail "morgue-index.service does not chain alerts"
grep -q '^ExecStart=/usr/bin/morgue-alert ' "$root/usr/lib/systemd/system/morgue-alert.service" ||
  fail "morgue-alert.service ExecStart"
if command -v systemd-analyze > /dev/null; then
  # Verified against the unpacked root's commands.
  for u in morgue-index.service morgue-serve.service morgue-alert.service morgue-index.timer; do
    sed "s#/usr/bin/#$bin/#" "$root/usr/lib/systemd/system/$u" > "$work/$u"
  done
  SYSTEMD_LOG_LEVEL=err systemd-analyze verify "$work/morgue-index.service" \
    "$work/morgue-serve.service" "$work/morgue-alert.service" 2> "$work/verify" || true
  grep -v -e "Failed to connect" -e "No such file" -e "user.*does not exist" "$work/verify" |
    grep -i -e "unknown" -e "invalid" -e "error" && fail "systemd-analyze: $(cat "$work/verify")"
fi
# Sandboxing: each unit's exposure at or below 2.5 (systemd-analyze security, offline).
if systemd-analyze security --help 2>/dev/null | grep -q -- --offline; then
  for u in morgue-index.service morgue-serve.service morgue-alert.service; do
    score=$(systemd-analyze security --offline=yes "$work/$u" 2>/dev/null |
      sed -n 's/.*Overall exposure level for [^:]*: \([0-9.]*\).*/\1/p')
    [ -n "$score" ] || fail "systemd-analyze security gave no score for $u"
    echo "package: $u exposure $score"
    awk -v s="$score" 'BEGIN { exit !(s <= 2.5) }' || fail "$u exposure $score is above 2.5"
  done
fi
echo "package_test: ok"
