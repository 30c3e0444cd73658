"""The benchmark's metric values computed by Polars (lazy) over the same files.

Usage: python polars_peer.py DATA_DIR CONTRACT OUT_JSON

The second peer beside duck.py, written as lazy Polars queries: `scan_csv`
for the ticket, telemetry and outage exports, `scan_lines` and
`str.json_decode` for the JSON Lines surveys. It rejects the rows `xla`
rejects, by the same rules as duck.py, and computes every metric of
bench/contract.xla for each month of 2026 as exact decimals:

- Cells are read as text and numbers cast to Decimal(38, 6), never to a
  float: exact for the generated files, which have at most one decimal.
- Local ServiceNow times are London wall-clock times turned into instants
  by `replace_time_zone` with the earlier instant of an ambiguous time
  (`ambiguous="earliest"`, as xla, LANGUAGE.md §5) and none in the DST gap
  (`non_existent="null"`: the row is rejected).
- `business_time(opened, resolved, business)` joins each P1 ticket's local
  days to a table of calendar days (working or not, working seconds before
  each day) for the calendar `business`: mon-fri 08:00-18:00 London time,
  holidays from the contract. Working hours never touch a DST change in
  London, so wall-clock seconds are real seconds.
- Percentiles are nearest-rank: the sorted values' element at rank
  max(1, ceil(0.9 n)) = (90 n + 99) // 100, with integers; the median is the
  mean of the middle two, exact in halves.
- Sums and counts come out of Polars per month; the divisions are done on
  those integers in Python with duck.py's rounding (peer.rdiv).

Why not `scan_ndjson`: it stops at the first line that is not JSON, even with
`ignore_errors=True`, and the surveys have cut-off lines that xla rejects one
by one. So the file is read as lines, the lines that are JSON objects are
kept and decoded into text cells: a regular expression recognises a flat
object of scalars (every generated line that is valid), and only the other
lines are parsed to tell (`json_path_match("$")` is null when a line is not
JSON); that halves the cost of parsing every line twice. Polars' JSON
reader holds numbers as f64 and gives back their shortest text: exact for
numbers of up to 15 significant digits, as every generated one is (at
most 4).

Polars' CSV reader fills a row that is short of fields with nulls where xla
rejects it: the generated short rows lack their required `reopen_count`, so
they are rejected all the same; a row with too many fields stops the query.

Writes what duck.py writes (peer.write) and prints the time. The timed part
runs from building the first query to the last collected row: the five
queries (tickets, P1 tickets, surveys, telemetry, outages) run together (`pl.collect_all`) on Polars' streaming
engine, which Polars recommends for data of this size (at 200k tickets it
took no more CPU than the default in-memory engine, and less memory).
BENCH_POLARS_ENGINE (`streaming`, `in-memory` or `auto`) chooses another.
"""

import os
import sys
import time
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import polars as pl

from peer import MONTHS, holidays, month_values, write

ZONE = "Europe/London"
SERVICENOW = "%d/%m/%Y %H:%M"
# Calendar `business`: mon-fri, 08:00-18:00 (seconds after midnight).
DAY_STARTS, DAY_SECONDS = 8 * 3600, 10 * 3600
YEAR = 2026

# A line that is one JSON object of scalars (what xla's own fast path reads):
# a regular expression, cheaper than a JSON parse to tell valid lines.
_WS = r"[ \t\r]*"
_STRING = r'"(?:[^"\\\x00-\x1f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"'
_NUMBER = r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?"
_MEMBER = rf"{_WS}{_STRING}{_WS}:{_WS}(?:{_STRING}|{_NUMBER}|true|false|null){_WS}"
FLAT_OBJECT = rf"^{_WS}\{{(?:{_MEMBER}(?:,{_MEMBER})*|{_WS})\}}{_WS}$"


def number(column: str) -> pl.Expr:
    """A `number` cell as an exact decimal; null when empty or not a number."""
    return pl.col(column).cast(pl.Decimal(38, 6), strict=False)


def count(column: str) -> pl.Expr:
    """A `count` cell: a whole number >= 0 (`3.0` is 3), else null."""
    value = number(column)
    return pl.when((value >= 0) & (value == value.floor())).then(value)


