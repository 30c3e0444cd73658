//! Per-month accumulators of the aggregates of §6.

use super::arith::typed;
use super::distinct::Distinct;
use crate::data::FxHasher;
use crate::ir::{AggFunc, Aggregate};
use crate::value::{div_round, Decimal, Value};
use rust_decimal::prelude::ToPrimitive;
use std::collections::{HashMap, HashSet};
use std::hash::BuildHasherDefault;

/// Distinct values as keys, hashed with [`FxHasher`]: those of a
/// [`Distinct`] that are not texts, and those a SQL engine's state lists.
pub type DistinctSet = HashSet<Key, BuildHasherDefault<FxHasher>>;

/// The values of a `median` or `percentile`, each with the number of times
/// it occurred. Keys are values, so `30` and `30.0` are one entry. Memory
/// grows with the number of distinct values, not of rows: durations in
/// seconds or tenths, scores and counts repeat a lot.
pub type ValueCounts = HashMap<ValueKey, u64, BuildHasherDefault<FxHasher>>;

/// A decimal as a key of [`ValueCounts`]: normalised (no trailing zeros, no
/// negative zero), so that equal values have equal bits, and hashed and
/// compared as those bits. A `Decimal` key normalised itself again in every
/// hash and compared scales in every probe: a fifth of the telemetry's
/// time with a `median` and a `percentile` (`bench/changes.md`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ValueKey(u64, u64);

impl ValueKey {
    /// The key of `value`.
    pub fn of(value: Decimal) -> Self {
        let bytes = value.normalize().serialize();
        let (low, high) = bytes.split_at(8);
        let word = |half: &[u8]| <[u8; 8]>::try_from(half).map_or(0, u64::from_le_bytes);
        ValueKey(word(low), word(high))
    }

    /// The value of the key.
    pub fn value(self) -> Decimal {
        let mut bytes = [0; 16];
        bytes[..8].copy_from_slice(&self.0.to_le_bytes());
        bytes[8..].copy_from_slice(&self.1.to_le_bytes());
        Decimal::deserialize(bytes)
    }
}

/// An aggregate's value in one month, with its population (the rows that
/// passed `where` and, for `E of D`, whose E is not none).
#[derive(Clone, Debug, PartialEq)]
pub struct AggValue {
    /// The value; none for an empty population where §6 says so.
    pub value: Value,
    /// The rows it was computed from.
    pub population: u64,
    /// Whether computing it left the decimal range (a sum, or arithmetic on
    /// a row): `value` is then unusable, and a metric over it is an error
    /// (§8.2 v2).
    pub out_of_range: bool,
}

impl AggValue {
    /// A value computed from `population` rows.
    fn of(value: Value, population: u64) -> Self {
        AggValue { value, population, out_of_range: false }
    }
}

/// A distinct value, hashable.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Key {
    /// Text.
    Text(smol_str::SmolStr),
    /// A numeric value, normalised so that 1.0 and 1 are one value.
    Decimal(Decimal),
    /// A date.
    Date(chrono::NaiveDate),
    /// An instant.
    Timestamp(chrono::DateTime<chrono::Utc>),
    /// A bool.
    Bool(bool),
}

impl Key {
    /// `v` as a key; none for none.
    pub(super) fn of(v: &Value) -> Option<Key> {
        Some(match v {
            Value::Text(t) => Key::Text(t.clone()),
            Value::Date(d) => Key::Date(*d),
            Value::Timestamp(t) => Key::Timestamp(*t),
            Value::Bool(b) => Key::Bool(*b),
            other => Key::Decimal(other.decimal()?.normalize()),
        })
    }
}

/// The running state of one aggregate in one month.
#[derive(Clone, Debug)]
pub enum Accumulator {
    /// `count`.
    Count(u64),
    /// `percent`: rows that passed `where`, and of those, rows meeting.
    Percent {
        /// Rows that passed `where`.
        population: u64,
        /// Rows that also met the condition.
        meeting: u64,
    },
    /// `sum` and `mean`: total and number of values.
    Total {
        /// The running total.
        total: Decimal,
        /// Values added.
        n: u64,
    },
    /// `median` and `percentile`: every value with its number of
    /// occurrences, sorted at the end.
    Values(ValueCounts),
    /// `min` and `max`.
    Extreme {
        /// The best value so far.
        best: Option<Decimal>,
        /// Values seen.
        n: u64,
    },
    /// `distinct`.
    Distinct(Distinct),
    /// A figure of the month left the decimal range (§8.2 v2): whatever
    /// else is added or merged, the aggregate has no value.
    OutOfRange,
}

