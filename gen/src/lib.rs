//! Deterministic synthetic exports for the `examples/acme` contract (and the
//! benchmark's `bench/contract.xla`, which adds endpoint telemetry).
//!
//! [`generate`] writes, under one directory:
//!
//! - `tickets/incidents-YYYY-MM.csv` — a ServiceNow incident list export per
//!   month opened: `number`, `short_description`, `priority` (P1–P4),
//!   `state`, `contact_type`, `assignment_group`, `opened_at`,
//!   `resolved_at` (`dd/mm/yyyy hh:mm`, London wall-clock time; empty while
//!   unresolved), `reopen_count`, `sys_updated_on`.
//! - `surveys.jsonl` — HappySignals-style answers: `ticket_id`, `happiness`
//!   (−100..100), `lost_minutes` (a number, `null`, or absent),
//!   `answered_at` (RFC 3339, `Z` or a `+01:00` offset), `channel`, `lang`.
//! - `outages.csv` — monitoring outages: `service`, `start`, `end` (RFC 3339),
//!   `planned`, `impact`.
//! - `telemetry/device-day-YYYY-MM.csv` — Nexthink device-days:
//!   `date`, `device.name`, `device.entity`,
//!   `device.operating_system.platform`, `dex_score`, `boot_duration`,
//!   `number_of_crashes`.
//!
//! The same [`Config`] gives the same bytes. Every distribution is drawn
//! from [`rng::Rng`] with plain arithmetic, no floating-point library calls.

pub mod clock;
pub mod rng;
pub mod xlsx;

use chrono::{Datelike, NaiveDate, Weekday};
use clock::{digits, iso_date, rfc3339, servicenow, tenths, Days, Instant};
use rng::{cumulative, Quota, Rng};
use std::fs::{self, File};
use std::io::{self, BufWriter, Write};
use std::path::Path;

/// What to generate.
#[derive(Clone, Debug)]
pub struct Config {
    /// The seed; the same seed gives the same bytes.
    pub seed: u64,
    /// The first month (its first day).
    pub from: NaiveDate,
    /// How many months.
    pub months: u32,
    /// Ticket rows (`tickets/*.csv`).
    pub tickets: u64,
    /// Survey rows (`surveys.jsonl`); at most `tickets`.
    pub surveys: u64,
    /// Telemetry rows (`telemetry/*.csv`).
    pub telemetry: u64,
    /// Outage rows (`outages.csv`).
    pub outages: u64,
    /// Share of ticket rows written malformed, rounded down to a whole
    /// number of rows (the acme contract allows none).
    pub malformed_tickets: f64,
    /// Share of survey rows written malformed (the acme contract allows 0.5%).
    pub malformed_surveys: f64,
    /// Share of telemetry rows written malformed.
    pub malformed_telemetry: f64,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            seed: 1,
            from: NaiveDate::from_ymd_opt(2026, 1, 1).unwrap_or_default(),
            months: 12,
            tickets: 10_000,
            surveys: 2_000,
            telemetry: 4_000,
            outages: 240,
            malformed_tickets: 0.0,
            malformed_surveys: 0.003,
            malformed_telemetry: 0.0,
        }
    }
}

/// Rows written, per dataset.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Summary {
    /// Ticket rows, and how many of them are malformed.
    pub tickets: (u64, u64),
    /// Survey rows, and how many are malformed.
    pub surveys: (u64, u64),
    /// Telemetry rows, and how many are malformed.
    pub telemetry: (u64, u64),
    /// Outage rows.
    pub outages: u64,
}

