//! `examples/fixed-threshold`: a run of Happiness misses that escalates to
//! level 3, its credits earned back, three watermelon months.

use super::{assert_year, rows, Month};

/// The design table of `examples/fixed-threshold/README.md`. Fee 180,000.00
/// EUR, at risk 10% (18,000.00): P1 failed = 35% = 6,300.00; lost time
/// failed = 20% = 3,600.00; Happiness bands 1% = 1,800.00 (below 70), 2% =
/// 3,600.00 (below 60). Lost time in seconds (42 min = 2520). Due dates
/// count service-desk days (Dutch holidays and 31 Dec closed).
const YEAR: &[Month] = &[
    Month {
        period: "2026-01",
        clauses: &[
            "p1        100  95  met  0.00 0.00",
            "p2        95   90  met  0.00 0.00",
            "reopen    4    5   met  0.00 0.00",
            "happiness 76   70  met  0.00 0.00",
            "lost_time 2520 3600 met 0.00 0.00",
        ],
        escalations: &[],
        earnbacks: &[],
        gains: &[],
        watermelon: false,
        chronic_failure: &[],
        net: "180000.00",
    },
    Month {
        period: "2026-02",
        clauses: &[
            "p1        80   95  failed 6300.00 0.00", // 8 of 10 < minimum 90%
            "p2        90   90  met  0.00 0.00",      // 18 of 20: exactly the target
            "reopen    3    5   met  0.00 0.00",
            "happiness 74   70  met  0.00 0.00",
            "lost_time 2700 3600 met 0.00 0.00",
        ],
        // `when failed escalate level 2`: 10 desk days after 28 Feb.
        escalations: &["p1 2 2026-03-13 failed"],
        earnbacks: &[],
        gains: &[],
        watermelon: false,
        chronic_failure: &[],
        net: "173700.00",
    },
    Month {
        period: "2026-03",
        clauses: &[
            "p1        100  95  met  0.00 0.00",
            "p2        95   90  met  0.00 0.00",
            "reopen    5    5   met  0.00 0.00", // 5 of 100: exactly the target
            "happiness 72   70  met  0.00 0.00",
            "lost_time 2400 3600 met 0.00 0.00",
        ],
        escalations: &[],
        earnbacks: &[],
        gains: &[],
        watermelon: false,
        chronic_failure: &[],
        net: "180000.00",
    },
    Month {
        period: "2026-04",
        clauses: &[
            "p1        100  95  met  0.00 0.00",
            "p2        100  90  met  0.00 0.00",
            "reopen    4    5   met  0.00 0.00",
            "happiness 66   70  failed 1800.00 0.00", // below 70: 1%
            "lost_time 3120 3600 met 0.00 0.00",
        ],
        escalations: &[],
        earnbacks: &[],
        gains: &[],
        watermelon: true,
        chronic_failure: &[],
        net: "178200.00",
    },
    Month {
        period: "2026-05",
        clauses: &[
            "p1        100  95  met  0.00 0.00",
            "p2        95   90  met  0.00 0.00",
            "reopen    3    5   met  0.00 0.00",
            "happiness 58   70  failed 3600.00 0.00",  // below 60: 2%
            "lost_time 3960 3600 failed 3600.00 0.00", // 66 min > 1 h
        ],
        escalations: &["happiness 2 2026-06-12 missed 2 consecutive months"],
        earnbacks: &[],
        gains: &[],
        watermelon: true,
        chronic_failure: &[],
        net: "172800.00",
    },
    Month {
        period: "2026-06",
        clauses: &[
            "p1        100  95  met  0.00 0.00",
            "p2        95   90  met  0.00 0.00",
            "reopen    4    5   met  0.00 0.00",
            "happiness 65   70  failed 1800.00 0.00",
            "lost_time 3780 3600 failed 3600.00 0.00", // 63 min
        ],
        escalations: &[
            "happiness 3 2026-07-28 missed 3 consecutive months",
            "lost_time 1 2026-07-07 missed 2 consecutive months",
        ],
        earnbacks: &[],
        gains: &[],
        watermelon: true,
        chronic_failure: &[],
        net: "174600.00",
    },
    Month {
        period: "2026-07",
        clauses: &[
            "p1        100  95  met  0.00 0.00",
            "p2        90   90  met  0.00 0.00",
            "reopen    4    5   met  0.00 0.00",
            "happiness 75   70  met  0.00 0.00",
            "lost_time 2880 3600 met 0.00 0.00",
        ],
        escalations: &[],
        earnbacks: &[],
        gains: &[],
        watermelon: false,
        chronic_failure: &[],
        net: "180000.00",
    },
    Month {
        period: "2026-08",
        clauses: &[
            "p1        100  95  met  0.00 0.00",
            "p2        85   90  missed 0.00 0.00", // 17 of 20: at the minimum, no credit
            "reopen    3    5   met  0.00 0.00",
            "happiness 78   70  met  0.00 0.00",
            "lost_time 2640 3600 met 0.00 0.00",
        ],
        escalations: &[],
        earnbacks: &[],
        gains: &[],
        watermelon: false,
        chronic_failure: &[],
        net: "180000.00",
    },
    Month {
        period: "2026-09",
        clauses: &[
            "p1        100  95  met  0.00 0.00",
            "p2        95   90  met  0.00 0.00",
            "reopen    4    5   met  0.00 0.00",
            "happiness 80   70  met  0.00 0.00",
            "lost_time 2400 3600 met 0.00 0.00",
        ],
        escalations: &[],
        // July, August, September met: April's to June's credits come back.
        earnbacks: &["happiness 2026-04 1800.00", "happiness 2026-05 3600.00", "happiness 2026-06 1800.00"],
        gains: &[],
        watermelon: false,
        chronic_failure: &[],
        net: "187200.00",
    },
    Month {
        period: "2026-10",
        clauses: &[
            "p1        90   95  missed 0.00 0.00", // 9 of 10
            "p2        95   90  met  0.00 0.00",
            "reopen    5    5   met  0.00 0.00",
            "happiness 77   70  met  0.00 0.00",
            "lost_time 2280 3600 met 0.00 0.00",
        ],
        escalations: &["p1 1 2026-11-06 missed"],
        earnbacks: &[],
        gains: &[],
        watermelon: false,
        chronic_failure: &[],
        net: "180000.00",
    },
    Month {
        period: "2026-11",
        clauses: &[
            "p1        100  95  met  0.00 0.00",
            "p2        90   90  met  0.00 0.00",
            "reopen    6    5   missed 0.00 0.00", // 6 of 100, minimum 8%
            "happiness 72   70  met  0.00 0.00",
            "lost_time 2460 3600 met 0.00 0.00",
        ],
        escalations: &[],
        earnbacks: &[],
        gains: &[],
        watermelon: false,
        chronic_failure: &[],
        net: "180000.00",
    },
    Month {
        period: "2026-12",
        clauses: &[
            "p1        100  95  not_measured 0.00 0.00", // 4 Critical < min_volume 5
            "p2        95   90  met  0.00 0.00",
            "reopen    4    5   met  0.00 0.00",
            "happiness 70   70  met  0.00 0.00", // exactly the threshold
            "lost_time 3600 3600 met 0.00 0.00", // exactly 1 h
        ],
        escalations: &[],
        earnbacks: &[],
        gains: &[],
        watermelon: false,
        chronic_failure: &[],
        net: "180000.00",
    },
];

#[test]
fn fixed_threshold_year_follows_the_design_table() {
    let settled = assert_year("fixed-threshold", YEAR);
    // 100 resolved incidents a month, plus versions of incidents still open
    // at a month's end (collapsed by `unique by id latest by updated`).
    let (read, rejected) = rows(&settled, "incidents");
    assert_eq!(rejected, 0);
    assert!(read > 1200, "{read} incident rows: every month's 100 plus the open versions");
    // 1,140 answers in the year (nine months of 100, three of 80) and one
    // line cut off in transfer (rejected).
    assert_eq!(rows(&settled, "surveys"), (1141, 1));
}
