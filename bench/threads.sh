#!/usr/bin/env bash
# Do two loading threads cost the CPU of one? (issue 14)
#
# A settlement loads each dataset on two worker threads. Their CPU time
# should add up to about that of one thread doing the same work alone; when
# the two threads write to cache lines the other reads for every row, each
# row costs a line moved between the cores, and the CPU time of two threads
# grows well past that of one (bench/changes.md: up to 1.8×, from where the
# allocator had put blocks). Which contracts it strikes depends on the
# layout of the heap, so this script times many small ones.
#
# From bench/contract.xla it writes one contract per metric (the contract's
# header, its calendar, the one dataset the metric reads, the metric and an
# SLA on it), and one per dataset with all its metrics, to bench/out/threads/;
# settles each on the set of BENCH_TICKETS tickets (default 5000000; made as
# bench/run.sh makes it, if missing) with XLA_THREADS=1 and XLA_THREADS=2,
# BENCH_RUNS times each (default 5), alternated; and writes the median CPU
# times and their ratio to bench/threads-results.md, marking any contract
# whose two threads take more than 1.3× the CPU of one.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
RUNS=${BENCH_RUNS:-5}
TICKETS=${BENCH_TICKETS:-5000000}
DATA=${BENCH_DATA:-$ROOT/bench/data}
OUT=$ROOT/bench/out/threads
TARGET=${CARGO_TARGET_DIR:-$ROOT/target}
RESULTS=$ROOT/bench/threads-results.md
mkdir -p "$DATA" "$OUT"

if [ -z "${XLA:-}" ]; then
  cargo build --release --quiet -p xla -p xla-gen
  XLA=$TARGET/release/xla
fi
GEN=${GEN:-$TARGET/release/xla-gen}
if ! /usr/bin/time -f %e true >/dev/null 2>&1; then
  echo "GNU time is missing: run bench/run.sh once (it installs it)" >&2
  exit 1
fi

# The set's directory name, as bench/run.sh names it.
if [ $((TICKETS % 1000000)) = 0 ]; then SET=$((TICKETS / 1000000))m; else SET=$((TICKETS / 1000))k; fi
if [ ! -d "$DATA/$SET" ]; then
  "$GEN" --out "$DATA/$SET" --seed 1 --tickets "$TICKETS" --surveys $((TICKETS / 5)) --telemetry $((TICKETS * 2 / 5)) \
    --malformed-tickets 0.0005 --malformed-surveys 0.003 --malformed-telemetry 0.0005
fi

# One contract per metric and one per dataset, each checked before it is timed.
python3 - bench/contract.xla "$OUT" <<'PY'
import re, sys
text, out = open(sys.argv[1]).read(), sys.argv[2]
# The header and the calendar; the copy lives in bench/out/threads/, two
# directories below the holidays file.
head = text[:re.search(r"^dataset ", text, re.M).start()].replace('"holidays/', '"../../holidays/')
datasets = {m.group(1): m.group(0) for m in re.finditer(r"^dataset (\w+) from .*?\n\}\n", text, re.S | re.M)}
metrics = {m.group(1): m.group(0) for m in re.finditer(r"^metric (\w+) = .*?(?=\n\n|\n///|\nmetric |\nescalation)", text, re.S | re.M)}
# A target in each metric's unit, met or not: only the loading is timed.
targets = {"p1_resolution": "0%", "happiness": "0", "lost_per_case": "0s", "repeat_rate": "0%",
           "email_uptime": "0%", "device_health": "0%", "nexthink_dex": "0", "boot_p90": "0s",
           "boot_median": "0s", "active_devices": "0", "resolved": "0", "mean_resolution": "0s",
           "p2_longest": "0s"}
def reads(metric):
    return [d for d in datasets if re.search(rf"\b(of|\() *{d}\b|\b{d} (where|meeting)", metrics[metric])]
def write(name, dataset, names):
    slas = "".join(f'sla s_{n} "{n}" {{\n  metric     {n}\n  target     >= {targets[n]}\n  allocation 10%\n}}\n' for n in names)
    body = head + datasets[dataset] + "\n" + "\n".join(metrics[n] for n in names) + "\n\n" + slas
    open(f"{out}/{name}.xla", "w").write(body)
by_dataset = {}
for metric in metrics:
    [dataset] = reads(metric)
    by_dataset.setdefault(dataset, []).append(metric)
    write(f"{dataset}-{metric}", dataset, [metric])
for dataset, names in by_dataset.items():
    if len(names) > 1:
        write(f"{dataset}-all", dataset, names)
PY
for contract in "$OUT"/*.xla; do
  "$XLA" check "$contract" >/dev/null 2>&1 || { echo "$contract does not check:" >&2; "$XLA" check "$contract" >&2; exit 1; }
done

# CPU seconds (user + system) of one settlement of contract $1 with $2 threads.
cpu() {
  rm -rf "$OUT/settled"
  XLA_THREADS=$2 /usr/bin/time -f "%U %S" -o "$OUT/time" "$XLA" settle "$1" --data "$DATA/$SET" \
    --period 2026-01 --through 2026-12 --out "$OUT/settled" >/dev/null 2>&1
  awk '{printf "%.2f\n", $1 + $2}' "$OUT/time"
}
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {if (NR % 2) print a[(NR+1)/2]; else printf "%.2f\n", (a[NR/2]+a[NR/2+1])/2}'; }

{
  echo "# Two loading threads against one"
  echo
  echo "Written by \`bench/threads.sh\` (do not edit by hand): each contract settled on the $TICKETS-ticket set"
  echo "$RUNS times with one loading thread and $RUNS with two, alternated; median CPU seconds (user + system)."
  echo "A ratio above 1.3 is marked: the two threads then likely share cache lines they write (see the script)."
  echo "Machine: $(nproc) cores, $(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo); xla $("$XLA" --version | cut -d' ' -f2)."
  echo
  echo "| contract | CPU, one thread (s) | CPU, two threads (s) | two / one |"
  echo "|---|---|---|---|"
} >"$RESULTS"
marked=0
for contract in "$OUT"/*.xla; do
  one=() two=()
  for _ in $(seq 1 "$RUNS"); do
    one+=("$(cpu "$contract" 1)")
    two+=("$(cpu "$contract" 2)")
  done
  m1=$(median "${one[@]}") m2=$(median "${two[@]}")
  # Below a hundredth of a second (the outages), no ratio is worth reading.
  ratio=$(awk -v a="$m2" -v b="$m1" 'BEGIN {if (b < 0.01) print "—"; else printf "%.2f", a / b}')
  flag=$(awk -v r="$ratio" 'BEGIN {print (r != "—" && r + 0 > 1.3) ? " **(above 1.3)**" : ""}')
  [ -n "$flag" ] && marked=$((marked + 1))
  echo "| $(basename "$contract" .xla) | $m1 | $m2 | $ratio$flag |" | tee -a "$RESULTS"
done
echo >>"$RESULTS"
echo "$marked contract(s) above 1.3." | tee -a "$RESULTS"
echo "== wrote $RESULTS"
