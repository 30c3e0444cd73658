//! `xla init` as a newcomer meets it: the files it writes are already in
//! canonical layout (so `xla fmt --check` in CI passes on a new project),
//! and the commands it prints run as printed whether or not `xla` is
//! installed. Every example contract is in canonical layout too.

use std::path::Path;
use std::process::{Command, Output};

/// Runs the `xla` binary with `args` in `dir`, with `PATH` set to `path`.
fn xla(dir: &Path, path: &str, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_xla")).args(args).current_dir(dir).env("PATH", path).output().unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn every_file_init_writes_is_fmt_clean() {
    let dir = tempfile::tempdir().unwrap();
    let o = xla(dir.path(), "", &["init", "starter"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let written: Vec<_> = walk(&dir.path().join("starter"));
    assert_eq!(written.len(), 4, "{written:?}");
    for file in written.iter().filter(|f| f.extension().is_some_and(|e| e == "xla")) {
        let source = std::fs::read_to_string(file).unwrap();
        assert_eq!(
            xla::fmt::format(&source).ok().as_deref(),
            Some(source.as_str()),
            "{} is not fmt-clean",
            file.display()
        );
    }
    let o = xla(dir.path(), "", &["fmt", "--check", "starter"]);
    assert_eq!(o.status.code(), Some(0), "{}{}", text(&o.stdout), text(&o.stderr));
}

#[test]
fn every_example_is_fmt_clean() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let examples: Vec<_> =
        walk(&root.join("examples")).into_iter().filter(|f| f.extension().is_some_and(|e| e == "xla")).collect();
    assert!(examples.len() >= 10, "{examples:?}");
    for file in &examples {
        let source = std::fs::read_to_string(file).unwrap();
        assert_eq!(
            xla::fmt::format(&source).ok().as_deref(),
            Some(source.as_str()),
            "{} is not fmt-clean",
            file.display()
        );
    }
    let o = xla(root, "", &["fmt", "--check", "examples"]);
    assert_eq!(o.status.code(), Some(0), "{}{}", text(&o.stdout), text(&o.stderr));
}

/// The commands after `next:`, split into words (none of the paths used
/// here needs quoting).
fn next_commands(stdout: &str) -> Vec<Vec<String>> {
    let next = stdout.split("next:\n").nth(1).unwrap_or_default();
    next.lines().map(|line| line.split_whitespace().map(str::to_string).collect()).collect()
}

/// Runs each printed command in `dir` with `PATH` set to `path`.
fn run_all(dir: &Path, path: &str, commands: &[Vec<String>]) {
    assert_eq!(commands.len(), 3, "{commands:?}");
    for words in commands {
        let o = Command::new(&words[0]).args(&words[1..]).current_dir(dir).env("PATH", path).output();
        let o = o.unwrap_or_else(|e| panic!("`{}` cannot be run: {e}", words.join(" ")));
        assert_eq!(o.status.code(), Some(0), "`{}`: {}", words.join(" "), text(&o.stderr));
    }
}

#[test]
fn printed_commands_work_when_xla_is_not_installed() {
    let dir = tempfile::tempdir().unwrap();
    let empty = tempfile::tempdir().unwrap();
    let path = empty.path().to_str().unwrap();
    let o = xla(dir.path(), path, &["init", "starter"]);
    let stdout = text(&o.stdout);
    assert!(stdout.contains("cargo install --path . --locked"), "{stdout}");
    let commands = next_commands(&stdout);
    assert!(commands.iter().all(|c| c[0] == env!("CARGO_BIN_EXE_xla")), "{commands:?}");
    run_all(dir.path(), path, &commands);
}

#[cfg(unix)]
#[test]
fn printed_commands_say_xla_when_it_is_installed() {
    let dir = tempfile::tempdir().unwrap();
    let bin = tempfile::tempdir().unwrap();
    std::os::unix::fs::symlink(env!("CARGO_BIN_EXE_xla"), bin.path().join("xla")).unwrap();
    let path = bin.path().to_str().unwrap();
    let o = xla(dir.path(), path, &["init", "starter"]);
    let stdout = text(&o.stdout);
    assert!(!stdout.contains("not on your PATH"), "{stdout}");
    let commands = next_commands(&stdout);
    assert!(commands.iter().all(|c| c[0] == "xla"), "{commands:?}");
    assert_eq!(commands[0], ["xla", "check", "starter"]);
    run_all(dir.path(), path, &commands);
}

/// Every file under `dir`, recursively, sorted.
fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut files = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap().flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}
