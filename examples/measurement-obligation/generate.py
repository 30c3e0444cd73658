#!/usr/bin/env python3
"""Generate the measurement-obligation example's data (examples/measurement-obligation/data/).

Run from anywhere:  python3 examples/measurement-obligation/generate.py [--out DIR]
Python 3 standard library only, fixed seed: the same bytes on every run (the
files are committed; rerunning must leave `git status` clean).

The first contract year, July 2026 to June 2027, designed: PLAN below holds
the counts the README's design table was worked out from, and the generator
checks its rows against them.

Files:
- data/servicenow/task-YYYY-MM.csv: tickets (incidents and requested items)
  resolved in the month, a ServiceNow list export of the task table.
- data/happysignals/responses-YYYY-MM.jsonl: the month's survey answers.
- data/register/deliverables.csv: the register of contractual reports, with
  due and delivery times (Stockholm local time).
- data/monitoring/platform-outages.csv: outages of the measurement platform,
  RFC 3339 with the Stockholm offset.
"""

import argparse
import os
import random
import sys
from datetime import date, datetime, timedelta

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
import exports  # noqa: E402  (examples/exports.py)

SEED = 20260701
CLOCK = exports.Clock("Europe/Stockholm")
HOLIDAYS = exports.read_holidays(*(os.path.join(HERE, "shared", "holidays", "sweden-%d.toml" % y)
                                   for y in (2026, 2027)))
WINDOW = exports.Calendar(HOLIDAYS, 7, 19)     # `service_window`
BUSINESS = exports.Calendar(HOLIDAYS, 8, 17)   # `business_days`

REPORTS = ["Service report", "Experience dashboard snapshot", "Survey coverage report", "Improvement plan update"]

# (year, month): (tickets resolved, survey answers, ratings 9-10, ratings 0-6,
#                 reports due on time of 4 (None: none due yet; "missing": one never delivered),
#                 platform unavailability in the service window, in hundredths of a percent)
PLAN = {
    (2026, 7): (320, 100, 70, 12, None, 25),       # coverage 31.25%, happiness 58 (not yet counted)
    (2026, 8): (320, 64, 50, 10, 4, 0),            # 20%: at the minimum; 62.5
    (2026, 9): (320, 100, 72, 10, 3, 25),          # 31.25%; reports 3 of 4 (one late); 62
    (2026, 10): (320, 100, 70, 10, "missing", 50), # reports 3 of 4 (one never delivered); 60
    (2026, 11): (320, 125, 92, 12, 4, 125),        # 39.0625%; 64; platform 98.75%
    (2026, 12): (320, 100, 74, 8, 4, 25),          # 66
    (2027, 1): (320, 125, 92, 12, 4, 75),          # the XLA counts from here: 64; platform 99.25%
    (2027, 2): (320, 60, 42, 12, 4, 0),            # 18.75%: too few answers to measure; 50
    (2027, 3): (320, 125, 84, 14, 2, 25),          # 56; reports 2 of 4
    (2027, 4): (320, 125, 76, 16, 4, 25),          # 48
    (2027, 5): (320, 125, 80, 15, 4, 0),           # 52
    (2027, 6): (400, 160, 120, 16, 4, 50),         # 40%; 65
}

TASK_HEADER = ["number", "sys_class_name", "opened_at", "resolved_at"]


def moment(rng, day, hour_lo, hour_hi):
    return exports.moment(rng, CLOCK, day, hour_lo, hour_hi)


def rfc3339(local):
    """RFC 3339 with the Stockholm offset, as the monitoring tool writes it."""
    return local.replace(tzinfo=CLOCK.zone, fold=0).isoformat()


def tickets_of(rng, first, count, serial):
    out = []
    for _ in range(count):
        resolved = moment(rng, rng.choice(exports.days_of(first)), 6, 21)
        opened = resolved - timedelta(seconds=rng.randrange(600, 6 * 86400))
        if not CLOCK.exists(opened):
            opened -= timedelta(hours=1)
        kind = rng.choice(["Incident", "Incident", "Requested Item"])
        out.append((opened, resolved, kind))
    out.sort()
    rows = []
    for opened, resolved, kind in out:
        prefix = "INC" if kind == "Incident" else "RITM"
        rows.append(["%s%07d" % (prefix, serial), kind, exports.servicenow_time(opened),
                     exports.servicenow_time(resolved)])
        serial += 1
    return rows, serial


