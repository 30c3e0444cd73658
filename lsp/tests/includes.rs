//! Included files: a file of shared calendars is checked through the
//! contract that includes it, and names are followed across files, with
//! unsaved buffers served in place of the files on disk.

mod common;

use common::{pos, range, temp_dir, uri, Server};
use serde_json::json;

const CONTRACT: &str = r#"include "shared/calendars.xla"

contract "Shared calendars" {
  client      "Acme"
  provider    "Northwind"
  start       2026-01-01
  end         2026-12-31
  timezone    "Europe/London"
  currency    EUR
  monthly_fee 1000.00 EUR
  at_risk     10%
}

dataset tickets from csv "tickets.csv" {
  opened   timestamp  = "opened_at"
  resolved timestamp? = "resolved_at"
  period by resolved
}

metric fix = percent(tickets meeting business_time(opened, resolved, business) <= 4h)

sla fix "Fix time" {
  metric     fix
  target     >= 95%
  allocation 50%
}
"#;

const SHARED: &str = r#"/// Office hours.
calendar business {
  hours mon-fri 08:00-18:00
}

calendar weekend {
  hours sat-sun 10:00-16:00
}
"#;

#[test]
fn an_included_file_is_checked_through_its_contract() {
    let dir = temp_dir("includes");
    std::fs::create_dir_all(dir.join("shared")).unwrap();
    let contract_path = dir.join("contract.xla");
    let shared_path = dir.join("shared/calendars.xla");
    std::fs::write(&contract_path, CONTRACT).unwrap();
    std::fs::write(&shared_path, SHARED).unwrap();
    let (contract, shared) = (uri(&contract_path), uri(&shared_path));

    let mut server = Server::start();
    server.initialize(&dir);
    // Only the shared file is open: its contract is found on disk.
    server.open(&shared, SHARED);
    let d = server.diagnostics(&shared);
    assert_eq!(
        d["diagnostics"],
        json!([{
            "range": range(pos(SHARED, "weekend", 0), pos(SHARED, "weekend", 7)),
            "severity": 2,
            "code": "XLA1001",
            "source": "xla",
            "message": "calendar `weekend` is never used\nhelp: use it in `business_time`, `overlap`, `scheduled` or `escalation using`, or remove it",
            "tags": [1]
        }])
    );
    // References reach into the contract, which is not even open.
    let refs = server.result(
        "textDocument/references",
        json!({"textDocument": {"uri": shared}, "position": pos(SHARED, "business", 1), "context": {"includeDeclaration": true}}),
    );
    assert_eq!(
        refs,
        json!([
            {"uri": shared, "range": range(pos(SHARED, "business", 0), pos(SHARED, "business", 8))},
            {"uri": contract, "range": range(pos(CONTRACT, "business)", 0), pos(CONTRACT, "business)", 8))}
        ])
    );

    // From the contract, definition and hover land in the shared file.
    server.open(&contract, CONTRACT);
    let d = server.diagnostics(&contract);
    assert_eq!(d["diagnostics"], json!([]));
    let at = json!({"textDocument": {"uri": contract}, "position": pos(CONTRACT, "business)", 2)});
    let definition = server.result("textDocument/definition", at.clone());
    assert_eq!(
        definition,
        json!({"uri": shared, "range": range(pos(SHARED, "business", 0), pos(SHARED, "business", 8))})
    );
    let hover = server.result("textDocument/hover", at.clone());
    assert_eq!(
        hover["contents"]["value"],
        "```xla\ncalendar business {\n  hours mon-fri 08:00-18:00\n}\n```\n\nOffice hours."
    );
    // Rename edits both files.
    let mut params = at.clone();
    params["newName"] = json!("office");
    let edit = server.result("textDocument/rename", params);
    assert_eq!(
        edit["changes"],
        json!({
            shared.clone(): [{"range": range(pos(SHARED, "business", 0), pos(SHARED, "business", 8)), "newText": "office"}],
            contract.clone(): [{"range": range(pos(CONTRACT, "business)", 0), pos(CONTRACT, "business)", 8)), "newText": "office"}]
        })
    );

    // An unsaved edit of the shared file is what the contract sees.
    let renamed = SHARED.replace("calendar business", "calendar office");
    server.change(&shared, 2, &renamed);
    let mut contract_diagnostics = None;
    let mut shared_diagnostics = None;
    while contract_diagnostics.is_none() || shared_diagnostics.is_none() {
        let p = server.notification("textDocument/publishDiagnostics");
        if p["uri"] == contract {
            contract_diagnostics = Some(p);
        } else if p["uri"] == shared && p["version"] == 2 {
            shared_diagnostics = Some(p);
        }
    }
    let contract_diagnostics = contract_diagnostics.unwrap();
    let codes: Vec<&str> =
        contract_diagnostics["diagnostics"].as_array().unwrap().iter().map(|d| d["code"].as_str().unwrap()).collect();
    assert_eq!(codes, ["XLA0101"]);
    assert_eq!(
        contract_diagnostics["diagnostics"][0]["message"],
        "there is no calendar called `business`\nhelp: the calendars are `always`, `office`, `weekend`"
    );
    let shared_diagnostics = shared_diagnostics.unwrap();
    let codes: Vec<&str> =
        shared_diagnostics["diagnostics"].as_array().unwrap().iter().map(|d| d["code"].as_str().unwrap()).collect();
    assert_eq!(codes, ["XLA1001", "XLA1001"]);
    assert!(server.shutdown_and_exit().success());
}
