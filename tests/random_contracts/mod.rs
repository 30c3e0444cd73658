//! Randomly generated contracts and data for the SQL engine differential
//! (`tests/sql_engines.rs`): each seed gives a contract over one ticket
//! dataset — a random time zone for the contract and for the data, `period
//! by` opened or resolved, `unique by … latest by` or not, three to five
//! metrics drawn from every kind of aggregate and row function the engines
//! compute, each priced by an SLA with a random target — and 40 to 120 rows
//! with bad cells, blanks, duplicate keys, offsets or local times (some in
//! DST gaps) and instants either side of the term. The rows are what a
//! broken export looks like; `reject up to 100%` keeps every case settled.

use std::fmt::Write as _;
use std::path::Path;

/// A small deterministic generator (xorshift64*), so that a failing seed
/// can be run again.
pub struct Rng(u64);

impl Rng {
    /// The generator of `seed`.
    pub fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A number in `0..n`.
    pub fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    /// One of `items`.
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }

    /// True with probability `percent` / 100.
    pub fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
}

const ZONES: &[&str] =
    &["Europe/London", "Europe/Berlin", "America/New_York", "UTC", "Asia/Kolkata", "Australia/Sydney"];

/// A metric template, its unit's targets.
struct Template {
    expr: &'static str,
    targets: &'static [&'static str],
}

const TEMPLATES: &[Template] = &[
    Template {
        expr: "percent(tickets where priority == \"P1\" meeting business_time(opened, resolved, business) <= 4h)",
        targets: &[">= 90%", ">= 50%", "<= 75%"],
    },
    Template { expr: "percent(tickets meeting reopens == 0)", targets: &[">= 80%", ">= 60%"] },
    Template { expr: "count(tickets where reopens > 0)", targets: &["<= 5", "<= 2"] },
    Template { expr: "mean(score of tickets)", targets: &[">= 3", ">= 2.5"] },
    Template { expr: "median(resolved - opened of tickets)", targets: &["<= 24h", "<= 8h"] },
    Template {
        expr: "percentile(90, resolved - opened of tickets where priority in [\"P1\", \"P2\"])",
        targets: &["<= 48h", "<= 30h"],
    },
    Template { expr: "max(reopens of tickets)", targets: &["<= 2", "<= 3"] },
    Template { expr: "distinct(priority of tickets where hour(opened) >= 12)", targets: &["<= 2", ">= 3"] },
    Template { expr: "sum(business_time(opened, resolved, business) of tickets)", targets: &["<= 100h", "<= 40h"] },
    Template { expr: "min(score of tickets where weekday(opened) <= 5)", targets: &[">= 1", ">= 2"] },
    Template {
        expr: "count(tickets where date(opened) == 2026-03-29 or contains(lower(id), \"7\"))",
        targets: &["<= 3"],
    },
    Template { expr: "sum(score of tickets where priority != \"P3\")", targets: &[">= 20", ">= 60"] },
];