impl Accumulator {
    /// An empty accumulator for `func`.
    pub fn new(func: AggFunc) -> Self {
        match func {
            AggFunc::Count => Accumulator::Count(0),
            AggFunc::Percent => Accumulator::Percent { population: 0, meeting: 0 },
            AggFunc::Sum | AggFunc::Mean => Accumulator::Total { total: Decimal::ZERO, n: 0 },
            AggFunc::Median | AggFunc::Percentile => Accumulator::Values(ValueCounts::default()),
            AggFunc::Min | AggFunc::Max => Accumulator::Extreme { best: None, n: 0 },
            AggFunc::Distinct => Accumulator::Distinct(Distinct::default()),
        }
    }

    /// Adds one row that passed `where`. `value` is E (ignored by count and
    /// percent); `meets` is the `meeting` condition's result (percent only).
    pub fn add(&mut self, func: AggFunc, value: &Value, meets: bool) {
        match self {
            Accumulator::Count(n) => *n += 1,
            Accumulator::Percent { population, meeting } => {
                *population += 1;
                *meeting += u64::from(meets);
            }
            Accumulator::Total { total, n } => {
                if let Some(d) = value.decimal() {
                    match total.checked_add(d) {
                        Some(t) => {
                            *total = t;
                            *n += 1;
                        }
                        None => *self = Accumulator::OutOfRange,
                    }
                }
            }
            Accumulator::Values(values) => {
                if let Some(d) = value.decimal() {
                    *values.entry(ValueKey::of(d)).or_insert(0) += 1;
                }
            }
            Accumulator::Extreme { best, n } => {
                if let Some(d) = value.decimal() {
                    *n += 1;
                    *best = Some(match (*best, func) {
                        (Some(b), AggFunc::Min) => b.min(d),
                        (Some(b), _) => b.max(d),
                        (None, _) => d,
                    });
                }
            }
            Accumulator::Distinct(set) => set.add(value),
            Accumulator::OutOfRange => {}
        }
    }

    /// How many values the state holds one by one: the distinct values of
    /// a `median`, `percentile` or `distinct`; none for the others.
    pub fn values_held(&self) -> usize {
        match self {
            Accumulator::Values(values) => values.len(),
            Accumulator::Distinct(set) => set.len(),
            _ => 0,
        }
    }

    /// Adds `later`, an accumulator of the same function over rows read
    /// after this one's. Merging consecutive runs of rows in order gives the
    /// state one pass over all of them gives: counts add, values are sorted
    /// at the end anyway, `min` keeps the earlier of equal values and `max`
    /// the later, as [`Accumulator::add`] does; a sum is the same unless it
    /// overflows (28 digits) part-way. The states of rolling windows and
    /// measurement periods over instant datasets are month states merged
    /// this way, in month order (`super::window`).
    pub fn merge(&mut self, func: AggFunc, later: Accumulator) {
        if matches!(later, Accumulator::OutOfRange) {
            *self = Accumulator::OutOfRange;
            return;
        }
        match (&mut *self, later) {
            (Accumulator::Count(n), Accumulator::Count(m)) => *n += m,
            (Accumulator::Percent { population, meeting }, Accumulator::Percent { population: p, meeting: m }) => {
                *population += p;
                *meeting += m;
            }
            (Accumulator::Total { total, n }, Accumulator::Total { total: t, n: m }) => match total.checked_add(t) {
                Some(sum) => {
                    *total = sum;
                    *n += m;
                }
                None => *self = Accumulator::OutOfRange,
            },
            // A month's first part is taken whole rather than re-inserted.
            (Accumulator::Values(values), Accumulator::Values(more)) if values.is_empty() => *values = more,
            (Accumulator::Values(values), Accumulator::Values(more)) => {
                for (v, n) in more {
                    *values.entry(v).or_insert(0) += n;
                }
            }
            (Accumulator::Extreme { best, n }, Accumulator::Extreme { best: b, n: m }) => {
                *n += m;
                *best = match (*best, b) {
                    (Some(x), Some(y)) if func == AggFunc::Min => Some(x.min(y)),
                    (Some(x), Some(y)) => Some(x.max(y)),
                    (x, y) => x.or(y),
                };
            }
            (Accumulator::Distinct(set), Accumulator::Distinct(more)) => set.merge(more),
            _ => {}
        }
    }

