#!/usr/bin/env python3
"""Generate the per-incident example data (examples/per-incident/data/) for 2026.

Run from anywhere:  python3 examples/per-incident/generate.py
Python 3 standard library only, fixed seed: the output is the same on every
run and every machine (the files are committed; rerunning must leave
`git status` clean).

The year is designed, not sampled: each month has a mean availability and a
number of late P1 incidents, and the generator checks, by reading its own
files back, that the data realises them exactly. The design table, with the
money worked out by hand from LANGUAGE.md §7.2 and §7.2a, is in README.md;
tests/per_incident.rs asserts it.
"""

import csv
import datetime as dt
import pathlib
import random
from decimal import Decimal

HERE = pathlib.Path(__file__).resolve().parent
DATA = HERE / "data"

# month: (mean availability %, late P1, P1 on time, still open at month end)
DESIGN = {
    1: ("99.80", 0, 3, 0),
    2: ("99.43", 2, 2, 0),
    3: ("99.12", 1, 4, 0),
    4: ("99.60", 0, 2, 0),
    5: ("98.95", 3, 1, 0),
    6: ("98.20", 4, 3, 0),
    7: ("99.50", 0, 5, 0),
    8: ("99.47", 1, 2, 0),
    9: ("99.38", 0, 3, 0),
    10: ("99.90", 5, 1, 0),
    11: ("99.65", 0, 4, 0),
    12: ("99.05", 1, 2, 1),
}

SPREAD = Decimal("0.05")  # daily figures are the mean ± this, in pairs


def days_in(month):
    nxt = dt.date(2026 + month // 12, month % 12 + 1, 1)
    return (nxt - dt.date(2026, month, 1)).days


def availability_rows(rng):
    rows = []
    for month, (mean, *_rest) in DESIGN.items():
        mean = Decimal(mean)
        n = days_in(month)
        values = [mean] if n % 2 else []
        for _ in range(n // 2):
            values += [mean + SPREAD, mean - SPREAD]
        rng.shuffle(values)
        for day, value in enumerate(values, start=1):
            rows.append((dt.date(2026, month, day).isoformat(), f"{value:.2f}"))
    return rows


def incident_rows(rng):
    rows = []
    number = 10000
    for month, (_mean, late, on_time, still_open) in DESIGN.items():
        kinds = ["late"] * late + ["on_time"] * on_time + ["open"] * still_open
        kinds += ["p2"] * rng.randint(8, 14) + ["p3"] * rng.randint(20, 30)
        rng.shuffle(kinds)
        for i, kind in enumerate(kinds):
            number += 1
            day = 1 + (i * 27) // len(kinds)
            opened = dt.datetime(2026, month, day, rng.randint(7, 18), rng.choice([0, 15, 30, 45]))
            if kind == "open":
                # Opened on the last day, not resolved in the export.
                opened = dt.datetime(2026, month, days_in(month), 20, 0)
                resolved = None
            elif kind == "late":
                resolved = opened + dt.timedelta(hours=4, minutes=rng.choice([15, 45, 90, 300]))
            elif kind == "on_time":
                resolved = opened + dt.timedelta(minutes=rng.choice([35, 90, 150, 240]))  # 240 = exactly 4 h: on time
            else:
                resolved = opened + dt.timedelta(hours=rng.randint(1, 60))
            priority = {"p2": "P2", "p3": "P3"}.get(kind, "P1")
            stamp = lambda t: t.strftime("%Y-%m-%dT%H:%M:00Z")
            rows.append((f"INC{number}", priority, stamp(opened), stamp(resolved) if resolved else ""))
    return rows


def write(path, header, rows):
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)


def check():
    """Reads the files back and checks every month against DESIGN."""
    by_month = {}
    with open(DATA / "availability.csv", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            by_month.setdefault(int(row["day"][5:7]), []).append(Decimal(row["availability_percent"]))
    late = {}
    with open(DATA / "incidents.csv", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if row["priority"] != "P1":
                continue
            opened = dt.datetime.fromisoformat(row["opened_at"].replace("Z", "+00:00"))
            month = opened.month  # every opening is at least 2 h from a month boundary in Berlin time
            resolved = row["resolved_at"]
            is_late = not resolved or dt.datetime.fromisoformat(resolved.replace("Z", "+00:00")) - opened > dt.timedelta(hours=4)
            late[month] = late.get(month, 0) + int(is_late)
    for month, (mean, n_late, _on_time, still_open) in DESIGN.items():
        values = by_month[month]
        assert sum(values) / len(values) == Decimal(mean), (month, sum(values) / len(values))
        assert late.get(month, 0) == n_late + still_open, (month, late.get(month))


def main():
    rng = random.Random(11)
    DATA.mkdir(exist_ok=True)
    write(DATA / "availability.csv", ["day", "availability_percent"], availability_rows(rng))
    write(DATA / "incidents.csv", ["number", "priority", "opened_at", "resolved_at"], incident_rows(rng))
    check()


if __name__ == "__main__":
    main()
