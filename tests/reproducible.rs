//! Two parties settling the same contract and data get the same bytes,
//! whichever directory they run `xla` in and however they name the
//! contract: every path in the outputs is relative to the contract's
//! directory (contract and includes) or to the data directory (inputs).

use std::fs;
use std::path::Path;
use std::process::Command;

/// Copies `from` into `to`, recursively.
fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap().flatten() {
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// Settles March and April in `cwd` with the given contract, data and
/// output paths; returns every output file's name and bytes.
fn settle(cwd: &Path, contract: &Path, data: &Path, out: &Path) -> Vec<(String, Vec<u8>)> {
    let o = Command::new(env!("CARGO_BIN_EXE_xla"))
        .args(["settle".as_ref(), contract.as_os_str(), "--data".as_ref(), data.as_os_str()])
        .args(["--period", "2026-03", "--through", "2026-04", "--out"])
        .arg(out)
        .current_dir(cwd)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    let mut files: Vec<(String, Vec<u8>)> = fs::read_dir(cwd.join(out))
        .unwrap()
        .flatten()
        .map(|e| (e.file_name().to_string_lossy().into_owned(), fs::read(e.path()).unwrap()))
        .collect();
    files.sort();
    files
}

#[test]
fn settling_from_elsewhere_or_through_an_absolute_path_gives_the_same_bytes() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let tmp = tempfile::tempdir().unwrap();
    let deal = tmp.path().join("parties/deal");
    copy_dir(&root.join("examples/acme"), &deal);
    // An include outside the contract's directory, as shared calendars are.
    fs::create_dir_all(tmp.path().join("parties/shared")).unwrap();
    fs::write(tmp.path().join("parties/shared/extra.xla"), "calendar spare {\n  hours mon-fri 09:00-17:00\n}\n")
        .unwrap();
    let contract = fs::read_to_string(deal.join("contract.xla")).unwrap();
    fs::write(deal.join("contract.xla"), format!("include \"../shared/extra.xla\"\n\n{contract}")).unwrap();

    let inside = settle(&deal, Path::new("contract.xla"), Path::new("data"), Path::new("out"));
    let above =
        settle(tmp.path(), Path::new("parties/deal/contract.xla"), Path::new("parties/deal/data"), Path::new("out"));
    let other = tempfile::tempdir().unwrap();
    let absolute = settle(other.path(), &deal.join("contract.xla"), &deal.join("data"), &other.path().join("out"));
    let dotted = settle(&deal.join("data"), Path::new("../../deal/./contract.xla"), Path::new("."), Path::new("out"));
    assert_eq!(inside.len(), 5, "two months of JSON and Markdown, and the ledger");
    for (name, bytes) in &inside {
        for run in [&above, &absolute, &dotted] {
            let theirs = run.iter().find(|(n, _)| n == name).map(|(_, b)| b);
            assert_eq!(theirs, Some(bytes), "{name} differs");
        }
    }
    let json: serde_json::Value =
        serde_json::from_slice(&inside.iter().find(|(n, _)| n == "settlement-2026-03.json").unwrap().1).unwrap();
    assert_eq!(json["contract"]["file"], "contract.xla");
    assert_eq!(json["contract"]["includes"][0]["path"], "../shared/extra.xla");
    assert_eq!(json["inputs"][0]["files"][0]["path"], "tickets/2026-01.csv");
    let markdown =
        String::from_utf8_lossy(&inside.iter().find(|(n, _)| n == "settlement-2026-03.md").unwrap().1).into_owned();
    assert!(markdown.contains("Contract `contract.xla`"), "{markdown}");
}
