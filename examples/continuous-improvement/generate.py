#!/usr/bin/env python3
"""Generate the continuous-improvement example's data (examples/continuous-improvement/data/).

Run from anywhere:  python3 examples/continuous-improvement/generate.py [--out DIR]
Python 3 standard library only, fixed seed: the same bytes on every run (the
files are committed; rerunning must leave `git status` clean).

Sixteen months, January 2026 to April 2027: the three baseline months, the
first review period (April to September 2026), the second (October 2026 to
March 2027) and the first month of the third, so that both six-monthly
resets show. PLAN holds the counts the README's design table was worked out
from; the generator checks its rows against them.

Files (the layouts of docs/data-sources.md):
- data/jira/ITSD-YYYY-MM.csv: the issues resolved in the month (Jira
  "Export CSV (all fields)", trimmed to the columns below; London time in
  Jira's `dd/MMM/yy h:mm a`), with the 1-5 satisfaction rating where the
  customer gave one.
- data/happysignals/responses-YYYY-MM.jsonl: the month's survey answers.
"""

import argparse
import os
import random
import sys
from datetime import timedelta

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
import exports  # noqa: E402  (examples/exports.py)

SEED = 20260103
CLOCK = exports.Clock("Europe/London")
HOLIDAYS = os.path.join(HERE, "shared", "holidays")
SERVICE_HOURS = exports.Calendar(
    exports.read_holidays(*(os.path.join(HOLIDAYS, "england-and-wales-%d.toml" % y) for y in (2026, 2027))), 8, 18)

ISSUES = 120    # issues resolved every month
HIGHEST = 10    # of which Highest priority
RATED = 40      # of which rated 1-5 stars
ANSWERS = 50    # HappySignals answers a month
WITH_LOST = 40  # of which give the lost time

# (year, month): (Highest within 4 service hours, rated 4-5 stars,
#                 ratings 9-10, ratings 0-6, mean lost minutes)
PLAN = {
    (2026, 1): (10, 31, 36, 7, 52),   # happiness 2 x (36 - 7) = 58, satisfied 31/40 = 77.5%
    (2026, 2): (10, 32, 36, 6, 50),   # 60, 80%
    (2026, 3): (10, 33, 37, 6, 48),   # 62, 82.5%
    (2026, 4): (10, 33, 38, 5, 44),   # 66, 82.5%
    (2026, 5): (10, 34, 40, 4, 42),   # 72, 85%
    (2026, 6): (10, 32, 37, 7, 47),   # 60, 80%
    (2026, 7): (8, 34, 38, 4, 43),    # 68, 85%
    (2026, 8): (10, 35, 40, 3, 40),   # 74, 87.5%
    (2026, 9): (10, 36, 42, 2, 36),   # 80, 90%
    (2026, 10): (10, 35, 41, 3, 36),  # 76, 87.5%
    (2026, 11): (10, 36, 40, 4, 38),  # 72, 90%
    (2026, 12): (10, 34, 37, 6, 35),  # 62, 85%
    (2027, 1): (9, 36, 37, 6, 34),    # 62, 90%
    (2027, 2): (10, 36, 38, 6, 36),   # 64, 90%
    (2027, 3): (10, 36, 40, 4, 37),   # 72, 90%
    (2027, 4): (10, 37, 39, 4, 30),   # 70, 92.5%
}

HEADER = ["Summary", "Issue key", "Issue id", "Issue Type", "Status", "Priority", "Resolution", "Assignee",
          "Created", "Updated", "Resolved", "Custom field (Satisfaction)"]
SUMMARIES = {
    "Incident": ["Cannot log in to Salesforce", "Outlook not syncing", "VPN keeps disconnecting",
                 "Laptop blue screen after update", "Printer jams on 2nd floor", "Teams audio drops"],
    "Service Request": ["New laptop for starter", "Access to finance share", "Install Visio",
                        "Replace broken headset", "Add user to distribution list"],
}
HIGHEST_SUMMARIES = ["Warehouse scanners offline", "Payroll system unavailable", "Bristol site network down",
                     "Order system errors for all users"]
ASSIGNEES = ["Ben Carter", "Ewa Kowalska", "Priya Shah", "Liam O'Neill", "Grace Mensah", "Tom Hughes"]


def moment(rng, day, hour_lo, hour_hi):
    """A local time on `day`, whole minutes (Jira shows no seconds)."""
    return exports.moment(rng, CLOCK, day, hour_lo, hour_hi, step=60)


