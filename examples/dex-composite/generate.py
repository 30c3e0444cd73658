#!/usr/bin/env python3
"""Generate the DEX-composite example's data (examples/dex-composite/data/).

Run from anywhere:  python3 examples/dex-composite/generate.py [--out DIR]
Python 3 standard library only, fixed seed: the same bytes on every run.

The data is not committed: a year of Nexthink device-day telemetry for an
estate of 4,600 laptops is about 1.1 million rows (some 60 MB), so the
README's settle command runs this script first (a few seconds), and
`data/` is ignored by git.

The first contract year, April 2026 to March 2027, is designed: PLAN below
holds the figures the README's design table was worked out from, and the
generator checks its rows against them.

Files (the layouts of docs/data-sources.md):
- data/qualtrics/dex-pulse-YYYY-MM.csv: the monthly pulse survey as
  Qualtrics downloads it (byte order mark, header, the two extra rows of
  question texts and import ids, then the answers; Berlin local time).
  Besides the completed answers, each month holds partial responses
  (`Finished` False) and survey previews, which the contract leaves out.
- data/nexthink/device-day-YYYY-MM.csv: one row per device and working day
  (Monday to Friday, Hessian holidays excluded: the laptops are used on
  working days).
"""

import argparse
import math
import os
import random
import sys
from datetime import timedelta

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
import exports  # noqa: E402  (examples/exports.py)

SEED = 20260401
CLOCK = exports.Clock("Europe/Berlin")
WORKDAYS = exports.Calendar(
    exports.read_holidays(*(os.path.join(HERE, "holidays", "hesse-%d.toml" % y) for y in (2026, 2027))), 8, 17)

ENTITIES = ["Frankfurt", "Frankfurt", "Frankfurt", "Hamburg", "München", "Remote"]

# (year, month): (sentiment 0-100, healthy device-days %, Nexthink DEX mean,
#                 boot time 90th percentile s, completed pulse answers, of which
#                 answered Q1, devices reporting)
PLAN = {
    (2026, 4): (75, 80, 72, 80, 460, 450, 4600),
    (2026, 5): (80, 80, 72, 80, 460, 450, 4600),
    (2026, 6): (70, 90, 76, 70, 460, 450, 4600),   # devices better, people less happy
    (2026, 7): (85, 75, 68, 85, 460, 450, 4600),   # the reverse
    (2026, 8): (65, 70, 64, 110, 420, 410, 4480),  # a bad month: collector lost on 120 devices
    (2026, 9): (70, 75, 70, 90, 460, 450, 4600),
    (2026, 10): (80, 85, 74, 75, 460, 450, 4600),
    (2026, 11): (85, 90, 76, 70, 460, 450, 4600),
    (2026, 12): (90, 80, 73, 80, 380, 375, 4600),  # holidays: too few pulse answers
    (2027, 1): (75, 95, 78, 65, 460, 450, 4600),   # best devices of the year, sentiment down 15
    (2027, 2): (80, 85, 75, 75, 460, 450, 4600),
    (2027, 3): (85, 85, 76, 75, 460, 450, 4600),
}

QUESTIONS = [
    ("Q1", "How would you rate your digital work experience this month? (0 = very poor, 10 = excellent)", "QID1"),
    ("Q2", "About how many hours of work did IT problems cost you this month?", "QID2"),
    ("Q3", "What one thing would most improve your digital workplace?", "QID3_TEXT"),
]
COMMENTS = ["Faster laptops please", "Teams keeps freezing in calls", "VPN is slow from home",
            "Printing from the new office is painful", "The new docking stations are great",
            "Updates restart my laptop during meetings", "Single sign-on works well now"]


def response_id(rng):
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
    return "R_" + "".join(rng.choice(alphabet) for _ in range(15))


