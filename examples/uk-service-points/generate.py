#!/usr/bin/env python3
"""Generate the UK service points example data (examples/uk-service-points/data/)
for the first contract year, April 2026 to March 2027.

Run from anywhere:  python3 examples/uk-service-points/generate.py
Python 3 standard library only, fixed seed: the output is the same on every
run and every machine (the files are committed; rerunning must leave
`git status` clean).

Each month has designed KPI values (README.md holds the design table and the
service points worked out by hand; tests/money_examples.rs asserts it); the
generator builds rows that realise them exactly and checks its own files:

- availability: one figure a day, the month's mean ± 0.05 in pairs;
- P2 resolution: 40 P2 incidents a month, `ok` of them resolved within 8 h;
- calls answered: 200 calls a month, `ok` of them answered within 60 s;
- P1 time to restore: 5 P1 incidents a month, their median the design's.
"""

import csv
import datetime as dt
import pathlib
import random
from decimal import Decimal

HERE = pathlib.Path(__file__).resolve().parent
DATA = HERE / "data"

# (year, month): (availability %, P2 within 8 h of 40, calls within 60 s of 200, P1 median minutes)
DESIGN = {
    (2026, 4): ("99.80", 39, 184, 180),
    (2026, 5): ("99.20", 37, 182, 210),
    (2026, 6): ("98.70", 38, 170, 300),
    (2026, 7): ("99.60", 35, 176, 420),
    (2026, 8): ("96.50", 36, 190, 230),
    (2026, 9): ("97.80", 39, 186, 240),
    (2026, 10): ("99.50", 40, 150, 240),
    (2026, 11): ("99.90", 33, 140, 780),
    (2026, 12): ("99.40", 38, 180, 120),
    (2027, 1): ("99.70", 39, 185, 180),
    (2027, 2): ("98.90", 39, 185, 180),
    (2027, 3): ("99.00", 39, 185, 180),
}

P2_PER_MONTH = 40
CALLS_PER_MONTH = 200
SPREAD = Decimal("0.05")


def days_in(year, month):
    nxt = dt.date(year + month // 12, month % 12 + 1, 1)
    return (nxt - dt.date(year, month, 1)).days


def stamp(t):
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


def availability_rows(rng):
    rows = []
    for (year, month), (mean, *_rest) in DESIGN.items():
        mean = Decimal(mean)
        n = days_in(year, month)
        values = [mean] if n % 2 else []
        for _ in range(n // 2):
            values += [mean + SPREAD, mean - SPREAD]
        rng.shuffle(values)
        for day, value in enumerate(values, start=1):
            rows.append((dt.date(year, month, day).isoformat(), f"{value:.2f}"))
    return rows


def opened_in(rng, year, month):
    """A time between the 2nd and the 27th, office hours in UTC: never near a month boundary."""
    return dt.datetime(year, month, rng.randint(2, 27), rng.randint(7, 17), rng.choice([0, 10, 20, 30, 40, 50]))


def incident_rows(rng):
    rows = []
    number = 20000
    for (year, month), (_avail, p2_ok, _calls, p1_median) in DESIGN.items():
        incidents = []
        for i in range(P2_PER_MONTH):
            opened = opened_in(rng, year, month)
            minutes = rng.randint(30, 480) if i < p2_ok else rng.randint(481, 2400)  # 480 = exactly 8 h: in time
            incidents.append(("P2", opened, opened + dt.timedelta(minutes=minutes)))
        # Five P1: two quicker than the median, the median, two slower.
        for minutes in (p1_median // 2, (3 * p1_median) // 4, p1_median, p1_median + 60, p1_median + 150):
            opened = opened_in(rng, year, month)
            incidents.append(("P1", opened, opened + dt.timedelta(minutes=minutes)))
        for _ in range(rng.randint(60, 90)):
            opened = opened_in(rng, year, month)
            incidents.append(("P3", opened, opened + dt.timedelta(hours=rng.randint(1, 96))))
        incidents.sort(key=lambda x: x[1])
        for priority, opened, resolved in incidents:
            number += 1
            rows.append((f"INC{number}", priority, stamp(opened), stamp(resolved)))
    return rows


def call_rows(rng):
    rows = []
    number = 500000
    for (year, month), (_avail, _p2, calls_ok, _p1) in DESIGN.items():
        calls = []
        for i in range(CALLS_PER_MONTH):
            wait = rng.randint(3, 60) if i < calls_ok else rng.randint(61, 900)  # 60 s exactly: in time
            answered = opened_in(rng, year, month) + dt.timedelta(seconds=rng.randint(0, 3599))
            calls.append((answered, wait))
        calls.sort()
        for answered, wait in calls:
            number += 1
            rows.append((f"C{number}", stamp(answered), wait))
    return rows


def write(path, header, rows):
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)


def parse(text):
    return dt.datetime.fromisoformat(text.replace("Z", "+00:00"))


def check():
    """Reads the files back and checks every month against DESIGN."""
    avail, p2, p1, calls = {}, {}, {}, {}
    with open(DATA / "availability.csv", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            key = (int(row["day"][:4]), int(row["day"][5:7]))
            avail.setdefault(key, []).append(Decimal(row["availability_percent"]))
    with open(DATA / "incidents.csv", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            opened, resolved = parse(row["opened_at"]), parse(row["resolved_at"])
            key = (opened.year, opened.month)
            minutes = (resolved - opened) / dt.timedelta(minutes=1)
            if row["priority"] == "P2":
                p2.setdefault(key, []).append(minutes <= 480)
            elif row["priority"] == "P1":
                p1.setdefault(key, []).append(minutes)
    with open(DATA / "calls.csv", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            answered = parse(row["answered_at"])
            calls.setdefault((answered.year, answered.month), []).append(int(row["wait_seconds"]) <= 60)
    for key, (mean, p2_ok, calls_ok, p1_median) in DESIGN.items():
        assert sum(avail[key]) / len(avail[key]) == Decimal(mean), key
        assert (sum(p2[key]), len(p2[key])) == (p2_ok, P2_PER_MONTH), key
        assert (sum(calls[key]), len(calls[key])) == (calls_ok, CALLS_PER_MONTH), key
        assert sorted(p1[key])[2] == p1_median and len(p1[key]) == 5, key


def main():
    rng = random.Random(2026)
    DATA.mkdir(exist_ok=True)
    write(DATA / "availability.csv", ["day", "availability_percent"], availability_rows(rng))
    write(DATA / "incidents.csv", ["number", "priority", "opened_at", "resolved_at"], incident_rows(rng))
    write(DATA / "calls.csv", ["call_id", "answered_at", "wait_seconds"], call_rows(rng))
    check()


if __name__ == "__main__":
    main()
