//! The server as an editor sees it: the real `xla-lsp` binary over stdio,
//! one feature after another, with exact answers.

mod common;

use common::{fixture, pos, position_of, range, temp_dir, uri, Server};
use serde_json::{json, Value};

/// The test contract with two mistakes: a misspelt metric and a priority
/// outside the closed set.
fn broken(text: &str) -> String {
    text.replace("metric     p1_fix", "metric     p1_fxi").replace("priority == \"P1\"", "priority == \"P4\"")
}

fn setup(name: &str) -> (Server, String, String) {
    setup_with(name, json!({}))
}

/// A server whose client declares `capabilities`, with the test contract on disk.
fn setup_with(name: &str, capabilities: Value) -> (Server, String, String) {
    let dir = temp_dir(name);
    let path = dir.join("contract.xla");
    let text = fixture();
    std::fs::write(&path, &text).unwrap();
    let mut server = Server::start();
    server.initialize_with(&dir, capabilities);
    (server, uri(&path), text)
}

fn labels(items: &Value) -> Vec<String> {
    items.as_array().unwrap().iter().map(|i| i["label"].as_str().unwrap().to_string()).collect()
}

/// Labels of the items of one completion kind (5 = field, 22 = struct, 20 = enum member).
fn labels_of_kind(items: &Value, kind: u64) -> Vec<String> {
    items
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["kind"] == kind)
        .map(|i| i["label"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn initialize_announces_the_features() {
    let dir = temp_dir("initialize");
    let mut server = Server::start();
    let result = server.initialize(&dir);
    let caps = &result["capabilities"];
    assert_eq!(result["serverInfo"]["name"], "xla-lsp");
    assert_eq!(caps["textDocumentSync"], json!({"openClose": true, "change": 1, "save": {"includeText": false}}));
    assert_eq!(caps["positionEncoding"], "utf-16");
    for feature in [
        "hoverProvider",
        "definitionProvider",
        "referencesProvider",
        "documentHighlightProvider",
        "documentSymbolProvider",
        "documentFormattingProvider",
    ] {
        assert_eq!(caps[feature], true, "{feature}");
    }
    assert_eq!(caps["renameProvider"], json!({"prepareProvider": true}));
    assert_eq!(caps["codeActionProvider"]["codeActionKinds"], json!(["quickfix", "refactor.rewrite"]));
    assert_eq!(caps["semanticTokensProvider"]["full"], true);
    assert!(caps["completionProvider"]["triggerCharacters"].as_array().unwrap().contains(&json!("\"")));
    assert!(server.shutdown_and_exit().success());
}

#[test]
fn diagnostics_follow_the_text_and_quick_fixes_apply() {
    let (mut server, uri, text) = setup("diagnostics");
    let bad = broken(&text);
    server.open(&uri, &bad);
    let published = server.diagnostics(&uri);
    let p4 = pos(&bad, "\"P4\"", 0);
    let fxi = pos(&bad, "p1_fxi", 0);
    assert_eq!(
        published,
        json!({
            "uri": uri,
            "version": 1,
            "diagnostics": [
                {
                    "range": range(p4.clone(), pos(&bad, "\"P4\"", 4)),
                    "severity": 1,
                    "code": "XLA0204",
                    "source": "xla",
                    "message": "\"P4\" is not one of the values this column can hold\nhelp: did you mean \"P1\"? The column holds only \"P1\", \"P2\", \"P3\""
                },
                {
                    "range": range(fxi.clone(), pos(&bad, "p1_fxi", 6)),
                    "severity": 1,
                    "code": "XLA0101",
                    "source": "xla",
                    "message": "there is no metric called `p1_fxi`\nhelp: did you mean `p1_fix`?"
                }
            ]
        })
    );

    // "Did you mean" as a quick fix.
    let actions = server.result(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": uri}, "range": range(fxi.clone(), fxi.clone()), "context": {"diagnostics": []}}),
    );
    assert_eq!(actions.as_array().unwrap().len(), 1, "{actions}");
    assert_eq!(actions[0]["title"], "Change to `p1_fix`");
    assert_eq!(actions[0]["kind"], "quickfix");
    assert_eq!(actions[0]["isPreferred"], true);
    assert_eq!(actions[0]["diagnostics"][0]["code"], "XLA0101");
    assert_eq!(
        actions[0]["edit"],
        json!({"changes": {uri.clone(): [{"range": range(fxi.clone(), pos(&bad, "p1_fxi", 6)), "newText": "p1_fix"}]}})
    );
    let actions = server.result(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": uri}, "range": range(p4.clone(), p4), "context": {"diagnostics": [], "only": ["quickfix"]}}),
    );
    assert_eq!(actions[0]["title"], "Change to `\"P1\"`");

    // Fixed: no diagnostics left.
    server.change(&uri, 2, &text);
    assert_eq!(server.diagnostics(&uri), json!({"uri": uri, "version": 2, "diagnostics": []}));
    assert!(server.shutdown_and_exit().success());
}

#[test]
fn unused_items_can_be_removed() {
    let (mut server, uri, text) = setup("unused");
    let extra = text.replace("metric happiness", "/// Not used.\nmetric spare = count(tickets)\n\nmetric happiness");
    server.open(&uri, &extra);
    let d = server.diagnostics(&uri);
    assert_eq!(d["diagnostics"][0]["code"], "XLA1001");
    let at = pos(&extra, "spare", 0);
    let actions = server.result(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": uri}, "range": range(at.clone(), at), "context": {"diagnostics": []}}),
    );
    assert_eq!(actions[0]["title"], "Remove unused metric `spare`");
    let start = extra.find("/// Not used.").unwrap();
    let end = extra.find("metric happiness").unwrap();
    assert_eq!(
        actions[0]["edit"]["changes"][&uri],
        json!([{"range": range(position_of(&extra, start), position_of(&extra, end)), "newText": ""}])
    );
    assert!(server.shutdown_and_exit().success());
}

#[test]
fn min_volume_can_be_added_to_a_clause() {
    let (mut server, uri, text) = setup("min_volume");
    server.open(&uri, &text);
    server.diagnostics(&uri);
    let at = pos(&text, "sla p1", 0);
    let actions = server.result(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": uri}, "range": range(at.clone(), at), "context": {"diagnostics": []}}),
    );
    let line_after_metric = pos(&text, "  target     >= 95%", 0);
    assert_eq!(
        actions,
        json!([{
            "title": "Add `min_volume` to `p1` (months with fewer rows are not measured)",
            "kind": "refactor.rewrite",
            "edit": {"changes": {uri.clone(): [{
                "range": range(line_after_metric.clone(), line_after_metric),
                "newText": "  min_volume 10\n"
            }]}}
        }])
    );
    assert!(server.shutdown_and_exit().success());
}

#[test]
fn hover_shows_definitions_types_and_docs() {
    let markdown = json!({"textDocument": {"hover": {"contentFormat": ["markdown", "plaintext"]}}});
    let (mut server, uri, text) = setup_with("hover", markdown);
    server.open(&uri, &text);
    server.diagnostics(&uri);
    let at = |needle: &str, delta: usize| json!({"textDocument": {"uri": uri}, "position": pos(&text, needle, delta)});

    let metric = server.result("textDocument/hover", at("p1_fix\n  target", 2));
    assert_eq!(
        metric,
        json!({
            "contents": {"kind": "markdown", "value": "```xla\nmetric p1_fix = percent(tickets where priority == \"P1\" meeting resolved - opened <= 4h)\n```\n\n**Percent** · unit `percent`\n\nShare of P1 incidents resolved within 4 hours."},
            "range": range(pos(&text, "p1_fix\n  target", 0), pos(&text, "p1_fix\n  target", 6))
        })
    );
    let column = server.result("textDocument/hover", at("priority ==", 0));
    assert_eq!(
        column["contents"]["value"],
        "```xla\npriority text in [\"P1\", \"P2\", \"P3\"] = \"priority\"\n```\n\ncolumn of `tickets` · **text in [\"P1\", \"P2\", \"P3\"]**"
    );
    let score = server.result("textDocument/hover", at("score of", 0));
    assert_eq!(
        score["contents"]["value"],
        "```xla\nscore    number in -100..100 = \"score\"\n```\n\ncolumn of `surveys` · **number in -100..100**"
    );
    let dataset = server.result("textDocument/hover", at("surveys)", 1));
    assert_eq!(
        dataset["contents"]["value"],
        "```xla\ndataset surveys from jsonl \"surveys.jsonl\"\n```\n\n- `score`: number in -100..100\n- `answered`: timestamp\n\n`period by answered`"
    );
    let clause = server.result("textDocument/hover", at("sla p1", 4));
    assert_eq!(
        clause["contents"]["value"],
        "```xla\nsla p1 \"P1 resolution\"\n  metric     p1_fix\n  target     >= 95%\n  allocation 50%\n```\n\nmeasures a **Percent** · service level"
    );
    let function = server.result("textDocument/hover", at("mean(", 1));
    assert_eq!(
        function["contents"]["value"],
        "```xla\nmean(E of D [where C]) → type of E\n```\nThe mean of E over the rows (none values skipped); none when there are none."
    );
    assert_eq!(server.result("textDocument/hover", at("target     >= 95%", 14)), Value::Null);
    assert!(server.shutdown_and_exit().success());
}

#[test]
fn definition_references_and_highlights() {
    let (mut server, uri, text) = setup("navigation");
    server.open(&uri, &text);
    server.diagnostics(&uri);
    let name_at = |needle: &str, delta: usize, len: usize| json!({"uri": uri, "range": range(pos(&text, needle, delta), pos(&text, needle, delta + len))});
    let definition = server.result(
        "textDocument/definition",
        json!({"textDocument": {"uri": uri}, "position": pos(&text, "happiness\n", 3)}),
    );
    assert_eq!(definition, name_at("happiness =", 0, 9));

    let column = server.result(
        "textDocument/definition",
        json!({"textDocument": {"uri": uri}, "position": pos(&text, "opened <= 4h", 2)}),
    );
    assert_eq!(column, name_at("opened   timestamp", 0, 6));

    let references = server.result(
        "textDocument/references",
        json!({"textDocument": {"uri": uri}, "position": pos(&text, "\"surveys.jsonl\"", 2), "context": {"includeDeclaration": true}}),
    );
    // The dataset's path string is no name: nothing there.
    assert_eq!(references, json!([]));
    let references = server.result(
        "textDocument/references",
        json!({"textDocument": {"uri": uri}, "position": pos(&text, "dataset surveys", 9), "context": {"includeDeclaration": true}}),
    );
    assert_eq!(references, json!([name_at("dataset surveys", 8, 7), name_at("of surveys", 3, 7)]));
    let without = server.result(
        "textDocument/references",
        json!({"textDocument": {"uri": uri}, "position": pos(&text, "dataset surveys", 9), "context": {"includeDeclaration": false}}),
    );
    assert_eq!(without, json!([name_at("of surveys", 3, 7)]));

    let highlights = server.result(
        "textDocument/documentHighlight",
        json!({"textDocument": {"uri": uri}, "position": pos(&text, "resolved - opened", 0)}),
    );
    assert_eq!(
        highlights,
        json!([
            {"range": range(pos(&text, "resolved timestamp?", 0), pos(&text, "resolved timestamp?", 8)), "kind": 3},
            {"range": range(pos(&text, "period by resolved", 10), pos(&text, "period by resolved", 18)), "kind": 2},
            {"range": range(pos(&text, "resolved - opened", 0), pos(&text, "resolved - opened", 8)), "kind": 2}
        ])
    );
    assert!(server.shutdown_and_exit().success());
}

#[test]
fn rename_validates_the_new_name() {
    let (mut server, uri, text) = setup("rename");
    server.open(&uri, &text);
    server.diagnostics(&uri);
    let at = json!({"textDocument": {"uri": uri}, "position": pos(&text, "score of", 1)});
    let prepared = server.result("textDocument/prepareRename", at.clone());
    assert_eq!(
        prepared,
        json!({"range": range(pos(&text, "score of", 0), pos(&text, "score of", 5)), "placeholder": "score"})
    );
    let rename = |server: &mut Server, name: &str| {
        let mut params = at.clone();
        params["newName"] = json!(name);
        server.request("textDocument/rename", params)
    };
    let done = rename(&mut server, "rating");
    assert_eq!(
        done["result"],
        json!({"changes": {uri.clone(): [
            {"range": range(pos(&text, "score    number", 0), pos(&text, "score    number", 5)), "newText": "rating"},
            {"range": range(pos(&text, "score of", 0), pos(&text, "score of", 5)), "newText": "rating"}
        ]}})
    );
    let refused = |server: &mut Server, name: &str| {
        let response = rename(server, name);
        assert_eq!(response["error"]["code"], -32803, "{response}");
        response["error"]["message"].as_str().unwrap().to_string()
    };
    assert_eq!(
        refused(&mut server, "Score"),
        "`Score` is not a valid name: use lower-case letters, digits and `_`, starting with a letter or `_`"
    );
    assert_eq!(refused(&mut server, "where"), "`where` is a reserved word and cannot be a name");
    assert_eq!(refused(&mut server, "answered"), "`answered` is already the name of a column");

    // Metrics, datasets and calendars share one namespace.
    let metric = json!({"textDocument": {"uri": uri}, "position": pos(&text, "happiness =", 0), "newName": "tickets"});
    let response = server.request("textDocument/rename", metric);
    assert_eq!(response["error"]["message"], "`tickets` is already the name of a dataset");
    let nothing = server.request(
        "textDocument/prepareRename",
        json!({"textDocument": {"uri": uri}, "position": pos(&text, "target     >= 95%", 2)}),
    );
    assert_eq!(nothing["error"]["message"], "there is no metric, dataset, column, calendar or clause here");
    assert!(server.shutdown_and_exit().success());
}

#[test]
fn completion_in_aggregates_and_string_literals() {
    let (mut server, uri, text) = setup("completion");
    server.open(&uri, &text);
    server.diagnostics(&uri);
    let mut version = 1;
    let mut complete_at = |server: &mut Server, edited: &str, at: Value| {
        version += 1;
        server.change(&uri, version, edited);
        server.result("textDocument/completion", json!({"textDocument": {"uri": uri}, "position": at}))
    };

    // `mean(| of surveys)`: the columns of surveys, row functions, keywords.
    let edited = text.replace("mean(score of surveys)", "mean( of surveys)");
    let items = complete_at(&mut server, &edited, pos(&edited, "mean( of", 5));
    assert_eq!(
        labels(&items),
        [
            "score",
            "answered",
            "business_time",
            "overlap",
            "coalesce",
            "lower",
            "contains",
            "date",
            "hour",
            "weekday",
            "where",
            "and",
            "or",
            "not",
            "none"
        ]
    );
    assert_eq!(items[0]["detail"], "number in -100..100 · column of surveys");

    // `score number |`: `in`, for a range.
    let edited = text.replace("score    number in -100..100", "score    number ");
    let items = complete_at(&mut server, &edited, pos(&edited, "number  = \"score\"", 7));
    assert_eq!(labels(&items), ["in"]);

    // `count(tickets where |)`: the columns of tickets.
    let edited = text.replace("mean(score of surveys)", "count(tickets where )");
    let items = complete_at(&mut server, &edited, pos(&edited, "where )", 6));
    assert_eq!(labels_of_kind(&items, 5), ["priority", "opened", "resolved"]);

    // `count(|)`: the datasets.
    let edited = text.replace("mean(score of surveys)", "count()");
    let items = complete_at(&mut server, &edited, pos(&edited, "count()", 6));
    assert_eq!(labels(&items), ["tickets", "surveys"]);

    // A string compared with a `text in [..]` column: its values.
    let edited = text.replace("priority == \"P1\"", "priority == \"P\"");
    let items = complete_at(&mut server, &edited, pos(&edited, "== \"P", 5));
    let content = range(pos(&edited, "== \"P", 4), pos(&edited, "== \"P", 5));
    assert_eq!(
        items,
        json!([
            {"label": "P1", "kind": 20, "detail": "priority of tickets", "filterText": "P1", "textEdit": {"range": content, "newText": "P1"}},
            {"label": "P2", "kind": 20, "detail": "priority of tickets", "filterText": "P2", "textEdit": {"range": content, "newText": "P2"}},
            {"label": "P3", "kind": 20, "detail": "priority of tickets", "filterText": "P3", "textEdit": {"range": content, "newText": "P3"}}
        ])
    );
    // … and inside `in [..]`, while the string is still open.
    let edited = text.replace("priority == \"P1\"", "priority in [\"P1\", \"");
    let needle = "where priority in [\"P1\", \"";
    let items = complete_at(&mut server, &edited, pos(&edited, needle, needle.len()));
    assert_eq!(labels(&items), ["P1", "P2", "P3"]);

    // Keywords in context.
    let edited = text.replace("  allocation 50%\n}\n\nxla", "  allocation 50%\n  \n}\n\nxla");
    let items = complete_at(&mut server, &edited, pos(&edited, "50%\n  \n", 6));
    assert_eq!(
        labels(&items),
        ["minimum", "from", "min_volume", "credit", "points", "bonus", "baseline", "when", "earnback", "measured"]
    );
    let edited = text.replace("metric     happiness", "metric     ");
    let items = complete_at(&mut server, &edited, pos(&edited, "metric     \n", 11));
    assert_eq!(labels(&items), ["p1_fix", "happiness"]);
    let edited = format!("{text}\n");
    let items = complete_at(&mut server, &edited, json!({"line": edited.lines().count(), "character": 0}));
    assert_eq!(
        labels(&items),
        ["include", "contract", "calendar", "dataset", "metric", "escalation", "sla", "xla", "gain"]
    );
    // A client without snippet support gets plain text.
    assert_eq!(items[4]["insertTextFormat"], 1);
    assert_eq!(items[4]["insertText"], "metric name = ");
    assert!(server.shutdown_and_exit().success());
}

#[test]
fn completion_and_hover_of_rolling_windows_and_measurement_periods() {
    let markdown = json!({"textDocument": {"hover": {"contentFormat": ["markdown", "plaintext"]}}});
    let (mut server, uri, text) = setup_with("periods", markdown);
    server.open(&uri, &text);
    server.diagnostics(&uri);
    let mut version = 1;
    let mut complete_at = |server: &mut Server, edited: &str, at: Value| {
        version += 1;
        server.change(&uri, version, edited);
        server.result("textDocument/completion", json!({"textDocument": {"uri": uri}, "position": at}))
    };

    // After a whole aggregate: `over`; after `over 3`: `months`.
    let edited = text.replace("mean(score of surveys)", "mean(score of surveys) ");
    let items = complete_at(&mut server, &edited, pos(&edited, "surveys) \n", 9));
    assert_eq!(labels(&items), ["over"]);
    let edited = text.replace("mean(score of surveys)", "mean(score of surveys) over 3 ");
    let items = complete_at(&mut server, &edited, pos(&edited, "over 3 ", 7));
    assert_eq!(labels(&items), ["months"]);

    // A clause measured every N months, and its conditions in periods.
    let edited = text.replace("  allocation 50%\n}\n\nxla", "  allocation 50%\n  measured \n}\n\nxla");
    let items = complete_at(&mut server, &edited, pos(&edited, "measured \n", 9));
    assert_eq!(labels(&items), ["every"]);
    let edited = text.replace("  allocation 50%\n}\n\nxla", "  allocation 50%\n  when missed 2 consecutive \n}\n\nxla");
    let items = complete_at(&mut server, &edited, pos(&edited, "consecutive \n", 12));
    assert_eq!(labels(&items), ["months", "periods"]);
    let edited = text
        .replace("  allocation 50%\n}\n\nxla", "  allocation 50%\n  earnback after 2 consecutive periods \n}\n\nxla");
    let items = complete_at(&mut server, &edited, pos(&edited, "periods \n", 8));
    assert_eq!(labels(&items), ["met"]);

    // Hover explains `over`, `measured` and `periods` where they are written.
    let edited = text.replace("mean(score of surveys)", "mean(score of surveys) over 3 months").replace(
        "  allocation 50%\n}\n\nxla",
        "  allocation 50%\n  measured every 3 months\n  when missed 2 consecutive periods escalate level 1\n}\n\nxla",
    );
    version += 1;
    server.change(&uri, version, &edited);
    let hover = |server: &mut Server, needle: &str| {
        let at = json!({"textDocument": {"uri": uri}, "position": pos(&edited, needle, 1)});
        server.result("textDocument/hover", at)["contents"]["value"].as_str().unwrap_or_default().to_string()
    };
    assert!(hover(&mut server, "over 3").starts_with("```xla\nAGGREGATE over N months\n```\nA rolling window"));
    let measured = hover(&mut server, "measured every");
    assert!(measured.contains("`not_assessed`"), "{measured}");
    assert!(hover(&mut server, "periods escalate").contains("neither break nor extend a run"));
    // `period by` is not a count of periods: it is the dataset option.
    let period_by = hover(&mut server, "period by");
    assert!(period_by.starts_with("`period by` — dataset option"), "{period_by}");
    assert!(!period_by.contains("measurement periods"), "{period_by}");
    assert!(server.shutdown_and_exit().success());
}

#[test]
fn formatting_uses_the_canonical_layout() {
    let (mut server, uri, text) = setup("formatting");
    server.open(&uri, &text);
    server.diagnostics(&uri);
    let edits = server.result(
        "textDocument/formatting",
        json!({"textDocument": {"uri": uri}, "options": {"tabSize": 2, "insertSpaces": true}}),
    );
    let expected = text.replace("4h)\nmetric happiness", "4h)\n\nmetric happiness");
    let end = position_of(&text, text.len());
    assert_eq!(edits, json!([{"range": range(json!({"line": 0, "character": 0}), end), "newText": expected}]));
    // Formatted text needs no edit.
    server.change(&uri, 2, &expected);
    let edits = server.result(
        "textDocument/formatting",
        json!({"textDocument": {"uri": uri}, "options": {"tabSize": 2, "insertSpaces": true}}),
    );
    assert_eq!(edits, json!([]));
    // A file that does not parse is left alone.
    server.change(&uri, 3, "metric = (");
    let edits = server.result(
        "textDocument/formatting",
        json!({"textDocument": {"uri": uri}, "options": {"tabSize": 2, "insertSpaces": true}}),
    );
    assert_eq!(edits, json!([]));
    assert!(server.shutdown_and_exit().success());
}

#[test]
fn outline_and_semantic_tokens() {
    let (mut server, uri, text) = setup("outline");
    server.open(&uri, &text);
    server.diagnostics(&uri);
    let symbols = server.result("textDocument/documentSymbol", json!({"textDocument": {"uri": uri}}));
    let names: Vec<(String, u64)> = symbols
        .as_array()
        .unwrap()
        .iter()
        .map(|s| (s["name"].as_str().unwrap().to_string(), s["kind"].as_u64().unwrap()))
        .collect();
    let expected: Vec<(String, u64)> = [
        ("Test services", 2),
        ("tickets", 23),
        ("surveys", 23),
        ("p1_fix", 13),
        ("happiness", 13),
        ("p1", 5),
        ("happy", 5),
    ]
    .iter()
    .map(|(n, k)| (n.to_string(), *k))
    .collect();
    assert_eq!(names, expected);
    let tickets = &symbols[1];
    assert_eq!(tickets["detail"], "dataset from csv \"tickets.csv\"");
    let columns: Vec<&str> =
        tickets["children"].as_array().unwrap().iter().map(|c| c["name"].as_str().unwrap()).collect();
    assert_eq!(columns, ["priority", "opened", "resolved"]);
    assert_eq!(
        symbols[5]["children"][0],
        json!({
            "name": "metric", "detail": "p1_fix", "kind": 7,
            "range": range(pos(&text, "metric     p1_fix", 0), pos(&text, "metric     p1_fix", 17)),
            "selectionRange": range(pos(&text, "metric     p1_fix", 0), pos(&text, "metric     p1_fix", 6)),
        })
    );

    // Semantic tokens, decoded: the line of the first metric.
    let data = server.result("textDocument/semanticTokens/full", json!({"textDocument": {"uri": uri}}))["data"].clone();
    let data: Vec<u64> = data.as_array().unwrap().iter().map(|v| v.as_u64().unwrap()).collect();
    let (mut line, mut col) = (0, 0);
    let mut decoded = Vec::new();
    for t in data.chunks(5) {
        if t[0] > 0 {
            line += t[0];
            col = 0;
        }
        col += t[1];
        decoded.push((line, col, t[2], t[3], t[4]));
    }
    let metric_line = text[..text.find("metric p1_fix").unwrap()].matches('\n').count() as u64;
    let words: Vec<(String, u64, u64)> = decoded
        .iter()
        .filter(|t| t.0 == metric_line)
        .map(|t| {
            let line = text.lines().nth(metric_line as usize).unwrap();
            (line[t.1 as usize..(t.1 + t.2) as usize].to_string(), t.3, t.4)
        })
        .collect();
    let expect = |w: &str, ty: u64, m: u64| (w.to_string(), ty, m);
    assert_eq!(
        words,
        [
            expect("metric", 0, 0),
            expect("p1_fix", 1, 1), // metric, declaration
            expect("=", 12, 0),
            expect("percent", 7, 4), // function, default library
            expect("tickets", 2, 0), // dataset
            expect("where", 0, 0),
            expect("priority", 3, 0), // column
            expect("==", 12, 0),
            expect("\"P1\"", 9, 0),
            expect("meeting", 0, 0),
            expect("resolved", 3, 0),
            expect("-", 12, 0),
            expect("opened", 3, 0),
            expect("<=", 12, 0),
            expect("4h", 10, 0),
        ]
    );
    // The doc comment above it.
    assert!(decoded.iter().any(|t| t.0 == metric_line - 1 && t.1 == 0 && t.3 == 11 && t.4 == 2));
    assert!(server.shutdown_and_exit().success());
}

#[test]
fn a_panic_answers_one_request_with_an_error() {
    let (mut server, uri, text) = setup("panic");
    server.open(&uri, &text);
    server.diagnostics(&uri);
    let response = server.request("xla/panic", json!({}));
    assert_eq!(response["error"]["code"], -32603);
    assert_eq!(response["error"]["message"], "internal error while answering xla/panic: deliberate panic for testing");
    // Still serving.
    let hover = server
        .result("textDocument/hover", json!({"textDocument": {"uri": uri}, "position": pos(&text, "p1_fix\n", 0)}));
    assert!(hover["contents"]["value"].as_str().unwrap().contains("**Percent**"));
    let unknown = server.request("xla/unknown", json!({}));
    assert_eq!(unknown["error"]["code"], -32601);
    let status = server.shutdown_and_exit();
    assert!(status.success());
}

#[test]
fn shutdown_then_exit_ends_with_zero_and_exit_alone_with_one() {
    let dir = temp_dir("exit");
    let mut server = Server::start();
    server.initialize(&dir);
    let response = server.request("shutdown", Value::Null);
    assert_eq!(response, json!({"jsonrpc": "2.0", "id": 2, "result": null}));
    // After shutdown, requests are refused.
    let late = server.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": "file:///x.xla"}, "position": {"line": 0, "character": 0}}),
    );
    assert_eq!(late["error"]["code"], -32600);
    server.notify("exit", Value::Null);
    assert_eq!(server.wait().code(), Some(0));

    let mut server = Server::start();
    server.initialize(&dir);
    server.notify("exit", Value::Null);
    assert_eq!(server.wait().code(), Some(1));
}

#[test]
fn half_typed_text_still_gets_diagnostics_and_completions() {
    let (mut server, uri, text) = setup("half_typed");
    // An item cut off in the middle, and a mistake in a later item.
    let typing = "metric broken = percent(tickets where \n";
    let edited = text
        .replace("metric happiness", &format!("{typing}metric happiness"))
        .replace("metric     happiness", "metric     hapiness");
    server.open(&uri, &edited);
    let d = server.diagnostics(&uri);
    let found: Vec<(&str, &str)> = d["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| (d["code"].as_str().unwrap(), d["message"].as_str().unwrap()))
        .collect();
    let codes: Vec<&str> = found.iter().map(|(c, _)| *c).collect();
    assert_eq!(codes, ["XLA0001", "XLA0101"]);
    // The very messages `xla check` prints (help appended as in its GitHub format).
    let path = common::temp_dir("half_typed_check").join("contract.xla");
    let checked = xla::check::check_text(&path, edited.clone(), &xla::check::RealFs);
    let expected: Vec<(String, String)> = checked
        .diagnostics
        .iter()
        .map(|d| {
            let help = d.help.as_ref().map_or(String::new(), |h| format!("\nhelp: {h}"));
            (d.code.to_string(), format!("{}{help}", d.message))
        })
        .collect();
    let found: Vec<(String, String)> = found.iter().map(|(c, m)| (c.to_string(), m.to_string())).collect();
    assert_eq!(found, expected);
    // Completion inside the broken item uses what the rest of the file defines.
    let items = server.result(
        "textDocument/completion",
        json!({"textDocument": {"uri": uri}, "position": pos(&edited, typing, typing.len() - 1)}),
    );
    assert_eq!(labels_of_kind(&items, 5), ["priority", "opened", "resolved"]);
    assert!(server.shutdown_and_exit().success());
}

#[test]
fn ranged_changes_are_applied_too() {
    let (mut server, uri, text) = setup("ranged");
    server.open(&uri, &text);
    server.diagnostics(&uri);
    // Replace `p1_fix` in the clause by `p1_fxi`, as an incremental client would.
    let at = pos(&text, "p1_fix\n  target", 4);
    let end = pos(&text, "p1_fix\n  target", 6);
    server.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 2}, "contentChanges": [{"range": range(at, end), "text": "xi"}]}),
    );
    let d = server.diagnostics(&uri);
    let codes: Vec<&str> = d["diagnostics"].as_array().unwrap().iter().map(|d| d["code"].as_str().unwrap()).collect();
    assert_eq!(codes, ["XLA0101"]);
    assert!(server.shutdown_and_exit().success());
}

