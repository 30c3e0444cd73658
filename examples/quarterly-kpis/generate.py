#!/usr/bin/env python3
"""Generate the quarterly-KPIs example data (examples/quarterly-kpis/data/).

Run from anywhere:  python3 examples/quarterly-kpis/generate.py
Python 3 standard library only, fixed seed: the output is byte-identical on
every run (the file is committed; rerunning leaves `git status` clean).

Every month of 2026 has 50 incidents resolved in it (10 of them P1); the
design table of README.md says how many P1 incidents are fixed within 8
hours and how many incidents are reopened. Two incidents resolved in
December 2025, before the term, are in the export too: they belong to no
month. The generator reads its file back and checks the table.
"""

import csv
import random
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE / "data" / "tickets.csv"

# month: (P1 fixed within 8h of 10, incidents reopened of 50)
DESIGN = {
    1: (10, 2), 2: (8, 3), 3: (9, 4),
    4: (7, 8), 5: (8, 9), 6: (9, 3),
    7: (7, 2), 8: (7, 2), 9: (8, 3),
    10: (10, 4), 11: (9, 5), 12: (10, 6),
}
PER_MONTH = 50
P1_PER_MONTH = 10


def rows():
    rng = random.Random(20260101)
    number = 1000
    out = []
    # Before the term: ignored by the settlement.
    for day in (15, 16):
        number += 1
        out.append((f"INC{number}", "P1", f"2025-12-{day:02d} 08:00", f"2025-12-{day:02d} 20:00", 2))
    for month, (p1_fixed, reopened) in DESIGN.items():
        reopen_at = set(rng.sample(range(PER_MONTH), reopened))
        for i in range(PER_MONTH):
            number += 1
            day = 2 + i % 26  # the 2nd to the 27th: every month has them
            p1 = i < P1_PER_MONTH
            priority = "P1" if p1 else rng.choice(["P2", "P3", "P4"])
            opened_hour = 8 if p1 else rng.randint(8, 11)
            # A P1 is fixed in 2 hours, or late at 12 hours; others take 1–6 hours.
            hours = (2 if i < p1_fixed else 12) if p1 else rng.randint(1, 6)
            opened = f"2026-{month:02d}-{day:02d} {opened_hour:02d}:00"
            resolved = f"2026-{month:02d}-{day:02d} {opened_hour + hours:02d}:00"
            reopens = rng.randint(1, 2) if i in reopen_at else 0
            out.append((f"INC{number}", priority, opened, resolved, reopens))
    return out


def check():
    with OUT.open(newline="") as f:
        data = list(csv.DictReader(f))
    for month, (p1_fixed, reopened) in DESIGN.items():
        prefix = f"2026-{month:02d}"
        rows_ = [r for r in data if r["resolved_at"].startswith(prefix)]
        p1 = [r for r in rows_ if r["priority"] == "P1"]
        fixed = [r for r in p1 if int(r["resolved_at"][11:13]) - int(r["opened_at"][11:13]) <= 8]
        assert len(rows_) == PER_MONTH, (month, len(rows_))
        assert len(p1) == P1_PER_MONTH and len(fixed) == p1_fixed, (month, len(p1), len(fixed))
        assert sum(int(r["reopen_count"]) > 0 for r in rows_) == reopened, month


def main():
    OUT.parent.mkdir(parents=True, exist_ok=True)
    with OUT.open("w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["number", "priority", "opened_at", "resolved_at", "reopen_count"])
        w.writerows(rows())
    check()


if __name__ == "__main__":
    main()