/// Writes the exports under `out` (created if needed). Tickets with surveys
/// and telemetry with outages are written on two threads.
pub fn generate(config: &Config, out: &Path) -> io::Result<Summary> {
    if config.surveys > config.tickets {
        return Err(io::Error::new(io::ErrorKind::InvalidInput, "there cannot be more surveys than tickets"));
    }
    fs::create_dir_all(out.join("tickets"))?;
    fs::create_dir_all(out.join("telemetry"))?;
    let months = months(config);
    let last = months.last().map_or(config.from, |m| m.1);
    let days = Days::new(config.from, (last - config.from).num_days() as usize + 120);
    let (tickets, other) = std::thread::scope(|s| {
        let tickets = s.spawn(|| tickets(config, &months, &days, out));
        let other = (|| {
            let telemetry = telemetry(config, &months, out)?;
            let outages = outages(config, &months, &days, out)?;
            Ok::<_, io::Error>((telemetry, outages))
        })();
        (tickets.join().unwrap_or_else(|_| Err(io::Error::other("ticket writer panicked"))), other)
    });
    let (tickets, surveys) = tickets?;
    let (telemetry, outages) = other?;
    Ok(Summary { tickets, surveys, telemetry, outages })
}

/// The months: (first day, first day of the next).
fn months(config: &Config) -> Vec<(NaiveDate, NaiveDate)> {
    let mut out = Vec::new();
    let mut first = config.from.with_day(1).unwrap_or(config.from);
    for _ in 0..config.months {
        let next = first.checked_add_months(chrono::Months::new(1)).unwrap_or(first);
        out.push((first, next));
        first = next;
    }
    out
}

/// `total` split over `parts` as evenly as possible, the remainder first.
fn share(total: u64, parts: usize, i: usize) -> u64 {
    let parts = parts.max(1) as u64;
    total / parts + u64::from((i as u64) < total % parts)
}

fn create(path: &Path) -> io::Result<BufWriter<File>> {
    Ok(BufWriter::with_capacity(1 << 20, File::create(path)?))
}

/// `YYYY-MM` of a month.
fn month_name(first: NaiveDate) -> String {
    format!("{:04}-{:02}", first.year(), first.month())
}

/// Arrivals by hour of day: mostly office hours, a morning peak.
const HOUR_WEIGHTS: [u32; 24] = [2, 1, 1, 1, 1, 2, 4, 10, 40, 60, 55, 50, 35, 45, 50, 45, 35, 25, 10, 6, 5, 4, 3, 2];
const PRIORITIES: [&str; 4] = ["P1", "P2", "P3", "P4"];
const PRIORITY_WEIGHTS: [u32; 4] = [2, 8, 50, 40];
/// Median minutes to resolve, by priority.
const RESOLUTION_MINUTES: [f64; 4] = [100.0, 480.0, 1800.0, 4300.0];
const CHANNELS: [&str; 5] = ["Phone", "Email", "Self-service", "Chat", "Walk-in"];
const CHANNEL_WEIGHTS: [u32; 5] = [35, 25, 30, 8, 2];
const GROUPS: [&str; 5] = ["Service Desk L1", "Service Desk L2", "End User Computing", "Network", "Messaging"];
const DESCRIPTIONS: [&str; 8] = [
    "Password reset",
    "\"Outlook crashes, cannot send mail\"",
    "VPN disconnects every few minutes",
    "\"Error \"\"0x80070005\"\" when installing Teams\"",
    "Printer on 3rd floor offline",
    "New starter laptop request",
    "\"Slow laptop, fan noise\"",
    "SAP GUI login fails",
];
const REOPEN_WEIGHTS: [u32; 5] = [920, 60, 14, 4, 2];