/// Writes the contract and data of `seed` into `dir` (`contract.xla`,
/// `data/tickets.csv`).
pub fn write(seed: u64, dir: &Path) {
    let mut rng = Rng::new(seed);
    let contract_zone = rng.pick(ZONES);
    let data_zone = rng.pick(ZONES);
    let period_by = if rng.chance(50) { "opened" } else { "resolved" };
    let unique = rng.chance(40);
    let mut text = format!(
        "contract \"Random {seed}\" {{\n  client      \"C\"\n  provider    \"P\"\n  start       2026-01-01\n  \
         end         2026-12-31\n  timezone    \"{contract_zone}\"\n  currency    EUR\n  \
         monthly_fee 100000.00 EUR\n  at_risk     10%\n}}\n\n\
         calendar business {{\n  hours mon-fri 08:00-18:00\n}}\n\n\
         dataset tickets from csv \"tickets.csv\" {{\n  \
         id       text       = \"id\"\n  \
         priority text in [\"P1\", \"P2\", \"P3\"] = \"priority\"\n  \
         opened   timestamp  = \"opened\"\n  \
         resolved timestamp? = \"resolved\"\n  \
         score    number?    = \"score\"\n  \
         reopens  count      = \"reopens\"\n  \
         period by {period_by}\n  timezone \"{data_zone}\"\n  reject up to 100%\n  multiline\n"
    );
    if unique {
        text.push_str("  unique by id latest by opened\n");
    }
    text.push_str("}\n");
    let metrics = 3 + rng.below(3) as usize;
    let mut chosen: Vec<usize> = Vec::new();
    while chosen.len() < metrics {
        let t = rng.below(TEMPLATES.len() as u64) as usize;
        if !chosen.contains(&t) {
            chosen.push(t);
        }
    }
    for (i, &t) in chosen.iter().enumerate() {
        let template = &TEMPLATES[t];
        let _ = write!(
            text,
            "\nmetric m{i} = {}\n\nsla s{i} \"Clause {i}\" {{\n  metric     m{i}\n  target     {}\n  allocation {}%\n}}\n",
            template.expr,
            rng.pick(template.targets),
            5 + 5 * i
        );
    }
    std::fs::create_dir_all(dir.join("data")).expect("a case directory");
    std::fs::write(dir.join("contract.xla"), text).expect("the contract written");
    std::fs::write(dir.join("data/tickets.csv"), rows(&mut rng, unique)).expect("the data written");
}

/// The ticket rows: mostly good, some of every kind of bad.
fn rows(rng: &mut Rng, unique: bool) -> String {
    let mut out = String::from("id,priority,opened,resolved,score,reopens\n");
    let n = 40 + rng.below(81);
    // 2025-12-20 to 2027-01-10: some rows outside the term.
    let (first, span) = (1_766_188_800_i64, 387 * 86_400_i64);
    let mut used_opened = std::collections::HashSet::new();
    for row in 0..n {
        let id = if unique && row > 0 && rng.chance(25) { rng.below(row) } else { row };
        let mut opened = first + rng.below(span as u64) as i64;
        // A key's versions are ordered by `opened`: no two alike.
        while !used_opened.insert(opened) {
            opened += 1;
        }
        // Near the March and October changes sometimes, for DST gaps and folds.
        if rng.chance(10) {
            let change = *rng.pick(&[1_774_746_000_i64, 1_792_890_000, 1_772_953_200, 1_793_512_800]);
            opened = change - 3 * 3600 + rng.below(6 * 3600) as i64;
            while !used_opened.insert(opened) {
                opened += 1;
            }
        }
        let priority = if rng.chance(4) { "P9" } else { *rng.pick(&["P1", "P2", "P3"]) };
        let resolved = if rng.chance(20) { None } else { Some(opened + rng.below(5 * 86_400) as i64) };
        let score = if rng.chance(5) {
            "n/a".to_string()
        } else if rng.chance(15) {
            String::new()
        } else {
            rng.pick(&["1", "2.5", "3", "4.75", "5", "3.125"]).to_string()
        };
        let reopens = if rng.chance(4) { rng.pick(&["-1", "1.5"]).to_string() } else { rng.below(4).to_string() };
        let _ = writeln!(
            out,
            "INC{id:04},{priority},{},{},{score},{reopens}",
            time(rng, opened),
            resolved.map(|r| time(rng, r)).unwrap_or_default()
        );
    }
    out
}

/// An instant written as a UTC time with `Z`, with an offset, or as a bare
/// date-time (a local time in the dataset's zone), or now and then as
/// something that is no time at all.
fn time(rng: &mut Rng, instant: i64) -> String {
    let utc = chrono::DateTime::from_timestamp(instant, 0).expect("in range").naive_utc();
    match rng.below(20) {
        0 => "2026-02-30T10:00:00".to_string(),
        1..=6 => utc.format("%Y-%m-%dT%H:%M:%SZ").to_string(),
        7..=9 => (utc + chrono::Duration::hours(2)).format("%Y-%m-%dT%H:%M:%S+02:00").to_string(),
        _ => utc.format("%Y-%m-%dT%H:%M:%S").to_string(),
    }
}
