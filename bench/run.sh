#!/usr/bin/env bash
# The enterprise-scale benchmark, in one run (see bench/README.md):
# builds xla and xla-gen (release), generates 5,000,000 tickets, 1,000,000
# survey answers and 2,000,000 telemetry rows for 12 months (and a 1M-ticket
# set to compare peak memory), settles the 12 months with `xla settle`,
# computes the same metrics with DuckDB SQL and with lazy Polars queries over
# the same files, checks that every value agrees exactly with both, and
# writes the figures to bench/results.md.
#
# Environment: BENCH_RUNS (default 5) timed runs of each engine, alternated,
# medians reported; BENCH_TICKETS (default 5000000) the tickets of the timed
# set (surveys 1/5 of that, telemetry 2/5; the memory set is 1/5 of it), or
# several sizes, "1000000 5000000 10000000", each with its section of the
# report; BENCH_DATA (default bench/data) where the files go (about 1 GB at
# 5M, 2 GB at 10M, 3.2 GB for the three sizes); CARGO_TARGET_DIR as usual.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
RUNS=${BENCH_RUNS:-5}
SIZES=${BENCH_TICKETS:-5000000}
# A set's directory name: its tickets in millions (5m), or thousands below a million (200k).
set_name() { if [ $(($1 % 1000000)) = 0 ]; then echo "$(($1 / 1000000))m"; else echo "$(($1 / 1000))k"; fi; }
DATA=${BENCH_DATA:-$ROOT/bench/data}
OUT=$ROOT/bench/out
TARGET=${CARGO_TARGET_DIR:-$ROOT/target}
RESULTS=$ROOT/bench/results.md
mkdir -p "$DATA" "$OUT"

# Appends a line to the report being written ($REPORT).
say() { printf '%s\n' "$*" | tee -a "$REPORT"; }

echo "== building (release)"
cargo build --release --quiet -p xla -p xla-gen
XLA=$TARGET/release/xla
GEN=$TARGET/release/xla-gen

