#!/usr/bin/env python3
"""Generate the Acme example data (examples/acme/data/) for 2026.

Run from anywhere:  python3 examples/acme/generate.py
Python 3 standard library only, fixed seed: the output is the same on every
run and every machine (the files are committed; rerunning must leave
`git status` clean).

The year is designed, not sampled: every month has deliberate parameters,
and the generator checks, by reading its own files back, that the data
realises them exactly (counts, means and downtimes are constructed, not
hoped for). The contract is examples/acme/contract.xla (LANGUAGE.md §2);
fee 250,000 EUR, monthly credit cap 12% = 30,000 EUR, gain cap 4% = 10,000.

Design table (one line per month of 2026)
-----------------------------------------

    month tickets P1 ok/n  repeat  surveys  happy lost  e-mail down (unplanned)
    Jan   300     19/20    6% 18   110/85   68    110m  25 min
    Feb   300     20/20    7% 21   105/80   70    105m  15 min (+6 h planned, excluded)
    Mar   350     18/20    6% 21   130/95   72    100m  20 min
    Apr   300     20/20    6% 18   115/85   74    106m  30 min
    May   400     18/20    7% 28   140/100  75    110m  6696 s = 0.25% (outage 31 May 22:08:24 -> 1 Jun 01:48 BST)
    Jun   350     17/20   10% 35   125/90   70    130m  108 min = 0.25% (the same outage)
    Jul   400     16/20   16% 64   135/100  64    115m  20088 s = 0.75%
    Aug   250     19/20    6% 15   100/75   80    105m  10 min
    Sep   300     20/20    5% 15   120/90   87     95m  35 min
    Oct   350     19/20    6% 21   120/90   78     90m  30 min (+3 h planned on the DST night, excluded)
    Nov   300     20/20    7% 21   120/90   74     88m  20 min
    Dec   250      7/8     8% 20   120/90   79     84m  15 min (still open at 31 Dec 23:45 GMT -> end of month)

    (surveys: answered in the month / of which with lost_minutes; happy: exact
    mean score; lost: exact mean lost minutes over surveys that report it;
    P1 ok: resolved within 4 business hours, mon-fri 08:00-18:00 London, bank
    holidays and 24 Dec closed.)

Intended statuses and money (p1, email, happy, repeat, lost_time):

    Jan  met     met     baselining  met     met      -
    Feb  met     met     baselining  met     met      - planned maintenance excluded
    Mar  missed  met     baselining  met     met      p1 L1 (due 9 Apr: Easter)
                                                      baselines: happy 70 -> target 72
                                                      (Apr-Sep), lost_per_case 105 min
    Apr  met     met     met         met     met      gain value < 0 -> 0.00
    May  missed  missed  met         met     met      p1 L1; no credit (missed only)
    Jun  failed  missed  failed      failed  failed   p1 L2; credits 12000 + 2500 (happy
                                                      band 1) + 1250 (repeat band 1) +
                                                      9000 (lost_time) = 24750, under cap
    Jul  failed  failed  failed      failed  met      p1 3rd missed month: L3 and credit
                                                      x 1.5 = 18000; chronic failure (4 of
                                                      6: Mar, May, Jun, Jul); happy L2 (2
                                                      consecutive); 18000 + 9000 + 7500 +
                                                      2500 = 37000 -> CAP: total 30000.00
                                                      (14594.59, 7297.30, 6081.08, 2027.03)
    Aug  met     met     met         met     met      p1 chronic failure still (Mar-Aug);
                                                      happy bonus 2500 (80 > 77); gain 0.00
                                                      (lost = baseline)
    Sep  met     met     met         met     met      happy bonus 2500; gain 330.00
    Oct  met     met     met         met     met      review reset: happy target 77 (mean
                                                      Apr-Sep 75 + 2, ratchet keeps >= 72);
                                                      EARNBACK of p1 Jun 12000.00 + Jul
                                                      14594.59 (Aug, Sep, Oct met);
                                                      gain 495.00
    Nov  met     met     failed      met     met      WATERMELON: SLAs green, happy 74 <
                                                      77 (would be met under the old 72);
                                                      credit 2500; gain 561.00
    Dec  not_measured met met        met     met      only 8 P1 (< min_volume 10); repeat
                                                      exactly 8% is met; gain 693.00

Gains: value = (105 min - lost) x count(surveys) x 55 EUR/h, share 30%;
e.g. Sep (105 - 95) min x 120 x 55 EUR/h = 1100 EUR -> 330.00.

Deliberate edge cases in the data:
- Jan: a P1 resolved in exactly 4 business hours (counts as met: `<= 4h`);
  a P1 opened Friday 16:30 and resolved Monday 10:00 (3.5 business hours).
- Mar: a P1 across the spring-forward weekend (27 Mar -> 30 Mar, 3.5 h).
- Apr: a P1 across Easter (Thu 2 Apr 16:45 -> Tue 7 Apr 10:30, 3.75 h).
- Dec: a P1 across Christmas (Wed 23 Dec 16:00 -> Tue 29 Dec 09:00, 3 h,
  only because 24 Dec is agreed closed and 28 Dec is the Boxing Day
  substitute): Dec P1 is 7/8 = 87.5% (it would be 6/8 without them).
- Some P1s are opened and fixed at night or at the weekend (0 business h).
- Tickets opened in December 2025 and resolved in January 2026 (period by
  resolved puts them in January); 14 tickets still open (no resolved_at: no
  period); one ticket opened in the ambiguous hour of 25 Oct (01:30).
- Surveys: two answered on 31 Dec 2025 (before the term: no period); one
  answered 1 Apr 00:20 BST and one 1 Oct 00:20 BST, written in UTC as the
  previous day (`...-03-31T23:20:00Z`): they belong to April and October;
  two malformed rows (happiness "N/A"; a day-first answered_at) are
  rejected, within `reject up to 0.5%`; lost_minutes is null in some rows
  and absent in others.
- Outages: other services (teams, vpn, servicenow) do not count; a vpn
  outage across the spring-forward night; a vpn outage still open.
"""

