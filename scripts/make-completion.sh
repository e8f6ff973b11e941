#!/usr/bin/env bash
# shellcheck disable=SC2016  # the completion's own $variables are written, not expanded
# Writes the bash completion of a morgue program, made from its own --help so that every
# option it takes completes, and nothing it does not. Usage: make-completion.sh BINARY NAME
# (NAME: the command as installed, e.g. morgue-index). Options whose value is a PATH, FILE or
# DIR complete file names; a value written A|B|C completes those words; other values (N, X,
# SECONDS, HOST:PORT, ...) complete nothing. Positional arguments: file names for
# morgue-index's SOURCE..., nothing otherwise.
set -euo pipefail
binary=$1
name=$2
help=$("$binary" --help)

files=() dirs=() plain=() all=()
declare -A choices=()
# Option lines of the table: "  --name VALUE ..." or "  -x [ --name ] ...".
while IFS= read -r line; do
  opt=$(sed -E 's/^ +(-[a-zA-Z] \[ )?(--[a-z][a-z0-9-]*).*/\2/' <<<"$line")
  rest=$(sed -E 's/^ +(-[a-zA-Z] \[ )?--[a-z][a-z0-9-]*( \])?//' <<<"$line")
  all+=("$opt")
  value=$(sed -E 's/^ ([A-Za-z][^ ]*).*/\1/;t;d' <<<"$rest")
  # A value chosen from words the description lists as "a (...) | b | c".
  described=$(sed -E 's/\([^)]*\)//g' <<<"$rest")
  if [ -n "$value" ] && [[ $value != *"|"* ]] && [[ $described == *" | "* ]]; then
    first=$(sed -E 's/ \|.*//; s/ +$//; s/.* //' <<<"$described")
    others=$(sed -E 's/^[^|]*\|//; s/\| */\n/g' <<<"$described" | awk '{print $1}' | tr '\n' ' ')
    value="$first|${others% }"
    value=${value// /|}
  fi
  case "$value" in
    "") ;;                                      # a flag, or [=VALUE] given inline
    *"|"*) choices[$opt]=${value//|/ } ;;
    PATH | FILE | FILES | INDEX) files+=("$opt") ;;
    DIR) dirs+=("$opt") ;;
    *) plain+=("$opt") ;;
  esac
done < <(grep -E '^ +(-[a-zA-Z] \[ )?--[a-z]' <<<"$help")

fn="_${name//-/_}"
join() { local IFS='|'; echo "$*"; }
{
  echo "# bash completion for $name, generated from its --help by scripts/make-completion.sh."
  echo "$fn() {"
  echo '  local cur prev words cword'
  echo '  _init_completion -s || return'
  echo '  case $prev in'
  [ ${#files[@]} -gt 0 ] && echo "    $(join "${files[@]}")) _filedir; return ;;"
  [ ${#dirs[@]} -gt 0 ] && echo "    $(join "${dirs[@]}")) _filedir -d; return ;;"
  for opt in "${!choices[@]}"; do
    echo "    $opt) COMPREPLY=(\$(compgen -W '${choices[$opt]}' -- \"\$cur\")); return ;;"
  done
  [ ${#plain[@]} -gt 0 ] && echo "    $(join "${plain[@]}")) return ;;"
  echo '  esac'
  echo '  if [[ $cur == -* ]]; then'
  echo "    COMPREPLY=(\$(compgen -W '${all[*]}' -- \"\$cur\"))"
  echo '    return'
  echo '  fi'
  if [ "$name" = morgue-index ]; then echo '  _filedir'; fi
  echo '}'
  echo "complete -F $fn $name"
}