#[test]
fn completion_and_hover_know_the_money_regimes() {
    let markdown = json!({"textDocument": {"hover": {"contentFormat": ["markdown", "plaintext"]}}});
    let (mut server, uri, text) = setup_with("money", markdown);
    let text = text.replace("  at_risk     10%\n", "  at_risk     10%\n  point_value 0.5% of monthly_fee\n").replace(
        "  allocation 50%\n}\n\nxla happy",
        "  points {\n    below 95% : 1\n  }\n  when value < 80%   points x 2\n}\n\nxla happy",
    );
    let text = text.replacen(
        "  target     >= 80\n  allocation 50%\n",
        "  target     >= 80\n  credit     500.00 EUR * floor(target - value)\n",
        1,
    );
    server.open(&uri, &text);
    server.diagnostics(&uri);
    let mut version = 1;
    let mut complete_at = |server: &mut Server, edited: &str, at: Value| {
        version += 1;
        server.change(&uri, version, edited);
        server.result("textDocument/completion", json!({"textDocument": {"uri": uri}, "position": at}))
    };

    // A new clause line offers `points` among the fields not yet written.
    let edited = text.replace("  points {\n    below 95% : 1\n  }\n", "  \n");
    let items = complete_at(&mut server, &edited, pos(&edited, "  \n  when value", 2));
    assert!(labels(&items).contains(&"points".to_string()), "{:?}", labels(&items));
    // `when |`: statuses and `value`.
    let edited = text.replace("when value < 80%   points x 2", "when ");
    let items = complete_at(&mut server, &edited, pos(&edited, "when \n", 5));
    assert_eq!(labels(&items), ["missed", "failed", "met", "value"]);
    // `when value < 80% |`: the actions, `points` among them; `points |`: `x`.
    let edited = text.replace("when value < 80%   points x 2", "when value < 80% ");
    let items = complete_at(&mut server, &edited, pos(&edited, "80% \n", 4));
    assert_eq!(labels(&items), ["escalate", "credit", "points", "chronic"]);
    let edited = text.replace("when value < 80%   points x 2", "when value < 80% points ");
    let items = complete_at(&mut server, &edited, pos(&edited, "points \n", 7));
    assert_eq!(labels(&items), ["x"]);
    // `credit 500.00 EUR * |`: the clause's words, metrics and functions.
    let edited = text.replace("credit     500.00 EUR * floor(target - value)", "credit     500.00 EUR * ");
    let items = complete_at(&mut server, &edited, pos(&edited, "EUR * \n", 6));
    let got = labels(&items);
    for want in ["value", "target", "monthly_fee", "p1_fix", "floor", "ceil"] {
        assert!(got.contains(&want.to_string()), "{want} not in {got:?}");
    }
    // `annual_cap 10% |`: `rolling`.
    let edited = text.replace("  at_risk     10%\n", "  at_risk     10%\n  annual_cap  10% \n");
    let items = complete_at(&mut server, &edited, pos(&edited, "annual_cap  10% \n", 16));
    assert_eq!(labels(&items), ["rolling"]);

    version += 1;
    server.change(&uri, version, &text);
    server.diagnostics(&uri);
    let at = |needle: &str, delta: usize| json!({"textDocument": {"uri": uri}, "position": pos(&text, needle, delta)});
    let points = server.result("textDocument/hover", at("points {", 1));
    assert!(
        points["contents"]["value"].as_str().unwrap().starts_with("`points`: `points { below|above LEVEL : N … }`"),
        "{points}"
    );
    let value = server.result("textDocument/hover", at("value)", 1));
    assert!(value["contents"]["value"].as_str().unwrap().contains("the clause metric's value this month"), "{value}");
    let floor = server.result("textDocument/hover", at("floor(", 1));
    assert!(floor["contents"]["value"].as_str().unwrap().starts_with("```xla\nfloor(x) → Number\n```"), "{floor}");
    assert!(server.shutdown_and_exit().success());
}

