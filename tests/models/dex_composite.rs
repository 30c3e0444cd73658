//! `examples/dex-composite`: a composite DEX score (60% sentiment, 40%
//! device health) whose parts move apart, with credits below the target
//! and bonuses above it.

use super::{assert_year, metric, rows, Month};

/// The design table of `examples/dex-composite/README.md`. Fee 320,000.00
/// EUR, at risk 8% (25,600.00), gain cap 1.5% (4,800.00): DEX below 75 = 1%
/// = 3,200.00, below 70 = 2.5% = 8,000.00; above 80 = 0.5% = 1,600.00,
/// above 85 = 1% = 3,200.00; Nexthink failed = 20% = 5,120.00; a reach SLA
/// missed = 25% = 6,400.00. DEX = 0.6 × sentiment + 0.4 × healthy %. Due
/// dates count Frankfurt office days.
const YEAR: &[Month] = &[
    Month {
        period: "2026-04",
        clauses: &[
            "dex             77   75   met 0.00 0.00",
            "nexthink        72   70   met 0.00 0.00",
            "boot            80   90   met 0.00 0.00",
            "pulse_reach     460  400  met 0.00 0.00",
            "telemetry_reach 4600 4500 met 0.00 0.00",
        ],
        escalations: &[],
        earnbacks: &[],
        gains: &[],
        watermelon: false,
        chronic_failure: &[],
        net: "320000.00",
    },
    Month {
        period: "2026-05",
        clauses: &[
            "dex             80   75   met 0.00 0.00",
            "nexthink        72   70   met 0.00 0.00",
            "boot            80   90   met 0.00 0.00",
            "pulse_reach     460  400  met 0.00 0.00",
            "telemetry_reach 4600 4500 met 0.00 0.00",
        ],
        escalations: &[],
        earnbacks: &[],
        gains: &[],
        watermelon: false,
        chronic_failure: &[],
        net: "320000.00",
    },
    Month {
        period: "2026-06",
        clauses: &[
            "dex             78   75   met 0.00 0.00",
            "nexthink        76   70   met 0.00 0.00",
            "boot            70   90   met 0.00 0.00",
            "pulse_reach     460  400  met 0.00 0.00",
            "telemetry_reach 4600 4500 met 0.00 0.00",
        ],
        escalations: &[],
        earnbacks: &[],
        gains: &[],
        watermelon: false,
        chronic_failure: &[],
        net: "320000.00",
    },
    Month {
        period: "2026-07",
        clauses: &[
            "dex             81   75   met 0.00 1600.00",
            "nexthink        68   70   missed 0.00 0.00",
            "boot            85   90   met 0.00 0.00",
            "pulse_reach     460  400  met 0.00 0.00",
            "telemetry_reach 4600 4500 met 0.00 0.00",
        ],
        escalations: &[],
        earnbacks: &[],
        gains: &[],
        watermelon: true,
        chronic_failure: &[],
        net: "321600.00",
    },
    Month {
        period: "2026-08",
        clauses: &[
            "dex             67   75   failed 8000.00 0.00",
            "nexthink        64   70   failed 5120.00 0.00",
            "boot            110  90   missed 0.00 0.00",
            "pulse_reach     420  400  met 0.00 0.00",
            "telemetry_reach 4480 4500 failed 6400.00 0.00",
        ],
        escalations: &["dex 1 2026-09-07 missed", "nexthink 1 2026-09-07 failed"],
        earnbacks: &[],
        gains: &[],
        watermelon: false,
        chronic_failure: &[],
        net: "300480.00",
    },
    Month {
        period: "2026-09",
        clauses: &[
            "dex             72   75   missed 3200.00 0.00",
            "nexthink        70   70   met 0.00 0.00",
            "boot            90   90   met 0.00 0.00",
            "pulse_reach     460  400  met 0.00 0.00",
            "telemetry_reach 4600 4500 met 0.00 0.00",
        ],
        escalations: &["dex 1 2026-10-07 missed"],
        earnbacks: &[],
        gains: &[],
        watermelon: true,
        chronic_failure: &[],
        net: "316800.00",
    },
    Month {
        period: "2026-10",
        clauses: &[
            "dex             82   75   met 0.00 1600.00",
            "nexthink        74   70   met 0.00 0.00",
            "boot            75   90   met 0.00 0.00",
            "pulse_reach     460  400  met 0.00 0.00",
            "telemetry_reach 4600 4500 met 0.00 0.00",
        ],
        escalations: &[],
        earnbacks: &[],
        gains: &[],
        watermelon: false,
        chronic_failure: &[],
        net: "321600.00",
    },
    Month {
        period: "2026-11",
        clauses: &[
            "dex             87   75   met 0.00 3200.00",
            "nexthink        76   70   met 0.00 0.00",
            "boot            70   90   met 0.00 0.00",
            "pulse_reach     460  400  met 0.00 0.00",
            "telemetry_reach 4600 4500 met 0.00 0.00",
        ],
        escalations: &[],
        earnbacks: &[],
        gains: &[],
        watermelon: false,
        chronic_failure: &[],
        net: "323200.00",
    },
    Month {
        period: "2026-12",
        clauses: &[
            "dex             86   75   met 0.00 3200.00",
            "nexthink        73   70   met 0.00 0.00",
            "boot            80   90   met 0.00 0.00",
            "pulse_reach     380  400  failed 6400.00 0.00",
            "telemetry_reach 4600 4500 met 0.00 0.00",
        ],
        escalations: &[],
        earnbacks: &[],
        gains: &[],
        watermelon: false,
        chronic_failure: &[],
        net: "316800.00",
    },
    Month {
        period: "2027-01",
        clauses: &[
            "dex             83   75   met 0.00 1600.00",
            "nexthink        78   70   met 0.00 0.00",
            "boot            65   90   met 0.00 0.00",
            "pulse_reach     460  400  met 0.00 0.00",
            "telemetry_reach 4600 4500 met 0.00 0.00",
        ],
        escalations: &[],
        earnbacks: &[],
        gains: &[],
        watermelon: false,
        chronic_failure: &[],
        net: "321600.00",
    },
    Month {
        period: "2027-02",
        clauses: &[
            "dex             82   75   met 0.00 1600.00",
            "nexthink        75   70   met 0.00 0.00",
            "boot            75   90   met 0.00 0.00",
            "pulse_reach     460  400  met 0.00 0.00",
            "telemetry_reach 4600 4500 met 0.00 0.00",
        ],
        escalations: &[],
        earnbacks: &[],
        gains: &[],
        watermelon: false,
        chronic_failure: &[],
        net: "321600.00",
    },
    Month {
        period: "2027-03",
        clauses: &[
            "dex             85   75   met 0.00 1600.00",
            "nexthink        76   70   met 0.00 0.00",
            "boot            75   90   met 0.00 0.00",
            "pulse_reach     460  400  met 0.00 0.00",
            "telemetry_reach 4600 4500 met 0.00 0.00",
        ],
        escalations: &[],
        earnbacks: &[],
        gains: &[],
        watermelon: false,
        chronic_failure: &[],
        net: "321600.00",
    },
];

