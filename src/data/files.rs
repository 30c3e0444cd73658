//! Expanding a dataset's path or glob into the files to read (LANGUAGE.md
//! §5 v2).
//!
//! The path or glob is relative to the data directory and may not leave it.
//! Expansion walks the directories itself rather than asking the `glob`
//! crate to, because that follows symlinked directories: a link
//! `tickets/loop -> .` made `tickets/**/*.csv` read one file 41 times, and
//! two such links never finished. Here a symlinked directory is never
//! entered, a symlinked file is read by its resolved path and only once,
//! and anything that is not a regular file (a FIFO, a device) is refused.

use super::LoadError;
use crate::ir::Dataset;
use std::collections::HashSet;
use std::fs;
use std::path::{Path, PathBuf};

/// A file to read.
pub(super) struct SourceFile {
    /// Where it is.
    pub path: PathBuf,
    /// Its path relative to the data directory, with forward slashes.
    pub name: String,
}

impl SourceFile {
    /// The load error for an I/O error reading this file.
    pub(super) fn io_error(&self, source: std::io::Error) -> LoadError {
        LoadError::Io { path: self.path.display().to_string(), source }
    }
}

/// How the glob matches: `*` and `?` do not cross `/` and do not match a
/// leading `.` (so `*.csv` skips `._x.csv` litter); `**` reaches
/// subdirectories.
const OPTIONS: glob::MatchOptions =
    glob::MatchOptions { case_sensitive: true, require_literal_separator: true, require_literal_leading_dot: true };

/// The regular files matching the dataset's path or glob under `data_dir`,
/// sorted by their relative path, each file once.
pub(super) fn expand(dataset: &Dataset, data_dir: &Path) -> Result<Vec<SourceFile>, LoadError> {
    let relative = crate::trust::check_data_path(&dataset.path).map_err(|reason| LoadError::OutsideData {
        dataset: dataset.name.clone(),
        pattern: dataset.path.clone(),
        reason,
    })?;
    let pattern = glob::Pattern::new(&relative).map_err(|e| LoadError::InvalidPattern {
        dataset: dataset.name.clone(),
        pattern: dataset.path.clone(),
        message: e.msg.to_string(),
    })?;
    let parts: Vec<&str> = relative.split('/').collect();
    // Start the walk below the part of the path without wildcards.
    let literal = parts.iter().take_while(|p| !is_wild(p)).count();
    let mut walk = Walk {
        pattern: &pattern,
        deepest: if parts.iter().any(|p| p.contains("**")) { usize::MAX } else { parts.len() },
        matched: Vec::new(),
    };
    let start = parts[..literal.min(parts.len() - 1)].to_vec();
    walk.visit(data_dir, &start)
        .map_err(|(path, source)| LoadError::Io { path: path.display().to_string(), source })?;

    let mut files = Vec::new();
    let mut seen = HashSet::new();
    walk.matched.sort_by(|a, b| a.1.cmp(&b.1));
    for (path, name) in walk.matched {
        let metadata =
            fs::metadata(&path).map_err(|source| LoadError::Io { path: path.display().to_string(), source })?;
        if !metadata.is_file() {
            return Err(LoadError::NotRegular {
                dataset: dataset.name.clone(),
                file: name,
                kind: crate::trust::what(metadata.file_type()),
            });
        }
        let resolved =
            fs::canonicalize(&path).map_err(|source| LoadError::Io { path: path.display().to_string(), source })?;
        if seen.insert(resolved) {
            files.push(SourceFile { path, name });
        }
    }
    if files.is_empty() {
        return Err(LoadError::NoFiles {
            dataset: dataset.name.clone(),
            pattern: dataset.path.clone(),
            data_dir: data_dir.to_path_buf(),
        });
    }
    Ok(files)
}

/// Whether a path component holds a wildcard.
fn is_wild(part: &str) -> bool {
    part.contains(['*', '?', '['])
}

/// A walk of the data directory collecting the entries the pattern matches.
struct Walk<'p> {
    pattern: &'p glob::Pattern,
    /// How many components a match can have.
    deepest: usize,
    /// Every match: its path and its name relative to the data directory.
    matched: Vec<(PathBuf, String)>,
}

type WalkError = (PathBuf, std::io::Error);

impl Walk<'_> {
    /// Looks at `dir` (`parts` below the data directory `root`) and, with a
    /// stack of its own, every real directory under it.
    fn visit(&mut self, root: &Path, parts: &[&str]) -> Result<(), WalkError> {
        let mut pending: Vec<Vec<String>> = vec![parts.iter().map(|p| p.to_string()).collect()];
        while let Some(parts) = pending.pop() {
            let dir = parts.iter().fold(root.to_path_buf(), |dir, part| dir.join(part));
            let entries = match fs::read_dir(&dir) {
                Ok(entries) => entries,
                // The directory of a literal path may simply not exist:
                // no file matches.
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
                Err(e) => return Err((dir, e)),
            };
            for entry in entries {
                let entry = entry.map_err(|e| (dir.clone(), e))?;
                let Some(name) = entry.file_name().to_str().map(str::to_string) else { continue };
                let kind = entry.file_type().map_err(|e| (entry.path(), e))?;
                let mut below = parts.clone();
                below.push(name);
                let relative = below.join("/");
                if kind.is_dir() {
                    // A real directory (`file_type` does not follow
                    // symlinks); a symlinked one is never entered.
                    if below.len() < self.deepest {
                        pending.push(below);
                    }
                } else if self.pattern.matches_with(&relative, OPTIONS) && !is_linked_dir(&entry) {
                    self.matched.push((entry.path(), relative));
                }
            }
        }
        Ok(())
    }
}

/// Whether `entry` is a symlink to a directory (which is not followed).
fn is_linked_dir(entry: &fs::DirEntry) -> bool {
    entry.file_type().is_ok_and(|k| k.is_symlink()) && entry.path().is_dir()
}
