#!/usr/bin/env bash
# The same settlement three ways (issue 15; see bench/README.md, "SQL
# engines"): the twelve months of bench/contract-sql.xla settled by
#   (a) `xla settle` on the files (the local evaluator);
#   (b) `xla sql --dialect duckdb`, the script run by DuckDB (Python
#       package), its states written as CSV, then `xla settle --states`;
#   (c) the same with `--dialect spark` on Spark, master local[2].
# It builds xla and xla-gen (release), generates the set (or reuses
# $BENCH_DATA/<set>), converts it once (untimed) into a copy the engines
# can read themselves ($BENCH_DATA/<set>-sql), times BENCH_RUNS alternated
# runs of each way, checks that (b) and (c) settle to the figures of (a),
# and writes bench/sql-results.md.
#
# Environment: BENCH_TICKETS (default 5000000) tickets of the set (surveys
# 1/5, telemetry 2/5, as bench/run.sh); BENCH_SPARK_TICKETS (default
# BENCH_TICKETS) another, smaller set for Spark alone; BENCH_RUNS (default
# 3); BENCH_DATA (default bench/data); BENCH_SPARK_MEMORY the Spark driver's
# memory (default the engine tests' 2g); CARGO_TARGET_DIR as usual.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
RUNS=${BENCH_RUNS:-3}
TICKETS=${BENCH_TICKETS:-5000000}
SPARK_TICKETS=${BENCH_SPARK_TICKETS:-$TICKETS}
DATA=${BENCH_DATA:-$ROOT/bench/data}
OUT=$ROOT/bench/out/sql
TARGET=${CARGO_TARGET_DIR:-$ROOT/target}
CONTRACT=bench/contract-sql.xla
set_name() { if [ $(($1 % 1000000)) = 0 ]; then echo "$(($1 / 1000000))m"; else echo "$(($1 / 1000))k"; fi; }
mkdir -p "$DATA" "$OUT"
DATA=$(cd "$DATA" && pwd) # the scripts name the files by absolute path

echo "== building (release)"
cargo build --release --quiet -p xla -p xla-gen
XLA=$TARGET/release/xla
GEN=$TARGET/release/xla-gen