/// Sentiment and device health, month by month: the two parts of the
/// composite (the table's first columns).
const PARTS: [(&str, &str, &str); 12] = [
    ("2026-04", "75", "80"),
    ("2026-05", "80", "80"),
    ("2026-06", "70", "90"), // devices better, people less happy: DEX 80 → 78
    ("2026-07", "85", "75"), // the reverse: DEX 78 → 81 and a bonus
    ("2026-08", "65", "70"),
    ("2026-09", "70", "75"),
    ("2026-10", "80", "85"),
    ("2026-11", "85", "90"),
    ("2026-12", "90", "80"), // devices worse, people happier: DEX 87 → 86
    ("2027-01", "75", "95"), // sentiment down 15, devices at their best: still a bonus
    ("2027-02", "80", "85"),
    ("2027-03", "85", "85"),
];

#[test]
fn dex_composite_year_follows_the_design_table() {
    let settled = assert_year("dex-composite", YEAR);
    for (period, sentiment, health) in PARTS {
        assert_eq!(metric(&settled, period, "sentiment"), sentiment, "{period} sentiment");
        assert_eq!(metric(&settled, period, "device_health"), health, "{period} device health");
    }
    // Each month's pulse file holds its completed answers, 6 partial
    // responses and 2 previews: 5,400 completed (10 × 460, 420 in August,
    // 380 in December) and 96 that the filter leaves out.
    assert_eq!(rows(&settled, "pulse"), (5496, 0));
    let (device_days, rejected) = rows(&settled, "telemetry");
    assert_eq!(rejected, 0);
    assert!(device_days > 1_000_000, "{device_days} device-days: 4,600 laptops × about 250 working days");
}
