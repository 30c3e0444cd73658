"""The benchmark's metric values computed by DuckDB SQL over the same files.

Usage: python duck.py DATA_DIR CONTRACT OUT_JSON

Reads the exports `xla-gen` writes (tickets/*.csv, surveys.jsonl,
outages.csv, telemetry/*.csv), rejects the rows `xla` rejects (by the same
rules, written in SQL), and computes every metric of bench/contract.xla for
each month of 2026, as exact decimals:

- Every division is done on integers and rounded to 16 places half to even,
  as `xla` does (LANGUAGE.md §6): the macro `rdiv`.
- Local ServiceNow times are London wall-clock times: the macro `london`
  turns them into instants, taking the earlier instant of an ambiguous time
  (DuckDB's `timezone()` takes the later one) and rejecting times in the
  DST gap.
- `business_time(opened, resolved, business)` is a SQL macro over a table of
  days (working or not, and the working seconds before each day), for the
  calendar `business` of the contract: mon-fri 08:00-18:00 London time,
  holidays from the contract's holidays file and `holiday` lines. Working
  hours never touch a DST change in London, so wall-clock seconds are real
  seconds.
- Percentiles are nearest-rank: `quantile_disc`, which DuckDB computes as
  the value at rank max(1, ceil(q·n)); `check_quantile_disc` checks that
  against an exact integer rank on the same rows (outside the timed part).
- Numbers are read as DECIMAL(38,6): exact for the generated files, which
  have at most one decimal.

Writes {"engine": "DuckDB x.y.z", "seconds": wall time of the SQL,
"cpu_seconds": CPU time of the process (all threads) meanwhile,
"peak_rss_kb": the process's peak RSS, "months": {"2026-01": {metric:
{"value": "…", "volume": n}}}} (peer.write) and prints the time.
"""

import sys
import time
from pathlib import Path

import duckdb

from peer import MONTHS, holidays, month_values, write


SETUP = r"""
-- round(a / b) to 16 places, half to even, on integers: the result times 10^16.
CREATE MACRO rdiv(a, b) AS (
    WITH x AS (SELECT abs(a::HUGEINT) * 10000000000000000::HUGEINT AS num, b::HUGEINT AS den)
    SELECT sign(a) * (num // den + CASE
        WHEN 2 * (num % den) > den OR (2 * (num % den) = den AND (num // den) % 2 = 1) THEN 1 ELSE 0 END)
    FROM x
);
-- A London wall-clock time as an instant: the earlier one when ambiguous,
-- NULL (rejected) in the DST gap. Both happen only in the 01:00 hour.
CREATE MACRO london(ts) AS CASE
    WHEN ts IS NULL THEN NULL
    WHEN hour(ts) <> 1 THEN timezone('Europe/London', ts)
    WHEN timezone('Europe/London', timezone('Europe/London', ts) - INTERVAL 1 HOUR) = ts
        THEN timezone('Europe/London', ts) - INTERVAL 1 HOUR
    WHEN timezone('Europe/London', timezone('Europe/London', ts)) = ts THEN timezone('Europe/London', ts)
    ELSE NULL END;
-- Whole seconds between two instants.
CREATE MACRO secs(a, b) AS epoch(b)::BIGINT - epoch(a)::BIGINT;
-- A `count` cell: a whole number >= 0, else NULL.
CREATE MACRO count_cell(x) AS CASE
    WHEN TRY_CAST(x AS DECIMAL(38,6)) >= 0 AND TRY_CAST(x AS DECIMAL(38,6)) % 1 = 0
    THEN TRY_CAST(x AS DECIMAL(38,6)) END;
-- Calendar `business`: working seconds before each day, and whether it works.
CREATE TABLE business AS
WITH d AS (
    SELECT day::DATE AS day,
           isodow(day) <= 5 AND day::DATE NOT IN (SELECT unnest($holidays::DATE[])) AS working
    FROM range(DATE '2025-01-01', DATE '2029-01-01', INTERVAL 1 DAY) t(day))
SELECT day, working,
       coalesce(sum(CASE WHEN working THEN 36000 ELSE 0 END)
                OVER (ORDER BY day ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0)::BIGINT AS before
FROM d;
-- Working seconds from the calendar's epoch to a local wall-clock time.
CREATE MACRO worked(b_before, b_working, ts) AS b_before + CASE WHEN b_working
    THEN least(36000, greatest(0, (epoch(ts)::BIGINT - epoch(ts::DATE::TIMESTAMP)::BIGINT) - 28800)) ELSE 0 END;
-- The months settled, as windows of instants.
CREATE TABLE months AS
SELECT strftime(m, '%Y-%m') AS month,
       timezone('Europe/London', m) AS from_t,
       timezone('Europe/London', m + INTERVAL 1 MONTH) AS to_t
FROM range(TIMESTAMP '2026-01-01', TIMESTAMP '2027-01-01', INTERVAL 1 MONTH) t(m);
"""

