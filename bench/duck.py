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

Writes {"seconds": wall time of the SQL, "cpu_seconds": CPU time of the
process (all threads) meanwhile, "months": {"2026-01": {metric:
{"value": "…", "volume": n}}}} and prints the time.
"""

import json
import re
import sys
import time
import tomllib
from decimal import Decimal
from pathlib import Path

import duckdb

MONTHS = [f"2026-{m:02d}" for m in range(1, 13)]
SCALE = 10**16


def holidays(contract: Path) -> list[str]:
    """The days off of calendar `business`: its holidays files and lines."""
    text = contract.read_text()
    body = text[text.index("calendar business") :]
    body = body[: body.index("}")]
    days = re.findall(r'holiday\s+(\d{4}-\d\d-\d\d)', body)
    for name in re.findall(r'holidays\s+"([^"]+)"', body):
        data = tomllib.loads((contract.parent / name).read_text())
        days += [str(h["date"]) for h in data["holiday"]]
    return sorted(set(days))


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


def dec(scaled: int, scale: int = SCALE) -> str:
    """An exact decimal string from an integer times 1/scale."""
    return str((Decimal(scaled) / Decimal(scale)).normalize()) if scaled else "0"


def mean(micro: int, n: int, con) -> str | None:
    """sum/n rounded to 16 places, from a sum in millionths."""
    if not n:
        return None
    # round(sum / n, 16) = round(micro * 10^10 / (n * 10^16), 16)
    q = con.execute("SELECT rdiv($a, $b)", {"a": micro, "b": n * 1000000}).fetchone()[0]
    return dec(q)


def percent(meeting: int, n: int, con) -> str | None:
    if not n:
        return None
    return dec(con.execute("SELECT rdiv($a, $b)", {"a": 100 * meeting, "b": n}).fetchone()[0])


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

    months = {}
    for m in MONTHS:
        t = rows["tickets"].get(m, {})
        s = rows["surveys"].get(m, {})
        d = rows["telemetry"].get(m, {})
        o = rows["outages"][m]
        n = t.get("n", 0)
        p1_n = t.get("p1_n") or 0
        boot_n = d.get("boot_n", 0)
        # The mean of the middle two (the same value twice when n is odd): exact in halves.
        median = str(((d["median_low"] + d["median_high"]) / 2).normalize()) if boot_n else None
        uptime_fraction = con.execute("SELECT rdiv($a, $b)", {"a": o["down"], "b": o["scheduled"]}).fetchone()[0]
        months[m] = {
            "p1_resolution": {"value": percent(t.get("p1_met") or 0, p1_n, con), "volume": p1_n},
            "happiness": {"value": mean(s.get("score_micro", 0), s.get("n", 0), con), "volume": s.get("n", 0)},
            "lost_per_case": {"value": mean(s.get("lost_micro", 0), s.get("lost_n", 0), con), "volume": s.get("lost_n", 0)},
            "repeat_rate": {"value": percent(t.get("reopened", 0), n, con), "volume": n},
            # 100% - 100% * (down / scheduled), the division rounded first.
            "email_uptime": {"value": dec(100 * SCALE - 100 * uptime_fraction), "volume": None},
            "device_health": {"value": percent(d.get("healthy", 0), d.get("n", 0), con), "volume": d.get("n", 0)},
            "nexthink_dex": {"value": mean(d.get("dex_micro", 0), d.get("dex_n", 0), con), "volume": d.get("dex_n", 0)},
            "boot_p90": {"value": str(d["p90"].normalize()) if d.get("p90") is not None else None, "volume": d.get("p90_n", 0)},
            "boot_median": {"value": median, "volume": boot_n},
            "active_devices": {"value": str(d.get("devices", 0)), "volume": None},
            "resolved": {"value": str(n), "volume": None},
            "mean_resolution": {"value": mean(int(t["elapsed"]) * 1000000, n, con) if n else None, "volume": n},
            "p2_longest": {"value": str(t["p2_max"]) if t.get("p2_max") is not None else None, "volume": t.get("p2_n", 0)},
        }

    # quantile_disc is nearest rank: check against ceil(0.9 n) on the same rows.
    exact = {r[0]: r[1] for r in con.execute(CHECK_QUANTILE.format(data=data)).fetchall()}
    for m in MONTHS:
        got = rows["telemetry"].get(m, {}).get("p90")
        if got != exact.get(m):
            sys.exit(f"quantile_disc is not nearest rank in {m}: {got} vs {exact.get(m)}")
    out.write_text(json.dumps({"seconds": seconds, "cpu_seconds": cpu_seconds, "months": months}, indent=1))
    print(f"duckdb {duckdb.__version__}: {seconds:.2f} s wall, {cpu_seconds:.2f} s CPU")


if __name__ == "__main__":
    main()
