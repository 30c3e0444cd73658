//! Temporary files beside the file they will replace.
//!
//! Both `xla fmt` and `xla settle` replace files by writing a temporary in
//! the same directory and renaming it over the target (atomic on one file
//! system). A temporary is created exclusively (`O_CREAT | O_EXCL`, which
//! also refuses to follow a symlink planted under its name) with a random,
//! recognisable name: `.TARGET.xla-tmp.PID.RANDOM`. A run that is killed
//! leaves its temporaries behind; later runs remove those of processes
//! that no longer exist (or, where that cannot be told, that are over an
//! hour old).

use std::collections::hash_map::RandomState;
use std::fs::{self, File, OpenOptions};
use std::hash::{BuildHasher, Hasher};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

/// Replaces the content of the file at `path` with `bytes` through a
/// temporary beside it, keeping its permissions. A symlink is followed: the
/// file it leads to gets the new content and the link stays a link.
pub fn replace_contents(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let target = fs::canonicalize(path)?;
    let (Some(dir), Some(name)) = (target.parent(), target.file_name().and_then(|n| n.to_str())) else {
        return Err(io::Error::other("not a file in a directory"));
    };
    remove_stale(dir);
    let permissions = fs::metadata(&target)?.permissions();
    let (mut file, temporary) = create(dir, name)?;
    let written = file
        .write_all(bytes)
        .and_then(|()| file.set_permissions(permissions))
        .and_then(|()| file.sync_all())
        .and_then(|()| fs::rename(&temporary, &target));
    if written.is_err() {
        let _ = fs::remove_file(&temporary);
    }
    written
}

/// What every temporary's name holds after the target's name.
const MARKER: &str = ".xla-tmp.";

/// How old a temporary must be to be removed when it cannot be told
/// whether the process that made it still runs.
const STALE_AFTER: Duration = Duration::from_secs(3600);

/// A new, empty temporary file in `dir` for the target named `name`,
/// opened for writing, and its path.
pub fn create(dir: &Path, name: &str) -> io::Result<(File, PathBuf)> {
    let mut last = None;
    for _ in 0..16 {
        let path = dir.join(format!(".{name}{MARKER}{}.{:016x}", std::process::id(), random()));
        match OpenOptions::new().write(true).create_new(true).open(&path) {
            Ok(file) => return Ok((file, path)),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => last = Some(e),
            Err(e) => return Err(e),
        }
    }
    Err(last.unwrap_or_else(|| io::Error::other("no free temporary name")))
}

/// Removes the temporaries in `dir` left by runs that were killed. Errors
/// are ignored: a temporary that cannot be removed harms nothing.
pub fn remove_stale(dir: &Path) {
    let Ok(entries) = fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(pid) = name.to_str().and_then(owner) else { continue };
        let is_file = entry.file_type().is_ok_and(|k| k.is_file());
        if is_file && is_stale(pid, &entry) {
            let _ = fs::remove_file(entry.path());
        }
    }
}

/// The process id in a temporary's name, if `name` is one.
fn owner(name: &str) -> Option<u32> {
    let (_, rest) = name.strip_prefix('.')?.rsplit_once(MARKER)?;
    let (pid, random) = rest.split_once('.')?;
    (random.len() == 16 && random.chars().all(|c| c.is_ascii_hexdigit())).then_some(())?;
    pid.parse().ok()
}

fn is_stale(pid: u32, entry: &fs::DirEntry) -> bool {
    if pid == std::process::id() {
        return false;
    }
    let processes = Path::new("/proc/self");
    if processes.exists() {
        return !Path::new("/proc").join(pid.to_string()).exists();
    }
    let modified = entry.metadata().and_then(|m| m.modified());
    modified.is_ok_and(|t| SystemTime::now().duration_since(t).is_ok_and(|age| age > STALE_AFTER))
}

/// 64 random bits from the standard library's per-process random hash keys,
/// mixed with the time (no random number crate is needed for a name).
fn random() -> u64 {
    let mut hasher = RandomState::new().build_hasher();
    hasher.write_u128(SystemTime::now().duration_since(SystemTime::UNIX_EPOCH).map_or(0, |d| d.as_nanos()));
    hasher.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_random_recognisable_and_exclusive() {
        let dir = tempfile::tempdir().unwrap();
        let (_, a) = create(dir.path(), "c.xla").unwrap();
        let (_, b) = create(dir.path(), "c.xla").unwrap();
        assert_ne!(a, b);
        let name = a.file_name().unwrap().to_str().unwrap();
        assert!(name.starts_with(".c.xla.xla-tmp."), "{name}");
        assert_eq!(owner(name), Some(std::process::id()));
        assert_eq!(owner(".c.xla"), None);
        assert_eq!(owner(".c.xla.xla-tmp.12.nothex"), None);
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn temporaries_of_dead_processes_are_removed_and_others_kept() {
        let dir = tempfile::tempdir().unwrap();
        // No process has this id (above the kernel's limit of 2^22).
        let dead = dir.path().join(".c.xla.xla-tmp.4194305.00000000deadbeef");
        fs::write(&dead, "half a file").unwrap();
        let (_, mine) = create(dir.path(), "c.xla").unwrap();
        let unrelated = dir.path().join(".c.xla.swp");
        fs::write(&unrelated, "").unwrap();
        remove_stale(dir.path());
        assert!(!dead.exists());
        assert!(mine.exists(), "this process's own temporary is in use");
        assert!(unrelated.exists());
    }
}
