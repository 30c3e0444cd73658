//! Writing a set of output files atomically (LANGUAGE.md §8.4).
//!
//! Every file is first written in full to a temporary file in the output
//! directory ([`crate::temporary`]) and flushed to disk; only when all of
//! them are written, and every target has been checked to be replaceable
//! (not a directory), are they renamed over their final names (a rename
//! within one directory is atomic). A reader never sees a half-written file,
//! and a failure before the renames leaves the directory as it was, with no
//! temporary files. Should a rename still fail part way, the error says
//! which files were already replaced. Temporaries left by a killed run are
//! removed first.

use super::OutputFile;
use crate::temporary;
use std::fs::{self, File};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// Why the outputs could not be written, and what was written before.
#[derive(Debug, thiserror::Error)]
#[error("cannot write {}: {source}", path.display())]
pub struct WriteError {
    /// The file or directory that failed.
    pub path: PathBuf,
    /// The underlying error.
    #[source]
    pub source: io::Error,
    /// The outputs already replaced when it failed (by name; empty when
    /// nothing was written).
    pub written: Vec<String>,
}

/// Writes `files` into `dir` (created if missing), all or nothing.
pub fn write_atomically(dir: &Path, files: &[OutputFile]) -> Result<(), WriteError> {
    let fail = |path: &Path| {
        let path = path.to_path_buf();
        move |source| WriteError { path, source, written: Vec::new() }
    };
    fs::create_dir_all(dir).map_err(fail(dir))?;
    temporary::remove_stale(dir);
    for file in files {
        let target = dir.join(&file.name);
        check_replaceable(&target).map_err(fail(&target))?;
    }
    let mut temporaries: Vec<(PathBuf, PathBuf)> = Vec::with_capacity(files.len());
    for file in files {
        let target = dir.join(&file.name);
        let written = temporary::create(dir, &file.name).and_then(|(handle, temporary)| {
            // Add it before writing, so that a failure part way removes it too.
            temporaries.push((temporary, target.clone()));
            write_synced(handle, &file.bytes)
        });
        if let Err(source) = written {
            remove_all(&temporaries);
            return Err(WriteError { path: target, source, written: Vec::new() });
        }
    }
    for (i, (temporary, target)) in temporaries.iter().enumerate() {
        if let Err(source) = fs::rename(temporary, target) {
            remove_all(&temporaries[i..]);
            let written = files[..i].iter().map(|f| f.name.clone()).collect();
            return Err(WriteError { path: target.clone(), source, written });
        }
    }
    // Make the renames themselves durable. Not every platform can open a
    // directory for syncing; the files are complete either way.
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
    Ok(())
}

/// Fails if `target` exists and a rename cannot replace it: a directory
/// (a rename over a file or a symlink replaces it).
fn check_replaceable(target: &Path) -> io::Result<()> {
    match fs::symlink_metadata(target) {
        Ok(metadata) if metadata.is_dir() => Err(io::Error::other("it is a directory; move it out of the way")),
        Ok(_) => Ok(()),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(e),
    }
}

/// Writes `bytes` to the new temporary `file` and flushes them to disk.
fn write_synced(mut file: File, bytes: &[u8]) -> io::Result<()> {
    file.write_all(bytes)?;
    file.sync_all()
}

/// Removes the temporary files of `pairs`, ignoring those already gone.
fn remove_all(pairs: &[(PathBuf, PathBuf)]) {
    for (temporary, _) in pairs {
        let _ = fs::remove_file(temporary);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(name: &str, text: &str) -> OutputFile {
        OutputFile { name: name.to_string(), bytes: text.as_bytes().to_vec() }
    }

    fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> =
            fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
        names.sort();
        names
    }

    #[test]
    fn writes_every_file_and_leaves_no_temporaries() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        write_atomically(&out, &[file("a.json", "{}"), file("ledger.csv", "x")]).unwrap();
        assert_eq!(names(&out), ["a.json", "ledger.csv"]);
        // Rewriting replaces the contents.
        write_atomically(&out, &[file("a.json", "[]")]).unwrap();
        assert_eq!(fs::read_to_string(out.join("a.json")).unwrap(), "[]");
    }

    #[test]
    fn a_failure_writes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("a.json"), "old").unwrap();
        // The second file cannot be created: its name is a directory path
        // that does not exist.
        let err = write_atomically(dir.path(), &[file("a.json", "new"), file("missing/b.json", "x")]).unwrap_err();
        assert!(err.to_string().contains("cannot write"), "{err}");
        assert_eq!(fs::read_to_string(dir.path().join("a.json")).unwrap(), "old");
        assert_eq!(names(dir.path()), ["a.json"]);
    }

    #[test]
    fn a_target_that_is_a_directory_fails_before_anything_is_replaced() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("settlement-2026-01.json"), "old").unwrap();
        fs::create_dir(dir.path().join("ledger.csv")).unwrap();
        let outputs = [file("settlement-2026-01.json", "new"), file("ledger.csv", "x")];
        let err = write_atomically(dir.path(), &outputs).unwrap_err();
        assert!(err.to_string().contains("ledger.csv") && err.to_string().contains("directory"), "{err}");
        assert!(err.written.is_empty());
        assert_eq!(fs::read_to_string(dir.path().join("settlement-2026-01.json")).unwrap(), "old");
        assert_eq!(names(dir.path()), ["ledger.csv", "settlement-2026-01.json"]);
    }

    #[test]
    fn stale_temporaries_are_removed() {
        let dir = tempfile::tempdir().unwrap();
        let stale = dir.path().join(".a.json.xla-tmp.4194305.00000000deadbeef");
        fs::write(&stale, "half").unwrap();
        write_atomically(dir.path(), &[file("a.json", "{}")]).unwrap();
        if cfg!(target_os = "linux") {
            assert_eq!(names(dir.path()), ["a.json"]);
        }
    }

    #[test]
    fn an_output_path_that_is_a_file_fails() {
        let dir = tempfile::tempdir().unwrap();
        let not_a_dir = dir.path().join("out");
        fs::write(&not_a_dir, "").unwrap();
        assert!(write_atomically(&not_a_dir, &[file("a.json", "{}")]).is_err());
    }
}