def answers_of(rng, first, plan, tickets, serial):
    _, count, promoters, detractors = plan[:4]
    ratings = exports.happiness_ratings(rng, count, promoters, detractors)
    chosen = rng.sample(tickets, count)
    answered = []
    for k, (rating, ticket) in enumerate(zip(ratings, chosen)):
        if k == 0 and first == date(2026, 10, 1):
            t = datetime(2026, 10, 1, 0, 30)  # 30 September 22:30 UTC: October in Stockholm
        else:
            t = moment(rng, rng.choice(exports.days_of(first)), 7, 23)
        answered.append((t, ticket[0], rating))
    answered.sort()
    items = []
    for t, number, rating in answered:
        items.append({"response_id": "hs-%s-%05d" % (first.strftime("%y%m"), serial),
                      "ticket": {"number": number}, "rating": rating, "responded_at": CLOCK.utc(t)})
        serial += 1
    return items, serial


def deliverables_of(rng, first, on_time):
    """The four reports on the previous month, due at 17:00 on the month's
    fifth business day."""
    if on_time is None:
        return []
    due_day = BUSINESS.working_days(first)[4]
    due = datetime.combine(due_day, datetime.min.time()).replace(hour=17)
    reported = (first - timedelta(days=1)).strftime("%Y-%m")
    missing = on_time == "missing"
    punctual = 3 if missing else on_time
    rows = []
    for k, name in enumerate(REPORTS):
        if k < punctual:
            delivered = exports.servicenow_time(due - timedelta(minutes=rng.randrange(5, 3 * 24 * 60)))[:16]
        elif missing:
            delivered = ""
        else:
            delivered = exports.servicenow_time(due + timedelta(hours=rng.randrange(2, 60)))[:16]
        rows.append(["%s %s" % (name, reported), due.strftime("%Y-%m-%d %H:%M"), delivered])
    return rows


def outages_of(rng, first, hundredths):
    """Unplanned outages in the service window adding up to exactly the
    designed share of it, plus planned maintenance (excluded) and a night
    outage (outside the window)."""
    down = WINDOW.scheduled(first) * hundredths // 10000
    assert WINDOW.scheduled(first) * hundredths % 10000 == 0, first
    rows = []
    days = [d for d in WINDOW.working_days(first)]
    parts = [down] if down < 3600 else [down // 2, down - down // 2]
    for part in parts if down else []:
        day = rng.choice(days[1:-1])
        start = datetime.combine(day, datetime.min.time()).replace(hour=rng.randrange(8, 14))
        end = start + timedelta(seconds=part)
        assert WINDOW.seconds(start, end) == part
        rows.append([rng.choice(["survey-sending", "dashboard"]), rfc3339(start), rfc3339(end), "false"])
    saturday = next(d for d in exports.days_of(first)[7:] if d.weekday() == 5)
    start = datetime.combine(saturday, datetime.min.time()).replace(hour=22)
    rows.append(["dashboard", rfc3339(start), rfc3339(start + timedelta(hours=4)), "true"])
    if first.month in (9, 1, 5):
        night = datetime.combine(days[3], datetime.min.time()).replace(hour=2)
        rows.append(["survey-sending", rfc3339(night), rfc3339(night + timedelta(minutes=95)), "false"])
    return rows


def write(out_dir):
    rng = random.Random(SEED)
    ticket_no, answer_no = 20001, 1
    register, outages = [], []
    for first in exports.months(2026, 7, 12):
        plan = PLAN[(first.year, first.month)]
        tickets, ticket_no = tickets_of(rng, first, plan[0], ticket_no)
        exports.servicenow_csv(os.path.join(out_dir, "servicenow", "task-%s.csv" % first.strftime("%Y-%m")),
                               TASK_HEADER, tickets)
        items, answer_no = answers_of(rng, first, plan, tickets, answer_no)
        exports.jsonl(os.path.join(out_dir, "happysignals", "responses-%s.jsonl" % first.strftime("%Y-%m")), items)
        register += deliverables_of(rng, first, plan[4])
        outages += outages_of(rng, first, plan[5])
    exports.plain_csv(os.path.join(out_dir, "register", "deliverables.csv"), ["Deliverable", "Due", "Delivered"],
                      register)
    exports.plain_csv(os.path.join(out_dir, "monitoring", "platform-outages.csv"),
                      ["component", "start", "end", "planned"], sorted(outages, key=lambda r: r[1]))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=os.path.join(HERE, "data"), help="directory to write (default: data/)")
    write(parser.parse_args().out)


if __name__ == "__main__":
    main()