if ! /usr/bin/time -v true >/dev/null 2>&1; then
  echo "== installing GNU time (for peak RSS)"
  if [ "$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi
  $SUDO apt-get update -qq && $SUDO apt-get install -y -qq time >/dev/null
fi

echo "== installing DuckDB and Polars into bench/.venv"
[ -x bench/.venv/bin/python ] || python3 -m venv bench/.venv
# Polars pinned: polars_peer.py reads the surveys with scan_lines, which
# Polars 2.1 marks unstable.
bench/.venv/bin/pip install --quiet --disable-pip-version-check duckdb polars==2.1.0
PY=$ROOT/bench/.venv/bin/python

echo "== checking xla against both peers on hand-written edge rows (bench/edge.sh)"
bench/edge.sh | tee "$OUT/edge.txt"

generate() {
  "$GEN" --out "$DATA/$1" --seed 1 --tickets "$2" --surveys $(($2 / 5)) --telemetry $(($2 * 2 / 5)) \
    --malformed-tickets 0.0005 --malformed-surveys 0.003 --malformed-telemetry 0.0005 | tee "$OUT/gen-$1.txt"
}

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

# A peer (duck.py or polars_peer.py) on the set $1: prints "wall-seconds cpu-seconds peak-kilobytes".
peer() {
  rm -f "$3"
  "$PY" "bench/$2" "$DATA/$1" bench/contract.xla "$3" >/dev/null
  "$PY" -c 'import json, sys; d = json.load(open(sys.argv[1])); print("%.2f %.2f %d" % (d["seconds"], d["cpu_seconds"], d["peak_rss_kb"]))' "$3"
}

median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {if (NR % 2) print a[(NR+1)/2]; else printf "%.2f\n", (a[NR/2]+a[NR/2+1])/2}'; }
mb() { awk -v k="$1" 'BEGIN {printf "%.0f", k / 1024}'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", a / b}'; }

# Generates the sets of $1 tickets (and of a fifth of that), times the three
# engines on it $RUNS times, alternated, checks their values, and writes the
# section of the report on it to $OUT/section-<set>.md.
measure() {
  local tickets=$1 small=$(($1 / 5))
  local big_set small_set
  big_set=$(set_name "$tickets")
  small_set=$(set_name "$small")
  echo "== generating $big_set and $small_set"
  generate "$big_set" "$tickets"
  generate "$small_set" "$small"

  echo "== timing $big_set: $RUNS runs each, alternated"
  local xla_times=() xla_rss=() xla_cpu=() duck_times=() duck_cpu=() duck_rss=() polars_times=() polars_cpu=() polars_rss=()
  local parse_times=() parse_cpu=()
  local i secs rss cpu duck d_cpu d_rss polars p_cpu p_rss parse parse_c
  for i in $(seq 1 "$RUNS"); do
    read -r secs rss cpu < <(settle "$DATA/$big_set" "$OUT/xla-big")
    xla_times+=("$secs") xla_rss+=("$rss") xla_cpu+=("$cpu")
    read -r duck d_cpu d_rss < <(peer "$big_set" duck.py "$OUT/duck-big.json")
    duck_times+=("$duck") duck_cpu+=("$d_cpu") duck_rss+=("$d_rss")
    read -r polars p_cpu p_rss < <(peer "$big_set" polars_peer.py "$OUT/polars-big.json")
    polars_times+=("$polars") polars_cpu+=("$p_cpu") polars_rss+=("$p_rss")
    read -r parse parse_c < <("$PY" bench/duck_parse.py "$DATA/$big_set")
    parse_times+=("$parse") parse_cpu+=("$parse_c")
    echo "run $i: xla ${secs} s (CPU ${cpu} s, peak RSS $(mb "$rss") MB)," \
      "DuckDB ${duck} s (CPU ${d_cpu} s, $(mb "$d_rss") MB), Polars ${polars} s (CPU ${p_cpu} s, $(mb "$p_rss") MB)," \
      "DuckDB bare parse ${parse} s (CPU ${parse_c} s)"
  done
  local secs_small rss_small
  read -r secs_small rss_small _ < <(settle "$DATA/$small_set" "$OUT/xla-small")

  echo "== checking xla against DuckDB and Polars at $big_set"
  "$PY" bench/compare.py "$OUT/xla-big" "$OUT/duck-big.json" | tee "$OUT/compare-duck.txt"
  "$PY" bench/compare.py "$OUT/xla-big" "$OUT/polars-big.json" | tee "$OUT/compare-polars.txt"

  local xla_med xla_cpu_med rss_med duck_med duck_cpu_med duck_rss_med polars_med polars_cpu_med polars_rss_med
  xla_med=$(median "${xla_times[@]}") xla_cpu_med=$(median "${xla_cpu[@]}") rss_med=$(median "${xla_rss[@]}")
  duck_med=$(median "${duck_times[@]}") duck_cpu_med=$(median "${duck_cpu[@]}") duck_rss_med=$(median "${duck_rss[@]}")
  polars_med=$(median "${polars_times[@]}") polars_cpu_med=$(median "${polars_cpu[@]}") polars_rss_med=$(median "${polars_rss[@]}")
  local parse_med parse_cpu_med
  parse_med=$(median "${parse_times[@]}") parse_cpu_med=$(median "${parse_cpu[@]}")
  local rows bytes
  rows=$((tickets + tickets / 5 + tickets * 2 / 5 + 240))
  bytes=$(du -sb "$DATA/$big_set" | cut -f1)
  per_cpu() { awk -v r="$bytes" -v t="$1" 'BEGIN {printf "%.0f", r / 1048576 / t}'; }

  REPORT=$OUT/section-$big_set.md
  : >"$REPORT"
  say "## $tickets tickets"
  say ""
  say "Files from \`xla-gen --seed 1\`: $(sed 's/ to .* in / in /' "$OUT/gen-$big_set.txt");"
  say "$rows rows (tickets + surveys + telemetry + outages), $((bytes / 1048576)) MB of files."
  say ""
  say "| run | xla wall (s) | xla CPU (s) | xla RSS (MB) | DuckDB wall (s) | DuckDB CPU (s) | DuckDB RSS (MB) | Polars wall (s) | Polars CPU (s) | Polars RSS (MB) |"
  say "|---|---|---|---|---|---|---|---|---|---|"
  for i in $(seq 0 $((RUNS - 1))); do
    say "| $((i + 1)) | ${xla_times[$i]} | ${xla_cpu[$i]} | $(mb "${xla_rss[$i]}") | ${duck_times[$i]} | ${duck_cpu[$i]} | $(mb "${duck_rss[$i]}") | ${polars_times[$i]} | ${polars_cpu[$i]} | $(mb "${polars_rss[$i]}") |"
  done
  say ""
  say "Medians of $RUNS runs; a ratio is xla's figure over the engine's (below 1: xla takes less)."
  say ""
  say "| engine | wall (s) | CPU (s) | ratio xla / engine, wall | ratio xla / engine, CPU | MB per CPU second (per core) | peak RSS (MB) |"
  say "|---|---|---|---|---|---|---|"
  say "| xla settle | ${xla_med} | ${xla_cpu_med} | | | $(per_cpu "$xla_cpu_med") | $(mb "$rss_med") |"
  say "| DuckDB SQL | ${duck_med} | ${duck_cpu_med} | $(ratio "$xla_med" "$duck_med") | $(ratio "$xla_cpu_med" "$duck_cpu_med") | $(per_cpu "$duck_cpu_med") | $(mb "$duck_rss_med") |"
  say "| Polars lazy | ${polars_med} | ${polars_cpu_med} | $(ratio "$xla_med" "$polars_med") | $(ratio "$xla_cpu_med" "$polars_cpu_med") | $(per_cpu "$polars_cpu_med") | $(mb "$polars_rss_med") |"
  say "| DuckDB bare typed parse, no metric (\`duck_parse.py\`) | ${parse_med} | ${parse_cpu_med} | $(ratio "$xla_med" "$parse_med") | $(ratio "$xla_cpu_med" "$parse_cpu_med") | $(per_cpu "$parse_cpu_med") | |"
  say ""
  say "| figure | value |"
  say "|---|---|"
  say "| xla rows per second | $(awk -v r="$rows" -v t="$xla_med" 'BEGIN {printf "%.0f", r / t}') |"
  say "| xla MB per second | $(awk -v r="$bytes" -v t="$xla_med" 'BEGIN {printf "%.0f", r / 1048576 / t}') |"
  say "| xla peak RSS, $small tickets (1/5 of every dataset) | $(mb "$rss_small") MB (wall ${secs_small} s) |"
  say ""
  local engine
  for engine in duck polars; do
    say "Agreement with $(head -1 "$OUT/compare-$engine.txt" | cut -d: -f1): $(tail -1 "$OUT/compare-$engine.txt"); $(head -1 "$OUT/compare-$engine.txt" | cut -d: -f2- | sed 's/^ //')."
  done
  say ""
}

for tickets in $SIZES; do
  measure "$tickets"
done

REPORT=$OUT/report.md
: >"$REPORT"
say "# Benchmark results"
say ""
say "Written by \`bench/run.sh\` (do not edit by hand). Contract \`bench/contract.xla\`, 12 months"
say "(2026-01 to 2026-12). Machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GB", $2/1048576}' /proc/meminfo),"
say "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'); load average at the end $(cut -d' ' -f1-3 /proc/loadavg)."
DUCK_VERSION=$("$PY" -c "import duckdb; print(duckdb.__version__)")
DUCK_THREADS=$("$PY" -c "import duckdb; print(duckdb.connect().execute(\"select current_setting('threads')\").fetchone()[0])")
POLARS_VERSION=$("$PY" -c "import polars; print(polars.__version__)")
POLARS_THREADS=$("$PY" -c "import polars; print(polars.thread_pool_size())")
say "xla $("$XLA" --version | cut -d' ' -f2) ($(rustc --version | cut -d' ' -f2)), DuckDB $DUCK_VERSION (Python package, $DUCK_THREADS threads),"
say "Polars $POLARS_VERSION (Python package, $POLARS_THREADS threads, ${BENCH_POLARS_ENGINE:-streaming} engine)."
say ""
say "xla's time is the whole \`xla settle\` process (reading the contract, loading, settling and"
say "writing 25 output files) under \`/usr/bin/time -v\`; DuckDB's is the SQL alone, timed inside"
say "Python from the first statement to the last fetched row, and Polars' the lazy queries from the"
say "first one built to the last row collected (interpreter start-up and imports excluded). A peer's"
say "peak RSS is that of its Python process (\`ru_maxrss\`: interpreter, engine, and the exactness"
say "check after the timed part, included). CPU times count every thread; they vary less than wall"
say "times when other work shares the machine. Before timing, \`bench/edge.sh\`: $(tail -2 "$OUT/edge.txt" | sed 's/^edge rows, //' | paste -sd ';' | sed 's/;/; /')."
say ""
for tickets in $SIZES; do
  cat "$OUT/section-$(set_name "$tickets").md" >>"$REPORT"
done
# What each optimisation bought: measured by hand, kept in bench/changes.md.
if [ -f bench/changes.md ]; then cat bench/changes.md >>"$REPORT"; fi
cp "$REPORT" "$RESULTS"
echo "== wrote $RESULTS"
