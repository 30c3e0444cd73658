//! `examples/continuous-improvement`: a baseline window, two six-monthly
//! target resets (the second held by the ratchet), earnbacks and a shared
//! productivity gain.

use super::{assert_year, rows, Month};

/// The design table of `examples/continuous-improvement/README.md`. Fee
/// 140,000.00 GBP, at risk 12% (16,800.00): an allocation of 30% is
/// 5,040.00, of 20% 3,360.00; Happiness below target 1% = 1,400.00, below
/// target − 5 2.5% = 3,500.00, above target + 5 0.75% = 1,050.00. Lost time
/// in seconds. Targets: baseline (Jan–Mar) means 60, 50 min, 80% → 62,
/// 45 min, 82% (Apr–Sep); Apr–Sep means 70, 42 min, 85% → 72, 37 min, 87%
/// (Oct–Mar); Oct–Mar means 68, 36 min, 88.75% → 70 (the ratchet keeps
/// 72), 31 min, 90.75% (from Apr 2027). Gain: (50 min − lost) × 120 issues
/// × 52.00 GBP/h × 40% = (50 − lost in minutes) × 41.60 GBP, listed without
/// an amount in the baseline months. Due dates
/// count business days (office closed 24 and 29–31 Dec).
const YEAR: &[Month] = &[
    Month {
        period: "2026-01",
        clauses: &[
            "highest   100   95    met 0.00 0.00",
            "happiness 58    -     baselining 0.00 0.00",
            "lost_time 3120  -     baselining 0.00 0.00",
            "csat      77.5  -     baselining 0.00 0.00",
        ],
        escalations: &[],
        earnbacks: &[],
        gains: &["productivity -"],
        watermelon: false,
        chronic_failure: &[],
        net: "140000.00",
    },
    Month {
        period: "2026-02",
        clauses: &[
            "highest   100   95    met 0.00 0.00",
            "happiness 60    -     baselining 0.00 0.00",
            "lost_time 3000  -     baselining 0.00 0.00",
            "csat      80    -     baselining 0.00 0.00",
        ],
        escalations: &[],
        earnbacks: &[],
        gains: &["productivity -"],
        watermelon: false,
        chronic_failure: &[],
        net: "140000.00",
    },
    Month {
        period: "2026-03",
        clauses: &[
            "highest   100   95    met 0.00 0.00",
            "happiness 62    -     baselining 0.00 0.00",
            "lost_time 2880  -     baselining 0.00 0.00",
            "csat      82.5  -     baselining 0.00 0.00",
        ],
        escalations: &[],
        earnbacks: &[],
        gains: &["productivity -"],
        watermelon: false,
        chronic_failure: &[],
        net: "140000.00",
    },
    Month {
        period: "2026-04",
        clauses: &[
            "highest   100   95    met 0.00 0.00",
            "happiness 66    62    met 0.00 0.00",
            "lost_time 2640  2700  met 0.00 0.00",
            "csat      82.5  82    met 0.00 0.00",
        ],
        escalations: &[],
        earnbacks: &[],
        gains: &["productivity 249.60"],
        watermelon: false,
        chronic_failure: &[],
        net: "140249.60",
    },
    Month {
        period: "2026-05",
        clauses: &[
            "highest   100   95    met 0.00 0.00",
            "happiness 72    62    met 0.00 1050.00",
            "lost_time 2520  2700  met 0.00 0.00",
            "csat      85    82    met 0.00 0.00",
        ],
        escalations: &[],
        earnbacks: &[],
        gains: &["productivity 332.80"],
        watermelon: false,
        chronic_failure: &[],
        net: "141382.80",
    },
    Month {
        period: "2026-06",
        clauses: &[
            "highest   100   95    met 0.00 0.00",
            "happiness 60    62    failed 1400.00 0.00",
            "lost_time 2820  2700  failed 5040.00 0.00",
            "csat      80    82    failed 3360.00 0.00",
        ],
        escalations: &[],
        earnbacks: &[],
        gains: &["productivity 124.80"],
        watermelon: true,
        chronic_failure: &[],
        net: "130324.80",
    },
    Month {
        period: "2026-07",
        clauses: &[
            "highest   80    95    failed 5040.00 0.00",
            "happiness 68    62    met 0.00 1050.00",
            "lost_time 2580  2700  met 0.00 0.00",
            "csat      85    82    met 0.00 0.00",
        ],
        escalations: &["highest 1 2026-08-07 missed"],
        earnbacks: &[],
        gains: &["productivity 291.20"],
        watermelon: false,
        chronic_failure: &[],
        net: "136301.20",
    },
    Month {
        period: "2026-08",
        clauses: &[
            "highest   100   95    met 0.00 0.00",
            "happiness 74    62    met 0.00 1050.00",
            "lost_time 2400  2700  met 0.00 0.00",
            "csat      87.5  82    met 0.00 0.00",
        ],
        escalations: &[],
        earnbacks: &[],
        gains: &["productivity 416.00"],
        watermelon: false,
        chronic_failure: &[],
        net: "141466.00",
    },
    Month {
        period: "2026-09",
        clauses: &[
            "highest   100   95    met 0.00 0.00",
            "happiness 80    62    met 0.00 1050.00",
            "lost_time 2160  2700  met 0.00 0.00",
            "csat      90    82    met 0.00 0.00",
        ],
        escalations: &[],
        earnbacks: &["happiness 2026-06 1400.00", "lost_time 2026-06 5040.00", "csat 2026-06 3360.00"],
        gains: &["productivity 582.40"],
        watermelon: false,
        chronic_failure: &[],
        net: "151432.40",
    },
    Month {
        period: "2026-10",
        clauses: &[
            "highest   100   95    met 0.00 0.00",
            "happiness 76    72    met 0.00 0.00",
            "lost_time 2160  2220  met 0.00 0.00",
            "csat      87.5  87    met 0.00 0.00",
        ],
        escalations: &[],
        earnbacks: &["highest 2026-07 5040.00"],
        gains: &["productivity 582.40"],
        watermelon: false,
        chronic_failure: &[],
        net: "145622.40",
    },
    Month {
        period: "2026-11",
        clauses: &[
            "highest   100   95    met 0.00 0.00",
            "happiness 72    72    met 0.00 0.00",
            "lost_time 2280  2220  failed 5040.00 0.00",
            "csat      90    87    met 0.00 0.00",
        ],
        escalations: &[],
        earnbacks: &[],
        gains: &["productivity 499.20"],
        watermelon: true,
        chronic_failure: &[],
        net: "135459.20",
    },
    Month {
        period: "2026-12",
        clauses: &[
            "highest   100   95    met 0.00 0.00",
            "happiness 62    72    failed 3500.00 0.00",
            "lost_time 2100  2220  met 0.00 0.00",
            "csat      85    87    failed 3360.00 0.00",
        ],
        escalations: &[],
        earnbacks: &[],
        gains: &["productivity 624.00"],
        watermelon: true,
        chronic_failure: &[],
        net: "133764.00",
    },
    Month {
        period: "2027-01",
        clauses: &[
            "highest   90    95    missed 0.00 0.00",
            "happiness 62    72    failed 3500.00 0.00",
            "lost_time 2040  2220  met 0.00 0.00",
            "csat      90    87    met 0.00 0.00",
        ],
        escalations: &["highest 1 2027-02-05 missed", "happiness 2 2027-02-12 missed 2 consecutive months"],
        earnbacks: &[],
        gains: &["productivity 665.60"],
        watermelon: false,
        chronic_failure: &[],
        net: "137165.60",
    },
    Month {
        period: "2027-02",
        clauses: &[
            "highest   100   95    met 0.00 0.00",
            "happiness 64    72    failed 3500.00 0.00",
            "lost_time 2160  2220  met 0.00 0.00",
            "csat      90    87    met 0.00 0.00",
        ],
        escalations: &["happiness 2 2027-03-12 missed 2 consecutive months"],
        earnbacks: &["lost_time 2026-11 5040.00"],
        gains: &["productivity 582.40"],
        watermelon: true,
        chronic_failure: &[],
        net: "142122.40",
    },
    Month {
        period: "2027-03",
        clauses: &[
            "highest   100   95    met 0.00 0.00",
            "happiness 72    72    met 0.00 0.00",
            "lost_time 2220  2220  met 0.00 0.00",
            "csat      90    87    met 0.00 0.00",
        ],
        escalations: &[],
        earnbacks: &["csat 2026-12 3360.00"],
        gains: &["productivity 540.80"],
        watermelon: false,
        chronic_failure: &[],
        net: "143900.80",
    },
    Month {
        period: "2027-04",
        clauses: &[
            "highest   100   95    met 0.00 0.00",
            "happiness 70    72    failed 1400.00 0.00",
            "lost_time 1800  1860  met 0.00 0.00",
            "csat      92.5  90.75 met 0.00 0.00",
        ],
        escalations: &["happiness 3 2027-05-24 missed 4 of 6 months"],
        earnbacks: &[],
        gains: &["productivity 832.00"],
        watermelon: true,
        chronic_failure: &[],
        net: "139432.00",
    },
];

#[test]
fn continuous_improvement_year_follows_the_design_table() {
    let settled = assert_year("continuous-improvement", YEAR);
    // 120 issues and 50 answers a month for 16 months, none rejected.
    assert_eq!(rows(&settled, "issues"), (1920, 0));
    assert_eq!(rows(&settled, "surveys"), (800, 0));
}