def text(column: str) -> pl.Expr:
    """Whether a required `text` cell has something in it."""
    return pl.col(column).str.strip_chars() != ""


def instant(local: pl.Expr) -> pl.Expr:
    """A London wall-clock time as an instant: the earlier one when
    ambiguous, null (rejected) in the DST gap."""
    return local.dt.replace_time_zone(ZONE, ambiguous="earliest", non_existent="null")


def seconds(start: pl.Expr, end: pl.Expr) -> pl.Expr:
    """Whole seconds from one instant to another."""
    return (end - start).dt.total_seconds()


def calendar(days_off: list[str]) -> pl.LazyFrame:
    """Calendar `business` as days from 2025 to 2028: whether each works,
    and the working seconds before it."""
    first, last = date(2025, 1, 1), date(2028, 12, 31)
    off = pl.Series([date.fromisoformat(d) for d in days_off], dtype=pl.Date)
    working = (pl.col("day").dt.weekday() <= 5) & ~pl.col("day").is_in(off.implode())
    day_seconds = pl.col("working").cast(pl.Int64) * DAY_SECONDS
    return (
        pl.LazyFrame({"day": pl.date_range(first, last, "1d", eager=True)})
        .with_columns(working=working)
        .with_columns(before=day_seconds.cum_sum().shift(1, fill_value=0))
    )


def worked(local: pl.Expr, before: str, working: str) -> pl.Expr:
    """Working seconds from the calendar's first day to a local time, given
    its day's row of the calendar."""
    of_day = local.dt.hour().cast(pl.Int64) * 3600 + local.dt.minute().cast(pl.Int64) * 60 + local.dt.second().cast(pl.Int64)
    within = (of_day - DAY_STARTS).clip(0, DAY_SECONDS)
    return pl.col(before) + pl.when(pl.col(working)).then(within).otherwise(0)


def tickets(data: Path, days: pl.LazyFrame) -> tuple[pl.LazyFrame, pl.LazyFrame]:
    """Per month: resolved tickets and their totals, and the P1 tickets met
    within 4 business hours."""
    parsed = pl.scan_csv(data / "tickets" / "*.csv", infer_schema=False).select(
        "priority",
        text("number").alias("has_number"),
        text("contact_type").alias("has_channel"),
        pl.col("opened_at").str.to_datetime(SERVICENOW, strict=False).alias("opened_l"),
        pl.col("resolved_at").str.to_datetime(SERVICENOW, strict=False).alias("resolved_l"),
        count("reopen_count").alias("reopens"),
    )
    # Accepted rows with a resolution in the settled year, and their instants;
    # a time in the DST gap rejects the row.
    valid = (
        parsed.filter(
            pl.col("has_number"),
            pl.col("has_channel"),
            pl.col("priority").is_in(["P1", "P2", "P3", "P4"]),
            pl.col("opened_l").is_not_null(),
            pl.col("reopens").is_not_null(),
            pl.col("resolved_l").dt.year() == YEAR,
        )
        .with_columns(
            instant(pl.col("opened_l")).alias("opened"),
            instant(pl.col("resolved_l")).alias("resolved"),
            pl.col("resolved_l").dt.month().alias("month"),
        )
        .filter(pl.col("opened").is_not_null(), pl.col("resolved").is_not_null())
        .with_columns(seconds(pl.col("opened"), pl.col("resolved")).alias("elapsed"))
    )
    p2 = pl.col("priority") == "P2"
    totals = valid.group_by("month").agg(
        pl.len().alias("n"),
        (pl.col("reopens") > 0).sum().alias("reopened"),
        pl.col("elapsed").sum(),
        p2.sum().alias("p2_n"),
        pl.col("elapsed").filter(p2).max().alias("p2_max"),
    )

    def day_of(prefix: str) -> pl.LazyFrame:
        """The calendar's columns named for the opening (o) or resolution (r) day."""
        return days.rename({name: f"{prefix}_{name}" for name in ("day", "working", "before")})

    business = pl.max_horizontal(
        0, worked(pl.col("resolved_l"), "r_before", "r_working") - worked(pl.col("opened_l"), "o_before", "o_working")
    ) * (pl.col("resolved") > pl.col("opened")).cast(pl.Int64)
    p1 = (
        valid.filter(pl.col("priority") == "P1")
        .with_columns(pl.col("opened_l").dt.date().alias("o_day"), pl.col("resolved_l").dt.date().alias("r_day"))
        .join(day_of("o"), on="o_day")
        .join(day_of("r"), on="r_day")
        .group_by("month")
        .agg(pl.len().alias("p1_n"), (business <= 4 * 3600).sum().alias("p1_met"))
    )
    return totals, p1


