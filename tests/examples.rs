//! Every example contract (`examples/**/contract.xla`) checks with no errors
//! and no warnings: the examples are what users copy from, so they must be
//! spotless.

use std::path::{Path, PathBuf};
use xla::check::{check_file, RealFs};
use xla::diagnostic::render_human;

fn example_contracts() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
    let pattern = format!("{}/**/contract.xla", root.display());
    let mut found: Vec<PathBuf> =
        glob::glob(&pattern).expect("valid glob").map(|p| p.expect("readable path")).collect();
    found.sort();
    found
}

#[test]
fn every_example_contract_checks_clean() {
    let contracts = example_contracts();
    assert!(contracts.len() >= 5, "expected the example contracts under examples/, found {contracts:?}");
    let mut problems = String::new();
    for path in &contracts {
        let checked = check_file(path, &RealFs).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
        for d in &checked.diagnostics {
            problems.push_str(&render_human(d, &checked.sources, false));
        }
        if checked.diagnostics.is_empty() {
            assert!(checked.program.is_some(), "{} has no diagnostics but no program", path.display());
        }
    }
    assert!(problems.is_empty(), "example contracts have diagnostics:\n{problems}");
}

#[test]
fn the_four_contract_models_are_there() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
    for model in ["fixed-threshold", "dex-composite", "continuous-improvement", "measurement-obligation"] {
        assert!(root.join(model).join("contract.xla").is_file(), "examples/{model}/contract.xla is missing");
    }
}
