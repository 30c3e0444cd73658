//! The ServiceNow example (`examples/servicenow-uci/contract.xla`) settled
//! over its whole term, March 2016 to February 2017, against the real UCI
//! incident event log in `../shared/data/servicenow-uci/` (see its README).
//!
//! Where the zip is absent (or `python3`, used to unzip it, is), the test
//! prints why and passes. Otherwise it unzips the log into a temporary
//! directory, settles the year and compares with figures computed
//! independently by the Python script below (standard library only): it
//! collapses the audit rows by `number`, keeping the greatest
//! `sys_updated_at` (parsed day-first), assigns each incident to the month of
//! its `resolved_at` as the contract's `period by resolved` says, and
//! measures every metric, status and month's credits by hand.
//!
//! Decimals follow LANGUAGE.md §6: each division rounded once to 16 places,
//! half to even. Elapsed times convert São Paulo local times to instants (the
//! contract's timezone); business hours are counted on local wall-clock time,
//! which is exact here because São Paulo changes its clocks at midnight.
//!
//! ```python
//! import csv, sys
//! from datetime import datetime, date, timedelta
//! from decimal import Decimal as D, getcontext, ROUND_HALF_EVEN
//! getcontext().prec = 60
//! F = "%d/%m/%Y %H:%M"
//! HOLIDAYS = {date(2016, 3, 25), date(2016, 4, 21), date(2016, 9, 7), date(2016, 10, 12), date(2016, 11, 2),
//!             date(2016, 11, 15)}  # holidays/brazil-2016.toml
//! def ts(s): return None if s == "?" else datetime.strptime(s, F)
//! def utc(t):  # São Paulo: UTC-2 in daylight saving time (ambiguous hours: the earlier instant), else UTC-3
//!     dst = (datetime(2015, 10, 18, 1) <= t < datetime(2016, 2, 21)
//!            or datetime(2016, 10, 16, 1) <= t < datetime(2017, 2, 19))
//!     return t + timedelta(hours=2 if dst else 3)
//! def business_minutes(a, b):  # mon-fri 08:00-18:00 local
//!     total, d = 0, a.date()
//!     while d <= b.date():
//!         if d.weekday() < 5 and d not in HOLIDAYS:
//!             lo, hi = max(a, datetime(d.year, d.month, d.day, 8)), min(b, datetime(d.year, d.month, d.day, 18))
//!             total += max(0, (hi - lo) // timedelta(minutes=1))
//!         d += timedelta(days=1)
//!     return total
//! def div(a, b): return (D(a) / D(b)).quantize(D("1e-16"), ROUND_HALF_EVEN).normalize()
//! def show(d): return "none" if d is None else format(d, "f")
//! latest, rows = {}, 0
//! with open(sys.argv[1], newline="") as f:
//!     for r in csv.DictReader(f):
//!         rows += 1
//!         kept = latest.get(r["number"])  # the greatest sys_updated_at; among equals, the last read
//!         if kept is None or ts(r["sys_updated_at"]) >= ts(kept["sys_updated_at"]):
//!             latest[r["number"]] = r
//! months = {}
//! for r in latest.values():
//!     resolved = ts(r["resolved_at"])
//!     if resolved and date(2016, 3, 1) <= resolved.date() <= date(2017, 2, 28):
//!         months.setdefault(resolved.strftime("%Y-%m"), []).append(r)
//! print("rows", rows, "incidents", len(latest), "collapsed", rows - len(latest),
//!       "without period", len(latest) - sum(map(len, months.values())))
//! def pct(rows, ok): return (len(rows), div(100 * sum(map(ok, rows)), len(rows)) if rows else None)
//! def status(v, vol, least, better, target, minimum):
//!     return ("not_measured" if v is None or vol < least else "met" if better(v, target)
//!             else "missed" if better(v, minimum) else "failed")
//! ge, le = (lambda v, t: v >= t), (lambda v, t: v <= t)
//! for m in sorted(months):
//!     rs = months[m]
//!     bm = lambda r: business_minutes(ts(r["opened_at"]), ts(r["resolved_at"]))
//!     p1 = pct([r for r in rs if r["priority"] == "1 - Critical"], lambda r: bm(r) <= 8 * 60)
//!     p2 = pct([r for r in rs if r["priority"] == "2 - High"], lambda r: bm(r) <= 30 * 60)
//!     made = pct(rs, lambda r: r["made_sla"] == "true")
//!     reopen = pct(rs, lambda r: int(r["reopen_count"]) > 0)
//!     secs = sum(int((utc(ts(r["resolved_at"])) - utc(ts(r["opened_at"]))).total_seconds()) for r in rs)
//!     mean = div(secs, len(rs))
//!     st = [status(p1[1], p1[0], 10, ge, 80, 60), status(p2[1], p2[0], 10, ge, 80, 60),
//!           status(made[1], len(rs), 20, ge, 90, 70), status(mean, len(rs), 20, le, 4 * 86400, 5 * 86400),
//!           status(reopen[1], len(rs), 20, le, 1, 1)]
//!     credit = sum(c for s, c in zip(st[:4], [3000, 3000, 2000, 2000]) if s == "failed")
//!     credit += 0 if st[4] == "not_measured" else 1000 if reopen[1] > 3 else 500 if reopen[1] > 1 else 0
//!     print(m, "n", len(rs), "p1", p1[0], show(p1[1]), "p2", p2[0], show(p2[1]), "made_sla", show(made[1]),
//!           "reopen", show(reopen[1]), "mean_s", show(mean), " ".join(st), "credits", min(credit, 10000))
//! ```
//!
//! `python3 figures.py incident_event_log.csv` printed:
//!
//! ```text
//! rows 141712 incidents 24918 collapsed 116794 without period 1592
//! 2016-03 n 6878 p1 62 27.4193548387096774 p2 126 64.2857142857142857 made_sla 42.5268973538819424 reopen 1.2503634777551614 mean_s 364988.6798487932538529 failed missed failed missed failed credits 5500
//! 2016-04 n 7794 p1 89 37.0786516853932584 p2 109 77.981651376146789 made_sla 72.7354375160379779 reopen 1.0905824993584809 mean_s 364602.7097767513471901 failed missed missed missed failed credits 3500
//! 2016-05 n 7150 p1 83 30.1204819277108434 p2 146 62.3287671232876712 made_sla 77.1888111888111888 reopen 0.8671328671328671 mean_s 341159.2111888111888112 failed missed missed met met credits 3000
//! 2016-06 n 875 p1 18 0 p2 20 15 made_sla 13.7142857142857143 reopen 2.8571428571428571 mean_s 2693702.88 failed failed failed failed failed credits 10000
//! 2016-07 n 140 p1 4 0 p2 1 0 made_sla 6.4285714285714286 reopen 3.5714285714285714 mean_s 6655545.4285714285714286 not_measured not_measured failed failed failed credits 5000
//! 2016-08 n 75 p1 3 0 p2 1 0 made_sla 12 reopen 2.6666666666666667 mean_s 8963932.8 not_measured not_measured failed failed failed credits 4500
//! 2016-09 n 50 p1 0 none p2 0 none made_sla 14 reopen 2 mean_s 10382835.6 not_measured not_measured failed failed failed credits 4500
//! 2016-10 n 79 p1 2 0 p2 0 none made_sla 8.8607594936708861 reopen 3.7974683544303797 mean_s 12787508.3544303797468354 not_measured not_measured failed failed failed credits 5000
//! 2016-11 n 62 p1 2 0 p2 0 none made_sla 27.4193548387096774 reopen 3.2258064516129032 mean_s 11294118.3870967741935484 not_measured not_measured failed failed failed credits 5000
//! 2016-12 n 54 p1 1 100 p2 0 none made_sla 40.7407407407407407 reopen 1.8518518518518519 mean_s 10493810 not_measured not_measured failed failed failed credits 4500
//! 2017-01 n 82 p1 4 25 p2 2 100 made_sla 60.975609756097561 reopen 0 mean_s 2529554.6341463414634146 not_measured not_measured failed failed met credits 4000
//! 2017-02 n 87 p1 1 100 p2 2 0 made_sla 50.5747126436781609 reopen 2.2988505747126437 mean_s 2618396.5517241379310345 not_measured not_measured failed failed failed credits 4500
//! ```