TICKETS = r"""
WITH parsed AS MATERIALIZED (
    SELECT priority, number, contact_type, resolved_at,
           try_strptime(opened_at, '%d/%m/%Y %H:%M') AS opened_l,
           try_strptime(resolved_at, '%d/%m/%Y %H:%M') AS resolved_l,
           count_cell(reopen_count) AS reopens
    FROM read_csv('{data}/tickets/*.csv', header = true, all_varchar = true, ignore_errors = true)),
-- Accepted rows with a resolution in the settled months: their instants.
settled AS MATERIALIZED (
    SELECT priority, opened_l, resolved_l, reopens, london(opened_l) AS opened, london(resolved_l) AS resolved
    FROM parsed
    WHERE trim(number) <> '' AND trim(contact_type) <> '' AND priority IN ('P1', 'P2', 'P3', 'P4')
      AND opened_l IS NOT NULL AND reopens IS NOT NULL
      AND resolved_l >= TIMESTAMP '2026-01-01' AND resolved_l < TIMESTAMP '2027-01-01'),
-- Times in the DST gap reject the row.
valid AS (SELECT * FROM settled WHERE opened IS NOT NULL AND resolved IS NOT NULL),
p1 AS (
    SELECT strftime(resolved_l, '%Y-%m') AS month,
           greatest(0, worked(r.before, r.working, resolved_l) - worked(o.before, o.working, opened_l))
               * CASE WHEN resolved > opened THEN 1 ELSE 0 END AS business
    FROM valid
    JOIN business o ON o.day = opened_l::DATE
    JOIN business r ON r.day = resolved_l::DATE
    WHERE priority = 'P1'),
p1m AS (
    SELECT month, count(*) AS n, count(*) FILTER (WHERE business <= 14400) AS met FROM p1 GROUP BY month),
tm AS (
    SELECT strftime(resolved_l, '%Y-%m') AS month,
           count(*) AS n,
           count(*) FILTER (WHERE reopens > 0) AS reopened,
           sum(secs(opened, resolved)) AS elapsed,
           count(*) FILTER (WHERE priority = 'P2') AS p2_n,
           max(secs(opened, resolved)) FILTER (WHERE priority = 'P2') AS p2_max
    FROM valid GROUP BY month)
SELECT tm.month, tm.n, tm.reopened, tm.elapsed, tm.p2_n, tm.p2_max, p1m.n AS p1_n, p1m.met AS p1_met
FROM tm LEFT JOIN p1m USING (month)
"""

SURVEYS = r"""
WITH raw AS (
    SELECT ticket_id, happiness, lost_minutes, answered_at
    FROM read_json('{data}/surveys.jsonl', format = 'newline_delimited', ignore_errors = true,
                   columns = {{ticket_id: 'VARCHAR', happiness: 'VARCHAR', lost_minutes: 'VARCHAR',
                              answered_at: 'VARCHAR'}})),
valid AS (
    SELECT TRY_CAST(happiness AS DECIMAL(38,6)) AS score,
           TRY_CAST(lost_minutes AS DECIMAL(38,6)) * 60 AS lost,
           timezone('Europe/London', TRY_CAST(answered_at AS TIMESTAMPTZ)) AS answered_l
    FROM raw
    WHERE trim(ticket_id) <> ''
      AND TRY_CAST(happiness AS DECIMAL(38,6)) IS NOT NULL
      AND TRY_CAST(answered_at AS TIMESTAMPTZ) IS NOT NULL
      AND (lost_minutes IS NULL OR TRY_CAST(lost_minutes AS DECIMAL(38,6)) >= 0))
SELECT strftime(answered_l, '%Y-%m') AS month,
       count(*) AS n, (sum(score) * 1000000)::HUGEINT AS score_micro,
       count(lost) AS lost_n, (coalesce(sum(lost), 0) * 1000000)::HUGEINT AS lost_micro
FROM valid
WHERE answered_l >= TIMESTAMP '2026-01-01' AND answered_l < TIMESTAMP '2027-01-01'
GROUP BY month
"""

TELEMETRY_VIEW = r"""
CREATE VIEW telemetry_valid AS
WITH raw AS (
    SELECT "date" AS day, "device.name" AS device, "device.entity" AS entity,
           "device.operating_system.platform" AS platform, dex_score, boot_duration, number_of_crashes
    FROM read_csv('{data}/telemetry/*.csv', header = true, all_varchar = true, ignore_errors = true)),
valid AS (
    SELECT try_strptime(day, '%Y-%m-%d')::DATE AS day, device, platform,
           TRY_CAST(dex_score AS DECIMAL(38,6)) AS dex,
           TRY_CAST(boot_duration AS DECIMAL(38,6)) AS boot,
           count_cell(number_of_crashes) AS crashes
    FROM raw
    WHERE try_strptime(day, '%Y-%m-%d') IS NOT NULL AND trim(device) <> '' AND trim(entity) <> ''
      AND platform IN ('Windows', 'macOS', 'Linux')
      AND (dex_score IS NULL OR TRY_CAST(dex_score AS DECIMAL(38,6)) IS NOT NULL)
      AND (boot_duration IS NULL OR TRY_CAST(boot_duration AS DECIMAL(38,6)) >= 0)
      AND count_cell(number_of_crashes) IS NOT NULL)
SELECT * FROM valid
"""