def surveys(data: Path) -> pl.LazyFrame:
    """Per month of the answer's London date: answers, score sum, lost times."""
    cells = pl.Struct({"ticket_id": pl.String, "happiness": pl.String, "lost_minutes": pl.String, "answered_at": pl.String})
    flat = pl.col("line").str.contains(FLAT_OBJECT)
    # A line that is not a JSON object is rejected. Only the few lines that
    # are not flat objects are parsed to tell (the others are null here, and
    # json_path_match is null for a line that is not JSON).
    other_object = pl.when(~flat).then(pl.col("line")).str.json_path_match("$").str.starts_with("{")
    valid = (
        pl.scan_lines(data / "surveys.jsonl")
        .filter(flat | other_object)
        .select(pl.col("line").str.json_decode(cells))
        .unnest("line")
        .select(
            text("ticket_id").alias("has_ticket"),
            number("happiness").alias("score"),
            pl.col("lost_minutes"),
            (number("lost_minutes") * 60).alias("lost"),
            pl.col("answered_at").str.to_datetime("%+", time_zone="UTC", strict=False).dt.convert_time_zone(ZONE).alias("answered"),
        )
        .filter(
            pl.col("has_ticket"),
            pl.col("score").is_not_null(),
            pl.col("answered").is_not_null(),
            pl.col("lost_minutes").is_null() | (pl.col("lost") >= 0),
        )
    )
    return (
        valid.filter(pl.col("answered").dt.year() == YEAR)
        .group_by(pl.col("answered").dt.month().alias("month"))
        .agg(pl.len().alias("n"), pl.col("score").sum(), pl.col("lost").count().alias("lost_n"), pl.col("lost").sum())
    )


