//! How long the editor waits for diagnostics after a keystroke: the time
//! from `didChange` to `publishDiagnostics` for a generated 2,000-line
//! contract, through the real `xla-lsp` binary over stdio (goal: under
//! 30 ms). Two peers are measured in the same run on the same machine, so
//! the numbers can be read against them: checking the same text in-process
//! with `xla::check::check_text` (the floor: what the server must do
//! anyway), and `serde_json` parsing a JSON document of the same size.
//!
//! Run with `cargo bench -p xla-lsp`.

use serde_json::{json, Value};
use std::io::{BufRead, BufReader, Read, Write};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const ROUNDS: usize = 60;

/// A contract of about `lines` lines: a header, datasets, then blocks of a
/// documented metric and a clause with credit bands.
pub fn contract(lines: usize) -> String {
    let mut s = String::from(
        "/// Generated for the benchmark.
contract \"Benchmark services\" {
  client      \"Acme\"
  provider    \"Northwind\"
  start       2026-01-01
  end         2028-12-31
  timezone    \"Europe/London\"
  currency    EUR
  monthly_fee 250000.00 EUR
  at_risk     12%
}

calendar business {
  hours mon-fri 08:00-18:00
}

dataset tickets from csv \"tickets/*.csv\" {
  id       text      = \"number\"
  priority text in [\"P1\", \"P2\", \"P3\", \"P4\"] = \"priority\"
  channel  text      = \"contact_type\"
  opened   timestamp = \"opened_at\" format \"%d/%m/%Y %H:%M\"
  resolved timestamp? = \"resolved_at\" format \"%d/%m/%Y %H:%M\"
  reopens  count     = \"reopen_count\"
  period by resolved
}
",
    );
    let mut i = 0;
    while s.lines().count() < lines {
        i += 1;
        s.push_str(&format!(
            "
/// Share of P1 incidents on channel {i} resolved in time.
metric m{i} = percent(tickets where priority == \"P1\" and channel == \"c{i}\"
                      meeting business_time(opened, resolved, business) <= {h}h)

sla s{i} \"Clause {i}\" {{
  metric     m{i}
  target     >= 95%
  minimum    >= 90%
  min_volume 10
  credit {{
    below target : 0.1% of monthly_fee
  }}
}}
",
            h = i % 8 + 1
        ));
    }
    s
}

struct Client {
    stdin: std::process::ChildStdin,
    stdout: BufReader<std::process::ChildStdout>,
    child: std::process::Child,
}

impl Client {
    fn send(&mut self, v: &Value) {
        let body = serde_json::to_string(v).unwrap();
        write!(self.stdin, "Content-Length: {}\r\n\r\n{}", body.len(), body).unwrap();
        self.stdin.flush().unwrap();
    }

    fn recv(&mut self) -> Value {
        let mut length = 0;
        loop {
            let mut line = String::new();
            assert!(self.stdout.read_line(&mut line).unwrap() > 0, "the server ended");
            let line = line.trim_end();
            if line.is_empty() {
                break;
            }
            if let Some(v) = line.strip_prefix("Content-Length: ") {
                length = v.parse().unwrap();
            }
        }
        let mut body = vec![0; length];
        self.stdout.read_exact(&mut body).unwrap();
        serde_json::from_slice(&body).unwrap()
    }

    fn wait_for(&mut self, f: impl Fn(&Value) -> bool) -> Value {
        loop {
            let m = self.recv();
            if f(&m) {
                return m;
            }
        }
    }
}

fn stats(mut samples: Vec<Duration>) -> (Duration, Duration) {
    samples.sort();
    (samples[samples.len() / 2], samples[samples.len() * 95 / 100])
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1000.0)
}

fn main() {
    let text = contract(2000);
    let lines = text.lines().count();
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("bench");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("contract.xla");
    std::fs::write(&path, &text).unwrap();
    let uri = format!("file://{}", path.display());

    // The server, through stdio.
    let mut child = Command::new(env!("CARGO_BIN_EXE_xla-lsp"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("xla-lsp starts");
    let stdin = child.stdin.take().unwrap();
    let stdout = BufReader::new(child.stdout.take().unwrap());
    let mut c = Client { stdin, stdout, child };
    c.send(&json!({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"capabilities": {}}}));
    c.wait_for(|m| m["id"] == 1);
    c.send(&json!({"jsonrpc": "2.0", "method": "initialized", "params": {}}));
    c.send(&json!({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {
        "textDocument": {"uri": uri, "languageId": "xla", "version": 0, "text": text}}}));
    let first = c.wait_for(|m| m["method"] == "textDocument/publishDiagnostics");
    let count = first["params"]["diagnostics"].as_array().map_or(0, Vec::len);
    assert_eq!(count, 0, "the generated contract is clean: {first}");

    let mut server = Vec::new();
    for round in 1..=ROUNDS {
        // A keystroke: a changing comment at the end, so the text differs each time.
        let edited = format!("{text}// edit {round}\n");
        let start = Instant::now();
        c.send(&json!({"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {
            "textDocument": {"uri": uri, "version": round}, "contentChanges": [{"text": edited}]}}));
        c.wait_for(|m| m["method"] == "textDocument/publishDiagnostics" && m["params"]["version"] == round);
        server.push(start.elapsed());
    }
    c.send(&json!({"jsonrpc": "2.0", "id": 2, "method": "shutdown"}));
    c.wait_for(|m| m["id"] == 2);
    c.send(&json!({"jsonrpc": "2.0", "method": "exit"}));
    let status = c.child.wait().unwrap();
    assert!(status.success());

    // Peer 1: the check itself, in-process, on the same text.
    let mut check = Vec::new();
    for round in 1..=ROUNDS {
        let edited = format!("{text}// edit {round}\n");
        let start = Instant::now();
        let checked = xla::check::check_text(&path, edited, &xla::check::RealFs);
        check.push(start.elapsed());
        assert!(checked.diagnostics.is_empty());
    }

    // Peer 2: serde_json parsing a JSON document of the same size.
    let rows: Vec<Value> = (0..)
        .map(|i| json!({"metric": format!("m{i}"), "target": ">= 95%", "minimum": 90, "volume": 10, "note": "generated"}))
        .take_while({
            let (mut size, target) = (0, text.len());
            move |v: &Value| {
                size += v.to_string().len() + 1;
                size < target
            }
        })
        .collect();
    let json_text = serde_json::to_string(&rows).unwrap();
    let mut json_parse = Vec::new();
    for _ in 0..ROUNDS {
        let start = Instant::now();
        let v: Value = serde_json::from_str(&json_text).unwrap();
        json_parse.push(start.elapsed());
        assert!(v.is_array());
    }

    let (s_med, s_p95) = stats(server);
    let (c_med, c_p95) = stats(check);
    let (j_med, j_p95) = stats(json_parse);
    println!("didChange → publishDiagnostics, {lines}-line contract ({} bytes), {ROUNDS} rounds", text.len());
    println!("  xla-lsp over stdio          median {:>10}   p95 {:>10}", ms(s_med), ms(s_p95));
    println!("  peer: check_text in-process median {:>10}   p95 {:>10}", ms(c_med), ms(c_p95));
    println!("  peer: serde_json, {} bytes  median {:>10}   p95 {:>10}", json_text.len(), ms(j_med), ms(j_p95));
    println!(
        "  ratio server/check_text {:.2}   server/serde_json {:.1}   goal < 30 ms: {}",
        s_med.as_secs_f64() / c_med.as_secs_f64(),
        s_med.as_secs_f64() / j_med.as_secs_f64(),
        if s_med < Duration::from_millis(30) { "met" } else { "NOT met" }
    );
}
