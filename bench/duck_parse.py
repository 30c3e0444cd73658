"""DuckDB's bare typed parse of every column of a benchmark set: the floor
issue 14 measures xla's loader against ("within 2x of DuckDB's bare typed
parse per core").

Usage: python duck_parse.py DATA_DIR

Reads every file `xla-gen` writes with typed columns, as a loader that only
parses would: texts as VARCHAR, ServiceNow times as TIMESTAMP in their
day-first format, counts as BIGINT, one-decimal numbers as DECIMAL(18,1),
RFC 3339 times as TIMESTAMPTZ, flags as BOOLEAN, dates as DATE. Every column
is counted (its non-null values), so that every one is parsed rather than
skipped by projection; malformed rows are skipped (`ignore_errors`); nothing
else is computed. Prints "wall-seconds cpu-seconds" of the four scans, the
CPU time counting every thread of the process.
"""

import sys
import time
from pathlib import Path

import duckdb

TICKETS = """
SELECT count(number), count(short_description), count(priority), count(state), count(contact_type),
       count(assignment_group), count(opened_at), count(resolved_at), count(reopen_count),
       count(sys_updated_on)
FROM read_csv('{data}/tickets/*.csv', header = true, ignore_errors = true,
    timestampformat = '%d/%m/%Y %H:%M',
    columns = {{'number': 'VARCHAR', 'short_description': 'VARCHAR', 'priority': 'VARCHAR',
                'state': 'VARCHAR', 'contact_type': 'VARCHAR', 'assignment_group': 'VARCHAR',
                'opened_at': 'TIMESTAMP', 'resolved_at': 'TIMESTAMP', 'reopen_count': 'BIGINT',
                'sys_updated_on': 'TIMESTAMP'}})
"""

SURVEYS = """
SELECT count(ticket_id), count(happiness), count(lost_minutes), count(answered_at), count(channel), count(lang)
FROM read_json('{data}/surveys.jsonl', format = 'newline_delimited', ignore_errors = true,
    columns = {{'ticket_id': 'VARCHAR', 'happiness': 'DECIMAL(18,1)', 'lost_minutes': 'DECIMAL(18,1)',
                'answered_at': 'TIMESTAMPTZ', 'channel': 'VARCHAR', 'lang': 'VARCHAR'}})
"""

TELEMETRY = """
SELECT count("date"), count("device.name"), count("device.entity"), count("device.operating_system.platform"),
       count(dex_score), count(boot_duration), count(number_of_crashes)
FROM read_csv('{data}/telemetry/*.csv', header = true, ignore_errors = true,
    columns = {{'date': 'DATE', 'device.name': 'VARCHAR', 'device.entity': 'VARCHAR',
                'device.operating_system.platform': 'VARCHAR', 'dex_score': 'DECIMAL(18,1)',
                'boot_duration': 'DECIMAL(18,1)', 'number_of_crashes': 'BIGINT'}})
"""

OUTAGES = """
SELECT count(service), count("start"), count("end"), count(planned), count(impact)
FROM read_csv('{data}/outages.csv', header = true, ignore_errors = true,
    columns = {{'service': 'VARCHAR', 'start': 'TIMESTAMPTZ', 'end': 'TIMESTAMPTZ', 'planned': 'BOOLEAN',
                'impact': 'VARCHAR'}})
"""


def main() -> None:
    data = Path(sys.argv[1]).resolve()
    con = duckdb.connect()
    started, cpu_started = time.perf_counter(), time.process_time()
    counted = [con.execute(sql.format(data=data)).fetchone() for sql in (TICKETS, SURVEYS, TELEMETRY, OUTAGES)]
    seconds = time.perf_counter() - started
    cpu_seconds = time.process_time() - cpu_started
    # A scan that read nothing would make the floor meaningless.
    if any(max(row) == 0 for row in counted):
        sys.exit(f"a scan of {data} read no values: {counted}")
    print(f"{seconds:.2f} {cpu_seconds:.2f}")


if __name__ == "__main__":
    main()
