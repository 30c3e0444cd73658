#!/usr/bin/env bash
# Two builds of xla side by side on one set of files, the way the rows of
# bench/changes.md are measured: `xla settle bench/contract.xla` for its 12
# months, the two builds alternated run by run, medians of wall and CPU
# (user + system) time; then every settlement file of the one compared with
# the other's (a change to speed must not change a figure). With
# AB_INSTRUCTIONS=1 it also counts the instructions each build executes on
# the set (valgrind's cachegrind, no cache simulation): unlike times, they
# do not move with the machine's load, so they can tell a change of 1% on a
# machine whose speed varies by more than that.
#
# usage: bench/ab.sh OLD_XLA NEW_XLA DATA_DIR [RUNS]
#   DATA_DIR: files from `xla-gen` (run.sh leaves them in bench/data/1m, 5m, ...;
#   a 200k set is plenty for AB_INSTRUCTIONS); RUNS: pairs of runs (default 9).
set -euo pipefail
if [ $# -lt 3 ]; then
  sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'
  exit 2
fi
OLD=$(realpath "$1")
NEW=$(realpath "$2")
DATA=$(realpath "$3")
RUNS=${4:-9}
cd "$(dirname "$0")/.."
for bin in "$OLD" "$NEW"; do
  [ -x "$bin" ] || { echo "ab.sh: $bin is not an executable" >&2; exit 2; }
done
[ -d "$DATA" ] || { echo "ab.sh: $DATA is not a directory of files from xla-gen" >&2; exit 2; }
# Installs Debian package $1.
install_package() {
  echo "== installing $1"
  if [ "$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi
  $SUDO apt-get update -qq && $SUDO apt-get install -y -qq "$1" >/dev/null
}
/usr/bin/time -f %e true >/dev/null 2>&1 || install_package time
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

# One settlement by build $1 into $2; appends "wall cpu" to $2.times.
settle() {
  rm -rf "$2"
  /usr/bin/time -f '%e %U %S' -o "$WORK/time" \
    "$1" settle bench/contract.xla --data "$DATA" --period 2026-01 --through 2026-12 --out "$2" >/dev/null 2>&1
  awk '{ print $1, $2 + $3 }' "$WORK/time" >>"$2.times"
}

echo "== $RUNS alternated runs of each build on $DATA"
for _ in $(seq "$RUNS"); do
  settle "$OLD" "$WORK/old"
  settle "$NEW" "$WORK/new"
done
median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
for side in old new; do
  wall=$(cut -d' ' -f1 "$WORK/$side.times" | median)
  cpu=$(cut -d' ' -f2 "$WORK/$side.times" | median)
  echo "$side: wall median ${wall} s, CPU median ${cpu} s"
done
if diff -r "$WORK/old" "$WORK/new" >"$WORK/diff"; then
  echo "settlement files identical"
else
  echo "SETTLEMENT FILES DIFFER:"
  head -20 "$WORK/diff"
  exit 1
fi

if [ "${AB_INSTRUCTIONS:-0}" = 1 ]; then
  command -v valgrind >/dev/null || install_package valgrind
  for side in old new; do
    bin=$OLD
    [ $side = new ] && bin=$NEW
    valgrind --tool=cachegrind --cache-sim=no --cachegrind-out-file="$WORK/cg" \
      "$bin" settle bench/contract.xla --data "$DATA" --period 2026-01 --through 2026-12 --out "$WORK/cg-out" \
      >/dev/null 2>"$WORK/cg.err"
    echo "$side: $(grep -E 'I +refs' "$WORK/cg.err" | sed 's/.*refs: *//') instructions"
  done
fi
