//! `examples/measurement-obligation`: the provider's duty to measure —
//! survey coverage, on-time reports, an available platform — carries
//! credits; a month with too few answers cannot measure the experience
//! level and costs the coverage credit; the experience level counts from
//! January 2027.

use super::{assert_year, rows, Month};

/// The design table of `examples/measurement-obligation/README.md`. Fee
/// 2,400,000.00 SEK, at risk 10% (240,000.00): coverage and platform failed
/// = 30% = 72,000.00, reporting failed = 20% = 48,000.00; Happiness below
/// 60 = 1% of the fee = 24,000.00, below 50 = 2% = 48,000.00. Coverage =
/// answers / tickets (320 a month, 400 in June). Due dates count Swedish
/// business days.
const YEAR: &[Month] = &[
    Month {
        period: "2026-07",
        clauses: &[
            "coverage  31.25   25   met 0.00 0.00",
            "reporting -       100  not_measured 0.00 0.00",
            "platform  99.75   99.5 met 0.00 0.00",
            "happiness 58      60   not_started 0.00 0.00",
        ],
        escalations: &[],
        earnbacks: &[],
        gains: &[],
        watermelon: false,
        chronic_failure: &[],
        net: "2400000.00",
    },
    Month {
        period: "2026-08",
        clauses: &[
            "coverage  20      25   missed 0.00 0.00",
            "reporting 100     100  met 0.00 0.00",
            "platform  100     99.5 met 0.00 0.00",
            "happiness 62.5    60   not_started 0.00 0.00",
        ],
        escalations: &[],
        earnbacks: &[],
        gains: &[],
        watermelon: false,
        chronic_failure: &[],
        net: "2400000.00",
    },
    Month {
        period: "2026-09",
        clauses: &[
            "coverage  31.25   25   met 0.00 0.00",
            "reporting 75      100  missed 0.00 0.00",
            "platform  99.75   99.5 met 0.00 0.00",
            "happiness 62      60   not_started 0.00 0.00",
        ],
        escalations: &[],
        earnbacks: &[],
        gains: &[],
        watermelon: false,
        chronic_failure: &[],
        net: "2400000.00",
    },
    Month {
        period: "2026-10",
        clauses: &[
            "coverage  31.25   25   met 0.00 0.00",
            "reporting 75      100  missed 0.00 0.00",
            "platform  99.5    99.5 met 0.00 0.00",
            "happiness 60      60   not_started 0.00 0.00",
        ],
        escalations: &["reporting 1 2026-11-06 missed 2 consecutive months"],
        earnbacks: &[],
        gains: &[],
        watermelon: false,
        chronic_failure: &[],
        net: "2400000.00",
    },
    Month {
        period: "2026-11",
        clauses: &[
            "coverage  39.0625 25   met 0.00 0.00",
            "reporting 100     100  met 0.00 0.00",
            "platform  98.75   99.5 failed 72000.00 0.00",
            "happiness 64      60   not_started 0.00 0.00",
        ],
        escalations: &["platform 1 2026-12-07 failed"],
        earnbacks: &[],
        gains: &[],
        watermelon: false,
        chronic_failure: &[],
        net: "2328000.00",
    },
    Month {
        period: "2026-12",
        clauses: &[
            "coverage  31.25   25   met 0.00 0.00",
            "reporting 100     100  met 0.00 0.00",
            "platform  99.75   99.5 met 0.00 0.00",
            "happiness 66      60   not_started 0.00 0.00",
        ],
        escalations: &[],
        earnbacks: &[],
        gains: &[],
        watermelon: false,
        chronic_failure: &[],
        net: "2400000.00",
    },
    Month {
        period: "2027-01",
        clauses: &[
            "coverage  39.0625 25   met 0.00 0.00",
            "reporting 100     100  met 0.00 0.00",
            "platform  99.25   99.5 missed 0.00 0.00",
            "happiness 64      60   met 0.00 0.00",
        ],
        escalations: &[],
        earnbacks: &[],
        gains: &[],
        watermelon: false,
        chronic_failure: &[],
        net: "2400000.00",
    },
    Month {
        period: "2027-02",
        clauses: &[
            "coverage  18.75   25   failed 72000.00 0.00",
            "reporting 100     100  met 0.00 0.00",
            "platform  100     99.5 met 0.00 0.00",
            "happiness 50      60   not_measured 0.00 0.00",
        ],
        escalations: &["coverage 1 2027-03-05 failed"],
        earnbacks: &[],
        gains: &[],
        watermelon: false,
        chronic_failure: &[],
        net: "2328000.00",
    },
    Month {
        period: "2027-03",
        clauses: &[
            "coverage  39.0625 25   met 0.00 0.00",
            "reporting 50      100  failed 48000.00 0.00",
            "platform  99.75   99.5 met 0.00 0.00",
            "happiness 56      60   failed 24000.00 0.00",
        ],
        escalations: &[],
        earnbacks: &[],
        gains: &[],
        watermelon: false,
        chronic_failure: &[],
        net: "2328000.00",
    },
    Month {
        period: "2027-04",
        clauses: &[
            "coverage  39.0625 25   met 0.00 0.00",
            "reporting 100     100  met 0.00 0.00",
            "platform  99.75   99.5 met 0.00 0.00",
            "happiness 48      60   failed 48000.00 0.00",
        ],
        escalations: &[],
        earnbacks: &[],
        gains: &[],
        watermelon: true,
        chronic_failure: &[],
        net: "2352000.00",
    },
    Month {
        period: "2027-05",
        clauses: &[
            "coverage  39.0625 25   met 0.00 0.00",
            "reporting 100     100  met 0.00 0.00",
            "platform  100     99.5 met 0.00 0.00",
            "happiness 52      60   failed 24000.00 0.00",
        ],
        escalations: &["happiness 2 2027-06-14 missed 3 consecutive months"],
        earnbacks: &[],
        gains: &[],
        watermelon: true,
        chronic_failure: &[],
        net: "2376000.00",
    },
    Month {
        period: "2027-06",
        clauses: &[
            "coverage  40      25   met 0.00 0.00",
            "reporting 100     100  met 0.00 0.00",
            "platform  99.5    99.5 met 0.00 0.00",
            "happiness 65      60   met 0.00 0.00",
        ],
        escalations: &[],
        earnbacks: &[],
        gains: &[],
        watermelon: false,
        chronic_failure: &[],
        net: "2400000.00",
    },
];

#[test]
fn measurement_obligation_year_follows_the_design_table() {
    let settled = assert_year("measurement-obligation", YEAR);
    // Eleven months of 320 tickets and June's 400.
    assert_eq!(rows(&settled, "tickets"), (3920, 0));
    // 1,309 answers: 100 + 64 + 100 + 100 + 125 + 100 + 125 + 60 + 125 × 3 + 160.
    assert_eq!(rows(&settled, "responses"), (1309, 0));
    // Four reports due a month from August: 44 rows.
    assert_eq!(rows(&settled, "deliveries"), (44, 0));
}
