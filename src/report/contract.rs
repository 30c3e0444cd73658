//! The contract files a settlement was computed from, with their digests.

use crate::source::{FileId, Sources};
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::path::{Component, Path, PathBuf};

/// A file and the SHA-256 of its bytes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FileDigest {
    /// The path, with `/` separators, relative to the directory of the
    /// root contract file: the root is its bare file name, an include is
    /// named as it is from there. So the outputs are the same bytes
    /// whichever directory `xla` ran in and however the contract was named.
    pub path: String,
    /// SHA-256 of the file's bytes, lowercase hex.
    pub sha256: String,
}

/// The root contract file and the files it includes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ContractFiles {
    /// The root file.
    pub root: FileDigest,
    /// Included files, in the order the checker first reached them.
    pub includes: Vec<FileDigest>,
}

impl ContractFiles {
    /// The digests of the files the checker read. The texts the checker
    /// holds are the files' bytes (they were read as UTF-8 without any
    /// change), so hashing them hashes exactly what was checked.
    pub fn new(sources: &Sources) -> ContractFiles {
        let mut ids = sources.iter().map(|(id, _)| id).peekable();
        let base = ids.peek().and_then(|&id| sources.get(id).path.parent()).map(Path::to_path_buf).unwrap_or_default();
        let digest = |id: FileId| {
            let file = sources.get(id);
            FileDigest { path: slash_path(&relative_to(&file.path, &base)), sha256: sha256_hex(file.text.as_bytes()) }
        };
        let root = ids.next().map_or_else(|| FileDigest { path: String::new(), sha256: sha256_hex(b"") }, digest);
        ContractFiles { root, includes: ids.map(digest).collect() }
    }
}

/// `path` as seen from the directory `base`, worked out from the two paths'
/// text alone (both relative to the same directory, or both absolute, as
/// the checker names a root and the files it includes). When that cannot be
/// done — one is absolute and the other not, or `base` climbs out through
/// `..` further than `path` does — `path` is returned with its `.` and
/// cancelled `..` taken out.
pub fn relative_to(path: &Path, base: &Path) -> PathBuf {
    let (path_parts, base_parts) = (lexical(path), lexical(base));
    if path.is_absolute() != base.is_absolute() {
        return path_parts.iter().collect();
    }
    let common = path_parts.iter().zip(&base_parts).take_while(|(a, b)| a == b).count();
    if base_parts[common..].contains(&Component::ParentDir) {
        return path_parts.iter().collect();
    }
    let mut out: PathBuf = base_parts[common..].iter().map(|_| Component::ParentDir).collect();
    out.extend(&path_parts[common..]);
    out
}

/// The components of `path` with `.` dropped and each `..` cancelling the
/// name before it where there is one.
fn lexical(path: &Path) -> Vec<Component<'_>> {
    let mut parts: Vec<Component> = Vec::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir if matches!(parts.last(), Some(Component::Normal(_))) => {
                parts.pop();
            }
            Component::ParentDir if matches!(parts.last(), Some(Component::RootDir | Component::Prefix(_))) => {}
            other => parts.push(other),
        }
    }
    parts
}

/// Lowercase hex SHA-256 of `bytes`.
pub fn sha256_hex(bytes: &[u8]) -> String {
    format!("{:x}", Sha256::digest(bytes))
}

/// A path written with `/` between its components, whatever the platform.
pub fn slash_path(path: &Path) -> String {
    let parts: Vec<String> = path
        .components()
        .filter_map(|c| match c {
            Component::RootDir => Some(String::new()),
            Component::CurDir => None,
            other => Some(other.as_os_str().to_string_lossy().into_owned()),
        })
        .collect();
    if parts.len() == 1 && parts[0].is_empty() {
        "/".to_string()
    } else {
        parts.join("/")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digests_root_and_includes() {
        let mut sources = Sources::new();
        sources.add("contracts/acme.xla", "contract");
        sources.add("contracts/shared/calendars.xla", "");
        let files = ContractFiles::new(&sources);
        assert_eq!(files.root.path, "acme.xla");
        assert_eq!(files.includes[0].path, "shared/calendars.xla");
        // echo -n contract | sha256sum
        assert_eq!(files.root.sha256, "cc8321d6375c494d043fdd0260f21bc0ec51dacc9f6abb7f909cdcd3041b78bf");
        assert_eq!(files.includes.len(), 1);
        assert_eq!(files.includes[0].sha256, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    }

    #[test]
    fn paths_are_relative_to_the_root_contract_directory() {
        let rel = |p: &str, base: &str| slash_path(&relative_to(Path::new(p), Path::new(base)));
        assert_eq!(rel("/home/a/deal/contract.xla", "/home/a/deal"), "contract.xla");
        assert_eq!(rel("/home/a/deal/../shared/cal.xla", "/home/a/deal"), "../shared/cal.xla");
        assert_eq!(rel("deal/./shared/cal.xla", "deal"), "shared/cal.xla");
        assert_eq!(rel("../../x/shared/a.xla", "../../x"), "shared/a.xla");
        assert_eq!(rel("../../shared/a.xla", "../../x"), "../shared/a.xla");
        assert_eq!(rel("contract.xla", ""), "contract.xla");
        // Not expressible from the text alone: kept as it is.
        assert_eq!(rel("y/a.xla", "../x"), "y/a.xla");
        assert_eq!(rel("/abs/a.xla", "rel"), "/abs/a.xla");
    }

    #[test]
    fn paths_use_forward_slashes() {
        assert_eq!(slash_path(Path::new("./a/b.xla")), "a/b.xla");
        assert_eq!(slash_path(Path::new("/a/b.xla")), "/a/b.xla");
        assert_eq!(slash_path(Path::new("../b.xla")), "../b.xla");
    }
}