    /// The aggregate's value in the month.
    pub fn finish(self, agg: &Aggregate) -> AggValue {
        let ty = &agg.ty;
        match self {
            Accumulator::Count(n) => AggValue::of(Value::Number(Decimal::from(n)), n),
            Accumulator::Percent { population, meeting } => AggValue::of(
                div_round(Decimal::from(meeting) * Decimal::ONE_HUNDRED, Decimal::from(population))
                    .map_or(Value::None, Value::Percent),
                population,
            ),
            Accumulator::Total { total, n } => {
                let value = match agg.func {
                    AggFunc::Sum => typed(ty, total),
                    _ => div_round(total, Decimal::from(n)).map_or(Value::None, |m| typed(ty, m)),
                };
                AggValue::of(value, n)
            }
            Accumulator::Values(counts) => {
                let mut values: Vec<(Decimal, u64)> = counts.into_iter().map(|(k, n)| (k.value(), n)).collect();
                values.sort_unstable_by_key(|a| a.0);
                let population: u64 = values.iter().map(|(_, n)| n).sum();
                if population == 0 {
                    AggValue::of(Value::None, 0)
                } else if agg.func == AggFunc::Median {
                    let upper = ranked(&values, population / 2 + 1);
                    if population % 2 == 1 {
                        return AggValue::of(typed(ty, upper), population);
                    }
                    // The mean of the middle two: their sum may leave the range.
                    let lower = ranked(&values, population / 2);
                    match lower.checked_add(upper).and_then(|s| div_round(s, Decimal::TWO)) {
                        Some(m) => AggValue::of(typed(ty, m), population),
                        None => AggValue { value: Value::None, population, out_of_range: true },
                    }
                } else {
                    let p = agg.percentile.unwrap_or(Decimal::ONE_HUNDRED);
                    AggValue::of(typed(ty, ranked(&values, nearest_rank(p, population))), population)
                }
            }
            Accumulator::Extreme { best, n } => AggValue::of(best.map_or(Value::None, |b| typed(ty, b)), n),
            Accumulator::Distinct(set) => {
                AggValue::of(Value::Number(Decimal::from(set.len() as u64)), set.len() as u64)
            }
            Accumulator::OutOfRange => AggValue { value: Value::None, population: 0, out_of_range: true },
        }
    }
}

/// The nearest rank ⌈P/100 × n⌉, at least 1 and at most n.
pub(crate) fn nearest_rank(p: Decimal, n: u64) -> u64 {
    let rank = (p * Decimal::from(n) / Decimal::ONE_HUNDRED).ceil();
    rank.to_u64().unwrap_or(n).clamp(1, n)
}

