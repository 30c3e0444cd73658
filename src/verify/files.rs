//! The files behind a settlement: the contract's own files and the data
//! files of each dataset, with their SHA-256. Said before any figure, so
//! that "we are not looking at the same data" comes first.
//!
//! Paths are matched the way two machines can agree on them: separators
//! are `/` and a leading `./` is dropped; within one dataset (or among the
//! contract's includes), equal paths are paired first, then each remaining
//! path with the one that shares the longest tail of path components with
//! it, at least the file name, when no other shares as long a tail. So
//! `data/tickets/a.csv` (relative to the contract's directory),
//! `C:\export\tickets\a.csv` and `tickets/a.csv` (relative to the data
//! directory) all name the same file.

use serde::Serialize;
use serde_json::Value;
use std::collections::HashMap;

/// What is wrong with one file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FileProblem {
    /// Listed in the received document, not read here.
    Missing,
    /// Read here, not listed in the received document.
    Extra,
    /// Read on both sides, with another SHA-256.
    Changed,
}

/// One contract or data file that differs.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FileDifference {
    /// What is wrong.
    pub problem: FileProblem,
    /// The dataset the file belongs to; `None` for the contract's files.
    pub dataset: Option<String>,
    /// The path (ours where we have the file, theirs otherwise).
    pub path: String,
    /// Its SHA-256 in the received document.
    pub theirs_sha256: Option<String>,
    /// Its SHA-256 here.
    pub ours_sha256: Option<String>,
}

/// How the received document's paths map onto ours.
#[derive(Clone, Debug, Default)]
pub struct PathMap(HashMap<String, String>);

impl PathMap {
    fn ours<'a>(&'a self, theirs: &'a str) -> &'a str {
        self.0.get(theirs).map_or(theirs, String::as_str)
    }
}

/// A file as a settlement lists it.
struct Listed {
    path: String,
    sha256: String,
}

/// The contract and data files of both documents compared, and the map
/// from their data paths to ours.
pub fn compare(theirs: &Value, ours: &Value) -> (Vec<FileDifference>, PathMap) {
    let mut out = Vec::new();
    let mut map = PathMap::default();
    let root = |v: &Value| Listed { path: text(v, "/contract/file"), sha256: text(v, "/contract/sha256") };
    let (t, o) = (root(theirs), root(ours));
    if t.sha256 != o.sha256 {
        out.push(FileDifference {
            problem: FileProblem::Changed,
            dataset: None,
            path: o.path,
            theirs_sha256: Some(t.sha256),
            ours_sha256: Some(o.sha256),
        });
    }
    let includes = |v: &Value| listed(v.pointer("/contract/includes"));
    match_files(None, includes(theirs), includes(ours), &mut out, &mut map);
    let mut datasets: Vec<String> = Vec::new();
    for doc in [ours, theirs] {
        for d in doc.get("inputs").and_then(Value::as_array).into_iter().flatten() {
            let name = d.get("dataset").and_then(Value::as_str).unwrap_or_default().to_string();
            if !datasets.contains(&name) {
                datasets.push(name);
            }
        }
    }
    for name in datasets {
        let files = |v: &Value| {
            let dataset = v
                .get("inputs")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .find(|d| d.get("dataset").and_then(Value::as_str) == Some(name.as_str()));
            listed(dataset.and_then(|d| d.get("files")))
        };
        match_files(Some(&name), files(theirs), files(ours), &mut out, &mut map);
    }
    (out, map)
}

/// The figures of a settlement: the document without what [`compare`]
/// has already judged (the contract's files and the data files' digests),
/// with data paths written as ours.
pub fn figures(doc: &Value, map: &PathMap) -> Value {
    let mut doc = doc.clone();
    if let Some(contract) = doc.get_mut("contract").and_then(Value::as_object_mut) {
        for key in ["file", "sha256", "includes"] {
            contract.remove(key);
        }
    }
    let rename = |v: &mut Value, key: &str| {
        if let Some(Value::String(path)) = v.get_mut(key) {
            *path = map.ours(&normalise(path)).to_string();
        }
    };
    for dataset in doc.get_mut("inputs").and_then(Value::as_array_mut).into_iter().flatten() {
        for file in dataset.get_mut("files").and_then(Value::as_array_mut).into_iter().flatten() {
            if let Some(file) = file.as_object_mut() {
                file.remove("sha256");
            }
            rename(file, "path");
        }
    }
    for row in doc.pointer_mut("/rejected_rows/first").and_then(Value::as_array_mut).into_iter().flatten() {
        rename(row, "file");
    }
    doc
}

