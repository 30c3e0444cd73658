//! Expanding a dataset's path or glob into the files to read.

use super::LoadError;
use crate::ir::Dataset;
use std::path::{Path, PathBuf};

/// A file to read.
pub(super) struct SourceFile {
    /// Where it is.
    pub path: PathBuf,
    /// Its path relative to the data directory, with forward slashes.
    pub name: String,
}

/// The regular files matching the dataset's glob under `data_dir`, sorted by
/// their relative path. `*` and `?` do not cross `/` and do not match a
/// leading `.` (so `*.csv` skips `._x.csv` litter); `**` reaches subdirectories.
pub(super) fn expand(dataset: &Dataset, data_dir: &Path) -> Result<Vec<SourceFile>, LoadError> {
    let base = glob::Pattern::escape(&data_dir.to_string_lossy());
    let pattern = format!("{}/{}", base.trim_end_matches('/'), dataset.path);
    let options =
        glob::MatchOptions { case_sensitive: true, require_literal_separator: true, require_literal_leading_dot: true };
    let paths = glob::glob_with(&pattern, options).map_err(|e| LoadError::InvalidPattern {
        dataset: dataset.name.clone(),
        pattern: dataset.path.clone(),
        message: e.msg.to_string(),
    })?;
    let mut files = Vec::new();
    for entry in paths {
        let path = entry.map_err(|e| LoadError::Io { path: e.path().display().to_string(), source: e.into() })?;
        if path.is_file() {
            let name = relative_name(&path, data_dir);
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
    files.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(files)
}

/// `path` relative to `data_dir`, components joined by `/`.
fn relative_name(path: &Path, data_dir: &Path) -> String {
    let relative = path.strip_prefix(data_dir).unwrap_or(path);
    relative.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/")
}