#[test]
fn formatting_lays_out_the_money_regimes() {
    let (mut server, uri, text) = setup("money-format");
    let text = text.replace("  at_risk     10%\n", "  at_risk     10%\n  point_value   0.5%   of  monthly_fee\n  annual_cap 10%   rolling\n").replace(
        "  allocation 50%\n}\n\nxla happy",
        "  points { below 95% : 1   below target - 10%: 3 }\n  when value<80%   points x 2\n  when missed 2 consecutive months escalate level 1\n}\n\nxla happy",
    );
    server.open(&uri, &text);
    server.diagnostics(&uri);
    let edits = server.result(
        "textDocument/formatting",
        json!({"textDocument": {"uri": uri}, "options": {"tabSize": 2, "insertSpaces": true}}),
    );
    let formatted = edits[0]["newText"].as_str().unwrap();
    assert!(formatted.contains("  point_value 0.5% of monthly_fee\n  annual_cap  10% rolling\n"), "{formatted}");
    assert!(
        formatted.contains("  points {\n    below 95%         : 1\n    below target - 10% : 3\n  }\n")
            || formatted.contains("  points {\n    below 95%          : 1\n    below target - 10% : 3\n  }\n"),
        "{formatted}"
    );
    assert!(
        formatted.contains(
            "  when value < 80%                   points x 2\n  when missed 2 consecutive months   escalate level 1\n"
        ),
        "{formatted}"
    );
    assert!(server.shutdown_and_exit().success());
}

