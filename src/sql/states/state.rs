//! One aggregate's state over one span: the fields of its `state` records,
//! gathered and checked, then turned into an [`Accumulator`].

use super::key::KeyKind;
use super::record::StateField;
use crate::eval::{Accumulator, Distinct, DistinctSet, ValueCounts, ValueKey};
use crate::ir::{AggFunc, Aggregate, Dataset};
use crate::value::Decimal;
use std::collections::HashMap;

/// Whether `field` is a state field of `func`.
pub(super) fn fits(func: AggFunc, field: &StateField) -> bool {
    matches!(
        (func, field),
        (AggFunc::Count, StateField::Rows(_))
            | (AggFunc::Percent, StateField::Population(_) | StateField::Meeting(_))
            | (AggFunc::Sum | AggFunc::Mean, StateField::Total(_) | StateField::N(_))
            | (AggFunc::Min | AggFunc::Max, StateField::Best(_) | StateField::N(_))
            | (AggFunc::Median | AggFunc::Percentile, StateField::Value(..))
            | (AggFunc::Distinct, StateField::Key(_))
    )
}

/// The fields of one aggregate's state over one span, as they are read.
pub(super) struct Partial {
    /// The line of the first record of the state.
    pub(super) line: u64,
    scalars: HashMap<&'static str, (u64, StateField)>,
    values: ValueCounts,
    keys: DistinctSet,
}

impl Partial {
    /// No field yet; the state's first record is on `line`.
    pub(super) fn new(line: u64) -> Self {
        Partial { line, scalars: HashMap::new(), values: ValueCounts::default(), keys: DistinctSet::default() }
    }

    /// Adds the field of the record on `line`, of aggregate `agg` over `dataset`.
    pub(super) fn add(
        &mut self,
        agg: &Aggregate,
        dataset: &Dataset,
        field: &StateField,
        line: u64,
    ) -> Result<(), String> {
        match field {
            StateField::Value(text, rows) => {
                let v = row_decimal(text)?;
                if self.values.insert(ValueKey::of(v), *rows).is_some() {
                    return Err(format!("the value {text} is listed twice in this state"));
                }
            }
            StateField::Key(text) => {
                let kind = agg.value.as_ref().map_or(KeyKind::Text, |e| KeyKind::of(dataset, e));
                if !self.keys.insert(kind.parse(text)?) {
                    return Err(format!(
                        "the key `{text}` is listed twice in this state (as the aggregate compares values)"
                    ));
                }
            }
            scalar => {
                if let Some((first, _)) = self.scalars.insert(scalar.name(), (line, scalar.clone())) {
                    return Err(format!("a second `{}` in this state (the first is on line {first})", scalar.name()));
                }
            }
        }
        Ok(())
    }

    fn weight(&self, field: &str) -> Option<u64> {
        match self.scalars.get(field) {
            Some((_, StateField::Rows(n) | StateField::Population(n) | StateField::Meeting(n) | StateField::N(n))) => {
                Some(*n)
            }
            _ => None,
        }
    }

    fn text(&self, field: &str) -> Option<&str> {
        match self.scalars.get(field) {
            Some((_, StateField::Total(t) | StateField::Best(t))) => Some(t),
            _ => None,
        }
    }

    /// The accumulator, checked against the `read` rows of the dataset.
    pub(super) fn finish(self, agg: &Aggregate, read: u64) -> Result<Accumulator, String> {
        let too_many = |n: u64| -> Result<(), String> {
            if n > read {
                return Err(format!("the state counts {n} rows, but only {read} were read"));
            }
            Ok(())
        };
        let state = match agg.func {
            AggFunc::Count => {
                let n = self.weight("rows").unwrap_or(0);
                too_many(n)?;
                Accumulator::Count(n)
            }
            AggFunc::Percent => {
                let population = self.weight("population").unwrap_or(0);
                let meeting = self.weight("meeting").unwrap_or(0);
                too_many(population)?;
                if meeting > population {
                    return Err(format!("{meeting} rows meeting of a population of {population}"));
                }
                Accumulator::Percent { population, meeting }
            }
            AggFunc::Sum | AggFunc::Mean => match (self.text("total"), self.weight("n")) {
                (None, None) => Accumulator::new(agg.func),
                (Some(total), Some(n)) => {
                    too_many(n)?;
                    match Decimal::from_str_exact(total) {
                        Ok(total) if n == 0 && !total.is_zero() => {
                            return Err(format!("a total of {total} over no rows"))
                        }
                        Ok(total) => Accumulator::Total { total, n },
                        // The engine's exact sum leaves the decimal range (§8.2 v2).
                        Err(_) => Accumulator::OutOfRange,
                    }
                }
                _ => return Err("a `total` and an `n` go together; this state has one of them".to_string()),
            },
            AggFunc::Min | AggFunc::Max => match (self.text("best"), self.weight("n")) {
                (None, None) | (None, Some(0)) => Accumulator::new(agg.func),
                (Some(best), Some(n)) if n > 0 => {
                    too_many(n)?;
                    Accumulator::Extreme { best: Some(row_decimal(best)?), n }
                }
                _ => {
                    return Err(
                        "a `best` goes with an `n` of at least 1; this state has one without the other".to_string()
                    )
                }
            },
            AggFunc::Median | AggFunc::Percentile => {
                let n = self.values.values().try_fold(0u64, |sum, &w| sum.checked_add(w)).unwrap_or(u64::MAX);
                too_many(n)?;
                Accumulator::Values(self.values)
            }
            AggFunc::Distinct => {
                too_many(self.keys.len() as u64)?;
                Accumulator::Distinct(Distinct::from_keys(self.keys))
            }
        };
        Ok(state)
    }
}

/// A value of a row (`best`, `value`): plain notation was checked when the
/// record was read; it must also fit a decimal.
fn row_decimal(text: &str) -> Result<Decimal, String> {
    text.parse::<Decimal>().map_err(|_| format!("the value {text} does not fit a decimal (28 digits)"))
}
