//! What a contract may make the tool read (LANGUAGE.md §4–§5 v2; the trust
//! model is written out in `docs/trust.md`).
//!
//! A contract is untrusted input: CI checks it from pull requests and
//! editors open it from any repository. The paths it writes are therefore
//! checked before anything is opened: an `include` or a `holidays` file is a
//! relative path to a regular `.xla` or `.toml` file of at most
//! [`MAX_SOURCE_BYTES`]; a dataset path or glob stays inside the data
//! directory. A refused file is never read, so its content can never be
//! quoted in a diagnostic.

use std::fmt;
use std::fs::File;
use std::io::{self, Read};
use std::path::{Component, Path};

/// The largest `.xla` or holidays `.toml` file read: 16 MiB.
pub const MAX_SOURCE_BYTES: u64 = 16 * 1024 * 1024;

/// Why a file was refused without being read: it is not a regular file, or
/// it is too large. Carried inside an [`io::Error`] so that file systems
/// (the disk, an editor's buffers) keep one signature; see [`refusal`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refused(pub String);

impl fmt::Display for Refused {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Refused {}

/// The refusal inside `error`, if [`read_source`] refused the file.
pub fn refusal(error: &io::Error) -> Option<&Refused> {
    error.get_ref().and_then(|e| e.downcast_ref::<Refused>())
}

fn refuse(reason: String) -> io::Error {
    io::Error::other(Refused(reason))
}

/// Checks the text of an `include` or `holidays` path before it is
/// resolved: a relative path whose name ends in `.EXTENSION` (`extension`
/// without its dot). The error is
/// the reason, to follow "the path `…` ".
pub fn check_source_path(value: &str, extension: &str) -> Result<(), String> {
    let path = Path::new(value);
    if path.has_root() || path.is_absolute() {
        return Err("is absolute; a contract may only name files relative to the file that names them".to_string());
    }
    let suffix = format!(".{extension}");
    let named = path.file_name().and_then(|n| n.to_str());
    if !named.is_some_and(|n| n.len() > suffix.len() && n.ends_with(&suffix)) {
        return Err(format!("does not name a `{suffix}` file"));
    }
    Ok(())
}

/// Checks a dataset's path or glob: relative to the data directory, and no
/// `..` climbs out of it. Returns it with `.` removed and `..` resolved.
pub fn check_data_path(value: &str) -> Result<String, String> {
    let path = Path::new(value);
    if path.has_root() || path.is_absolute() {
        return Err("is absolute; dataset paths are relative to the data directory (`--data`)".to_string());
    }
    let mut parts: Vec<&str> = Vec::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                if parts.pop().is_none() {
                    return Err("climbs out of the data directory (`--data`) with `..`".to_string());
                }
            }
            Component::Normal(part) => parts.push(part.to_str().unwrap_or_default()),
            Component::RootDir | Component::Prefix(_) => {
                return Err("is absolute; dataset paths are relative to the data directory (`--data`)".to_string())
            }
        }
    }
    if parts.is_empty() {
        return Err("names the data directory itself, not a file in it".to_string());
    }
    Ok(parts.join("/"))
}

/// Reads the source file at `path` as UTF-8, following symlinks, if it is
/// a regular file of at most [`MAX_SOURCE_BYTES`]. A device, FIFO, socket
/// or directory is refused before it is opened (so a FIFO cannot block),
/// and a larger file without reading it.
///
/// A symlink must lead to a file with the same extension as its own name:
/// a planted `env.xla -> /proc/self/environ` is refused, so the content of
/// a file that is not a source is never read, let alone quoted.
pub fn read_source(path: &Path) -> io::Result<String> {
    let before = std::fs::metadata(path)?;
    check_regular(&before)?;
    if std::fs::symlink_metadata(path)?.file_type().is_symlink() {
        let target = std::fs::canonicalize(path)?;
        if target.extension() != path.extension() {
            let ext = path.extension().map_or(String::new(), |e| format!("`.{}` ", e.to_string_lossy()));
            return Err(refuse(format!("it is a symlink to something other than a {ext}file")));
        }
    }
    let file = File::open(path)?;
    // The path may have been swapped between the two looks.
    check_regular(&file.metadata()?)?;
    let mut text = String::new();
    file.take(MAX_SOURCE_BYTES + 1).read_to_string(&mut text)?;
    if text.len() as u64 > MAX_SOURCE_BYTES {
        return Err(too_large());
    }
    Ok(text)
}

