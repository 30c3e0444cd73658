#!/usr/bin/env bash
# The enterprise-scale benchmark, in one run (see bench/README.md):
# builds xla and xla-gen (release), generates 5,000,000 tickets, 1,000,000
# survey answers and 2,000,000 telemetry rows for 12 months (and a 1M-ticket
# set to compare peak memory), settles the 12 months with `xla settle`,
# computes the same metrics with DuckDB SQL over the same files, checks that
# every value agrees exactly, and writes the figures to bench/results.md.
#
# Environment: BENCH_RUNS (default 5) timed runs of each engine, alternated,
# medians reported; BENCH_TICKETS (default 5000000) the tickets of the timed
# set (surveys 1/5 of that, telemetry 2/5; the memory set is 1/5 of it);
# BENCH_DATA (default bench/data) where the files go (about 1 GB at 5M);
# CARGO_TARGET_DIR as usual.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
RUNS=${BENCH_RUNS:-5}
TICKETS=${BENCH_TICKETS:-5000000}
SMALL=$((TICKETS / 5))
BIG_SET=$((TICKETS / 1000000))m
SMALL_SET=$((SMALL / 1000))k
DATA=${BENCH_DATA:-$ROOT/bench/data}
OUT=$ROOT/bench/out
TARGET=${CARGO_TARGET_DIR:-$ROOT/target}
RESULTS=$ROOT/bench/results.md
mkdir -p "$DATA" "$OUT"

say() { printf '%s\n' "$*" | tee -a "$OUT/report.md"; }
: >"$OUT/report.md"

echo "== building (release)"
cargo build --release --quiet -p xla -p xla-gen
XLA=$TARGET/release/xla
GEN=$TARGET/release/xla-gen

if ! /usr/bin/time -v true >/dev/null 2>&1; then
  echo "== installing GNU time (for peak RSS)"
  if [ "$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi
  $SUDO apt-get update -qq && $SUDO apt-get install -y -qq time >/dev/null
fi

echo "== installing DuckDB into bench/.venv"
[ -x bench/.venv/bin/python ] || python3 -m venv bench/.venv
bench/.venv/bin/pip install --quiet --disable-pip-version-check duckdb
PY=$ROOT/bench/.venv/bin/python

echo "== generating"
generate() {
  "$GEN" --out "$DATA/$1" --seed 1 --tickets "$2" --surveys $(($2 / 5)) --telemetry $(($2 * 2 / 5)) \
    --malformed-tickets 0.0005 --malformed-surveys 0.003 --malformed-telemetry 0.0005 | tee "$OUT/gen-$1.txt"
}
generate "$BIG_SET" "$TICKETS"
generate "$SMALL_SET" "$SMALL"

# xla settle under /usr/bin/time -v: prints "wall-seconds peak-kilobytes cpu-seconds".
settle() {
  local data=$1 out=$2
  rm -rf "$out"
  /usr/bin/time -v "$XLA" settle bench/contract.xla --data "$data" --period 2026-01 --through 2026-12 \
    --out "$out" >"$out.log" 2>"$out.time"
  "$PY" - "$out.time" <<'PYEOF'
import re, sys
t = open(sys.argv[1]).read()
wall = re.search(r"Elapsed \(wall clock\) time.*: (?:(\d+):)?(\d+):(\d+(?:\.\d+)?)", t)
h, m, s = wall.groups()
seconds = int(h or 0) * 3600 + int(m) * 60 + float(s)
rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", t).group(1))
cpu = sum(float(re.search(rf"{k} time \(seconds\): ([0-9.]+)", t).group(1)) for k in ("User", "System"))
print(f"{seconds:.2f} {rss} {cpu:.2f}")
PYEOF
}

echo "== timing: $RUNS runs each, alternated"
XLA_TIMES=() XLA_RSS=() XLA_CPU=() DUCK_TIMES=() DUCK_CPU=()
for i in $(seq 1 "$RUNS"); do
  read -r secs rss cpu < <(settle "$DATA/$BIG_SET" "$OUT/xla-big")
  XLA_TIMES+=("$secs") XLA_RSS+=("$rss") XLA_CPU+=("$cpu")
  "$PY" bench/duck.py "$DATA/$BIG_SET" bench/contract.xla "$OUT/duck-big.json" >/dev/null
  read -r duck duck_cpu < <("$PY" -c 'import json, sys; d = json.load(open(sys.argv[1])); print("%.2f %.2f" % (d["seconds"], d["cpu_seconds"]))' "$OUT/duck-big.json")
  DUCK_TIMES+=("$duck") DUCK_CPU+=("$duck_cpu")
  echo "run $i: xla ${secs} s (CPU ${cpu} s, peak RSS $((rss / 1024)) MB), DuckDB ${duck} s (CPU ${duck_cpu} s)"
done
read -r secs_small rss_small _ < <(settle "$DATA/$SMALL_SET" "$OUT/xla-small")

echo "== checking xla against DuckDB"
"$PY" bench/compare.py "$OUT/xla-big" "$OUT/duck-big.json" | tee "$OUT/compare.txt"

median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {if (NR % 2) print a[(NR+1)/2]; else printf "%.2f\n", (a[NR/2]+a[NR/2+1])/2}'; }
XLA_MED=$(median "${XLA_TIMES[@]}")
DUCK_MED=$(median "${DUCK_TIMES[@]}")
RSS_MED=$(median "${XLA_RSS[@]}")
XLA_CPU_MED=$(median "${XLA_CPU[@]}")
DUCK_CPU_MED=$(median "${DUCK_CPU[@]}")
ROWS=$((TICKETS + TICKETS / 5 + TICKETS * 2 / 5 + 240))
BYTES=$(du -sb "$DATA/$BIG_SET" | cut -f1)

: >"$OUT/report.md"
say "# Benchmark results"
say ""
say "Written by \`bench/run.sh\` (do not edit by hand). Contract \`bench/contract.xla\`, 12 months"
say "(2026-01 to 2026-12), files from \`xla-gen --seed 1\`: $(cat "$OUT/gen-$BIG_SET.txt" | sed 's/ to .* in / in /')."
say ""
say "Machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GB", $2/1048576}' /proc/meminfo),"
say "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'); load average at the end $(cut -d' ' -f1-3 /proc/loadavg)."
DUCK_VERSION=$("$PY" -c "import duckdb; print(duckdb.__version__)")
DUCK_THREADS=$("$PY" -c "import duckdb; print(duckdb.connect().execute(\"select current_setting('threads')\").fetchone()[0])")
say "xla $("$XLA" --version | cut -d' ' -f2) ($(rustc --version | cut -d' ' -f2)), DuckDB $DUCK_VERSION (Python package, $DUCK_THREADS threads)."
say ""
say "| run | xla settle wall (s) | xla CPU (s) | xla peak RSS (MB) | DuckDB SQL wall (s) | DuckDB CPU (s) |"
say "|---|---|---|---|---|---|"
for i in $(seq 0 $((RUNS - 1))); do
  say "| $((i + 1)) | ${XLA_TIMES[$i]} | ${XLA_CPU[$i]} | $((XLA_RSS[$i] / 1024)) | ${DUCK_TIMES[$i]} | ${DUCK_CPU[$i]} |"