use std::path::Path;
use std::process::Command;
use std::time::Instant;
use xla::check::{check_file, RealFs};
use xla::eval::{evaluate, Period};
use xla::settle::settle;
use xla::value::Decimal;

const ZIP: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/data/servicenow-uci/incident_event_log.csv.zip");

/// One month as the script printed it: period, incidents resolved, P1 (n,
/// value), P2 (n, value), made_sla share, reopen rate, mean resolution time
/// in seconds, statuses (p1, p2, made_sla, mean_fix, reopen), credits.
type Month = (
    &'static str,
    u64,
    (u64, Option<&'static str>),
    (u64, Option<&'static str>),
    &'static str,
    &'static str,
    &'static str,
    [&'static str; 5],
    &'static str,
);

const FIGURES: [Month; 12] = [
    (
        "2016-03",
        6878,
        (62, Some("27.4193548387096774")),
        (126, Some("64.2857142857142857")),
        "42.5268973538819424",
        "1.2503634777551614",
        "364988.6798487932538529",
        ["failed", "missed", "failed", "missed", "failed"],
        "5500",
    ),
    (
        "2016-04",
        7794,
        (89, Some("37.0786516853932584")),
        (109, Some("77.981651376146789")),
        "72.7354375160379779",
        "1.0905824993584809",
        "364602.7097767513471901",
        ["failed", "missed", "missed", "missed", "failed"],
        "3500",
    ),
    (
        "2016-05",
        7150,
        (83, Some("30.1204819277108434")),
        (146, Some("62.3287671232876712")),
        "77.1888111888111888",
        "0.8671328671328671",
        "341159.2111888111888112",
        ["failed", "missed", "missed", "met", "met"],
        "3000",
    ),
    (
        "2016-06",
        875,
        (18, Some("0")),
        (20, Some("15")),
        "13.7142857142857143",
        "2.8571428571428571",
        "2693702.88",
        ["failed", "failed", "failed", "failed", "failed"],
        "10000",
    ),
    (
        "2016-07",
        140,
        (4, Some("0")),
        (1, Some("0")),
        "6.4285714285714286",
        "3.5714285714285714",
        "6655545.4285714285714286",
        ["not_measured", "not_measured", "failed", "failed", "failed"],
        "5000",
    ),
    (
        "2016-08",
        75,
        (3, Some("0")),
        (1, Some("0")),
        "12",
        "2.6666666666666667",
        "8963932.8",
        ["not_measured", "not_measured", "failed", "failed", "failed"],
        "4500",
    ),
    (
        "2016-09",
        50,
        (0, None),
        (0, None),
        "14",
        "2",
        "10382835.6",
        ["not_measured", "not_measured", "failed", "failed", "failed"],
        "4500",
    ),
    (
        "2016-10",
        79,
        (2, Some("0")),
        (0, None),
        "8.8607594936708861",
        "3.7974683544303797",
        "12787508.3544303797468354",
        ["not_measured", "not_measured", "failed", "failed", "failed"],
        "5000",
    ),
    (
        "2016-11",
        62,
        (2, Some("0")),
        (0, None),
        "27.4193548387096774",
        "3.2258064516129032",
        "11294118.3870967741935484",
        ["not_measured", "not_measured", "failed", "failed", "failed"],
        "5000",
    ),
    (
        "2016-12",
        54,
        (1, Some("100")),
        (0, None),
        "40.7407407407407407",
        "1.8518518518518519",
        "10493810",
        ["not_measured", "not_measured", "failed", "failed", "failed"],
        "4500",
    ),
    (
        "2017-01",
        82,
        (4, Some("25")),
        (2, Some("100")),
        "60.975609756097561",
        "0",
        "2529554.6341463414634146",
        ["not_measured", "not_measured", "failed", "failed", "met"],
        "4000",
    ),
    (
        "2017-02",
        87,
        (1, Some("100")),
        (2, Some("0")),
        "50.5747126436781609",
        "2.2988505747126437",
        "2618396.5517241379310345",
        ["not_measured", "not_measured", "failed", "failed", "failed"],
        "4500",
    ),
];

fn d(s: &str) -> Decimal {
    s.parse().unwrap()
}

/// Unzips the log into a temporary directory, or says why it cannot.
fn unzip() -> Result<tempfile::TempDir, String> {
    if !Path::new(ZIP).exists() {
        return Err(format!("{ZIP} is absent"));
    }
    let dir = tempfile::tempdir().map_err(|e| format!("no temporary directory: {e}"))?;
    let status = Command::new("python3")
        .args(["-m", "zipfile", "-e", ZIP])
        .arg(dir.path())
        .status()
        .map_err(|e| format!("cannot run python3 to unzip: {e}"))?;
    assert!(status.success(), "python3 -m zipfile -e {ZIP} failed: {status}");
    Ok(dir)
}

#[test]
fn servicenow_year_matches_the_independent_figures() {
    let dir = match unzip() {
        Ok(dir) => dir,
        Err(why) => {
            eprintln!("skipping the ServiceNow test: {why}");
            return;
        }
    };
    let contract = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/servicenow-uci/contract.xla");
    let checked = check_file(&contract, &RealFs).expect("contract.xla is readable");
    assert!(!checked.has_errors(), "{:#?}", checked.diagnostics);
    let program = checked.program.expect("a program");
    let through: Period = "2017-02".parse().unwrap();

    let started = Instant::now();
    let eval = evaluate(&program, dir.path(), through, &mut |_: &str, _: u64| {}).expect("the log loads");
    let settlement = settle(&eval).expect("the ServiceNow contract settles");
    let elapsed = started.elapsed();
    eprintln!(
        "settled 2016-03..2017-02 from the ServiceNow log in {:.2} s ({} build)",
        elapsed.as_secs_f64(),
        if cfg!(debug_assertions) { "debug" } else { "release" }
    );

    // rows 141712 incidents 24918 collapsed 116794 without period 1592
    assert_eq!(eval.rejected_total, 0, "{:#?}", eval.rejections);
    let files = &eval.inputs[0].files;
    assert_eq!(files.len(), 1);
    assert_eq!(files[0].rows_read, 141_712);
    assert_eq!(files[0].rows_rejected, 0);
    assert_eq!(files[0].rows_collapsed, 116_794);
    assert_eq!(files[0].rows_without_period, 1592);

    let metric = |name: &str| program.metric(name).expect("a metric").0;
    let (p1_fix, p2_fix, sla_share, reopen_rate, mean_fix) =
        (metric("p1_fix"), metric("p2_fix"), metric("sla_share"), metric("reopen_rate"), metric("mean_fix"));
    assert_eq!(settlement.months.len(), 12);
    for (month, want) in settlement.months.iter().zip(FIGURES) {
        let (period, n, (p1_n, p1), (p2_n, p2), made, reopen, mean, statuses, credits) = want;
        assert_eq!(month.period.to_string(), period);
        let value = |id: usize| month.metrics[id].value.decimal();
        let volume = |id: usize| month.metrics[id].volume;
        assert_eq!(volume(sla_share), Some(n), "{period} incidents resolved");
        assert_eq!((volume(p1_fix), value(p1_fix)), (Some(p1_n), p1.map(d)), "{period} p1_fix");
        assert_eq!((volume(p2_fix), value(p2_fix)), (Some(p2_n), p2.map(d)), "{period} p2_fix");
        assert_eq!(value(sla_share), Some(d(made)), "{period} sla_share");
        assert_eq!(value(reopen_rate), Some(d(reopen)), "{period} reopen_rate");
        assert_eq!(value(mean_fix), Some(d(mean)), "{period} mean_fix (s)");
        let got: Vec<&str> = month.clauses.iter().map(|c| c.status.as_str()).collect();
        assert_eq!(got, statuses, "{period} statuses (p1, p2, made_sla, mean_fix, reopen)");
        assert_eq!(month.totals.credits, d(credits), "{period} credits");
    }
}
