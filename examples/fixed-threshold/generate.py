#!/usr/bin/env python3
"""Generate the fixed-threshold example's data (examples/fixed-threshold/data/).

Run from anywhere:  python3 examples/fixed-threshold/generate.py [--out DIR]
Python 3 standard library only, fixed seed: the same bytes on every run (the
files are committed; rerunning must leave `git status` clean).

The year 2026 is designed, not sampled: PLAN below holds, month by month,
the counts the README's design table was worked out from, and the generator
checks by reading its own rows back that the files realise them exactly.

Files (the layouts of docs/data-sources.md):
- data/servicenow/incident-2026-MM.csv: the incidents updated in the month
  (ServiceNow list export, field names, every value quoted, Amsterdam local
  time). An incident still open at a month's end is in that month's file
  without `resolved_at` and again, resolved, in the next one.
- data/happysignals/responses-2026-MM.jsonl: the survey answers of the
  month (HappySignals API items, `responded_at` in UTC).
"""

import argparse
import os
import random
import sys
from datetime import date, datetime, timedelta

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
import exports  # noqa: E402  (examples/exports.py)

SEED = 20260104
CLOCK = exports.Clock("Europe/Amsterdam")
DESK = exports.Calendar(
    exports.read_holidays(os.path.join(HERE, "holidays", "netherlands-2026.toml"))
    | {date(2026, 12, 31)},  # `holiday 2026-12-31` in contract.xla
    8, 18)

# month: (P1 resolved, P1 within 4 h, P2 resolved, P2 within 8 desk hours,
#         incidents resolved, of which reopened,
#         surveys, ratings 9-10, ratings 0-6, surveys with lost time, mean lost minutes)
PLAN = {
    1: (10, 10, 20, 19, 100, 4, 100, 80, 4, 75, 42),
    2: (10, 8, 20, 18, 100, 3, 100, 78, 4, 75, 45),
    3: (10, 10, 20, 19, 100, 5, 100, 76, 4, 75, 40),
    4: (10, 10, 20, 20, 100, 4, 100, 72, 6, 75, 52),
    5: (10, 10, 20, 19, 100, 3, 100, 68, 10, 75, 66),
    6: (10, 10, 20, 19, 100, 4, 80, 62, 10, 60, 63),
    7: (10, 10, 20, 18, 100, 4, 80, 64, 4, 60, 48),
    8: (10, 10, 20, 17, 100, 3, 100, 82, 4, 75, 44),
    9: (10, 10, 20, 19, 100, 4, 80, 68, 4, 60, 40),
    10: (10, 9, 20, 19, 100, 5, 100, 80, 3, 75, 38),
    11: (10, 10, 20, 18, 100, 6, 100, 76, 4, 75, 41),
    12: (4, 4, 20, 19, 100, 4, 100, 74, 4, 75, 60),
}

# Incidents on a boundary, each the first (on-time) P1 or P2 of its month.
P1_SPECIAL = {1: "exactly 4h"}
P2_SPECIAL = {3: "weekend", 6: "exactly 8h"}

PRIORITY = {"P1": "1 - Critical", "P2": "2 - High", "P3": "3 - Moderate", "P4": "4 - Low"}
CHANNELS = ["Phone", "Self-service", "Email", "Chat", "Walk-in"]
GROUPS = {"P1": ["Major Incident Team", "Network Operations"],
          "P2": ["Service Desk", "EUC Field Services", "Network Operations"],
          "P3": ["Service Desk", "EUC Field Services", "Messaging"],
          "P4": ["Service Desk", "EUC Field Services"]}
TEXTS = {"P1": ["Order entry system down for all users", "Amsterdam office network outage",
                "Citrix farm unavailable", "Payroll run failing"],
         "P2": ["Outlook cannot send for the finance team", "VPN drops every few minutes",
                "Shared drive not mapped", "Teams calls failing in Utrecht"],
         "P3": ["Laptop slow after update", "Printer on 3rd floor offline", "Password reset",
                "Excel crashes on large files", "MFA prompt not received"],
         "P4": ["Request for a second monitor", "Headset crackles", "Change of desk phone number",
                "Mailbox quota warning"]}
HEADER = ["number", "short_description", "priority", "state", "contact_type", "assignment_group",
          "opened_at", "resolved_at", "reopen_count", "sys_updated_on"]


def in_month(first, t):
    return first <= t.date() < exports.month_end(first)


def moment(rng, day, hour_lo, hour_hi):
    return exports.moment(rng, CLOCK, day, hour_lo, hour_hi)


