//! The contract files a settlement was computed from, with their digests.

use crate::source::{FileId, Sources};
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::path::{Component, Path};

/// A file and the SHA-256 of its bytes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FileDigest {
    /// The path, with `/` separators, as the contract was named (relative
    /// paths stay relative).
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
        let digest = |id: FileId| {
            let file = sources.get(id);
            FileDigest { path: slash_path(&file.path), sha256: sha256_hex(file.text.as_bytes()) }
        };
        let mut ids = sources.iter().map(|(id, _)| id);
        let root = ids.next().map_or_else(|| FileDigest { path: String::new(), sha256: sha256_hex(b"") }, digest);
        ContractFiles { root, includes: ids.map(digest).collect() }
    }
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
        assert_eq!(files.root.path, "contracts/acme.xla");
        // echo -n contract | sha256sum
        assert_eq!(files.root.sha256, "cc8321d6375c494d043fdd0260f21bc0ec51dacc9f6abb7f909cdcd3041b78bf");
        assert_eq!(files.includes.len(), 1);
        assert_eq!(files.includes[0].sha256, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    }

    #[test]
    fn paths_use_forward_slashes() {
        assert_eq!(slash_path(Path::new("./a/b.xla")), "a/b.xla");
        assert_eq!(slash_path(Path::new("/a/b.xla")), "/a/b.xla");
        assert_eq!(slash_path(Path::new("../b.xla")), "../b.xla");
    }
}