/// Writes the ticket files and, for a random exact selection of tickets,
/// their survey answers.
fn tickets(
    config: &Config,
    months: &[(NaiveDate, NaiveDate)],
    days: &Days,
    out: &Path,
) -> io::Result<((u64, u64), (u64, u64))> {
    let mut rng = Rng::new(config.seed, 1);
    let mut srng = Rng::new(config.seed, 2);
    let hours = cumulative(&HOUR_WEIGHTS);
    let priorities = cumulative(&PRIORITY_WEIGHTS);
    let channels = cumulative(&CHANNEL_WEIGHTS);
    let reopens = cumulative(&REOPEN_WEIGHTS);
    let mut surveys = create(&out.join("surveys.jsonl"))?;
    let mut bad_tickets = Quota::share(config.tickets, config.malformed_tickets);
    let mut bad_answers = Quota::share(config.surveys, config.malformed_surveys);
    let mut survey_picks = Quota::new(config.tickets, config.surveys);
    let (mut written, mut bad, mut answered, mut bad_surveys) = (0u64, 0u64, 0u64, 0u64);
    let mut line = Vec::with_capacity(512);
    for (mi, &(first, next)) in months.iter().enumerate() {
        let mut file = create(&out.join(format!("tickets/incidents-{}.csv", month_name(first))))?;
        file.write_all(b"number,short_description,priority,state,contact_type,assignment_group,opened_at,resolved_at,reopen_count,sys_updated_on\n")?;
        // Weekdays get four times the tickets of weekends and holidays.
        let day_weights: Vec<u32> = first
            .iter_days()
            .take_while(|d| *d < next)
            .map(|d| if matches!(d.weekday(), Weekday::Sat | Weekday::Sun) { 1 } else { 4 })
            .collect();
        let day_table = cumulative(&day_weights);
        for _ in 0..share(config.tickets, months.len(), mi) {
            written += 1;
            let day = first + chrono::Duration::days(rng.pick(&day_table) as i64);
            let hour = rng.pick(&hours) as u32;
            let minute = rng.below(60) as u32;
            let opened_local = day.and_hms_opt(hour, minute, 0).unwrap_or_default();
            let opened = days.instant(opened_local);
            let p = rng.pick(&priorities);
            let resolved: Option<Instant> = if rng.chance(0.03) {
                None
            } else {
                let minutes = RESOLUTION_MINUTES[p] * rng.long_tail(0.12, 40.0);
                Some(opened + 60 * (minutes as i64).max(1))
            };
            let reopen = if resolved.is_some() { rng.pick(&reopens) } else { 0 };
            line.clear();
            line.extend_from_slice(b"INC");
            digits(&mut line, written, 7);
            line.push(b',');
            line.extend_from_slice(DESCRIPTIONS[rng.below(DESCRIPTIONS.len() as u64) as usize].as_bytes());
            line.push(b',');
            line.extend_from_slice(PRIORITIES[p].as_bytes());
            line.push(b',');
            line.extend_from_slice(if resolved.is_some() { b"Resolved" } else { b"In Progress" });
            line.push(b',');
            line.extend_from_slice(CHANNELS[rng.pick(&channels)].as_bytes());
            line.push(b',');
            line.extend_from_slice(GROUPS[rng.below(GROUPS.len() as u64) as usize].as_bytes());
            line.push(b',');
            servicenow(&mut line, days.local(opened));
            line.push(b',');
            if let Some(r) = resolved {
                servicenow(&mut line, days.local(r));
            }
            line.push(b',');
            digits(&mut line, reopen as u64, 1);
            line.push(b',');
            servicenow(&mut line, days.local(resolved.unwrap_or(opened)));
            line.push(b'\n');
            if bad_tickets.take(&mut rng) {
                bad += 1;
                malform_ticket(&mut line, &mut rng);
            }
            file.write_all(&line)?;

            // Exactly `surveys` of the tickets get an answer.
            if survey_picks.take(&mut srng) {
                answered += 1;
                let base = resolved.unwrap_or(opened + 2 * 86_400);
                let answered_at = base + 60 + srng.below(3 * 86_400) as i64;
                let bad = bad_answers.take(&mut srng);
                bad_surveys += u64::from(bad);
                survey(&mut surveys, &mut srng, bad, written, answered_at, days)?;
            }
        }
        file.flush()?;
    }
    surveys.flush()?;
    Ok(((written, bad), (answered, bad_surveys)))
}

