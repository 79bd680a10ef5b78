#!/usr/bin/env bash
# Usage: tests/Eggroll.Tests/mutation/prepare-copy.sh AREA DEST
#
# Copies the working tree (tracked and untracked, not ignored files) to DEST, for a Stryker run on
# tests/Eggroll.Tests/mutation/AREA.json that does not build in the checkout, and puts
# "// Stryker disable all" above the namespace of every src/Eggroll file outside AREA's "mutate" globs.
# Stryker would drop those files' mutants anyway ("Removed by mutate filter"), but only after compiling
# them into the library, where each one costs a check on every pass through the code, under a lock while
# per-test coverage is captured; disabled mutants are never compiled in. The mutated scope and the score
# are unchanged. Run it from the repository root; then `cd DEST/tests/Eggroll.Tests` and run Stryker.
set -euo pipefail

area=${1:?usage: prepare-copy.sh AREA DEST}
dest=${2:?usage: prepare-copy.sh AREA DEST}
config=tests/Eggroll.Tests/mutation/$area.json
[[ -f $config ]] || { echo "prepare-copy.sh: no config $config" >&2; exit 1; }
[[ ! -e $dest ]] || { echo "prepare-copy.sh: $dest already exists" >&2; exit 1; }

mkdir -p "$dest"
git ls-files -z --cached --others --exclude-standard \
  | while IFS= read -r -d '' file; do [[ -f $file ]] && printf '%s\0' "$file"; done \
  | tar --null -T - -c | tar -x -C "$dest"

mapfile -t patterns < <(jq -r '."stryker-config".mutate[]' "$config")

# A Stryker glob read as a bash pattern, where * also crosses folders, and with each /**/ also standing for
# no folder at all.
matches() {
  [[ $1 == $2 || $1 == ${2//\/\*\*\//\/} ]]
}

# Whether Stryker may mutate the file: each file that does is in scope, so none is ever disabled.
in_scope() {
  local file=/$1 included=false pattern
  for pattern in "${patterns[@]}"; do
    if [[ $pattern == '!'* ]]; then
      matches "$file" "${pattern#!}" && return 1
    elif matches "$file" "$pattern"; then
      included=true
    fi
  done
  $included
}

disabled=0
while IFS= read -r file; do
  if ! in_scope "$file"; then
    sed -i '0,/^namespace /s//\/\/ Stryker disable all : outside the area under test\nnamespace /' "$dest/$file"
    disabled=$((disabled + 1))
  fi
done < <(cd "$dest" && find src/Eggroll -name '*.cs' -not -path '*/obj/*' -not -path '*/bin/*' | sort)

echo "copied to $dest; Stryker disabled in $disabled library files outside $area"