fn check_regular(metadata: &std::fs::Metadata) -> io::Result<()> {
    if !metadata.is_file() {
        return Err(refuse(format!("it is {}, not a regular file", what(metadata.file_type()))));
    }
    if metadata.len() > MAX_SOURCE_BYTES {
        return Err(too_large());
    }
    Ok(())
}

fn too_large() -> io::Error {
    refuse(format!("it is larger than {} MiB", MAX_SOURCE_BYTES >> 20))
}

/// What kind of file something that is not a regular file is.
pub fn what(kind: std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_fifo() {
            return "a FIFO (named pipe)";
        }
        if kind.is_char_device() || kind.is_block_device() {
            return "a device";
        }
        if kind.is_socket() {
            return "a socket";
        }
    }
    if kind.is_dir() {
        "a directory"
    } else {
        "something else"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn source_paths_are_relative_and_carry_their_extension() {
        assert_eq!(check_source_path("shared/cal.xla", "xla"), Ok(()));
        assert_eq!(check_source_path("../shared/cal.xla", "xla"), Ok(()));
        assert!(check_source_path("/etc/shadow", "xla").unwrap_err().contains("absolute"));
        assert!(check_source_path("/etc/x.xla", "xla").unwrap_err().contains("absolute"));
        assert!(check_source_path("../../etc/shadow", "xla").unwrap_err().contains("`.xla`"));
        assert!(check_source_path(".xla", "xla").is_err());
        assert!(check_source_path("days.toml", "xla").is_err());
        assert_eq!(check_source_path("days.toml", "toml"), Ok(()));
    }

    #[test]
    fn data_paths_stay_inside_the_data_directory() {
        assert_eq!(check_data_path("tickets/*.csv").as_deref(), Ok("tickets/*.csv"));
        assert_eq!(check_data_path("./a/../b/x.csv").as_deref(), Ok("b/x.csv"));
        assert!(check_data_path("../../../../etc/shadow").unwrap_err().contains("climbs out"));
        assert!(check_data_path("a/../../x.csv").unwrap_err().contains("climbs out"));
        assert!(check_data_path("/etc/shadow").unwrap_err().contains("absolute"));
        assert!(check_data_path("a/..").is_err());
    }

    #[cfg(unix)]
    #[test]
    fn only_regular_files_of_bounded_size_are_read() {
        let refused = |path: &str| read_source(Path::new(path)).map_err(|e| refusal(&e).cloned());
        assert!(refused("/dev/zero").unwrap_err().unwrap().0.contains("a device"));
        assert!(refused("/dev/null").unwrap_err().unwrap().0.contains("a device"));
        assert!(refused("/tmp").unwrap_err().unwrap().0.contains("a directory"));
        let dir = tempfile::tempdir().unwrap();
        let big = dir.path().join("big.xla");
        let file = File::create(&big).unwrap();
        file.set_len(MAX_SOURCE_BYTES + 1).unwrap();
        assert!(refused(big.to_str().unwrap()).unwrap_err().unwrap().0.contains("16 MiB"));
        file.set_len(3).unwrap();
        assert_eq!(read_source(&big).unwrap(), "\0\0\0");
        let link = dir.path().join("env.xla");
        std::os::unix::fs::symlink("/proc/self/environ", &link).unwrap();
        assert!(refused(link.to_str().unwrap()).unwrap_err().unwrap().0.contains("symlink"));
        let good = dir.path().join("good.xla");
        std::os::unix::fs::symlink(&big, &good).unwrap();
        assert_eq!(read_source(&good).unwrap(), "\0\0\0");
    }
}
