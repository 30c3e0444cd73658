//! What the server knows: the open documents and, for each contract, the
//! result of checking it.
//!
//! A document is checked as part of its *root*: itself when it holds a
//! `contract` item, otherwise the file that includes it (found among the
//! open documents and the `.xla` files of the workspace), so that an
//! included file of shared calendars sees the names of the contract and
//! its diagnostics are the ones `xla check` prints for the contract.
//! Open buffers are served to the checker instead of the files on disk.

use super::convert;
use super::lexer::{self, TokenKind};
use crate::check::{self, normalize, Checked, FileSystem};
use crate::source::{FileId, SourceFile};
use crate::syntax::ast;
use lsp_types::Uri;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::rc::Rc;
use std::time::{Duration, Instant};

/// An open document.
#[derive(Debug, Clone)]
pub struct Document {
    /// The URI the client uses for it.
    pub uri: Uri,
    /// Its text as the client last sent it.
    pub text: String,
    /// The client's version number.
    pub version: i32,
}

/// The result of checking one root file.
#[derive(Debug)]
pub struct Analysis {
    /// The root file.
    pub root: PathBuf,
    /// What the checker found.
    pub checked: Checked,
}

impl Analysis {
    /// The id of `path` among the files of this check.
    pub fn file_id(&self, path: &Path) -> Option<FileId> {
        self.checked.sources.find(path)
    }

    /// The source file with this id.
    pub fn file(&self, id: FileId) -> &SourceFile {
        self.checked.sources.get(id)
    }

    /// The AST of the file with this id.
    pub fn ast(&self, id: FileId) -> Option<&ast::File> {
        self.checked.asts.iter().find(|(f, _)| *f == id).map(|(_, a)| a)
    }
}

/// Where a request's document stands inside its check.
pub struct DocView {
    /// The check the document is part of.
    pub analysis: Rc<Analysis>,
    /// The document's id inside it.
    pub file: FileId,
}

impl DocView {
    /// The document's source.
    pub fn source(&self) -> &SourceFile {
        self.analysis.file(self.file)
    }

    /// The document's text.
    pub fn text(&self) -> &str {
        &self.source().text
    }
}

/// The open documents and the checks made of them.
#[derive(Default)]
pub struct World {
    docs: BTreeMap<PathBuf, Document>,
    analyses: HashMap<PathBuf, Rc<Analysis>>,
    /// Folders searched for files that include an open document.
    pub workspace_roots: Vec<PathBuf>,
    workspace_files: Vec<PathBuf>,
    scanned_at: Option<Instant>,
    /// The includer found for each file without a contract (`None`: none
    /// found). Kept until a file is opened, closed or saved, or an open
    /// document changes what it includes or whether it holds a contract.
    includers: HashMap<PathBuf, Option<PathBuf>>,
}

/// Serves open buffers, and the disk for everything else.
struct Overlay<'a> {
    docs: &'a BTreeMap<PathBuf, Document>,
}

impl FileSystem for Overlay<'_> {
    fn read_to_string(&self, path: &Path) -> std::io::Result<String> {
        match self.docs.get(&normalize(path)) {
            Some(doc) => Ok(doc.text.clone()),
            None => crate::trust::read_source(path),
        }
    }
}

const ITEM_LIMIT_FILES: usize = 2000;
const RESCAN_AFTER: Duration = Duration::from_secs(5);

impl World {
    /// Opens or replaces a document.
    pub fn open(&mut self, uri: Uri, text: String, version: i32) {
        let path = convert::path_of_uri(&uri);
        self.docs.insert(path, Document { uri, text, version });
        self.analyses.clear();
        self.includers.clear();
    }

    /// Replaces the text of an open document.
    pub fn change(&mut self, uri: &Uri, text: String, version: i32) {
        let path = convert::path_of_uri(uri);
        match self.docs.get_mut(&path) {
            Some(doc) => {
                let links = |t: &str| (has_contract(t), includes(&path, t));
                if links(&doc.text) != links(&text) {
                    self.includers.clear();
                }
                doc.text = text;
                doc.version = version;
            }
            None => {
                self.docs.insert(path, Document { uri: uri.clone(), text, version });
                self.includers.clear();
            }
        }
        self.analyses.clear();
    }