/// Breaks a ticket line in one of the ways real exports break.
fn malform_ticket(line: &mut Vec<u8>, rng: &mut Rng) {
    let text = String::from_utf8_lossy(line).into_owned();
    let broken = match rng.below(4) {
        // a priority outside the closed set
        0 => PRIORITIES
            .iter()
            .fold(text.clone(), |t, p| t.replacen(&format!(",{p},"), &format!(",{},", p.to_lowercase()), 1)),
        // the letter O for a zero in opened_at
        1 => text.replacen("/20", "/2O", 1),
        // the last two fields missing
        2 => text.rsplitn(3, ',').last().unwrap_or("").to_string() + "\n",
        _ => {
            // reopen_count not a number
            let mut fields: Vec<&str> = text.trim_end().rsplitn(3, ',').collect();
            fields[1] = "n/a";
            fields.reverse();
            fields.join(",") + "\n"
        }
    };
    line.clear();
    line.extend_from_slice(broken.as_bytes());
}

/// Writes one survey answer, malformed if `bad`.
fn survey(
    out: &mut impl Write,
    rng: &mut Rng,
    bad: bool,
    ticket: u64,
    answered_at: Instant,
    days: &Days,
) -> io::Result<()> {
    let mut line = Vec::with_capacity(200);
    line.extend_from_slice(b"{\"ticket_id\":\"INC");
    digits(&mut line, ticket, 7);
    line.extend_from_slice(b"\",\"happiness\":");
    // Mostly happy with a long unhappy tail, on a −100..100 scale.
    let score = 100 - (rng.below(101) * rng.below(101) / 40).min(200) as i64;
    let score = if rng.chance(0.08) { -score.abs() } else { score };
    if score < 0 {
        line.push(b'-');
    }
    digits(&mut line, score.unsigned_abs(), 1);
    let lost = rng.unit();
    if lost < 0.55 {
        line.extend_from_slice(b",\"lost_minutes\":");
        let minutes = 20.0 * rng.long_tail(0.2, 100.0);
        if rng.chance(0.1) {
            tenths(&mut line, (minutes * 2.0) as u64 * 5);
        } else {
            digits(&mut line, minutes as u64, 1);
        }
    } else if lost < 0.85 {
        line.extend_from_slice(b",\"lost_minutes\":null");
    }
    line.extend_from_slice(b",\"answered_at\":\"");
    let offset = if rng.chance(0.5) { days.offset(answered_at) } else { 0 };
    rfc3339(&mut line, answered_at, offset);
    line.extend_from_slice(if rng.chance(0.7) { b"\",\"channel\":\"email\"" } else { b"\",\"channel\":\"portal\"" });
    line.extend_from_slice(b",\"lang\":\"en\"}\n");
    if bad {
        let text = String::from_utf8_lossy(&line).into_owned();
        let broken = match rng.below(3) {
            0 => text[..text.len() / 2].to_string() + "\n", // cut off mid-line
            1 => text.replacen("\"happiness\":", "\"happiness\":\"n/a\",\"x\":", 1),
            _ => text.replacen("\"answered_at\":\"", "\"answered_at\":\"yesterday ", 1),
        };
        line = broken.into_bytes();
    }
    out.write_all(&line)
}

const ENTITIES: [&str; 6] = ["London", "Manchester", "Leeds", "Glasgow", "Bristol", "Remote"];

