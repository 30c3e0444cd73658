"""Shared helpers of the example generators (`examples/*/generate.py`).

Python 3 standard library only. Each generator designs a year of one
example contract month by month; this module knows what the designs have in
common: working calendars read from the examples' holiday files, local time
in a contract's time zone, exact sums and rating mixes, and the shapes of
the vendor exports described in docs/data-sources.md (ServiceNow and Jira
CSV, HappySignals JSON Lines, Qualtrics CSV with its two extra header rows,
Nexthink device-day CSV).

Everything is deterministic: the generators draw from a seeded
`random.Random`, and no function here reads the clock or the environment.
"""

import csv
import json
import os
import re
from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo


# --- Months and calendars ----------------------------------------------------

def months(first_year, first_month, count):
    """The first days of `count` consecutive months from the given one."""
    out = []
    y, m = first_year, first_month
    for _ in range(count):
        out.append(date(y, m, 1))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def month_end(first):
    """The first day of the month after the month starting on `first`."""
    return date(first.year + 1, 1, 1) if first.month == 12 else date(first.year, first.month + 1, 1)


def days_of(first):
    """Every day of the month starting on `first`."""
    d, end = first, month_end(first)
    out = []
    while d < end:
        out.append(d)
        d += timedelta(days=1)
    return out


def read_holidays(*paths):
    """The dates of `[[holiday]] date = YYYY-MM-DD` entries of TOML files."""
    found = set()
    for path in paths:
        with open(path, encoding="utf-8") as f:
            found |= {date.fromisoformat(d) for d in re.findall(r"date\s*=\s*(\d{4}-\d{2}-\d{2})", f.read())}
    return found


class Calendar:
    """Working hours `open`–`close` on Monday to Friday, holidays excluded:
    the `calendar` items of the example contracts."""

    def __init__(self, holidays, open_hour, close_hour):
        self.holidays = set(holidays)
        self.open = time(open_hour)
        self.close = time(close_hour)

    def working_day(self, d):
        return d.weekday() < 5 and d not in self.holidays

    def working_days(self, first):
        """The working days of the month starting on `first`."""
        return [d for d in days_of(first) if self.working_day(d)]

    def seconds(self, start, end):
        """Working seconds of [start, end) (naive local times)."""
        total, d = 0, start.date()
        while d <= end.date():
            if self.working_day(d):
                lo = max(start, datetime.combine(d, self.open))
                hi = min(end, datetime.combine(d, self.close))
                if hi > lo:
                    total += int((hi - lo).total_seconds())
            d += timedelta(days=1)
        return total

    def add(self, start, seconds):
        """The local time `seconds` working seconds after `start`."""
        t, left = start, seconds
        while True:
            if self.working_day(t.date()):
                t = max(t, datetime.combine(t.date(), self.open))
                close = datetime.combine(t.date(), self.close)
                if t < close:
                    room = int((close - t).total_seconds())
                    if left <= room:
                        return t + timedelta(seconds=left)
                    left -= room
            t = datetime.combine(t.date() + timedelta(days=1), time(0))

    def scheduled(self, first):
        """Working seconds in the month starting on `first`."""
        hours = datetime.combine(first, self.close) - datetime.combine(first, self.open)
        return len(self.working_days(first)) * int(hours.total_seconds())


# --- Local time ----------------------------------------------------------------

class Clock:
    """Local wall-clock times of one IANA time zone."""

    def __init__(self, name):
        self.zone = ZoneInfo(name)

    def exists(self, local):
        """False for a local time in the spring-forward gap."""
        aware = local.replace(tzinfo=self.zone)
        back = aware.astimezone(timezone.utc).astimezone(self.zone).replace(tzinfo=None)
        return back == local

    def utc(self, local):
        """RFC 3339 in UTC (`Z`) of a local time (an ambiguous one: the earlier)."""
        assert self.exists(local), local
        aware = local.replace(tzinfo=self.zone, fold=0)
        return aware.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


# --- Designed numbers ---------------------------------------------------------