import csv
import json
import os
import random
import re
from datetime import date, datetime, timedelta

SEED = 20260101
YEAR = 2026
HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "data")
TS = "%d/%m/%Y %H:%M"  # the ticket export's local London time

# month: (tickets, p1 total, p1 on time, repeat %, surveys, surveys with lost,
#         mean happiness, mean lost minutes)
PLAN = {
    1: (300, 20, 19, 6, 110, 85, 68, 110),
    2: (300, 20, 20, 7, 105, 80, 70, 105),
    3: (350, 20, 18, 6, 130, 95, 72, 100),
    4: (300, 20, 20, 6, 115, 85, 74, 106),
    5: (400, 20, 18, 7, 140, 100, 75, 110),
    6: (350, 20, 17, 10, 125, 90, 70, 130),
    7: (400, 20, 16, 16, 135, 100, 64, 115),
    8: (250, 20, 19, 6, 100, 75, 80, 105),
    9: (300, 20, 20, 5, 120, 90, 87, 95),
    10: (350, 20, 19, 6, 120, 90, 78, 90),
    11: (300, 20, 20, 7, 120, 90, 74, 88),
    12: (250, 8, 7, 8, 120, 90, 79, 84),
}

# Unplanned e-mail downtime per month in seconds, as designed (checked below).
EMAIL_DOWN = {
    1: 25 * 60,
    2: 15 * 60,
    3: 20 * 60,
    4: 30 * 60,
    5: 6696,
    6: 108 * 60,
    7: 20088,
    8: 10 * 60,
    9: 35 * 60,
    10: 30 * 60,
    11: 20 * 60,
    12: 15 * 60,
}

