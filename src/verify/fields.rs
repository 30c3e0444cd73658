//! The semantic comparison of two JSON documents, field by field.
//!
//! Objects are compared as maps (key order does not matter). Arrays whose
//! entries are objects identified by a key (`id`, `name`, `dataset`,
//! `path` or `clause`, unique on both sides) are compared entry by entry
//! whatever their order, and a path names the entry by that key
//! (`clauses[p1].credit`); other arrays are compared by position
//! (`earnbacks[0]`). Two strings that both read as decimals are equal when
//! their values are (`"94500.00"` and `"94500.0"`), as are two numbers.

use rust_decimal::Decimal;
use serde::Serialize;
use serde_json::{Map, Value};

/// Keys that identify the entries of an array, in the order they are tried.
const IDENTIFYING_KEYS: [&str; 5] = ["id", "name", "dataset", "path", "clause"];

/// One field whose value differs.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct FieldDifference {
    /// Where, as a JSON path: `totals.net`, `clauses[p1].status`.
    pub path: String,
    /// The received value; `None` when the field is absent there.
    pub theirs: Option<Value>,
    /// The recomputed value; `None` when the field is absent here.
    pub ours: Option<Value>,
}

/// Every field in which `theirs` and `ours` differ, in the order of `ours`
/// (fields only `theirs` has come after those of `ours`).
pub fn differences(theirs: &Value, ours: &Value) -> Vec<FieldDifference> {
    let mut out = Vec::new();
    walk(String::new(), Some(theirs), Some(ours), &mut out);
    out
}

fn walk(path: String, theirs: Option<&Value>, ours: Option<&Value>, out: &mut Vec<FieldDifference>) {
    match (theirs, ours) {
        (Some(Value::Object(t)), Some(Value::Object(o))) => objects(&path, t, o, out),
        (Some(Value::Array(t)), Some(Value::Array(o))) => arrays(&path, t, o, out),
        (Some(t), Some(o)) if same_leaf(t, o) => {}
        _ => out.push(FieldDifference { path, theirs: theirs.cloned(), ours: ours.cloned() }),
    }
}

fn objects(path: &str, theirs: &Map<String, Value>, ours: &Map<String, Value>, out: &mut Vec<FieldDifference>) {
    let keys = ours.keys().chain(theirs.keys().filter(|k| !ours.contains_key(*k)));
    for key in keys {
        let child = if path.is_empty() { key.clone() } else { format!("{path}.{key}") };
        walk(child, theirs.get(key), ours.get(key), out);
    }
}

fn arrays(path: &str, theirs: &[Value], ours: &[Value], out: &mut Vec<FieldDifference>) {
    match IDENTIFYING_KEYS.iter().find(|key| identifies(key, theirs) && identifies(key, ours)) {
        Some(key) => {
            let id = |v: &Value| v.get(*key).map(label).unwrap_or_default();
            let ids = ours.iter().map(id).chain(theirs.iter().map(id).filter(|t| !ours.iter().any(|o| id(o) == *t)));
            for entry in ids.collect::<Vec<_>>() {
                let t = theirs.iter().find(|v| id(v) == entry);
                let o = ours.iter().find(|v| id(v) == entry);
                walk(format!("{path}[{entry}]"), t, o, out);
            }
        }
        None => {
            for i in 0..theirs.len().max(ours.len()) {
                walk(format!("{path}[{i}]"), theirs.get(i), ours.get(i), out);
            }
        }
    }
}

/// Whether every entry is an object with `key` and no two share its value.
fn identifies(key: &str, entries: &[Value]) -> bool {
    let mut seen = Vec::new();
    for e in entries {
        match e.get(key) {
            Some(v @ (Value::String(_) | Value::Number(_))) if !seen.contains(&v) => seen.push(v),
            _ => return false,
        }
    }
    true
}

fn label(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn same_leaf(theirs: &Value, ours: &Value) -> bool {
    let decimal = |v: &Value| match v {
        Value::String(s) => s.parse::<Decimal>().ok(),
        Value::Number(n) => n.to_string().parse::<Decimal>().ok(),
        _ => None,
    };
    match (decimal(theirs), decimal(ours)) {
        (Some(t), Some(o)) => t == o,
        _ => theirs == ours,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn key_order_entry_order_and_decimal_spelling_do_not_matter() {
        let theirs =
            json!({"totals": {"net": "94500.0", "fee": "1"}, "clauses": [{"id": "b", "v": 2}, {"id": "a", "v": 1}]});
        let ours =
            json!({"clauses": [{"v": 1, "id": "a"}, {"id": "b", "v": 2}], "totals": {"fee": "1", "net": "94500.00"}});
        assert_eq!(differences(&theirs, &ours), []);
    }

    #[test]
    fn a_changed_field_is_named_by_its_path() {
        let theirs = json!({"clauses": [{"id": "p1", "status": "met"}], "earnbacks": [1]});
        let ours = json!({"clauses": [{"id": "p1", "status": "failed"}], "earnbacks": []});
        let d = differences(&theirs, &ours);
        assert_eq!(d.len(), 2);
        assert_eq!(d[0].path, "clauses[p1].status");
        assert_eq!(d[0].theirs, Some(json!("met")));
        assert_eq!(d[0].ours, Some(json!("failed")));
        assert_eq!(d[1].path, "earnbacks[0]");
        assert_eq!(d[1].ours, None);
    }
}