def exact_sum(rng, n, total, lo, hi):
    """`n` whole numbers within [lo, hi], in random order, adding up to `total`."""
    assert n * lo <= total <= n * hi, (n, total, lo, hi)
    values = [rng.randint(lo, hi) for _ in range(n)]
    diff = total - sum(values)
    reach = max(3, (hi - lo) // 4)
    while diff:
        i = rng.randrange(n)
        step = max(-reach, min(reach, diff))
        new = max(lo, min(hi, values[i] + step))
        diff -= new - values[i]
        values[i] = new
    return values


def happiness_ratings(rng, n, promoters, detractors):
    """`n` HappySignals 0–10 ratings with exactly `promoters` 9–10s and
    `detractors` 0–6s (the rest 7–8), shuffled."""
    assert promoters + detractors <= n
    ratings = ([rng.choice([9, 10, 10]) for _ in range(promoters)]
               + [rng.choice([0, 2, 3, 4, 5, 5, 6, 6]) for _ in range(detractors)]
               + [rng.choice([7, 8]) for _ in range(n - promoters - detractors)])
    rng.shuffle(ratings)
    return ratings


def moment(rng, clock, day, hour_lo, hour_hi, step=1):
    """A local time on `day` between `hour_lo` and `hour_hi`, a whole number
    of `step` seconds after midnight, that exists on `clock` (not in the
    spring-forward gap)."""
    while True:
        t = datetime.combine(day, time(0)) + timedelta(seconds=rng.randrange(hour_lo * 3600, hour_hi * 3600, step))
        if clock.exists(t):
            return t


# --- Export writers ------------------------------------------------------------

def ensure_dir(path):
    os.makedirs(os.path.dirname(path), exist_ok=True)


def servicenow_csv(path, header, rows):
    """A ServiceNow list export: field names as header, every value quoted,
    times `yyyy-MM-dd HH:mm:ss` (the caller formats them)."""
    ensure_dir(path)
    with open(path, "w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
        writer.writerow(header)
        writer.writerows(rows)


def plain_csv(path, header, rows):
    """A CSV with a header, quoted only where needed (Jira, Nexthink, registers)."""
    ensure_dir(path)
    with open(path, "w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def servicenow_time(local):
    return local.strftime("%Y-%m-%d %H:%M:%S")


def jira_time(local):
    """Jira's default `dd/MMM/yy h:mm a`: `02/Mar/26 9:14 AM`."""
    hour = local.hour % 12 or 12
    return "%s %d:%02d %s" % (local.strftime("%d/%b/%y"), hour, local.minute, "AM" if local.hour < 12 else "PM")


def jsonl(path, objects):
    """JSON Lines, one compact object a line, keys in the order given."""
    ensure_dir(path)
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        for obj in objects:
            if isinstance(obj, str):  # a deliberately malformed line
                f.write(obj + "\n")
            else:
                f.write(json.dumps(obj, separators=(",", ":"), ensure_ascii=False) + "\n")


QUALTRICS_META = ["StartDate", "EndDate", "Status", "IPAddress", "Progress", "Duration (in seconds)", "Finished",
                  "RecordedDate", "ResponseId", "RecipientLastName", "RecipientFirstName", "RecipientEmail",
                  "ExternalReference", "LocationLatitude", "LocationLongitude", "DistributionChannel",
                  "UserLanguage"]
QUALTRICS_LABELS = ["Start Date", "End Date", "Response Type", "IP Address", "Progress", "Duration (in seconds)",
                    "Finished", "Recorded Date", "Response ID", "Recipient Last Name", "Recipient First Name",
                    "Recipient Email", "External Data Reference", "Location Latitude", "Location Longitude",
                    "Distribution Channel", "User Language"]
QUALTRICS_IMPORT = ["startDate", "endDate", "status", "ipAddress", "progress", "duration", "finished",
                    "recordedDate", "_recordId", "recipientLastName", "recipientFirstName", "recipientEmail",
                    "externalDataReference", "locationLatitude", "locationLongitude", "distributionChannel",
                    "userLanguage"]


def qualtrics_csv(path, zone, questions, rows):
    """A Qualtrics "Export data > CSV" download with numeric values: a byte
    order mark, the header, then the two rows Qualtrics adds (question texts
    and JSON import ids, dates with the chosen time zone) before the answers.

    `questions` is a list of (column, text, import id); each row gives the
    metadata columns in QUALTRICS_META order, then the answers."""
    ensure_dir(path)
    imports = []
    for name in QUALTRICS_IMPORT:
        if name in ("startDate", "endDate", "recordedDate"):
            imports.append(json.dumps({"ImportId": name, "timeZone": zone}, separators=(",", ":")))
        else:
            imports.append(json.dumps({"ImportId": name}, separators=(",", ":")))
    imports += [json.dumps({"ImportId": q[2]}, separators=(",", ":")) for q in questions]
    with open(path, "w", encoding="utf-8-sig", newline="") as f:
        writer = csv.writer(f, lineterminator="\r\n")
        writer.writerow(QUALTRICS_META + [q[0] for q in questions])
        writer.writerow(QUALTRICS_LABELS + [q[1] for q in questions])
        writer.writerow(imports)
        writer.writerows(rows)