# Outages: (id, service, severity, start, end or "", planned, summary);
# RFC 3339 with the London offset in force, as the monitoring tool writes.
OUTAGES = [
    ("OUT-2026-001", "email", "major", "2026-01-20T10:05:00+00:00", "2026-01-20T10:30:00+00:00", "false",
     "Exchange Online mailbox access failing"),
    ("OUT-2026-002", "teams", "major", "2026-01-27T14:00:00+00:00", "2026-01-27T17:00:00+00:00", "false",
     "Teams calls dropping"),
    ("OUT-2026-003", "email", "minor", "2026-02-03T08:40:00+00:00", "2026-02-03T08:55:00+00:00", "false",
     "Mail flow delayed, then stopped"),
    ("OUT-2026-004", "email", "maintenance", "2026-02-14T22:00:00+00:00", "2026-02-15T04:00:00+00:00", "true",
     "Planned: mail gateway upgrade"),
    ("OUT-2026-005", "email", "minor", "2026-03-11T13:10:00+00:00", "2026-03-11T13:30:00+00:00", "false",
     "OWA login loop"),
    ("OUT-2026-006", "vpn", "major", "2026-03-29T00:30:00+00:00", "2026-03-29T03:30:00+01:00", "false",
     "VPN concentrator failover (across the clock change)"),
    ("OUT-2026-007", "email", "minor", "2026-04-22T15:00:00+01:00", "2026-04-22T15:30:00+01:00", "false",
     "Mail flow stopped"),
    ("OUT-2026-008", "email", "major", "2026-05-31T22:08:24+01:00", "2026-06-01T01:48:00+01:00", "false",
     "Mailbox database failover failed, \"dirty shutdown\""),
    ("OUT-2026-009", "email", "critical", "2026-07-14T09:12:00+01:00", "2026-07-14T14:46:48+01:00", "false",
     "Tenant-wide authentication outage, mail unreachable"),
    ("OUT-2026-010", "email", "minor", "2026-08-06T11:00:00+01:00", "2026-08-06T11:10:00+01:00", "false",
     "Mail flow delayed"),
    ("OUT-2026-011", "email", "minor", "2026-09-17T09:25:00+01:00", "2026-09-17T10:00:00+01:00", "false",
     "OWA unavailable"),
    ("OUT-2026-012", "email", "minor", "2026-10-08T16:00:00+01:00", "2026-10-08T16:30:00+01:00", "false",
     "Mail flow stopped"),
    ("OUT-2026-013", "email", "maintenance", "2026-10-25T00:30:00+01:00", "2026-10-25T02:30:00+00:00", "true",
     "Planned: certificate renewal on the clock-change night"),
    ("OUT-2026-014", "servicenow", "major", "2026-11-03T10:00:00+00:00", "2026-11-03T11:00:00+00:00", "false",
     "ServiceNow portal down"),
    ("OUT-2026-015", "email", "minor", "2026-11-12T14:00:00+00:00", "2026-11-12T14:20:00+00:00", "false",
     "Shared mailboxes unavailable"),
    ("OUT-2026-016", "vpn", "minor", "2026-12-30T19:00:00+00:00", "", "false",
     "VPN split tunnel broken (open)"),
    ("OUT-2026-017", "email", "major", "2026-12-31T23:45:00+00:00", "", "false",
     "Mail flow stopped (open at export time)"),
]

CONTACT = [("phone", 35), ("self-service", 30), ("email", 20), ("virtual_agent", 10), ("walk-in", 5)]
CATEGORY = [("Software", 40), ("Hardware", 20), ("Network", 15), ("Inquiry / Help", 20), ("Database", 5)]
GROUP = [("Service Desk", 50), ("EUC Field Services", 20), ("Network Operations", 10), ("Messaging", 10),
         ("Identity & Access", 10)]
DESCRIPTION = [
    "Outlook keeps asking for password, cannot send",
    "Laptop will not boot after update",
    "VPN drops every 10 minutes",
    "Cannot print to 3rd floor printer",
    "Password reset",
    "Request: new monitor \"Dell 27\"",
    "Teams camera not detected",
    "Shared drive S: not mapped",
    "SAP login fails with error 401",
    "Phone handset dead",
    "Slow Wi-Fi in meeting room 2.14",
    "MFA prompt not received",
    "Excel crashes when opening large file",
    "Access to finance SharePoint site",
]
P1_DESCRIPTION = [
    "Trading floor cannot log in",
    "Payroll system unavailable",
    "All users in Leeds office offline",
    "Call centre telephony down",
    "Core banking client crashes for all users",
]


# --- London time (the UK rule, so no tz database is needed) -----------------

def last_sunday(year, month):
    d = date(year, month + 1, 1) - timedelta(days=1) if month < 12 else date(year, 12, 31)
    return d - timedelta(days=(d.weekday() + 1) % 7)


def bst_bounds(year):
    """BST as local wall-clock times: [02:00 on the spring day, 02:00 on the autumn day)."""
    return (datetime.combine(last_sunday(year, 3), datetime.min.time()).replace(hour=2),
            datetime.combine(last_sunday(year, 10), datetime.min.time()).replace(hour=2))


