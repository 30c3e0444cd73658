#!/usr/bin/env bash
# Makes the other forms of the sample exports in samples/, for the
# declarations in forms/ (see docs/data-sources.md):
# - the CSV form of the two JSON Lines sources (HappySignals, 1E), with
#   jsonl_to_csv.py (Python 3, standard library only);
# - the Excel form of every source, with `xla-csv2xlsx` from this
#   repository's xla-gen crate (a small Rust writer of .xlsx workbooks,
#   gen/src/xlsx.rs), which types cells as Excel does on import: numbers,
#   dates and date-times as such, the rest as text.
# Run it again after changing a sample; the outputs are committed.
set -euo pipefail
cd "$(dirname "$0")"
cargo build --quiet -p xla-gen --bin xla-csv2xlsx
CSV2XLSX=${CARGO_TARGET_DIR:-$(cd ../.. && pwd)/target}/debug/xla-csv2xlsx

python3 jsonl_to_csv.py samples/happysignals/responses-2026-03.jsonl samples/happysignals/responses-2026-03.csv
python3 jsonl_to_csv.py samples/1e/experience-2026-03.jsonl samples/1e/experience-2026-03.csv

"$CSV2XLSX" samples/servicenow/incident-2026-03.xlsx "Page 1" samples/servicenow/incident-2026-03.csv
"$CSV2XLSX" samples/servicenow/incident-2026-04.xlsx "Page 1" samples/servicenow/incident-2026-04.csv
"$CSV2XLSX" samples/jira/ITSD-2026-03.xlsx "Issues" samples/jira/ITSD-2026-03.csv
"$CSV2XLSX" samples/happysignals/responses-2026-03.xlsx "Responses" samples/happysignals/responses-2026-03.csv
"$CSV2XLSX" samples/qualtrics/dex-pulse-2026-03.xlsx "Sheet0" samples/qualtrics/dex-pulse-2026-03.csv
"$CSV2XLSX" samples/nexthink/device-day-2026-03.xlsx "Export" samples/nexthink/device-day-2026-03.csv
"$CSV2XLSX" samples/1e/experience-2026-03.xlsx "Experience" samples/1e/experience-2026-03.csv