def pulse_rows(rng, first, plan):
    """Completed answers realising the month's sentiment exactly, plus
    partial responses and previews (left out by the contract's filter)."""
    sentiment, _, _, _, completed, with_q1, _ = plan
    assert sentiment * with_q1 % 10 == 0, first
    q1 = exports.exact_sum(rng, with_q1, sentiment * with_q1 // 10, 0, 10) + [None] * (completed - with_q1)
    rng.shuffle(q1)
    kinds = [("IP Address", True, answer) for answer in q1]
    kinds += [("IP Address", False, rng.randint(3, 9)) for _ in range(6)]
    kinds += [("Survey Preview", True, rng.randint(0, 10)) for _ in range(2)]
    days = WORKDAYS.working_days(first)[:10]  # the pulse is open the first two weeks
    rows = []
    for status, finished, answer in kinds:
        start = exports.moment(rng, CLOCK, rng.choice(days), 7, 20)
        seconds = rng.randrange(40, 400)
        end = start + timedelta(seconds=seconds)
        recorded = end + timedelta(seconds=1) if finished else end + timedelta(days=7)
        ip = "" if status == "Survey Preview" else "198.51.100.%d" % rng.randrange(1, 255)
        q2 = "" if answer is None else str(rng.choice([0, 0, 0, 1, 1, 2, 3, 5]))
        comment = rng.choice(COMMENTS) if rng.random() < 0.08 else ""
        rows.append([exports.servicenow_time(start), exports.servicenow_time(end), status, ip,
                     "100" if finished else str(rng.choice([33, 66])), str(seconds), str(finished),
                     exports.servicenow_time(recorded), response_id(rng), "", "", "", "", "", "", "anonymous",
                     rng.choice(["DE", "DE", "EN"]), "" if answer is None else str(answer), q2, comment])
    rows.sort(key=lambda r: r[7])
    return rows


def boot_values(rng, booted, p90, slow_budget):
    """`booted` boot times (tenths of a second) whose nearest-rank 90th
    percentile is exactly `p90` seconds (over 60 s): ⌈0.9 n⌉ − 1 below it,
    one at it, the rest above it. Of those below, as many as the budget of
    slow (over 60 s) boots leaves are between 60 s and `p90`."""
    rank = math.ceil(booted * 9 / 10)
    above = booted - rank
    between = max(0, min((slow_budget - above - 1) // 3, rank - 1))
    below = ([rng.randint(601, p90 * 10 - 1) for _ in range(between)]
             + [rng.randint(150, 600) for _ in range(rank - 1 - between)])
    return below + [p90 * 10] + [rng.randint(p90 * 10 + 1, p90 * 10 + 900) for _ in range(above)]


def telemetry_rows(rng, first, plan, devices):
    """One row per reporting device and working day, realising the month's
    healthy share, Nexthink mean and boot percentile exactly."""
    _, healthy_pct, dex_mean, p90, _, _, reporting = plan
    days = WORKDAYS.working_days(first)
    cells = [(d, name, entity) for d in days for name, entity in devices[:reporting]]
    n = len(cells)
    healthy = n * healthy_pct // 100
    assert n * healthy_pct % 100 == 0, first
    booted = n * 2 // 5
    boots = boot_values(rng, booted, p90, n - healthy)
    # A boot over 60 s makes a device-day unhealthy; so does a crash. Every
    # unhealthy day that did not boot slowly had a crash.
    slow = sum(b > 600 for b in boots)
    unhealthy = n - healthy
    assert slow <= unhealthy, (first, slow, unhealthy)
    rng.shuffle(boots)
    slots = list(range(n))
    rng.shuffle(slots)
    boot_of = [None] * n
    for slot, value in zip(slots, boots):
        boot_of[slot] = value
    fast_or_none = [i for i in range(n) if boot_of[i] is None or boot_of[i] <= 600]
    crashed = set(rng.sample(fast_or_none, unhealthy - slow))
    scored = n - n // 200  # one device-day in 200 is not scored
    scores = exports.exact_sum(rng, scored, dex_mean * 10 * scored, 200, 1000) + [None] * (n - scored)
    rng.shuffle(scores)
    rows = []
    for i, (d, name, entity) in enumerate(cells):
        crashes = rng.choice([1, 1, 1, 2, 3]) if i in crashed else 0
        boot = "" if boot_of[i] is None else "%d.%d" % divmod(boot_of[i], 10)
        score = "" if scores[i] is None else "%d.%d" % divmod(scores[i], 10)
        rows.append("%s,%s,%s,Windows,%s,%s,%d\n" % (d.isoformat(), name, entity, score, boot, crashes))
    return rows


def write(out_dir):
    rng = random.Random(SEED)
    devices = [("NWT-LT-%05d" % (1001 + k), rng.choice(ENTITIES)) for k in range(4600)]
    rng.shuffle(devices)
    for first in exports.months(2026, 4, 12):
        plan = PLAN[(first.year, first.month)]
        name = first.strftime("%Y-%m")
        exports.qualtrics_csv(os.path.join(out_dir, "qualtrics", "dex-pulse-%s.csv" % name), "Europe/Berlin",
                              QUESTIONS, pulse_rows(rng, first, plan))
        path = os.path.join(out_dir, "nexthink", "device-day-%s.csv" % name)
        exports.ensure_dir(path)
        with open(path, "w", encoding="utf-8", newline="") as f:
            f.write("date,device.name,device.entity,device.operating_system.platform,dex_score,boot_duration,"
                    "number_of_crashes\n")
            f.writelines(telemetry_rows(rng, first, plan, devices))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=os.path.join(HERE, "data"), help="directory to write (default: data/)")
    write(parser.parse_args().out)


if __name__ == "__main__":
    main()
