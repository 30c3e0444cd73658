//! Expanding command-line paths into `.xla` files.

use std::path::{Path, PathBuf};

/// The `.xla` files named by `paths` (see [`find`]); on failure the error
/// is printed and the usage exit code returned.
pub fn xla_files(paths: &[PathBuf]) -> Result<Vec<PathBuf>, i32> {
    find(paths).map_err(|message| {
        errln!("error: {message}");
        super::USAGE
    })
}

/// The `.xla` files named by `paths`: files as given, directories searched
/// recursively (not through directory symlinks), in sorted order. An empty
/// list means the current directory.
fn find(paths: &[PathBuf]) -> Result<Vec<PathBuf>, String> {
    let default = [PathBuf::from(".")];
    let paths = if paths.is_empty() { &default[..] } else { paths };
    let mut out = Vec::new();
    for path in paths {
        if path.is_dir() {
            walk(path, &mut out).map_err(|e| format!("cannot read directory {}: {e}", path.display()))?;
        } else if path.is_file() {
            out.push(path.clone());
        } else if let Ok(metadata) = std::fs::metadata(path) {
            return Err(format!(
                "{}: it is {}, not a contract file",
                path.display(),
                xla::trust::what(metadata.file_type())
            ));
        } else {
            return Err(format!("{}: no such file or directory", path.display()));
        }
    }
    out.sort();
    out.dedup();
    Ok(out)
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    let mut entries: Vec<_> = std::fs::read_dir(dir)?.collect::<Result<_, _>>()?;
    entries.sort_by_key(std::fs::DirEntry::file_name);
    for entry in entries {
        let path = entry.path();
        let name = entry.file_name();
        if name.to_string_lossy().starts_with('.') || name == "target" || name == "node_modules" {
            continue;
        }
        // Directory symlinks are not followed (LANGUAGE.md §4): they can
        // loop, or lead anywhere. A `.xla` symlink is kept, and refused
        // when read if it does not lead to a regular file.
        if entry.file_type()?.is_dir() {
            walk(&path, out)?;
        } else if path.extension().is_some_and(|e| e == "xla") && !path.is_dir() {
            out.push(path);
        }
    }
    Ok(())
}