def in_gap(local):
    spring = datetime.combine(last_sunday(local.year, 3), datetime.min.time())
    return spring.replace(hour=1) <= local < spring.replace(hour=2)


def offset_hours(local):
    """UTC offset of a local London time (ambiguous times: the earlier, BST)."""
    assert not in_gap(local), local
    start, end = bst_bounds(local.year)
    return 1 if start <= local < end else 0


def utc_text(local):
    utc = local - timedelta(hours=offset_hours(local))
    return utc.strftime("%Y-%m-%dT%H:%M:%SZ")


# --- The business calendar of the contract ----------------------------------

def holidays():
    with open(os.path.join(HERE, "holidays", "england-2026.toml"), encoding="utf-8") as f:
        days = {date.fromisoformat(d) for d in re.findall(r"date\s*=\s*(\d{4}-\d{2}-\d{2})", f.read())}
    days.add(date(2026, 12, 24))  # `holiday 2026-12-24` in contract.xla
    return days


HOLIDAYS = holidays()


def business_day(d):
    return d.weekday() < 5 and d not in HOLIDAYS


def business_minutes(start, end):
    """Minutes of [start, end) inside mon-fri 08:00-18:00 (local wall clock)."""
    total = 0
    d = start.date()
    while d <= end.date():
        if business_day(d):
            lo = max(start, datetime.combine(d, datetime.min.time()).replace(hour=8))
            hi = min(end, datetime.combine(d, datetime.min.time()).replace(hour=18))
            if hi > lo:
                total += (hi - lo).total_seconds() / 60
        d += timedelta(days=1)
    return total


def add_business(start, minutes):
    t, left = start, minutes
    while True:
        if business_day(t.date()):
            open_, close = t.replace(hour=8, minute=0), t.replace(hour=18, minute=0)
            t = max(t, open_)
            if t < close:
                if left <= (close - t).total_seconds() / 60:
                    return t + timedelta(minutes=left)
                left -= (close - t).total_seconds() / 60
        t = datetime.combine(t.date() + timedelta(days=1), datetime.min.time())


# --- Helpers -----------------------------------------------------------------

def month_bounds(month):
    start = datetime(YEAR, month, 1)
    end = datetime(YEAR + 1, 1, 1) if month == 12 else datetime(YEAR, month + 1, 1)
    return start, end


def weighted(rng, pairs):
    return rng.choices([p for p, _ in pairs], weights=[w for _, w in pairs])[0]