    /// The text of an open document after the protocol's content changes:
    /// each replaces a range, or (without one) the whole text.
    pub fn apply_changes(&self, uri: &Uri, changes: Vec<lsp_types::TextDocumentContentChangeEvent>) -> String {
        let mut text = self.document(uri).map(|d| d.text.clone()).unwrap_or_default();
        for change in changes {
            match change.range {
                None => text = change.text,
                Some(range) => {
                    let file = SourceFile::new("", text.as_str());
                    let start = convert::offset(&file, range.start);
                    let end = convert::offset(&file, range.end).max(start);
                    text.replace_range(start..end, &change.text);
                }
            }
        }
        text
    }

    /// Closes a document: the disk is the truth for it again.
    pub fn close(&mut self, uri: &Uri) {
        self.docs.remove(&convert::path_of_uri(uri));
        self.analyses.clear();
        self.includers.clear();
    }

    /// Forgets every check, after files changed on disk.
    pub fn invalidate(&mut self) {
        self.analyses.clear();
        self.includers.clear();
        self.scanned_at = None;
    }

    /// The open document at `uri`.
    pub fn document(&self, uri: &Uri) -> Option<&Document> {
        self.docs.get(&convert::path_of_uri(uri))
    }

    /// Every open document, by path.
    pub fn documents(&self) -> impl Iterator<Item = (&PathBuf, &Document)> {
        self.docs.iter()
    }

    /// The URI to show for a path: the client's own for open documents.
    pub fn uri_of(&self, path: &Path) -> Uri {
        match self.docs.get(path) {
            Some(doc) => doc.uri.clone(),
            None => convert::uri_of_path(path),
        }
    }

    /// The version of the open document at `path`.
    pub fn version_of(&self, path: &Path) -> Option<i32> {
        self.docs.get(path).map(|d| d.version)
    }

    fn read(&self, path: &Path) -> Option<String> {
        Overlay { docs: &self.docs }.read_to_string(path).ok()
    }

    /// The check that the document at `uri` is part of, and its id there.
    pub fn view(&mut self, uri: &Uri) -> Option<DocView> {
        let path = convert::path_of_uri(uri);
        let text = self.read(&path)?;
        let root = self.root_of(&path, &text);
        let analysis = self.analysis(&root)?;
        if let Some(file) = analysis.file_id(&path) {
            return Some(DocView { analysis, file });
        }
        // The includer no longer reaches this file: check it on its own.
        let analysis = self.analysis(&path)?;
        let file = analysis.file_id(&path)?;
        Some(DocView { analysis, file })
    }

    /// The check of the root file `root` (made once per edit).
    pub fn analysis(&mut self, root: &Path) -> Option<Rc<Analysis>> {
        if let Some(a) = self.analyses.get(root) {
            return Some(a.clone());
        }
        let text = self.read(root)?;
        let checked = check::check_text(root, text, &Overlay { docs: &self.docs });
        let analysis = Rc::new(Analysis { root: root.to_path_buf(), checked });
        self.analyses.insert(root.to_path_buf(), analysis.clone());
        Some(analysis)
    }

    /// The roots of every open document, each once, in path order.
    pub fn roots(&mut self) -> Vec<PathBuf> {
        let docs: Vec<(PathBuf, String)> = self.docs.iter().map(|(p, d)| (p.clone(), d.text.clone())).collect();
        let mut seen = HashSet::new();
        let mut roots = Vec::new();
        for (path, text) in docs {
            let root = self.root_of(&path, &text);
            if seen.insert(root.clone()) {
                roots.push(root);
            }
        }
        roots
    }

