//! Thousands of random edits, each followed by a request at a random
//! position: the server answers every one, never with an internal error
//! (a caught panic), and never exits. Seeded, so a failure can be replayed;
//! bounded in time, so it stays a few seconds.

mod common;

use common::{fixture, position_of, temp_dir, uri, Server};
use serde_json::json;
use std::time::{Duration, Instant};

/// xorshift64*: small, seeded, good enough to pick edits.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

const SNIPPETS: &[&str] = &[
    "(",
    ")",
    "{",
    "}",
    "[",
    "]",
    "\"",
    ",",
    ":",
    "?",
    "=",
    "==",
    "<=",
    " ",
    "\n",
    "\t",
    "//",
    "/// doc\n",
    "metric ",
    "m = ",
    "percent(",
    "mean(",
    "count(",
    " of ",
    " where ",
    " meeting ",
    "tickets",
    "surveys",
    "score",
    "priority",
    "\"P1\"",
    "95%",
    "4h",
    "1_000",
    "2026-01-01",
    "12.50 EUR",
    "55 EUR/h",
    "sla x {\n",
    "xla ",
    "target >= ",
    "credit {",
    "below target : 1% of monthly_fee",
    "include \"missing.xla\"\n",
    "include \"contract.xla\"\n",
    "calendar c {",
    "hours mon-fri 08:00-18:00",
    "escalation {",
    "level 1 \"r\" within 2 business days",
    "when missed ",
    "escalate level 9",
    "baseline(",
    "gain g { value ",
    "é",
    "😀",
    "\u{0}",
    "\r\n",
    "none",
    "not ",
    "and",
    "in [",
    "dataset d from csv \"x\" {",
    "period by ",
    "text in [\"a\"",
    "min_volume 10",
];

const REQUESTS: &[&str] = &[
    "textDocument/hover",
    "textDocument/completion",
    "textDocument/definition",
    "textDocument/references",
    "textDocument/documentHighlight",
    "textDocument/prepareRename",
    "textDocument/rename",
    "textDocument/documentSymbol",
    "textDocument/semanticTokens/full",
    "textDocument/codeAction",
    "textDocument/formatting",
];

fn char_boundary(text: &str, mut i: usize) -> usize {
    i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[test]
fn random_edits_and_requests_never_bring_the_server_down() {
    let dir = temp_dir("random");
    let path = dir.join("contract.xla");
    let original = fixture();
    std::fs::write(&path, &original).unwrap();
    let uri = uri(&path);
    let mut server = Server::start();
    server.initialize(&dir);
    server.open(&uri, &original);

    let seed = std::env::var("XLA_LSP_SEED").ok().and_then(|s| s.parse().ok()).unwrap_or(0x05ee_d1a5_u64);
    let mut rng = Rng(seed);
    let mut text = original.clone();
    let budget = Duration::from_secs(4);
    let start = Instant::now();
    let (mut edits, mut requests) = (0, 0);
    while edits < 6000 && (edits < 600 || start.elapsed() < budget) {
        // Two keystrokes, then a request.
        for _ in 0..2 {
            edits += 1;
            match rng.below(20) {
                0 => text = original.clone(),
                1..=6 => {
                    let from = char_boundary(&text, rng.below(text.len() + 1));
                    let to = char_boundary(&text, from + rng.below(24));
                    text.replace_range(from..to.max(from), "");
                }
                _ => {
                    let at = char_boundary(&text, rng.below(text.len() + 1));
                    let snippet = rng.pick(SNIPPETS);
                    text.insert_str(at, snippet);
                }
            }
            server.change(&uri, edits as i64 + 1, &text);
        }
        requests += 1;

        // A position anywhere, sometimes past the end of a line or the text.
        let position = if rng.below(4) == 0 {
            json!({"line": rng.below(text.lines().count() + 3), "character": rng.below(90)})
        } else {
            position_of(&text, char_boundary(&text, rng.below(text.len() + 1)))
        };
        let method = rng.pick(REQUESTS);
        let document = json!({"uri": uri});
        let params = match method {
            "textDocument/documentSymbol" | "textDocument/semanticTokens/full" => json!({"textDocument": document}),
            "textDocument/formatting" => {
                json!({"textDocument": document, "options": {"tabSize": 2, "insertSpaces": true}})
            }
            "textDocument/codeAction" => {
                json!({"textDocument": document, "range": {"start": position, "end": position},
                                                "context": {"diagnostics": []}})
            }
            "textDocument/references" => {
                json!({"textDocument": document, "position": position, "context": {"includeDeclaration": true}})
            }
            "textDocument/rename" => {
                let name = rng.pick(&["renamed", "Bad Name", "of", "tickets", "x1"]);
                json!({"textDocument": document, "position": position, "newName": name})
            }
            _ => json!({"textDocument": document, "position": position}),
        };
        let response = server.request(method, params.clone());
        if let Some(error) = response.get("error") {
            let code = error["code"].as_i64().unwrap();
            assert_eq!(
                code, -32803,
                "{method} failed after {edits} edits (seed {seed}): {error}\nparams: {params}\ntext:\n{text}"
            );
        } else {
            assert!(response.get("result").is_some(), "{response}");
        }
        server.notifications.clear();
    }
    assert!(server.is_running());
    eprintln!("{edits} random edits and {requests} requests answered in {:?} (seed {seed})", start.elapsed());
    assert!(server.shutdown_and_exit().success());
    let stderr = server.stderr();
    assert!(!stderr.contains("panic"), "{stderr}");
}
