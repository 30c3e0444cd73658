//! Reading the root file and everything it includes.

use crate::diagnostic::{Code, Diagnostic};
use crate::source::{FileId, Sources, Span};
use crate::syntax::{self, ast};
use crate::trust;
use std::path::{Component, Path, PathBuf};

/// Where the checker reads files from: the disk, or an editor's unsaved buffers.
pub trait FileSystem {
    /// The text of the file at `path`.
    fn read_to_string(&self, path: &Path) -> std::io::Result<String>;
}

/// The real file system.
#[derive(Clone, Copy, Debug, Default)]
pub struct RealFs;

impl FileSystem for RealFs {
    /// Reads regular files of at most 16 MiB only ([`trust::read_source`]).
    fn read_to_string(&self, path: &Path) -> std::io::Result<String> {
        trust::read_source(path)
    }
}

/// The parsed files of one contract: the root first, then included files in
/// the order they were first reached.
#[derive(Debug, Default, Clone)]
pub struct Files {
    /// Every file's text.
    pub sources: Sources,
    /// Every file's AST, by file id.
    pub asts: Vec<(FileId, ast::File)>,
}

/// Reads and parses `root` (whose text is given) and, depth first, the files
/// it includes. Missing files and cycles become diagnostics on the
/// `include` that names them.
pub fn load(root: &Path, root_text: String, fs: &dyn FileSystem, diagnostics: &mut Vec<Diagnostic>) -> Files {
    let mut files = Files::default();
    let root = normalize(root);
    let id = files.sources.add(root.clone(), root_text);
    let mut stack = vec![(root, None)];
    visit(id, &mut stack, &mut files, fs, diagnostics);
    files
}

/// The files being read, root first, each with the `include` that reached it.
type Stack = Vec<(PathBuf, Option<Span>)>;

fn visit(id: FileId, stack: &mut Stack, files: &mut Files, fs: &dyn FileSystem, diagnostics: &mut Vec<Diagnostic>) {
    let text = files.sources.get(id).text.clone();
    let parsed = syntax::parse(&text, id);
    diagnostics.extend(parsed.diagnostics);
    let includes: Vec<ast::StrLit> = parsed
        .ast
        .items
        .iter()
        .filter_map(|item| match &item.kind {
            ast::ItemKind::Include(path) => Some(path.clone()),
            _ => None,
        })
        .collect();
    files.asts.push((id, parsed.ast));
    let dir = stack.last().and_then(|(p, _)| p.parent()).map(Path::to_path_buf).unwrap_or_default();
    for include in includes {
        if let Err(reason) = trust::check_source_path(&include.value, "xla") {
            diagnostics.push(refused_include(&include, &reason));
            continue;
        }
        let path = normalize(&dir.join(&include.value));
        if let Some(pos) = stack.iter().position(|(p, _)| *p == path) {
            let cycle = &stack[pos..];
            let chain: Vec<String> =
                cycle.iter().map(|(p, _)| p).chain(std::iter::once(&path)).map(|p| display_name(p)).collect();
            let mut d = Diagnostic::new(
                Code::IncludeCycle,
                include.span,
                format!("`{}` includes itself: {}", include.value, chain.join(" → ")),
            )
            .with_label("this include closes the cycle")
            .with_help("move the shared items into a file that both include, and remove one of these includes");
            for pair in cycle.windows(2) {
                if let Some(span) = pair[1].1 {
                    let (from, to) = (display_name(&pair[0].0), display_name(&pair[1].0));
                    d = d.with_secondary(span, format!("`{from}` includes `{to}` here"));
                }
            }
            diagnostics.push(d);
            continue;
        }
        if files.sources.find(&path).is_some() {
            continue; // already read through another include
        }
        match fs.read_to_string(&path) {
            Ok(text) => {
                let child = files.sources.add(path.clone(), text);
                stack.push((path, Some(include.span)));
                visit(child, stack, files, fs, diagnostics);
                stack.pop();
            }
            Err(e) if trust::refusal(&e).is_some() => {
                diagnostics.push(refused_include(&include, &format!("cannot be read: {e}")));
            }
            Err(e) => diagnostics.push(
                Diagnostic::new(
                    Code::IncludeMissing,
                    include.span,
                    format!("cannot read included file `{}`: {}", include.value, io_reason(&e)),
                )
                .with_label("included here")
                .with_help(format!(
                    "include paths are relative to the including file; this one resolves to `{}`",
                    path.display()
                )),
            ),
        }
    }
}

/// An `include` that the trust rules refuse (LANGUAGE.md §4): the path is
/// named, the file's content never quoted.
fn refused_include(include: &ast::StrLit, reason: &str) -> Diagnostic {
    Diagnostic::new(Code::PathRefused, include.span, format!("the included path `{}` {reason}", include.value))
        .with_label("included here")
        .with_help(
            "an include names a regular `.xla` file of at most 16 MiB by a path relative to the including file, \
             such as `include \"shared/calendars.xla\"`",
        )
}

/// A plain-words reason for an I/O error.
pub fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file".to_string(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        _ => e.to_string(),
    }
}

fn display_name(path: &Path) -> String {
    path.file_name().map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into_owned())
}

/// Removes `.` and resolves `..` lexically, so the same file reached by two
/// spellings is recognised (without touching the disk, so unsaved editor
/// buffers work too). A `..` that climbs above the start of a relative path
/// is kept (`../../shared/cal.xla` stays so), never cancelled against
/// another `..`.
pub fn normalize(path: &Path) -> PathBuf {
    let mut out: Vec<Component> = Vec::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => match out.last() {
                Some(Component::Normal(_)) => {
                    out.pop();
                }
                // `/..` is `/`.
                Some(Component::RootDir | Component::Prefix(_)) => {}
                _ => out.push(component),
            },
            other => out.push(other),
        }
    }
    out.iter().map(|c| c.as_os_str()).collect()
}

#[cfg(test)]
mod tests {
    use super::normalize;
    use std::path::Path;

    #[test]
    fn normalize_keeps_every_climb_out_of_the_start() {
        assert_eq!(normalize(Path::new("../../deal/./contract.xla")), Path::new("../../deal/contract.xla"));
        assert_eq!(normalize(Path::new("a/../../b.xla")), Path::new("../b.xla"));
        assert_eq!(normalize(Path::new("a/b/../c.xla")), Path::new("a/c.xla"));
        assert_eq!(normalize(Path::new("/../a.xla")), Path::new("/a.xla"));
    }
}