    /// The file whose check covers `path`: itself if it holds a contract,
    /// else the outermost file found that includes it.
    pub fn root_of(&mut self, path: &Path, text: &str) -> PathBuf {
        let mut current = path.to_path_buf();
        let mut current_text = text.to_string();
        let mut visited = HashSet::from([current.clone()]);
        while !has_contract(&current_text) {
            let Some(includer) = self.includer_of(&current) else {
                break;
            };
            let Some(includer_text) = self.read(&includer) else {
                break;
            };
            if !visited.insert(includer.clone()) {
                break; // an include cycle: the checker reports it
            }
            current = includer;
            current_text = includer_text;
        }
        current
    }

    fn includer_of(&mut self, path: &Path) -> Option<PathBuf> {
        if let Some(known) = self.includers.get(path) {
            return known.clone();
        }
        let found = self.find_includer(path);
        self.includers.insert(path.to_path_buf(), found.clone());
        found
    }

    fn find_includer(&mut self, path: &Path) -> Option<PathBuf> {
        let mut candidates: Vec<PathBuf> = self.docs.keys().cloned().collect();
        candidates.extend(self.workspace_files().iter().cloned());
        if let Some(dir) = path.parent() {
            candidates.extend(xla_files_in(dir));
            if let Some(up) = dir.parent() {
                candidates.extend(xla_files_in(up));
            }
        }
        candidates.sort();
        candidates.dedup();
        // A file that holds the contract wins over another shared file.
        let mut found: Option<PathBuf> = None;
        for candidate in candidates {
            if candidate == path {
                continue;
            }
            let Some(text) = self.read(&candidate) else { continue };
            if includes(&candidate, &text).iter().any(|p| p == path) {
                if has_contract(&text) {
                    return Some(candidate);
                }
                found.get_or_insert(candidate);
            }
        }
        found
    }

    fn workspace_files(&mut self) -> &[PathBuf] {
        if self.scanned_at.is_none_or(|t| t.elapsed() > RESCAN_AFTER) {
            let mut files = Vec::new();
            for root in &self.workspace_roots {
                walk(root, 0, &mut files);
            }
            self.workspace_files = files;
            self.scanned_at = Some(Instant::now());
        }
        &self.workspace_files
    }
}

/// Whether a line of `text` starts with the `contract` keyword: the item
/// that makes a file a root, even while it is half-typed.
fn has_contract(text: &str) -> bool {
    text.contains("contract")
        && text.lines().any(|line| {
            let rest = line.trim_start().strip_prefix("contract");
            rest.is_some_and(|r| r.is_empty() || r.starts_with([' ', '\t', '"', '{']))
        })
}

/// The files that `text` (the file at `path`) includes, resolved the way the
/// checker resolves them.
fn includes(path: &Path, text: &str) -> Vec<PathBuf> {
    if !text.contains("include") {
        return Vec::new();
    }
    let dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
    let tokens = lexer::lex(text);
    tokens
        .windows(2)
        .filter(|w| w[0].is_word(text, "include") && w[1].kind == (TokenKind::Str { closed: true }))
        .map(|w| {
            let quoted = w[1].text(text);
            let inner = &quoted[1..quoted.len() - 1];
            normalize(&dir.join(inner.replace("\\\"", "\"").replace("\\\\", "\\")))
        })
        .collect()
}

fn xla_files_in(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else { return Vec::new() };
    entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "xla") && p.is_file())
        .map(|p| normalize(&p))
        .collect()
}

fn walk(dir: &Path, depth: usize, out: &mut Vec<PathBuf>) {
    if depth > 8 || out.len() >= ITEM_LIMIT_FILES {
        return;
    }
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    let mut entries: Vec<_> = entries.filter_map(Result::ok).collect();
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        let Ok(kind) = entry.file_type() else { continue };
        if kind.is_dir() {
            if !name.starts_with('.') && name != "target" && name != "node_modules" {
                walk(&entry.path(), depth + 1, out);
            }
        } else if name.ends_with(".xla") && out.len() < ITEM_LIMIT_FILES {
            out.push(normalize(&entry.path()));
        }
    }
}