def telemetry(data: Path) -> pl.LazyFrame:
    """Per month: device-days, healthy ones, DEX, boot percentile and median,
    distinct devices."""
    valid = (
        pl.scan_csv(data / "telemetry" / "*.csv", infer_schema=False)
        .select(
            pl.col("date").str.to_date("%Y-%m-%d", strict=False).alias("day"),
            pl.col("device.name").alias("device"),
            text("device.name").alias("has_device"),
            text("device.entity").alias("has_entity"),
            pl.col("device.operating_system.platform").alias("platform"),
            pl.col("dex_score"),
            number("dex_score").alias("dex"),
            pl.col("boot_duration"),
            number("boot_duration").alias("boot"),
            count("number_of_crashes").alias("crashes"),
        )
        .filter(
            pl.col("day").is_not_null(),
            pl.col("has_device"),
            pl.col("has_entity"),
            pl.col("platform").is_in(["Windows", "macOS", "Linux"]),
            pl.col("dex_score").is_null() | pl.col("dex").is_not_null(),
            pl.col("boot_duration").is_null() | (pl.col("boot") >= 0),
            pl.col("crashes").is_not_null(),
        )
    )
    boots = pl.col("boot").drop_nulls().sort()
    windows = pl.col("boot").filter((pl.col("platform") == "Windows") & pl.col("boot").is_not_null()).sort()
    return (
        valid.filter(pl.col("day").dt.year() == YEAR)
        .group_by(pl.col("day").dt.month().alias("month"))
        .agg(
            pl.len().alias("n"),
            ((pl.col("boot").fill_null(0) <= 60) & (pl.col("crashes") == 0)).sum().alias("healthy"),
            pl.col("dex").count().alias("dex_n"),
            pl.col("dex").sum(),
            windows.len().alias("p90_n"),
            windows.get((windows.len().cast(pl.Int64) * 90 + 99) // 100 - 1, null_on_oob=True).alias("p90"),
            boots.len().alias("boot_n"),
            boots.get((boots.len().cast(pl.Int64) - 1) // 2, null_on_oob=True).alias("median_low"),
            boots.get(boots.len().cast(pl.Int64) // 2, null_on_oob=True).alias("median_high"),
            pl.col("device").n_unique().alias("devices"),
        )
    )


def outages(data: Path) -> pl.LazyFrame:
    """Per month: its scheduled seconds (London time) and the seconds of
    unplanned e-mail outages within it."""
    starts = [datetime(YEAR + (m == 12), m % 12 + 1, 1) for m in range(0, 13)]
    months = pl.LazyFrame({"month": range(1, 13), "from_t": starts[:-1], "to_t": starts[1:]}).with_columns(
        pl.col("month").cast(pl.Int8),
        pl.col("from_t").dt.replace_time_zone(ZONE).dt.convert_time_zone("UTC"),
        pl.col("to_t").dt.replace_time_zone(ZONE).dt.convert_time_zone("UTC"),
    )
    boolean = pl.col("planned").str.to_lowercase()
    email = (
        pl.scan_csv(data / "outages.csv", infer_schema=False)
        .select(
            pl.col("service"),
            pl.col("start").str.to_datetime("%+", time_zone="UTC", strict=False).alias("s"),
            pl.col("end").str.to_datetime("%+", time_zone="UTC", strict=False).alias("e"),
            pl.when(boolean.is_in(["true", "yes", "1"])).then(True).when(boolean.is_in(["false", "no", "0"])).then(False).alias("planned"),
        )
        .filter(pl.col("service") == "email", ~pl.col("planned"))
    )
    end = pl.min_horizontal(pl.col("e").fill_null(pl.col("to_t")), pl.col("to_t"))
    down = (
        months.join(email, how="cross")
        .filter(pl.col("s") < pl.col("to_t"), pl.col("e").is_null() | (pl.col("e") > pl.col("from_t")))
        .group_by("month")
        .agg(seconds(pl.max_horizontal("s", "from_t"), end).clip(lower_bound=0).sum().alias("down"))
    )
    return months.join(down, on="month", how="left").select(
        "month", seconds(pl.col("from_t"), pl.col("to_t")).alias("scheduled"), pl.col("down").fill_null(0)
    )


def by_month(frame: pl.DataFrame) -> dict[str, dict]:
    """Rows keyed by month name (`2026-01`)."""
    return {f"{YEAR}-{row['month']:02d}": row for row in frame.iter_rows(named=True)}


def micro(value: Decimal | None) -> int:
    """A sum in millionths, exactly (Decimal(38, 6) sums are exact)."""
    return int(value * 1000000) if value is not None else 0


def main() -> None:
    data, contract, out = Path(sys.argv[1]).resolve(), Path(sys.argv[2]), Path(sys.argv[3])
    engine = os.environ.get("BENCH_POLARS_ENGINE", "streaming")
    started, cpu_started = time.perf_counter(), time.process_time()
    days = calendar(holidays(contract))
    totals, p1, answers, devices, down = pl.collect_all(
        [*tickets(data, days), surveys(data), telemetry(data), outages(data)], engine=engine
    )
    seconds_taken = time.perf_counter() - started
    cpu_seconds = time.process_time() - cpu_started

    t, p, s, d, o = (by_month(f) for f in (totals, p1, answers, devices, down))
    months = {}
    for m in MONTHS:
        tm = {**t.get(m, {}), **p.get(m, {})}
        sm = s.get(m, {})
        if sm:
            sm = {"n": sm["n"], "score_micro": micro(sm["score"]), "lost_n": sm["lost_n"], "lost_micro": micro(sm["lost"])}
        dm = d.get(m, {})
        if dm:
            dm = {**dm, "dex_micro": micro(dm["dex"])}
        months[m] = month_values(tm, sm, dm, o[m])
    write(out, f"Polars {pl.__version__} ({engine})", seconds_taken, cpu_seconds, months)
    print(f"polars {pl.__version__} ({engine}): {seconds_taken:.2f} s wall, {cpu_seconds:.2f} s CPU")


if __name__ == "__main__":
    main()