def random_local(rng, month, business_bias):
    start, end = month_bounds(month)
    while True:
        t = start + timedelta(minutes=rng.randrange(int((end - start).total_seconds() // 60)))
        if in_gap(t):
            continue
        if business_bias and rng.random() < business_bias and not (
                business_day(t.date()) and 8 <= t.hour < 18):
            continue
        return t


def hit_exact_sum(rng, values, target, lo, hi, step):
    """Nudges `values` (integers within [lo, hi]) until they sum to `target`."""
    diff = target - sum(values)
    while diff:
        i = rng.randrange(len(values))
        move = max(-step, min(step, diff))
        new = max(lo, min(hi, values[i] + move))
        diff -= new - values[i]
        values[i] = new
    return values


# --- Tickets -----------------------------------------------------------------

def p1_specials(month):
    """Fixed P1 cases: (opened, resolved); all are on time by design."""
    dt = datetime
    return {
        1: [(dt(2026, 1, 13, 9, 30), dt(2026, 1, 13, 13, 30)),    # exactly 4 business hours
            (dt(2026, 1, 16, 16, 30), dt(2026, 1, 19, 10, 0))],    # Friday -> Monday, 3.5 h
        3: [(dt(2026, 3, 27, 16, 0), dt(2026, 3, 30, 9, 30))],     # across the clock change, 3.5 h
        4: [(dt(2026, 4, 2, 16, 45), dt(2026, 4, 7, 10, 30))],     # across Easter, 3.75 h
        12: [(dt(2026, 12, 23, 16, 0), dt(2026, 12, 29, 9, 0))],   # across Christmas, 3 h
    }.get(month, [])


def make_p1(rng, month, on_time):
    start, end = month_bounds(month)
    while True:
        if on_time and rng.random() < 0.2:
            # Fixed out of hours: night or weekend, no business time used.
            opened = random_local(rng, month, 0)
            if business_day(opened.date()) and 6 <= opened.hour < 19:
                continue
            resolved = opened + timedelta(minutes=rng.randrange(20, 241, 5))
        else:
            opened = random_local(rng, month, 1.0) - timedelta(days=rng.choice([0, 0, 0, 1]))
            minutes = rng.randrange(15, 231, 5) if on_time else rng.randrange(270, 961, 15)
            resolved = add_business(opened, minutes)
        if in_gap(opened) or in_gap(resolved) or not start <= resolved < end:
            continue
        if (business_minutes(opened, resolved) <= 240) == on_time:
            return opened, resolved


def make_other(rng, month, priority):
    while True:
        resolved = random_local(rng, month, 0.8)
        hours = {"P2": (2, 48), "P3": (4, 168), "P4": (24, 360)}[priority]
        opened = resolved - timedelta(minutes=rng.randrange(hours[0] * 60, hours[1] * 60))
        if not in_gap(opened):
            return opened, resolved


def make_tickets(rng):
    tickets = []
    for month, (n, p1, p1_ok, repeat_pct, *_rest) in PLAN.items():
        rows = []
        specials = p1_specials(month)
        for opened, resolved in specials:
            rows.append(dict(priority="P1", opened=opened, resolved=resolved))
        for i in range(p1 - len(specials)):
            opened, resolved = make_p1(rng, month, on_time=i < p1_ok - len(specials))
            rows.append(dict(priority="P1", opened=opened, resolved=resolved))
        while len(rows) < n:
            priority = weighted(rng, [("P2", 15), ("P3", 55), ("P4", 30)])
            opened, resolved = make_other(rng, month, priority)
            rows.append(dict(priority=priority, opened=opened, resolved=resolved))
        reopened = repeat_pct * n / 100
        assert reopened == int(reopened), (month, "repeat rate must be a whole number of tickets")
        chosen = set(rng.sample(range(n), int(reopened)))
        for i, row in enumerate(rows):
            row["reopens"] = rng.choice([1, 1, 1, 2, 3]) if i in chosen else 0
        tickets.extend(rows)
    # Still open at the export: no resolved_at.
    for k in range(14):
        opened = random_local(rng, 12 if k > 1 else 11, 0.8)
        tickets.append(dict(priority=weighted(rng, [("P2", 20), ("P3", 50), ("P4", 30)]), opened=opened,
                            resolved=None, reopens=0))
    # One ticket opened in the repeated hour of the autumn clock change.
    ambiguous = next(t for t in tickets if t["priority"] == "P4" and t["resolved"] and t["resolved"].month == 11)
    ambiguous["opened"] = datetime(2026, 10, 25, 1, 30)
    tickets.sort(key=lambda t: (t["opened"], t["priority"]))
    for i, t in enumerate(tickets):
        t["number"] = "INC%07d" % (10001 + i)
        t["contact"] = weighted(rng, CONTACT)
        t["category"] = weighted(rng, CATEGORY)
        t["group"] = weighted(rng, GROUP)
        t["description"] = rng.choice(P1_DESCRIPTION if t["priority"] == "P1" else DESCRIPTION)
        t["caller"] = "EMP%05d" % rng.randrange(1, 4000)
        if t["resolved"] is None:
            t["state"] = rng.choice(["In Progress", "On Hold", "New"])
            t["updated"] = t["opened"] + timedelta(minutes=rng.randrange(5, 600))
            t["made_sla"] = "true"
        else:
            t["state"] = "Resolved" if t["resolved"] >= datetime(2026, 12, 27) else "Closed"
            t["updated"] = t["resolved"] + timedelta(days=3) if t["state"] == "Closed" else t["resolved"]
            if t["priority"] == "P1":
                t["made_sla"] = str(business_minutes(t["opened"], t["resolved"]) <= 240).lower()
            else:
                t["made_sla"] = "true" if rng.random() < 0.9 else "false"
    return tickets


def write_tickets(tickets):
    folder = os.path.join(DATA, "tickets")
    os.makedirs(folder, exist_ok=True)
    files = {}
    for t in tickets:
        month = t["resolved"].month if t["resolved"] else t["opened"].month
        files.setdefault(month, []).append(t)
    header = ["number", "opened_at", "priority", "state", "contact_type", "category", "assignment_group",
              "short_description", "caller_id", "resolved_at", "reopen_count", "made_sla", "sys_updated_at"]
    for month, rows in sorted(files.items()):
        with open(os.path.join(folder, "%d-%02d.csv" % (YEAR, month)), "w", newline="", encoding="utf-8") as f:
            w = csv.writer(f, lineterminator="\n")
            w.writerow(header)
            for t in sorted(rows, key=lambda t: t["number"]):
                w.writerow([t["number"], t["opened"].strftime(TS), t["priority"], t["state"], t["contact"],
                            t["category"], t["group"], t["description"], t["caller"],
                            t["resolved"].strftime(TS) if t["resolved"] else "", t["reopens"], t["made_sla"],
                            t["updated"].strftime(TS)])


# --- Surveys -----------------------------------------------------------------

def make_surveys(rng, tickets):
    resolved = sorted((t["resolved"], t["number"]) for t in tickets if t["resolved"])
    surveys = []
    for month, plan in PLAN.items():
        n, with_lost, happy, lost = plan[4:]
        times = []
        if month in (4, 10):
            times.append(datetime(YEAR, month, 1, 0, 20))  # written as the previous day in UTC
        while len(times) < n:
            times.append(random_local(rng, month, 0.7))
        rows = []
        for answered in times:
            recent = [num for r, num in resolved if answered - timedelta(days=5) <= r < answered]
            if not recent:
                recent = [num for r, num in resolved if r < answered][-20:]
            rows.append(dict(answered=answered, ticket=rng.choice(recent)))
        scores = [max(-100, min(100, round(rng.gauss(happy, 30)))) for _ in rows]
        hit_exact_sum(rng, scores, happy * n, -100, 100, 10)
        minutes = [0 if rng.random() < 0.3 else min(480, 5 * round(rng.expovariate(0.7 / lost) / 5))
                   for _ in range(with_lost)]
        hit_exact_sum(rng, minutes, lost * with_lost, 0, 480, 5)
        has_lost = set(rng.sample(range(n), with_lost))
        lost_values = iter(minutes)
        for i, (row, score) in enumerate(zip(rows, scores)):
            row["happiness"] = score
            if i in has_lost:
                row["lost"] = next(lost_values)
            else:
                row["lost"] = None if rng.random() < 0.5 else "absent"
        surveys.extend(rows)
    # Before the term: no period.
    for day_time in (datetime(2025, 12, 31, 9, 12), datetime(2025, 12, 31, 15, 40)):
        surveys.append(dict(answered=day_time, ticket="INC0009987", happiness=60, lost=15))
    surveys.sort(key=lambda s: s["answered"])
    lines = []
    for i, s in enumerate(surveys):
        obj = {"survey_id": "HS-%06d" % (i + 1), "ticket_id": s["ticket"], "answered_at": utc_text(s["answered"]),
               "happiness": s["happiness"]}
        if s["lost"] != "absent":
            obj["lost_minutes"] = s["lost"]
        obj["respondent"] = {"country": rng.choice(["GB", "GB", "GB", "IE", "NL"]),
                             "department": rng.choice(["Finance", "Sales", "Operations", "HR", "IT"])}
        if rng.random() < 0.15:
            obj["comment"] = rng.choice(["Quick and friendly", "Had to call twice", "Fixed, but took all morning",
                                         "Great, thanks!", "Nobody told me it was fixed"])
        lines.append(obj)
    # Two malformed rows, as exports do have: rejected, within `reject up to 0.5%`.
    lines.insert(400, {"survey_id": "HS-BAD-1", "ticket_id": "INC0011234", "answered_at": "2026-04-14T10:02:00Z",
                       "happiness": "N/A", "lost_minutes": None})
    lines.insert(900, {"survey_id": "HS-BAD-2", "ticket_id": "INC0013010", "answered_at": "15/07/2026 14:03",
                       "happiness": 40, "lost_minutes": 30})
    with open(os.path.join(DATA, "surveys.jsonl"), "w", encoding="utf-8") as f:
        for obj in lines:
            f.write(json.dumps(obj, ensure_ascii=False) + "\n")


def write_outages():
    with open(os.path.join(DATA, "outages.csv"), "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["id", "service", "severity", "start", "end", "planned", "summary"])
        for row in OUTAGES:
            w.writerow([row[0], row[1], row[2], row[3], row[4], row[5], row[6]])


# --- Reading the files back: the data realises the design --------------------

def parse_rfc3339_utc(text):
    """Seconds since the epoch of an RFC 3339 time with Z or +HH:MM."""
    m = re.fullmatch(r"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(Z|[+-]\d\d:\d\d)", text)
    base = datetime.fromisoformat(m.group(1))
    off = 0 if m.group(2) == "Z" else int(m.group(2)[:3]) * 60 + int(m.group(2)[4:])
    return base - timedelta(minutes=off)


def london_month(utc):
    start, end = bst_bounds(utc.year)
    # BST in UTC: [01:00Z spring day, 01:00Z autumn day)
    if start - timedelta(hours=1) <= utc < end - timedelta(hours=1):
        utc = utc + timedelta(hours=1)
    return (utc.year, utc.month)


def verify():
    per_month = {m: dict(n=0, p1=0, p1_ok=0, reopened=0) for m in PLAN}
    folder = os.path.join(DATA, "tickets")
    for name in sorted(os.listdir(folder)):
        with open(os.path.join(folder, name), newline="", encoding="utf-8") as f:
            for row in csv.DictReader(f):
                if not row["resolved_at"]:
                    continue
                opened = datetime.strptime(row["opened_at"], TS)
                resolved = datetime.strptime(row["resolved_at"], TS)
                assert not in_gap(opened) and not in_gap(resolved)
                month = per_month[resolved.month]
                month["n"] += 1
                month["reopened"] += int(row["reopen_count"]) > 0
                if row["priority"] == "P1":
                    month["p1"] += 1
                    month["p1_ok"] += business_minutes(opened, resolved) <= 240
    surveys = {m: dict(n=0, score=0, lost_n=0, lost=0) for m in PLAN}
    with open(os.path.join(DATA, "surveys.jsonl"), encoding="utf-8") as f:
        for line in f:
            obj = json.loads(line)
            if not isinstance(obj["happiness"], int) or "/" in obj["answered_at"]:
                continue  # the two rejected rows
            year, month = london_month(parse_rfc3339_utc(obj["answered_at"]))
            if year != YEAR:
                continue
            s = surveys[month]
            s["n"] += 1
            s["score"] += obj["happiness"]
            if obj.get("lost_minutes") is not None:
                s["lost_n"] += 1
                s["lost"] += obj["lost_minutes"]
    down = {m: 0 for m in PLAN}
    with open(os.path.join(DATA, "outages.csv"), newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if row["service"] != "email" or row["planned"] == "true":
                continue
            start = parse_rfc3339_utc(row["start"])
            end = parse_rfc3339_utc(row["end"]) if row["end"] else datetime(2027, 1, 1)  # Dec ends at 00:00Z
            for m in PLAN:
                lo, hi = month_bounds(m)
                lo, hi = lo - timedelta(hours=offset_hours(lo)), hi - timedelta(hours=offset_hours(hi))
                overlap = (min(end, hi) - max(start, lo)).total_seconds()
                down[m] += max(0, overlap)
    for m, (n, p1, p1_ok, repeat_pct, sn, with_lost, happy, lost) in PLAN.items():
        t, s = per_month[m], surveys[m]
        got = (t["n"], t["p1"], t["p1_ok"], 100 * t["reopened"] / t["n"], s["n"], s["lost_n"],
               s["score"] / s["n"], s["lost"] / s["lost_n"], down[m])
        want = (n, p1, p1_ok, repeat_pct, sn, with_lost, happy, lost, EMAIL_DOWN[m])
        assert got == want, (m, got, want)
        print("%d-%02d  tickets %3d  P1 %2d/%2d  repeat %4.1f%%  surveys %3d/%3d  happy %3d  lost %3dm  "
              "e-mail down %5ds" % ((YEAR, m, got[0], got[2], got[1]) + got[3:]))


def main():
    rng = random.Random(SEED)
    os.makedirs(DATA, exist_ok=True)
    tickets = make_tickets(rng)
    write_tickets(tickets)
    make_surveys(rng, tickets)
    write_outages()
    verify()


if __name__ == "__main__":
    main()