def p1_times(rng, first, on_time, special):
    """A Critical incident resolved in the month: within 4 h around the clock, or not."""
    if special == "exactly 4h":
        opened = datetime(first.year, first.month, 20, 22, 15)
        return opened, opened + timedelta(hours=4)
    days = exports.days_of(first)
    while True:
        opened = moment(rng, rng.choice(days), 0, 24)
        seconds = rng.randrange(25 * 60, 4 * 3600) if on_time else rng.randrange(4 * 3600 + 60, 11 * 3600)
        resolved = opened + timedelta(seconds=seconds)
        if in_month(first, resolved) and CLOCK.exists(resolved):
            return opened, resolved


def p2_times(rng, first, on_time, special):
    """A High incident resolved in the month: within 8 service-desk hours, or not."""
    if special == "weekend":  # Friday 16:00 -> Monday 11:00: 2 h + 3 h = 5 desk hours
        friday = next(d for d in exports.days_of(first)[7:] if d.weekday() == 4 and DESK.working_day(d)
                      and DESK.working_day(d + timedelta(days=3)))
        opened = datetime.combine(friday, datetime.min.time()).replace(hour=16)
        return opened, opened + timedelta(days=2, hours=19)
    if special == "exactly 8h":
        day = DESK.working_days(first)[3]
        opened = datetime.combine(day, datetime.min.time()).replace(hour=9, minute=30)
        return opened, DESK.add(opened, 8 * 3600)
    days = [d for d in DESK.working_days(first) if d.day <= 24]
    while True:
        opened = moment(rng, rng.choice(days), 8, 17)
        seconds = rng.randrange(20 * 60, 8 * 3600) if on_time else rng.randrange(8 * 3600 + 300, 20 * 3600)
        resolved = DESK.add(opened, seconds)
        if in_month(first, resolved) and CLOCK.exists(resolved):
            return opened, resolved


def other_times(rng, first, priority):
    """A Moderate or Low incident resolved in the month, opened up to 10 days before."""
    days = exports.days_of(first)
    while True:
        resolved = moment(rng, rng.choice(days), 7, 20)
        opened = resolved - timedelta(seconds=rng.randrange(1800, (3 if priority == "P3" else 10) * 86400))
        if CLOCK.exists(opened):
            return opened, resolved


def incidents_of(rng, first, plan):
    p1, p1_ok, p2, p2_ok, total, reopened = plan[:6]
    rows = []
    for i in range(p1):
        special = P1_SPECIAL.get(first.month) if i == 0 else None
        rows.append(("P1",) + p1_times(rng, first, i < p1_ok, special))
    for i in range(p2):
        special = P2_SPECIAL.get(first.month) if i == 0 else None
        rows.append(("P2",) + p2_times(rng, first, i < p2_ok, special))
    while len(rows) < total:
        priority = rng.choice(["P3", "P3", "P3", "P4", "P4"])
        rows.append((priority,) + other_times(rng, first, priority))
    flags = [1] * reopened + [0] * (total - reopened)
    rng.shuffle(flags)
    return [dict(priority=p, opened=o, resolved=r, reopens=f * rng.choice([1, 1, 2])) for (p, o, r), f in
            zip(rows, flags)]


def surveys_of(rng, first, plan, tickets):
    n, promoters, detractors, with_lost, lost_mean = plan[6:]
    ratings = exports.happiness_ratings(rng, n, promoters, detractors)
    lost = exports.exact_sum(rng, with_lost, with_lost * lost_mean, 0, 240)
    lost += [None] * (n - with_lost)
    rng.shuffle(lost)
    days = exports.days_of(first)
    out = []
    for k, (rating, minutes) in enumerate(zip(ratings, lost)):
        if first.month == 7 and k == 0:
            answered = datetime(2026, 7, 1, 0, 20)  # 30 June 22:20 UTC: still July in Amsterdam
        else:
            answered = moment(rng, rng.choice(days), 7, 22)
        if rng.random() < 0.55:
            ticket = rng.choice(tickets)
            number, kind = ticket["number"], "incident"
        else:
            number, kind = "RITM%07d" % rng.randrange(20000, 99999), "request"
        out.append((answered, number, kind, rating, minutes))
    out.sort()
    return out