def highest_times(rng, first, on_time):
    days = [d for d in SERVICE_HOURS.working_days(first) if d.day <= 25]
    while True:
        created = moment(rng, rng.choice(days), 8, 18)
        minutes = rng.randrange(20, 240) if on_time else rng.randrange(255, 600)
        resolved = SERVICE_HOURS.add(created, minutes * 60)
        if resolved.date() < exports.month_end(first):
            return created, resolved


def other_times(rng, first):
    days = exports.days_of(first)
    while True:
        resolved = moment(rng, rng.choice(days), 7, 20)
        created = resolved - timedelta(minutes=rng.randrange(30, 8 * 24 * 60))
        if CLOCK.exists(created):
            return created, resolved


def stars(rng, rated, satisfied):
    out = [rng.choice([4, 5, 5]) for _ in range(satisfied)] + [rng.choice([1, 2, 3, 3]) for _ in range(rated - satisfied)]
    rng.shuffle(out)
    return out


def issues_of(rng, first, plan):
    on_time, satisfied = plan[0], plan[1]
    rows = [("Highest",) + highest_times(rng, first, i < on_time) for i in range(HIGHEST)]
    while len(rows) < ISSUES:
        rows.append((rng.choice(["High", "Medium", "Medium", "Medium", "Low"]),) + other_times(rng, first))
    ratings = stars(rng, RATED, satisfied) + [None] * (ISSUES - RATED)
    rng.shuffle(ratings)
    issues = [dict(priority=p, created=c, resolved=r, rating=s) for (p, c, r), s in zip(rows, ratings)]
    # Read back: the month realises the plan.
    highest = [t for t in issues if t["priority"] == "Highest"]
    assert sum(SERVICE_HOURS.seconds(t["created"], t["resolved"]) <= 4 * 3600 for t in highest) == on_time, first
    assert sum(t["rating"] is not None and t["rating"] >= 4 for t in issues) == satisfied, first
    return issues


def write(out_dir):
    rng = random.Random(SEED)
    key, issue_id, response_no = 4101, 38200, 1
    for first in exports.months(2026, 1, 16):
        plan = PLAN[(first.year, first.month)]
        issues = sorted(issues_of(rng, first, plan), key=lambda t: t["created"])
        rows = []
        for t in issues:
            kind = "Incident" if t["priority"] == "Highest" or rng.random() < 0.45 else "Service Request"
            summary = rng.choice(HIGHEST_SUMMARIES if t["priority"] == "Highest" else SUMMARIES[kind])
            updated = t["resolved"] + timedelta(minutes=rng.randrange(5, 3 * 24 * 60))
            t["key"] = "ITSD-%d" % key
            rows.append([summary, t["key"], str(issue_id), kind, rng.choice(["Resolved", "Closed"]), t["priority"],
                         "Done", rng.choice(ASSIGNEES), exports.jira_time(t["created"]), exports.jira_time(updated),
                         exports.jira_time(t["resolved"]), "" if t["rating"] is None else str(t["rating"])])
            key += 1
            issue_id += rng.randrange(1, 4)
        exports.plain_csv(os.path.join(out_dir, "jira", "ITSD-%s.csv" % first.strftime("%Y-%m")), HEADER, rows)

        promoters, detractors, lost_mean = plan[2:]
        ratings = exports.happiness_ratings(rng, ANSWERS, promoters, detractors)
        lost = exports.exact_sum(rng, WITH_LOST, WITH_LOST * lost_mean, 0, 180) + [None] * (ANSWERS - WITH_LOST)
        rng.shuffle(lost)
        answers = []
        for rating, minutes in zip(ratings, lost):
            ticket = rng.choice(issues)
            answered = moment(rng, rng.choice(exports.days_of(first)), 7, 22)
            answers.append((answered, ticket["key"], rating, minutes))
        items = []
        for answered, ticket, rating, minutes in sorted(answers):
            item = {"response_id": "hs-%s-%05d" % (first.strftime("%y%m"), response_no),
                    "ticket": {"number": ticket}, "rating": rating}
            if minutes is not None:
                item["lost_time_minutes"] = minutes
            item["responded_at"] = CLOCK.utc(answered)
            items.append(item)
            response_no += 1
        path = os.path.join(out_dir, "happysignals", "responses-%s.jsonl" % first.strftime("%Y-%m"))
        exports.jsonl(path, items)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=os.path.join(HERE, "data"), help="directory to write (default: data/)")
    write(parser.parse_args().out)


if __name__ == "__main__":
    main()
