//! The values of a `distinct`: texts end to end in one buffer, each with
//! its hash; other values in a set.
//!
//! A `distinct(device of telemetry)` sees a text on every row. Kept as
//! `Arc<str>` keys, each key shared the loading thread's copy of its text,
//! and merging a batch's set into the month's, on the thread that puts the
//! batches in order, hashed every text again and counted its copies down:
//! a write to memory the loading thread used on every row, which moved
//! between the cores each time (`bench/changes.md`). Here a text is hashed
//! once, by the thread that read it, and a merge reads a batch's buffer
//! and writes only to its own.

use super::accumulate::{DistinctSet, Key};
use crate::data::FxHasher;
use crate::value::Value;
use hashbrown::hash_table::Entry;
use hashbrown::HashTable;
use std::hash::Hasher;

/// The distinct values an aggregate has seen.
#[derive(Clone, Debug, Default)]
pub struct Distinct {
    /// The texts, end to end.
    bytes: String,
    /// Each text once: its hash and where it is in `bytes`.
    texts: HashTable<TextAt>,
    /// The values that are not texts.
    others: DistinctSet,
}

/// Where a text of a [`Distinct`] is, and its hash.
#[derive(Clone, Copy, Debug)]
struct TextAt {
    hash: u64,
    start: usize,
    end: usize,
}

impl Distinct {
    /// Adds `value` (none is not a value, and is not counted).
    pub fn add(&mut self, value: &Value) {
        match value {
            Value::Text(text) => self.add_text(hash(text), text),
            other => {
                if let Some(key) = Key::of(other) {
                    self.others.insert(key);
                }
            }
        }
    }

    /// Adds `text`, whose hash is `hash`, unless it is there already.
    fn add_text(&mut self, hash: u64, text: &str) {
        let bytes = &self.bytes;
        let same = |at: &TextAt| at.hash == hash && bytes[at.start..at.end] == *text;
        if let Entry::Vacant(vacant) = self.texts.entry(hash, same, |at| at.hash) {
            let start = self.bytes.len();
            self.bytes.push_str(text);
            vacant.insert(TextAt { hash, start, end: self.bytes.len() });
        }
    }

    /// Adds the values of `later`.
    pub fn merge(&mut self, later: Distinct) {
        if self.len() == 0 {
            *self = later;
            return;
        }
        for at in later.texts.iter() {
            self.add_text(at.hash, &later.bytes[at.start..at.end]);
        }
        self.others.extend(later.others);
    }

    /// The number of distinct values.
    pub fn len(&self) -> usize {
        self.texts.len() + self.others.len()
    }

    /// The values of `keys`.
    pub fn from_keys(keys: DistinctSet) -> Self {
        let mut distinct = Distinct::default();
        for key in keys {
            match key {
                Key::Text(text) => distinct.add_text(hash(&text), &text),
                other => {
                    distinct.others.insert(other);
                }
            }
        }
        distinct
    }
}

/// The hash of a text.
fn hash(text: &str) -> u64 {
    let mut hasher = FxHasher::default();
    hasher.write(text.as_bytes());
    hasher.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal::Decimal;
    use smol_str::SmolStr;

    fn text(t: &str) -> Value {
        Value::Text(SmolStr::from(t))
    }

    #[test]
    fn each_value_counts_once_whatever_its_copy() {
        let mut d = Distinct::default();
        for v in [text("a"), text("b"), text("a"), Value::None, Value::Number(Decimal::ONE)] {
            d.add(&v);
        }
        // 1 and 1.0 are one value; a text "1" is another.
        d.add(&Value::Number(Decimal::new(10, 1)));
        d.add(&text("1"));
        assert_eq!(d.len(), 4);
    }

    #[test]
    fn merged_parts_count_the_values_of_both_once() {
        let part = |texts: &[&str]| {
            let mut d = Distinct::default();
            texts.iter().for_each(|t| d.add(&text(t)));
            d
        };
        let mut all = Distinct::default();
        all.merge(part(&["NWT-1", "NWT-2"]));
        all.merge(part(&["NWT-2", "NWT-3", ""]));
        all.merge(part(&[]));
        assert_eq!(all.len(), 4);
        // Many texts: the table grows and still finds each one.
        let many: Vec<String> = (0..10_000).map(|i| format!("device {i}")).collect();
        let refs: Vec<&str> = many.iter().map(String::as_str).collect();
        all.merge(part(&refs));
        all.merge(part(&refs[..5000]));
        assert_eq!(all.len(), 4 + 10_000);
    }

    #[test]
    fn keys_read_back_are_counted_as_added_values_are() {
        let mut keys = DistinctSet::default();
        keys.insert(Key::Text(SmolStr::from("x")));
        keys.insert(Key::Decimal(Decimal::TWO));
        let mut d = Distinct::from_keys(keys);
        d.add(&text("x"));
        d.add(&Value::Number(Decimal::TWO));
        assert_eq!(d.len(), 2);
    }
}
