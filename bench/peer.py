"""What the benchmark's peers (duck.py, polars_peer.py) share.

The months settled, the days off of the contract's calendar, exact rounding
on integers, the 13 metric values of a month built from its totals, and the
JSON file that compare.py reads. Nothing here imports an engine, so a peer's
peak memory is its own.
"""

import json
import re
import resource
import tomllib
from decimal import Decimal
from pathlib import Path

MONTHS = [f"2026-{m:02d}" for m in range(1, 13)]
SCALE = 10**16


def holidays(contract: Path) -> list[str]:
    """The days off of calendar `business`: its holidays files and lines."""
    text = contract.read_text()
    body = text[text.index("calendar business") :]
    body = body[: body.index("}")]
    days = re.findall(r'holiday\s+(\d{4}-\d\d-\d\d)', body)
    for name in re.findall(r'holidays\s+"([^"]+)"', body):
        data = tomllib.loads((contract.parent / name).read_text())
        days += [str(h["date"]) for h in data["holiday"]]
    return sorted(set(days))


def rdiv(a: int, b: int) -> int:
    """round(a / b) to 16 places, half to even, on integers (b > 0): the
    result times 10^16. The same rounding as duck.py's SQL macro `rdiv` and
    as xla (LANGUAGE.md §6)."""
    quotient, remainder = divmod(abs(a) * SCALE, b)
    if 2 * remainder > b or (2 * remainder == b and quotient % 2 == 1):
        quotient += 1
    return -quotient if a < 0 else quotient


def dec(scaled: int, scale: int = SCALE) -> str:
    """An exact decimal string from an integer times 1/scale."""
    return str((Decimal(scaled) / Decimal(scale)).normalize()) if scaled else "0"


def month_values(t: dict, s: dict, d: dict, o: dict, divide=rdiv) -> dict:
    """The metric values and volumes of one month from its totals.

    `t` tickets (n, reopened, elapsed seconds, p2_n, p2_max, p1_n, p1_met),
    `s` surveys (n, score_micro, lost_n, lost_micro: sums in millionths),
    `d` telemetry (n, healthy, dex_n, dex_micro, p90_n, p90, boot_n,
    median_low, median_high, devices), `o` outages (scheduled, down seconds);
    a month without rows has an empty dict. `divide(a, b)` is `rdiv`, done
    by the peer's engine or by Python on the same integers.
    """

    def mean(micro: int, n: int) -> str | None:
        # round(sum / n, 16) = round(micro / (n * 10^6), 16)
        return dec(divide(micro, n * 1000000)) if n else None

    def percent(meeting: int, n: int) -> str | None:
        return dec(divide(100 * meeting, n)) if n else None

    n = t.get("n", 0)
    p1_n = t.get("p1_n") or 0
    boot_n = d.get("boot_n", 0)
    # The mean of the middle two (the same value twice when n is odd): exact in halves.
    median = str(((d["median_low"] + d["median_high"]) / 2).normalize()) if boot_n else None
    uptime_fraction = divide(o["down"], o["scheduled"])
    return {
        "p1_resolution": {"value": percent(t.get("p1_met") or 0, p1_n), "volume": p1_n},
        "happiness": {"value": mean(s.get("score_micro", 0), s.get("n", 0)), "volume": s.get("n", 0)},
        "lost_per_case": {"value": mean(s.get("lost_micro", 0), s.get("lost_n", 0)), "volume": s.get("lost_n", 0)},
        "repeat_rate": {"value": percent(t.get("reopened", 0), n), "volume": n},
        # 100% - 100% * (down / scheduled), the division rounded first.
        "email_uptime": {"value": dec(100 * SCALE - 100 * uptime_fraction), "volume": None},
        "device_health": {"value": percent(d.get("healthy", 0), d.get("n", 0)), "volume": d.get("n", 0)},
        "nexthink_dex": {"value": mean(d.get("dex_micro", 0), d.get("dex_n", 0)), "volume": d.get("dex_n", 0)},
        "boot_p90": {"value": str(d["p90"].normalize()) if d.get("p90") is not None else None, "volume": d.get("p90_n", 0)},
        "boot_median": {"value": median, "volume": boot_n},
        "active_devices": {"value": str(d.get("devices", 0)), "volume": None},
        "resolved": {"value": str(n), "volume": None},
        "mean_resolution": {"value": mean(int(t["elapsed"]) * 1000000, n) if n else None, "volume": n},
        "p2_longest": {"value": str(t["p2_max"]) if t.get("p2_max") is not None else None, "volume": t.get("p2_n", 0)},
    }


def write(out: Path, engine: str, seconds: float, cpu_seconds: float, months: dict) -> None:
    """Writes the peer's JSON for compare.py and run.sh: the engine, its
    timed wall and CPU seconds, the process's peak RSS so far, and the
    values of every month."""
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    record = {"engine": engine, "seconds": seconds, "cpu_seconds": cpu_seconds, "peak_rss_kb": peak_kb, "months": months}
    out.write_text(json.dumps(record, indent=1))
