//! `xla lsp` is the language server: the same one as `xla-lsp` (whose
//! own tests are in `lsp/tests`), reached through the one `xla` binary.

use serde_json::{json, Value};
use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};

fn send(stdin: &mut impl Write, message: Value) {
    let body = message.to_string();
    write!(stdin, "Content-Length: {}\r\n\r\n{}", body.len(), body).unwrap();
    stdin.flush().unwrap();
}

fn receive(stdout: &mut impl BufRead) -> Value {
    let mut length = 0;
    loop {
        let mut line = String::new();
        assert!(stdout.read_line(&mut line).unwrap() > 0, "the server closed stdout");
        match line.trim_end() {
            "" => break,
            header => {
                if let Some(v) = header.strip_prefix("Content-Length: ") {
                    length = v.parse().unwrap();
                }
            }
        }
    }
    let mut body = vec![0; length];
    stdout.read_exact(&mut body).unwrap();
    serde_json::from_slice(&body).unwrap()
}

#[test]
fn xla_lsp_serves_the_protocol_on_stdio() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_xla"))
        .args(["lsp", "--stdio"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    send(&mut stdin, json!({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"capabilities": {}}}));
    let initialized = receive(&mut stdout);
    assert_eq!(initialized["result"]["serverInfo"]["name"], "xla-lsp");
    send(&mut stdin, json!({"jsonrpc": "2.0", "method": "initialized", "params": {}}));
    let uri = "file:///virtual/contract.xla";
    send(
        &mut stdin,
        json!({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {
            "textDocument": {"uri": uri, "languageId": "xla", "version": 1, "text": "metric m = 1\n"}}}),
    );
    let published = receive(&mut stdout);
    assert_eq!(published["method"], "textDocument/publishDiagnostics");
    let codes: Vec<&str> =
        published["params"]["diagnostics"].as_array().unwrap().iter().map(|d| d["code"].as_str().unwrap()).collect();
    assert_eq!(codes, ["XLA0103", "XLA1001"]);
    send(&mut stdin, json!({"jsonrpc": "2.0", "id": 2, "method": "shutdown"}));
    assert_eq!(receive(&mut stdout), json!({"jsonrpc": "2.0", "id": 2, "result": null}));
    send(&mut stdin, json!({"jsonrpc": "2.0", "method": "exit"}));
    assert_eq!(child.wait().unwrap().code(), Some(0));
}