/// Pairs their files with ours by path, recording the pairs in `map` and
/// what differs in `out`.
fn match_files(
    dataset: Option<&str>,
    theirs: Vec<Listed>,
    ours: Vec<Listed>,
    out: &mut Vec<FileDifference>,
    map: &mut PathMap,
) {
    let mut unmatched: Vec<Option<Listed>> = ours.into_iter().map(Some).collect();
    let difference = |problem, path: &str, theirs: Option<&str>, ours: Option<&str>| FileDifference {
        problem,
        dataset: dataset.map(str::to_string),
        path: path.to_string(),
        theirs_sha256: theirs.map(str::to_string),
        ours_sha256: ours.map(str::to_string),
    };
    // Equal paths first, so that a looser match never takes a file that
    // another path names exactly.
    let mut pairs: Vec<(Listed, Option<Listed>)> = theirs
        .into_iter()
        .map(|t| {
            let exact = unmatched.iter().position(|o| o.as_ref().is_some_and(|o| o.path == t.path));
            let found = exact.and_then(|i| unmatched[i].take());
            (t, found)
        })
        .collect();
    for (t, found) in pairs.iter_mut().filter(|(_, found)| found.is_none()) {
        *found = closest(&t.path, &unmatched).and_then(|i| unmatched[i].take());
    }
    for (t, found) in pairs {
        match found {
            Some(o) => {
                if o.sha256 != t.sha256 {
                    out.push(difference(FileProblem::Changed, &o.path, Some(&t.sha256), Some(&o.sha256)));
                }
                map.0.insert(t.path, o.path);
            }
            None => out.push(difference(FileProblem::Missing, &t.path, Some(&t.sha256), None)),
        }
    }
    for o in unmatched.into_iter().flatten() {
        out.push(difference(FileProblem::Extra, &o.path, None, Some(&o.sha256)));
    }
}

/// The index of the file among `candidates` whose path shares the longest
/// tail of components with `path` (at least the file name), if no other
/// shares as long a one.
fn closest(path: &str, candidates: &[Option<Listed>]) -> Option<usize> {
    let scores: Vec<(usize, usize)> = candidates
        .iter()
        .enumerate()
        .filter_map(|(i, c)| Some((i, shared_tail(path, &c.as_ref()?.path))))
        .filter(|&(_, score)| score > 0)
        .collect();
    let best = scores.iter().map(|&(_, score)| score).max()?;
    let mut at_best = scores.iter().filter(|&&(_, score)| score == best);
    match (at_best.next(), at_best.next()) {
        (Some(&(i, _)), None) => Some(i),
        _ => None,
    }
}

/// How many trailing path components two normalised paths have in common.
pub fn shared_tail(a: &str, b: &str) -> usize {
    a.rsplit('/').zip(b.rsplit('/')).take_while(|(x, y)| x == y && !x.is_empty()).count()
}

/// A path with `/` separators and no leading `./`.
pub fn normalise(path: &str) -> String {
    let mut p = path.replace('\\', "/");
    while let Some(rest) = p.strip_prefix("./") {
        p = rest.to_string();
    }
    p
}

fn listed(files: Option<&Value>) -> Vec<Listed> {
    files
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .map(|f| Listed { path: normalise(&text(f, "/path")), sha256: text(f, "/sha256") })
        .collect()
}

fn text(v: &Value, pointer: &str) -> String {
    v.pointer(pointer).and_then(Value::as_str).unwrap_or_default().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    use serde_json::json;

    fn settlement(root_sha: &str, files: &[(&str, &str)]) -> Value {
        let files: Vec<Value> = files.iter().map(|(p, s)| json!({"path": p, "sha256": s, "rows_read": 1})).collect();
        json!({
            "contract": {"file": "contract.xla", "sha256": root_sha, "includes": []},
            "inputs": [{"dataset": "tickets", "files": files}],
            "rejected_rows": {"count": 0, "first": []}
        })
    }

    #[test]
    fn files_are_missing_extra_or_changed_and_paths_map_onto_ours() {
        let theirs = settlement("c1", &[("data/t/a.csv", "a"), ("data/t/b.csv", "b"), ("data/t/gone.csv", "g")]);
        let ours = settlement("c2", &[("t/a.csv", "a"), ("t/b.csv", "B"), ("t/new.csv", "n")]);
        let (found, map) = compare(&theirs, &ours);
        let summary: Vec<(FileProblem, Option<&str>, &str)> =
            found.iter().map(|f| (f.problem, f.dataset.as_deref(), f.path.as_str())).collect();
        assert_eq!(
            summary,
            [
                (FileProblem::Changed, None, "contract.xla"),
                (FileProblem::Changed, Some("tickets"), "t/b.csv"),
                (FileProblem::Missing, Some("tickets"), "data/t/gone.csv"),
                (FileProblem::Extra, Some("tickets"), "t/new.csv"),
            ]
        );
        // Their matched paths are written as ours; digests are left out.
        let figures = figures(&theirs, &map);
        assert_eq!(figures["inputs"][0]["files"][0], json!({"path": "t/a.csv", "rows_read": 1}));
        assert_eq!(figures["contract"], json!({}));
    }

    #[test]
    fn paths_match_relative_to_either_directory_on_any_system() {
        assert_eq!(shared_tail("data/tickets/a.csv", "tickets/a.csv"), 2);
        assert_eq!(shared_tail("client-data/tickets/a.csv", "data/tickets/a.csv"), 2);
        assert_eq!(shared_tail(&normalise("C:\\work\\data\\tickets\\a.csv"), "tickets/a.csv"), 2);
        assert_eq!(shared_tail("tickets/a.csv", "tickets/b.csv"), 0);
        assert_eq!(normalise("./tickets/a.csv"), "tickets/a.csv");
        let listed = |p: &str| Some(Listed { path: p.to_string(), sha256: String::new() });
        // The longest shared tail wins; a tie pairs nothing.
        assert_eq!(closest("x/2026/a.csv", &[listed("2025/a.csv"), listed("2026/a.csv")]), Some(1));
        assert_eq!(closest("x/a.csv", &[listed("y/a.csv"), listed("z/a.csv")]), None);
    }
}