/// The value of 1-based `rank` among `sorted` distinct values with their
/// counts, as if each were listed as often as it occurred. `rank` is at
/// least 1 and at most the sum of the counts.
fn ranked(sorted: &[(Decimal, u64)], rank: u64) -> Decimal {
    let mut below = 0u64;
    for &(value, n) in sorted {
        below += n;
        if below >= rank {
            return value;
        }
    }
    // Unreachable for a rank within the population; the largest value is
    // the one a rank past the end would name.
    sorted.last().map_or(Decimal::ZERO, |&(value, _)| value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_total_that_leaves_the_range_stays_out_of_range() {
        let big = Value::Number(Decimal::MAX);
        let mut acc = Accumulator::new(AggFunc::Sum);
        acc.add(AggFunc::Sum, &big, false);
        assert!(matches!(acc, Accumulator::Total { n: 1, .. }));
        acc.add(AggFunc::Sum, &big, false);
        assert!(matches!(acc, Accumulator::OutOfRange));
        // Merging keeps it out of range, whichever side overflowed.
        let mut fine = Accumulator::new(AggFunc::Sum);
        fine.merge(AggFunc::Sum, acc);
        assert!(matches!(fine, Accumulator::OutOfRange));
        let (mut a, mut b) = (Accumulator::new(AggFunc::Mean), Accumulator::new(AggFunc::Mean));
        a.add(AggFunc::Mean, &big, false);
        b.add(AggFunc::Mean, &big, false);
        a.merge(AggFunc::Mean, b);
        assert!(matches!(a, Accumulator::OutOfRange));
    }

    fn aggregate(func: AggFunc, percentile: Option<u32>) -> Aggregate {
        Aggregate {
            func,
            dataset: 0,
            value: None,
            percentile: percentile.map(Decimal::from),
            filter: None,
            meeting: None,
            ty: crate::value::Type::Duration,
            text: String::new(),
            over: None,
        }
    }

    /// Feeds `values` (in seconds, as text) to a fresh accumulator in two
    /// halves merged in order, as the workers of a parallel read do.
    fn finish(func: AggFunc, percentile: Option<u32>, values: &[&str]) -> Value {
        let (first, second) = values.split_at(values.len() / 2);
        let fed = |part: &[&str]| {
            let mut acc = Accumulator::new(func);
            for v in part {
                acc.add(func, &Value::Duration(v.parse().expect("a decimal")), false);
            }
            acc
        };
        let mut acc = fed(first);
        acc.merge(func, fed(second));
        acc.finish(&aggregate(func, percentile)).value
    }

    #[test]
    fn medians_and_percentiles_count_repeated_values() {
        let seconds = |s: &str| Value::Duration(s.parse().expect("a decimal"));
        // 1 1 1 5: the middle two are 1 and 1.
        assert_eq!(finish(AggFunc::Median, None, &["5", "1", "1", "1"]), seconds("1"));
        // 1 5 5: the second of three.
        assert_eq!(finish(AggFunc::Median, None, &["5", "1", "5"]), seconds("5"));
        // 1 2 2 3: (2 + 2) / 2; 2 and 2.0 are one value.
        assert_eq!(finish(AggFunc::Median, None, &["2.0", "3", "2", "1"]), seconds("2"));
        // 1 1 5 9: (1 + 5) / 2 = 3, the middle two from different entries.
        assert_eq!(finish(AggFunc::Median, None, &["9", "1", "5", "1"]), seconds("3"));
        // Nine 1s and one 100: P90 is rank ⌈0.9 × 10⌉ = 9, a 1; P95 is
        // rank ⌈9.5⌉ = 10, the 100.
        let tail = ["1", "1", "1", "100", "1", "1", "1", "1", "1", "1"];
        assert_eq!(finish(AggFunc::Percentile, Some(90), &tail), seconds("1"));
        assert_eq!(finish(AggFunc::Percentile, Some(95), &tail), seconds("100"));
        assert_eq!(finish(AggFunc::Median, None, &[]), Value::None);
    }

    #[test]
    fn value_keys_are_equal_exactly_for_equal_values() {
        let key = |s: &str| ValueKey::of(s.parse().expect("a decimal"));
        assert_eq!(key("2.50"), key("2.5"));
        assert_eq!(key("-0.00"), key("0"));
        assert_eq!(key("1E+2"), key("100"));
        assert_ne!(key("2.5"), key("-2.5"));
        assert_ne!(key("25"), key("2.5"));
        for text in ["0", "-1.25", "79228162514264337593543950335", "-0.0000000000000000000000000001", "43.5"] {
            let value: Decimal = text.parse().expect("a decimal");
            assert_eq!(ValueKey::of(value).value(), value);
        }
    }

    #[test]
    fn nearest_rank_follows_the_definition() {
        // ⌈0.95 × 20⌉ = 19; ⌈0.5 × 5⌉ = ⌈2.5⌉ = 3; ⌈0 × 4⌉ = 0 → 1.
        assert_eq!(nearest_rank(Decimal::from(95), 20), 19);
        assert_eq!(nearest_rank(Decimal::from(50), 5), 3);
        assert_eq!(nearest_rank(Decimal::ZERO, 4), 1);
        assert_eq!(nearest_rank(Decimal::ONE_HUNDRED, 4), 4);
    }
}