def row(t, open_version):
    """One line of the export: the incident as it stood at its last update
    in the file's month (`open_version`: still open at that month's end)."""
    resolved = "" if open_version or t["resolved"] is None else exports.servicenow_time(t["resolved"])
    updated = t["open_updated"] if open_version else t["updated"]
    state = open_state(t) if open_version or t["resolved"] is None else "Resolved"
    return [t["number"], t["text"], PRIORITY[t["priority"]], state, t["channel"], t["group"],
            exports.servicenow_time(t["opened"]), resolved, str(0 if open_version else t["reopens"]),
            exports.servicenow_time(updated)]


def open_state(t):
    return ["In Progress", "On Hold", "New"][int(t["number"][3:]) % 3]


def still_open(rng):
    """Incidents opened in late December and not resolved when the year's
    last export was taken: no `resolved_at`, so no period."""
    out = []
    for k in range(6):
        opened = moment(rng, date(2026, 12, 21 + k), 8, 18)
        priority = rng.choice(["P3", "P4"])
        out.append(dict(priority=priority, opened=opened, resolved=None, reopens=0))
    return out


def write(out_dir):
    rng = random.Random(SEED)
    months = exports.months(2026, 1, 12)
    incidents = []
    for first in months:
        plan = PLAN[first.month]
        designed = incidents_of(rng, first, plan)
        check(first, plan, designed)
        incidents += designed
    incidents += still_open(rng)
    incidents.sort(key=lambda t: (t["opened"], t["priority"]))
    for serial, t in enumerate(incidents, start=10001):
        t["number"] = "INC%07d" % serial
        t["channel"] = rng.choice(CHANNELS)
        t["group"] = rng.choice(GROUPS[t["priority"]])
        t["text"] = rng.choice(TEXTS[t["priority"]])
        last = t["resolved"] or datetime(2026, 12, 31, 17, 0)
        t["updated"] = min(last + timedelta(minutes=rng.randrange(1, 90)), end_of_month(last))
        t["open_updated"] = min(t["opened"] + timedelta(minutes=rng.randrange(5, 600)), end_of_month(t["opened"]))

    response_no = 1
    for first in months:
        files = []
        for t in incidents:
            if t["resolved"] is not None and in_month(first, t["resolved"]):
                files.append(row(t, open_version=False))
            elif in_month(first, t["opened"]) and (t["resolved"] is None or not in_month(first, t["resolved"])):
                files.append(row(t, open_version=True))
        path = os.path.join(out_dir, "servicenow", "incident-%s.csv" % first.strftime("%Y-%m"))
        exports.servicenow_csv(path, HEADER, files)

        resolved_here = [t for t in incidents if t["resolved"] is not None and in_month(first, t["resolved"])]
        answers = []
        for answered, number, kind, rating, minutes in surveys_of(rng, first, PLAN[first.month], resolved_here):
            item = {"response_id": "hs-%s-%05d" % (first.strftime("%y%m"), response_no),
                    "ticket": {"number": number, "type": kind},
                    "rating": rating}
            if minutes is not None:
                item["lost_time_minutes"] = minutes
            elif rng.random() < 0.5:
                item["lost_time_minutes"] = None  # skipped; otherwise the key is absent
            item["responded_at"] = CLOCK.utc(answered)
            answers.append(item)
            response_no += 1
        if first.month == 3:  # a line cut off in transfer: rejected, within `reject up to 0.5%`
            answers.insert(40, '{"response_id":"hs-2603-00241","ticket":{"number":"INC00')
        path = os.path.join(out_dir, "happysignals", "responses-%s.jsonl" % first.strftime("%Y-%m"))
        exports.jsonl(path, answers)


def end_of_month(t):
    first = t.date().replace(day=1)
    return datetime.combine(exports.month_end(first), datetime.min.time()) - timedelta(seconds=1)


def check(first, plan, designed):
    """The month's incidents realise the plan exactly (read back, not trusted)."""
    p1, p1_ok, p2, p2_ok, total, reopened = plan[:6]
    got_p1 = [t for t in designed if t["priority"] == "P1"]
    got_p2 = [t for t in designed if t["priority"] == "P2"]
    assert len(got_p1) == p1 and len(got_p2) == p2 and len(designed) == total, first
    assert sum(t["resolved"] - t["opened"] <= timedelta(hours=4) for t in got_p1) == p1_ok, first
    assert sum(DESK.seconds(t["opened"], t["resolved"]) <= 8 * 3600 for t in got_p2) == p2_ok, first
    assert sum(t["reopens"] > 0 for t in designed) == reopened, first
    assert all(in_month(first, t["resolved"]) for t in designed), first


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=os.path.join(HERE, "data"), help="directory to write (default: data/)")
    write(parser.parse_args().out)


if __name__ == "__main__":
    main()
