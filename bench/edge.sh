#!/usr/bin/env bash
# The peers' row rules on hand-written rows (see bench/README.md): generates
# a small set (20,000 tickets), appends the rows of bench/edge/ to the files
# of the same names, settles it with `xla settle`, computes it with duck.py
# and polars_peer.py, and checks that all 156 values and volumes agree.
# Untimed; run.sh runs it before timing. Expects the release binaries and
# bench/.venv that run.sh builds and installs.
#
# The rows, by ticket number or content:
#   INC9000001  opened in the DST gap (29/03 01:30): rejected
#   INC9000002  P1 from Friday 17:00 GMT to Monday 09:30 BST: 2.5 business hours, 63.5 hours elapsed
#   INC9000003  P1 resolved before it was opened: no business time, negative elapsed
#   INC9000004  resolved in the DST gap (29/03 01:59): rejected
#   INC9000005  P1 over Easter (Good Friday, Easter Monday off): 20 business hours
#   INC9000006  resolved at an ambiguous time (25/10 01:30): the earlier instant, BST
#   INC9000007  opened and resolved at ambiguous times: both the earlier instants
#   INC9000008  reopen_count "3.0" (a whole count), a quoted description with quotes
#   INC9000009  reopen_count "-0" (zero)
#   INC9000010  resolved just after midnight on 1 November: a November ticket
#   surveys     happiness as a JSON string; an offset that moves the answer to April;
#               lost_minutes "12.50"; an object with a nested object (not flat: the
#               Polars peer's slow path); escapes in a string; a blank ticket_id, a
#               blank line, a negative duration, an array (rejected)
#   telemetry   a boot of 0 with crashes "2.0"; a boot of exactly 60 s; a DEX "abc" (rejected)
#   outages     an e-mail outage still open at the end of the year; planned "no" across
#               the spring DST change; planned "0" across the end of February
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
DATA=${BENCH_DATA:-$ROOT/bench/data}/edge
OUT=$ROOT/bench/out/edge
TARGET=${CARGO_TARGET_DIR:-$ROOT/target}
PY=$ROOT/bench/.venv/bin/python

rm -rf "$DATA" "$OUT"
mkdir -p "$OUT"
"$TARGET/release/xla-gen" --out "$DATA" --seed 7 --tickets 20000 --surveys 4000 --telemetry 8000 \
  --malformed-tickets 0.0005 --malformed-surveys 0.003 --malformed-telemetry 0.0005 >/dev/null
(cd bench/edge && find . -type f) | while read -r file; do
  cat "bench/edge/$file" >>"$DATA/$file"
done
"$TARGET/release/xla" settle bench/contract.xla --data "$DATA" --period 2026-01 --through 2026-12 \
  --out "$OUT/xla" >"$OUT/xla.log" 2>&1
for peer in duck polars_peer; do
  "$PY" "bench/$peer.py" "$DATA" bench/contract.xla "$OUT/$peer.json" >/dev/null
  if ! "$PY" bench/compare.py "$OUT/xla" "$OUT/$peer.json" >"$OUT/compare-$peer.txt"; then
    cat "$OUT/compare-$peer.txt"
    exit 1
  fi
  echo "edge rows, $(head -1 "$OUT/compare-$peer.txt" | cut -d: -f1): $(tail -1 "$OUT/compare-$peer.txt")"
done