if ! /usr/bin/time -v true >/dev/null 2>&1; then
  echo "== installing GNU time (for peak RSS)"
  if [ "$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi
  $SUDO apt-get update -qq && $SUDO apt-get install -y -qq time >/dev/null
fi

echo "== installing DuckDB, pyspark and Java (tests/engines/install.sh)"
PY=$(bash tests/engines/install.sh | tail -n 1)
HELPER=bench/sql_engines.py

# The set of $2 tickets in $DATA/$1, as bench/run.sh generates it (the same
# seed writes the same bytes, so a set already there is kept).
generate() {
  if [ -f "$DATA/$1/outages.csv" ]; then
    echo "== reusing $DATA/$1"
    return
  fi
  echo "== generating $DATA/$1"
  "$GEN" --out "$DATA/$1" --seed 1 --tickets "$2" --surveys $(($2 / 5)) --telemetry $(($2 * 2 / 5)) \
    --malformed-tickets 0.0005 --malformed-surveys 0.003 --malformed-telemetry 0.0005 | tee "$OUT/gen-$1.txt"
}

# The pushable copy of set $1 (untimed).
convert() {
  echo "== converting $1 into $1-sql (untimed)"
  rm -rf "$DATA/$1-sql"
  "$PY" "$HELPER" convert "$DATA/$1" "$DATA/$1-sql" | tee "$OUT/convert-$1.txt"
}

# Runs a command under /usr/bin/time -v (stdout and stderr to $1.log);
# prints "wall-seconds peak-kilobytes cpu-seconds".
timed() {
  local log=$1
  shift
  if ! /usr/bin/time -v -o "$log.time" "$@" >"$log.log" 2>&1; then
    echo "FAILED: $* (see $log.log)" >&2
    tail -20 "$log.log" >&2
    exit 1
  fi
  "$PY" - "$log.time" <<'PYEOF'
import re, sys
t = open(sys.argv[1]).read()
h, m, s = re.search(r"Elapsed \(wall clock\) time.*: (?:(\d+):)?(\d+):(\d+(?:\.\d+)?)", t).groups()
rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", t).group(1))
cpu = sum(float(re.search(rf"{k} time \(seconds\): ([0-9.]+)", t).group(1)) for k in ("User", "System"))
print(f"{int(h or 0) * 3600 + int(m) * 60 + float(s):.2f} {rss} {cpu:.2f}")
PYEOF
}

RUNS_FILE=$OUT/runs.jsonl
: >"$RUNS_FILE"
# record WAY RUN STAGE "wall rss cpu" [ENGINE_TIMES.json]
record() {
  local wall rss cpu
  read -r wall rss cpu <<<"$4"
  printf '{"way": "%s", "run": %s, "stage": "%s", "wall": %s, "rss_kb": %s, "cpu": %s, "engine": %s}\n' \
    "$1" "$2" "$3" "$wall" "$rss" "$cpu" "$(if [ -n "${5:-}" ]; then cat "$5"; else echo null; fi)" | tr -d '\n' >>"$RUNS_FILE"
  echo >>"$RUNS_FILE"
  printf '  %-7s %-8s wall %7s s, CPU %7s s, peak RSS %6s MB\n' "$1" "$3" "$wall" "$cpu" "$((rss / 1024))"
}

settle_local() { # SET RUN
  local out=$OUT/local-$1
  rm -rf "$out"
  local t
  t=$(timed "$out" "$XLA" settle "$CONTRACT" --data "$DATA/$1-sql" --period 2026-01 --through 2026-12 --out "$out") || exit 1
  record local "$2" settle "$t"
}

through_engine() { # SET RUN ENGINE(duckdb|spark)
  local set=$1 run=$2 engine=$3 base=$OUT/$3-$1
  rm -rf "$base" "$base.sql" "$base-states.csv"
  local t
  t=$(timed "$base-xla-sql" "$XLA" sql "$CONTRACT" --dialect "$engine" \
    --period 2026-01 --through 2026-12 --data "$DATA/$set-sql" --out "$base.sql") || exit 1
  record "$engine" "$run" sql "$t"
  t=$(timed "$base-engine" "$PY" "$HELPER" "$engine" "$base.sql" "$base-states.csv" "$base-times.json") || exit 1
  record "$engine" "$run" engine "$t" "$base-times.json"
  t=$(timed "$base-settle" "$XLA" settle "$CONTRACT" --data "$DATA/$set-sql" \
    --period 2026-01 --through 2026-12 --states "$base-states.csv" --out "$base") || exit 1
  record "$engine" "$run" settle "$t"
}

SET=$(set_name "$TICKETS")
SPARK_SET=$(set_name "$SPARK_TICKETS")
generate "$SET" "$TICKETS"
convert "$SET"
if [ "$SPARK_SET" != "$SET" ]; then
  generate "$SPARK_SET" "$SPARK_TICKETS"
  convert "$SPARK_SET"
fi

echo "== timing: $RUNS runs of each way, alternated"
for run in $(seq 1 "$RUNS"); do
  echo "run $run"
  settle_local "$SET" "$run"
  through_engine "$SET" "$run" duckdb
  if [ "$SPARK_SET" != "$SET" ]; then settle_local "$SPARK_SET" "$run"; fi
  through_engine "$SPARK_SET" "$run" spark
done

echo "== checking the settlements through the engines against the local one"
CHECKS=$OUT/checks.txt
: >"$CHECKS"
status=0
for pair in "duckdb $SET" "spark $SPARK_SET"; do
  read -r engine set <<<"$pair"
  if line=$("$PY" "$HELPER" compare "$OUT/local-$set" "$OUT/$engine-$set"); then
    echo "$engine ($set): $line" | tee -a "$CHECKS"
  else
    echo "$engine ($set): $line" | tee -a "$CHECKS"
    status=1
  fi
done

"$PY" "$HELPER" report "$RUNS_FILE" "$CHECKS" "$SET" "$SPARK_SET" "$XLA" "$OUT" >bench/sql-results.md
echo "== wrote bench/sql-results.md"
if [ "$status" != 0 ]; then
  echo "sql.sh: a settlement through an engine differs from the local one (above)" >&2
  exit 1
fi
