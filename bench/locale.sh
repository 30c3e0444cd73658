#!/usr/bin/env bash
# CSV as European spreadsheets write it: is `delimiter ";"` + `decimal ","`
# as fast as the plain comma path? (issue 10: no more than 10% slower).
#
# Generates the 1M-ticket set (1,000,000 tickets, 400,000 telemetry
# device-days, 200,000 survey lines), writes a copy of its CSV files with
# `;` between fields and decimal commas (tools/locale_csv.py), and settles
# the twelve months of bench/contract.xla on both — the copy with the
# contract's CSV datasets saying `delimiter ";"` and `decimal ","` —
# BENCH_RUNS times each (default 5), alternating; prints the medians and
# writes them to bench/locale-results.md. Set BASELINE_XLA to a second xla
# binary to time it on the plain files too (to compare two builds).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
RUNS=${BENCH_RUNS:-5}
DATA=${BENCH_DATA:-$ROOT/bench/data}
OUT=$ROOT/bench/out
TARGET=${CARGO_TARGET_DIR:-$ROOT/target}
mkdir -p "$DATA" "$OUT"

if [ -z "${XLA:-}" ]; then
  cargo build --release --quiet -p xla -p xla-gen
  XLA=$TARGET/release/xla
fi
GEN=${GEN:-$TARGET/release/xla-gen}

if [ ! -d "$DATA/1m" ]; then
  "$GEN" --out "$DATA/1m" --seed 1 --tickets 1000000 --surveys 200000 --telemetry 400000 \
    --malformed-tickets 0.0005 --malformed-surveys 0.003 --malformed-telemetry 0.0005
fi
rm -rf "$DATA/1m-semicolon"
python3 bench/locale_csv.py "$DATA/1m" "$DATA/1m-semicolon"
python3 - bench/contract.xla "$OUT/contract-semicolon.xla" <<'PY'
import re, sys
text = open(sys.argv[1]).read()
# Every CSV dataset gains the two options before its closing brace.
text = re.sub(r'(dataset \w+ from csv "[^"]*" \{.*?)\n\}', r'\1\n  delimiter ";"\n  decimal ","\n}', text, flags=re.S)
# The copy lives in bench/out/: its holidays file is one directory up.
text = text.replace('"holidays/', '"../holidays/')
open(sys.argv[2], "w").write(text)
PY

# Settles the twelve months RUNS times per case, alternating, and writes
# the medians of wall time and of CPU time (user + system: the machine is
# shared, so wall time also measures the neighbours; CPU time much less).
rows=$(( $(cat "$DATA"/1m/tickets/*.csv "$DATA"/1m/telemetry/*.csv "$DATA"/1m/outages.csv | wc -l) ))
python3 - "$RUNS" "$rows" "$OUT/locale-run" "$XLA" "${BASELINE_XLA:-}" \
  bench/contract.xla "$DATA/1m" "$OUT/contract-semicolon.xla" "$DATA/1m-semicolon" <<'PY' | tee bench/locale-results.md
import resource, shutil, statistics, subprocess, sys, time
runs, rows, out, xla, baseline, plain_contract, plain_data, semi_contract, semi_data = sys.argv[1:]
cases = [("plain CSV", xla, plain_contract, plain_data),
         ('`;` + decimal comma', xla, semi_contract, semi_data)]
if baseline:
    cases.append(("plain CSV, baseline build", baseline, plain_contract, plain_data))
times = {name: [] for name, *_ in cases}
for _ in range(int(runs)):
    for name, binary, contract, data in cases:
        shutil.rmtree(out, ignore_errors=True)
        before, start = resource.getrusage(resource.RUSAGE_CHILDREN), time.time()
        subprocess.run([binary, "settle", contract, "--data", data, "--period", "2026-01", "--through", "2026-12",
                        "--out", out], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        times[name].append((time.time() - start, cpu))
med = lambda xs: statistics.median(xs)
print('# CSV with `delimiter ";"` and `decimal ","` against plain CSV\n')
print(f"`bench/locale.sh`, {runs} runs per case, alternating, medians; the 1M-ticket set")
print(f"({int(rows):,} CSV lines, plus 200,000 JSON lines), twelve months settled.")
print("CPU is user + system time (the machine is shared: wall time includes waiting).\n")
print("| files | CPU (s) | wall (s) | CSV lines per CPU second |")
print("|---|---:|---:|---:|")
for name, *_ in cases:
    cpu, wall = med(c for _, c in times[name]), med(w for w, _ in times[name])
    print(f"| {name} | {cpu:.2f} | {wall:.2f} | {int(rows) / cpu:,.0f} |")
plain, semi = med(c for _, c in times["plain CSV"]), med(c for _, c in times['`;` + decimal comma'])
print(f"\nSemicolons and decimal commas take {(semi / plain - 1) * 100:+.1f}% CPU against the plain files.")
PY