#[test]
fn completion_hover_and_diagnostics_of_table_datasets() {
    let markdown = json!({"textDocument": {"hover": {"contentFormat": ["markdown", "plaintext"]}}});
    let (mut server, uri, text) = setup_with("table", markdown);
    let text = text.replace("from jsonl \"surveys.jsonl\"", "from table \"hr.surveys\"");
    server.open(&uri, &text);
    assert_eq!(server.diagnostics(&uri)["diagnostics"], json!([]));

    // `table` is offered after `from`, beside the file formats.
    let edited = text.replace("from table \"hr.surveys\"", "from  \"hr.surveys\"");
    server.change(&uri, 2, &edited);
    let at = json!({"textDocument": {"uri": uri}, "position": pos(&edited, "from  \"hr", 5)});
    let items = server.result("textDocument/completion", at);
    assert_eq!(labels(&items), ["csv", "jsonl", "xlsx", "table"]);

    // A table name that is not plain SQL identifiers is the checker's error.
    let edited = text.replace("\"hr.surveys\"", "\"hr.surveys; drop table x\"");
    server.change(&uri, 3, &edited);
    let mut published = server.diagnostics(&uri);
    while published["version"] != 3 {
        published = server.diagnostics(&uri);
    }
    let codes: Vec<&str> =
        published["diagnostics"].as_array().unwrap().iter().filter_map(|d| d["code"].as_str()).collect();
    assert!(codes.contains(&"XLA0370"), "{published}");

    // Hover on `table` says what it is and how it is evaluated.
    server.change(&uri, 4, &text);
    let at = json!({"textDocument": {"uri": uri}, "position": pos(&text, "table \"hr", 1)});
    let hover = server.result("textDocument/hover", at)["contents"]["value"].as_str().unwrap_or_default().to_string();
    assert!(hover.starts_with("`table` — data format\n\na table in a SQL engine"), "{hover}");
    assert!(server.shutdown_and_exit().success());
}
