#!/usr/bin/env python3
"""Generate the data of the Paris service desk example (data/) for
January to May 2026.

Run from anywhere:  python3 examples/paris-service-desk/generate.py
Python 3 standard library only, no randomness: the output is the same on
every run and every machine (the files are committed; rerunning must leave
`git status` clean).

Every month is designed (README.md holds the design table and works each
figure out by hand); the generator builds the rows to match it and checks
by reading them back that they do:

- 20 P1 tickets resolved each month; the ones meeting the 4-business-hour
  target are opened at 09:00 on a working day and resolved 1 to 3 hours
  later; the others take 6 hours (09:00 to 15:00). Two meeting tickets span
  a holiday and are within 4 business hours only because the holiday does
  not count (April: Friday 3 16:00 to Tuesday 7 10:00 over Easter Monday;
  May: Thursday 30 April 17:00 to Monday 4 May 11:00 over 1 May).
- 20 P2/P3 tickets resolved each month, and one P3 ticket still open at the
  end of May (no resolution, so in no month).
- Reopened tickets (reopen_count > 0) among each month's 40 tickets as the
  design says.
- 10 happiness answers a month whose mean is the design's.
"""

import json
from datetime import date, datetime, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
DATA = HERE / "data"
HOLIDAYS = {date(2026, 4, 6), date(2026, 5, 1)}

# month: (P1 tickets meeting 4 business hours out of 20, reopened tickets
# out of 40, mean happiness)
DESIGN = {
    1: (20, 2, 80),
    2: (20, 1, 70),
    3: (18, 3, 72),
    4: (17, 2, 55),
    5: (19, 0, 86),
}
# Offsets around the mean: they add up to zero and keep scores in -100..100.
SCORE_OFFSETS = [10, 5, 0, -5, -10, 10, 5, 0, -5, -10]


def working_days(month):
    """The working days of the Paris calendar in `month` of 2026, from the 2nd."""
    day = date(2026, month, 2)
    days = []
    while day.month == month:
        if day.weekday() < 5 and day not in HOLIDAYS:
            days.append(day)
        day += timedelta(days=1)
    return days


def stamp(moment):
    return moment.strftime("%d/%m/%Y %H:%M")


def tickets(month):
    """The rows of tickets resolved in `month`: (number, priority, opened,
    resolved, reopen_count)."""
    meeting, reopened, _ = DESIGN[month]
    days = working_days(month)
    rows = []
    # The P1 ticket spanning a holiday counts as one of the meeting ones.
    spanning = {
        4: (datetime(2026, 4, 3, 16, 0), datetime(2026, 4, 7, 10, 0)),
        5: (datetime(2026, 4, 30, 17, 0), datetime(2026, 5, 4, 11, 0)),
    }.get(month)
    for i in range(20):
        day = days[i % len(days)]
        opened = datetime(day.year, day.month, day.day, 9, 0)
        if spanning and i == 0:
            opened, resolved = spanning
        elif i < meeting:
            resolved = opened + timedelta(hours=1 + i % 3)
        else:
            resolved = opened + timedelta(hours=6)
        rows.append(["P1", opened, resolved])
    for i in range(20):
        day = days[(i + 3) % len(days)]
        opened = datetime(day.year, day.month, day.day, 10 + i % 6, 30)
        resolved = opened + timedelta(hours=2 + i % 4)
        rows.append(["P2" if i % 2 == 0 else "P3", opened, resolved])
    out = []
    for n, (priority, opened, resolved) in enumerate(rows):
        # Reopened tickets are the last P2/P3 ones, so P1 rows stay plain.
        reopens = 1 if n >= 40 - reopened else 0
        out.append([f"INC{month:02d}{n + 1:03d}", priority, stamp(opened), stamp(resolved), str(reopens)])
    return out


def write_tickets():
    for month in DESIGN:
        rows = tickets(month)
        if month == 5:
            rows.append(["INC05999", "P3", stamp(datetime(2026, 5, 29, 17, 45)), "", "0"])
        text = "number,priority,opened_at,resolved_at,reopen_count\n"
        text += "".join(",".join(row) + "\n" for row in rows)
        path = DATA / "tickets" / f"2026-{month:02d}.csv"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8", newline="")


def write_surveys():
    lines = []
    for month, (_, _, mean) in DESIGN.items():
        for i, offset in enumerate(SCORE_OFFSETS):
            answer = {
                "ticket": f"INC{month:02d}{i + 1:03d}",
                "happiness": mean + offset,
                "answered_at": f"2026-{month:02d}-{5 + i:02d}T09:00:00Z",
            }
            lines.append(json.dumps(answer, ensure_ascii=False))
    (DATA / "surveys.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8", newline="")


def business_hours(opened, resolved):
    """Working time between two local times on the Paris calendar, in hours."""
    total = timedelta()
    day = opened.date()
    while day <= resolved.date():
        if day.weekday() < 5 and day not in HOLIDAYS:
            start = max(opened, datetime(day.year, day.month, day.day, 8, 0))
            end = min(resolved, datetime(day.year, day.month, day.day, 18, 0))
            if end > start:
                total += end - start
        day += timedelta(days=1)
    return total / timedelta(hours=1)


def check():
    """Reads the files back and checks them against the design."""
    for month, (meeting, reopened, mean) in DESIGN.items():
        path = DATA / "tickets" / f"2026-{month:02d}.csv"
        rows = [line.split(",") for line in path.read_text(encoding="utf-8").splitlines()[1:]]
        resolved = [r for r in rows if r[3]]
        assert len(resolved) == 40, (month, len(resolved))
        p1 = [r for r in resolved if r[1] == "P1"]
        parse = lambda s: datetime.strptime(s, "%d/%m/%Y %H:%M")
        met = sum(1 for r in p1 if business_hours(parse(r[2]), parse(r[3])) <= 4)
        assert (len(p1), met) == (20, meeting), (month, len(p1), met)
        assert all(parse(r[3]).month == month for r in resolved), month
        assert sum(1 for r in resolved if int(r[4]) > 0) == reopened, month
    answers = [json.loads(l) for l in (DATA / "surveys.jsonl").read_text(encoding="utf-8").splitlines()]
    for month, (_, _, mean) in DESIGN.items():
        scores = [a["happiness"] for a in answers if a["answered_at"].startswith(f"2026-{month:02d}")]
        assert len(scores) == 10 and sum(scores) == 10 * mean, (month, scores)
        assert all(-100 <= s <= 100 for s in scores)


if __name__ == "__main__":
    write_tickets()
    write_surveys()
    check()
    print(f"wrote {DATA}")