TELEMETRY = r"""
SELECT strftime(day, '%Y-%m') AS month,
       count(*) AS n,
       count(*) FILTER (WHERE coalesce(boot, 0) <= 60 AND crashes = 0) AS healthy,
       count(dex) AS dex_n, (coalesce(sum(dex), 0) * 1000000)::HUGEINT AS dex_micro,
       count(boot) FILTER (WHERE platform = 'Windows') AS p90_n,
       quantile_disc(boot, 0.9) FILTER (WHERE platform = 'Windows') AS p90,
       count(boot) AS boot_n,
       quantile_disc(boot, 0.5) AS median_low,
       -quantile_disc(-boot, 0.5) AS median_high,
       count(DISTINCT device) AS devices
FROM telemetry_valid
WHERE day >= DATE '2026-01-01' AND day < DATE '2027-01-01'
GROUP BY month
"""

OUTAGES = r"""
WITH valid AS (
    SELECT service, TRY_CAST("start" AS TIMESTAMPTZ) AS s, TRY_CAST("end" AS TIMESTAMPTZ) AS e,
           TRY_CAST(planned AS BOOLEAN) AS planned
    FROM read_csv('{data}/outages.csv', header = true, all_varchar = true))
SELECT month, secs(from_t, to_t) AS scheduled,
       coalesce(sum(greatest(0, secs(greatest(s, from_t), least(coalesce(e, to_t), to_t))))
                FILTER (WHERE service = 'email' AND NOT planned), 0) AS down
FROM months LEFT JOIN valid ON s < to_t AND (e IS NULL OR e > from_t)
GROUP BY month, from_t, to_t
"""

# Nearest rank with exact integers, to check quantile_disc on the same rows.
CHECK_QUANTILE = r"""
WITH v AS (SELECT strftime(day, '%Y-%m') AS month, boot FROM telemetry_valid WHERE platform = 'Windows'),
r AS (SELECT month, boot, row_number() OVER (PARTITION BY month ORDER BY boot) AS rank,
             count(*) OVER (PARTITION BY month) AS n FROM v WHERE boot IS NOT NULL)
SELECT month, boot FROM r WHERE rank = greatest(1, (90 * n + 99) // 100)
"""


def main() -> None:
    data, contract, out = Path(sys.argv[1]).resolve(), Path(sys.argv[2]), Path(sys.argv[3])
    con = duckdb.connect()
    started, cpu_started = time.perf_counter(), time.process_time()
    con.execute(SETUP.replace("$holidays", "['" + "','".join(holidays(contract)) + "']"))
    con.execute(TELEMETRY_VIEW.format(data=data))
    rows = {}
    for name, sql in [("tickets", TICKETS), ("surveys", SURVEYS), ("telemetry", TELEMETRY), ("outages", OUTAGES)]:
        cur = con.execute(sql.format(data=data))
        cols = [d[0] for d in cur.description]
        rows[name] = {r[0]: dict(zip(cols, r)) for r in cur.fetchall()}
    seconds = time.perf_counter() - started
    cpu_seconds = time.process_time() - cpu_started

    def rdiv(a: int, b: int) -> int:
        return con.execute("SELECT rdiv($a, $b)", {"a": a, "b": b}).fetchone()[0]

    months = {
        m: month_values(
            rows["tickets"].get(m, {}), rows["surveys"].get(m, {}), rows["telemetry"].get(m, {}),
            rows["outages"][m], divide=rdiv)
        for m in MONTHS
    }

    # quantile_disc is nearest rank: check against ceil(0.9 n) on the same rows.
    exact = {r[0]: r[1] for r in con.execute(CHECK_QUANTILE.format(data=data)).fetchall()}
    for m in MONTHS:
        got = rows["telemetry"].get(m, {}).get("p90")
        if got != exact.get(m):
            sys.exit(f"quantile_disc is not nearest rank in {m}: {got} vs {exact.get(m)}")
    write(out, f"DuckDB {duckdb.__version__}", seconds, cpu_seconds, months)
    print(f"duckdb {duckdb.__version__}: {seconds:.2f} s wall, {cpu_seconds:.2f} s CPU")


if __name__ == "__main__":
    main()
