//! `unique by KEY latest by COL`: one row per key.

use crate::ir::UniqueBy;
use crate::value::Value;
use chrono::{DateTime, NaiveDate, Utc};
use rust_decimal::Decimal;
use smol_str::SmolStr;
use std::collections::HashMap;
use std::mem;

/// A key cell, hashable.
#[derive(PartialEq, Eq, Hash)]
enum Key {
    Bool(bool),
    Decimal(Decimal),
    Date(NaiveDate),
    Timestamp(DateTime<Utc>),
    Text(SmolStr),
}

impl Key {
    /// The key of a cell; `None` for a none cell.
    fn of(value: &Value) -> Option<Key> {
        match value {
            Value::Bool(b) => Some(Key::Bool(*b)),
            Value::Date(d) => Some(Key::Date(*d)),
            Value::Timestamp(t) => Some(Key::Timestamp(*t)),
            Value::Text(t) => Some(Key::Text(t.clone())),
            other => other.decimal().map(|d| Key::Decimal(d.normalize())),
        }
    }
}

/// The rows kept so far, in the order their keys first appeared.
pub(super) struct Collapse {
    by: UniqueBy,
    rows: Vec<(usize, Vec<Value>)>,
    slots: HashMap<Key, usize>,
}

impl Collapse {
    /// An empty collapse.
    pub(super) fn new(by: UniqueBy) -> Self {
        Collapse { by, rows: Vec::new(), slots: HashMap::new() }
    }

    /// Adds a row read from `file`; returns the file of the row this one
    /// drops (itself or the one it replaces), if any. Rows with a none key
    /// are all kept.
    pub(super) fn push(&mut self, file: usize, row: Vec<Value>) -> Option<usize> {
        let Some(key) = row.get(self.by.key).and_then(Key::of) else {
            self.rows.push((file, row));
            return None;
        };
        match self.slots.get(&key) {
            Some(&slot) => {
                if self.wins(&row, &self.rows[slot].1) {
                    let dropped = mem::replace(&mut self.rows[slot], (file, row));
                    Some(dropped.0)
                } else {
                    Some(file)
                }
            }
            None => {
                self.slots.insert(key, self.rows.len());
                self.rows.push((file, row));
                None
            }
        }
    }

    /// Whether `new`, read after `old`, replaces it: its `latest` cell is
    /// not smaller (none is smallest), or there is no `latest`.
    fn wins(&self, new: &[Value], old: &[Value]) -> bool {
        let Some(col) = self.by.latest else {
            return true;
        };
        match (new.get(col), old.get(col)) {
            (Some(new), Some(old)) => not_smaller(new, old),
            _ => true,
        }
    }

    /// The kept rows with their files, in the order their keys first appeared.
    pub(super) fn into_rows(self) -> Vec<(usize, Vec<Value>)> {
        self.rows
    }
}

/// `new >= old` for two cells of one column; none is smallest.
fn not_smaller(new: &Value, old: &Value) -> bool {
    match (new, old) {
        (_, Value::None) => true,
        (Value::None, _) => false,
        (Value::Timestamp(a), Value::Timestamp(b)) => a >= b,
        (Value::Date(a), Value::Date(b)) => a >= b,
        (Value::Text(a), Value::Text(b)) => a >= b,
        (Value::Bool(a), Value::Bool(b)) => a >= b,
        (a, b) => a.decimal() >= b.decimal(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(key: &str, version: Option<i64>, tag: &str) -> Vec<Value> {
        vec![
            Value::Text(key.into()),
            version.map_or(Value::None, |v| Value::Number(Decimal::from(v))),
            Value::Text(tag.into()),
        ]
    }

    fn tags(c: Collapse) -> Vec<String> {
        c.into_rows()
            .into_iter()
            .map(|(_, r)| match &r[2] {
                Value::Text(t) => t.to_string(),
                other => format!("{other:?}"),
            })
            .collect()
    }

    #[test]
    fn greatest_latest_wins_and_ties_go_to_the_last_read() {
        let mut c = Collapse::new(UniqueBy { key: 0, latest: Some(1) });
        assert_eq!(c.push(0, row("A", Some(1), "a1")), None);
        assert_eq!(c.push(0, row("B", Some(5), "b5")), None);
        assert_eq!(c.push(0, row("A", Some(3), "a3")), Some(0));
        assert_eq!(c.push(1, row("A", Some(2), "a2")), Some(1));
        assert_eq!(c.push(1, row("B", Some(5), "b5-again")), Some(0));
        assert_eq!(c.push(1, row("B", None, "b-none")), Some(1));
        assert_eq!(tags(c), ["a3", "b5-again"]);
    }

    #[test]
    fn without_latest_the_last_read_wins() {
        let mut c = Collapse::new(UniqueBy { key: 0, latest: None });
        c.push(0, row("A", Some(9), "first"));
        c.push(0, row("A", Some(1), "second"));
        assert_eq!(tags(c), ["second"]);
    }

    #[test]
    fn none_keys_are_each_kept() {
        let mut c = Collapse::new(UniqueBy { key: 1, latest: None });
        c.push(0, row("A", None, "x"));
        c.push(0, row("B", None, "y"));
        c.push(0, row("C", Some(1), "z"));
        c.push(0, row("D", Some(1), "w"));
        assert_eq!(tags(c), ["x", "y", "w"]);
    }

    #[test]
    fn numeric_keys_ignore_trailing_zeros() {
        let mut c = Collapse::new(UniqueBy { key: 1, latest: None });
        c.push(0, vec![Value::None, Value::Number(Decimal::new(10, 1)), Value::Text("one".into())]);
        c.push(0, vec![Value::None, Value::Number(Decimal::ONE), Value::Text("1".into())]);
        assert_eq!(tags(c), ["1"]);
    }
}