/// Writes device-days: each day a share of the rows, one per device.
fn telemetry(config: &Config, months: &[(NaiveDate, NaiveDate)], out: &Path) -> io::Result<(u64, u64)> {
    let mut rng = Rng::new(config.seed, 3);
    let all_days: u64 = months.iter().map(|(a, b)| (*b - *a).num_days() as u64).sum();
    let fleet = config.telemetry.div_ceil(all_days.max(1)).max(1);
    let (mut written, mut bad) = (0u64, 0u64);
    let mut bad_rows = Quota::share(config.telemetry, config.malformed_telemetry);
    let mut line = Vec::with_capacity(256);
    let mut day_index = 0usize;
    for &(first, next) in months {
        let mut file = create(&out.join(format!("telemetry/device-day-{}.csv", month_name(first))))?;
        file.write_all(b"date,device.name,device.entity,device.operating_system.platform,dex_score,boot_duration,number_of_crashes\n")?;
        for day in first.iter_days().take_while(|d| *d < next) {
            for device in 0..share(config.telemetry, all_days as usize, day_index) {
                written += 1;
                line.clear();
                iso_date(&mut line, day);
                line.extend_from_slice(if device % 10 < 7 { b",NWT-LT-" } else { b",NWT-DT-" });
                digits(&mut line, device % fleet, 5);
                line.push(b',');
                line.extend_from_slice(ENTITIES[(device % 6) as usize].as_bytes());
                line.extend_from_slice(match device % 100 {
                    0..=84 => b",Windows,",
                    85..=96 => b",macOS,",
                    _ => b",Linux,",
                });
                if !rng.chance(0.03) {
                    let score = (400.0 + 600.0 * (rng.unit() + rng.unit()) / 2.0) as u64;
                    tenths(&mut line, score.min(1000));
                }
                line.push(b',');
                if !rng.chance(0.3) {
                    tenths(&mut line, (400.0 * rng.long_tail(0.15, 30.0)) as u64 + 50);
                }
                line.push(b',');
                let crashes = match rng.below(100) {
                    0..=79 => 0,
                    80..=91 => 1,
                    92..=96 => 2,
                    _ => 3 + rng.below(7),
                };
                digits(&mut line, crashes, 1);
                line.push(b'\n');
                if bad_rows.take(&mut rng) {
                    bad += 1;
                    let text = String::from_utf8_lossy(&line).into_owned();
                    let broken = match rng.below(2) {
                        // a negative count
                        0 => text[..text.trim_end().rfind(',').unwrap_or(0)].to_string() + ",-1\n",
                        // a date with slashes
                        _ => text.replacen('-', "/", 1),
                    };
                    line.clear();
                    line.extend_from_slice(broken.as_bytes());
                }
                file.write_all(&line)?;
            }
            day_index += 1;
        }
        file.flush()?;
    }
    Ok((written, bad))
}

const SERVICES: [&str; 5] = ["email", "vpn", "teams", "sharepoint", "erp"];

/// Writes outages spread over the months: minutes to hours, some planned.
fn outages(config: &Config, months: &[(NaiveDate, NaiveDate)], days: &Days, out: &Path) -> io::Result<u64> {
    let mut rng = Rng::new(config.seed, 4);
    let mut file = create(&out.join("outages.csv"))?;
    file.write_all(b"service,start,end,planned,impact\n")?;
    let mut line = Vec::with_capacity(128);
    let start = days.instant(months[0].0.and_hms_opt(0, 0, 0).unwrap_or_default());
    let end = days.instant(months.last().map_or(months[0].1, |m| m.1).and_hms_opt(0, 0, 0).unwrap_or_default());
    for _ in 0..config.outages {
        let from = start + 60 * rng.below(((end - start) / 60) as u64) as i64;
        let minutes = (30.0 * rng.long_tail(0.2, 200.0)) as i64 + 1;
        line.clear();
        line.extend_from_slice(SERVICES[rng.pick(&[30, 50, 70, 85, 100])].as_bytes());
        line.push(b',');
        rfc3339(&mut line, from, 0);
        line.push(b',');
        rfc3339(&mut line, from + 60 * minutes, 0);
        line.extend_from_slice(if rng.chance(0.3) { b",true," } else { b",false," });
        line.extend_from_slice(if minutes > 120 { b"major\n" } else { b"minor\n" });
        file.write_all(&line)?;
    }
    file.flush()?;
    Ok(config.outages)
}