done
say ""
say "| figure | value |"
say "|---|---|"
say "| rows (tickets + surveys + telemetry + outages) | $ROWS ($((BYTES / 1048576)) MB of files) |"
say "| xla wall time, median of $RUNS | ${XLA_MED} s |"
say "| DuckDB wall time, median of $RUNS | ${DUCK_MED} s |"
say "| ratio xla / DuckDB (wall) | $(awk -v a="$XLA_MED" -v b="$DUCK_MED" 'BEGIN {printf "%.2f", a / b}') |"
say "| xla CPU time (user + system), median | ${XLA_CPU_MED} s |"
say "| DuckDB CPU time (all threads), median | ${DUCK_CPU_MED} s |"
say "| ratio xla / DuckDB (CPU) | $(awk -v a="$XLA_CPU_MED" -v b="$DUCK_CPU_MED" 'BEGIN {printf "%.2f", a / b}') |"
say "| xla rows per second | $(awk -v r="$ROWS" -v t="$XLA_MED" 'BEGIN {printf "%.0f", r / t}') |"
say "| xla MB per second | $(awk -v r="$BYTES" -v t="$XLA_MED" 'BEGIN {printf "%.0f", r / 1048576 / t}') |"
say "| xla MB per CPU second (per core) | $(awk -v r="$BYTES" -v t="$XLA_CPU_MED" 'BEGIN {printf "%.0f", r / 1048576 / t}') |"
say "| DuckDB MB per CPU second (per core) | $(awk -v r="$BYTES" -v t="$DUCK_CPU_MED" 'BEGIN {printf "%.0f", r / 1048576 / t}') |"
say "| xla peak RSS, $TICKETS tickets (median) | $((RSS_MED / 1024)) MB |"
say "| xla peak RSS, $SMALL tickets (1/5 of every dataset) | $((rss_small / 1024)) MB (wall ${secs_small} s) |"
say ""
say "Agreement: $(tail -1 "$OUT/compare.txt"); $(head -1 "$OUT/compare.txt")."
say ""
say "xla's time is the whole \`xla settle\` process (reading the contract, loading, settling and"
say "writing 25 output files) under \`/usr/bin/time -v\`; DuckDB's is the SQL alone, timed inside"
say "Python from the first statement to the last fetched row (interpreter start-up and import excluded)."
say "CPU times count every thread; they vary less than wall times when other work shares the machine."
# What each optimisation bought: measured by hand, kept in bench/changes.md.
if [ -f bench/changes.md ]; then say ""; cat bench/changes.md >>"$OUT/report.md"; fi
cp "$OUT/report.md" "$RESULTS"
echo "== wrote $RESULTS"
