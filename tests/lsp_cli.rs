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

/// Starts `xla lsp` in `dir`.
fn server_in(dir: &std::path::Path) -> std::process::Child {
    Command::new(env!("CARGO_BIN_EXE_xla"))
        .args(["lsp", "--stdio"])
        .current_dir(dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap()
}

/// Issue 9.16: malformed frames are answered with the JSON-RPC parse error
/// and the session goes on.
#[test]
fn malformed_frames_are_answered_and_the_session_goes_on() {
    let mut child = server_in(std::path::Path::new(env!("CARGO_MANIFEST_DIR")));
    let mut stdin = child.stdin.take().unwrap();
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let ping = r#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"capabilities":{}}}"#;
    // After a frame without a usable length the server looks for the next
    // `Content-Length:`, so each bad frame is answered as the next arrives.
    let malformed = [
        "Content-Length: 9\r\n\r\n{not json".to_string(),
        format!("Content-Type: application/json\r\n\r\n{ping}"),
        format!("Content-Length: -5\r\n\r\n{ping}"),
        format!("Content-Length: many\r\n\r\n{ping}"),
    ];
    for frame in &malformed {
        stdin.write_all(frame.as_bytes()).unwrap();
        stdin.flush().unwrap();
        let answer = receive(&mut stdout);
        assert_eq!(answer["error"]["code"], -32700, "{frame:?}: {answer}");
        assert_eq!(answer["id"], Value::Null);
    }
    send(&mut stdin, json!({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"capabilities": {}}}));
    assert_eq!(receive(&mut stdout)["result"]["serverInfo"]["name"], "xla-lsp");
    send(&mut stdin, json!({"jsonrpc": "2.0", "method": "initialized", "params": {}}));
    stdin.write_all(b"Content-Length: 3\r\n\r\n[1]").unwrap();
    assert_eq!(receive(&mut stdout)["error"]["code"], -32600);
    send(&mut stdin, json!({"jsonrpc": "2.0", "id": 2, "method": "shutdown"}));
    assert_eq!(receive(&mut stdout), json!({"jsonrpc": "2.0", "id": 2, "result": null}));
    send(&mut stdin, json!({"jsonrpc": "2.0", "method": "exit"}));
    assert_eq!(child.wait().unwrap().code(), Some(0));
}

/// Issue 9.16: a frame claiming 4 GiB is refused, not allocated.
#[test]
fn a_frame_of_4_gib_is_refused_not_allocated() {
    let mut child = server_in(std::path::Path::new(env!("CARGO_MANIFEST_DIR")));
    let mut stdin = child.stdin.take().unwrap();
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    stdin.write_all(b"Content-Length: 4294967296\r\n\r\n{}").unwrap();
    stdin.flush().unwrap();
    let answer = receive(&mut stdout);
    assert_eq!(answer["error"]["code"], -32700);
    assert!(answer["error"]["message"].as_str().unwrap().contains("64 MiB"), "{answer}");
    drop(stdin);
    assert_eq!(child.wait().unwrap().code(), Some(1), "no `exit`, so 1; not an abort");
}

/// Issue 9.5: the workspace scan reads no device or FIFO and follows no
/// directory symlink, so a planted loop or `/dev/zero` does not hang it.
#[cfg(unix)]
#[test]
fn the_workspace_scan_skips_devices_fifos_and_directory_links() {
    use std::os::unix::fs::symlink;
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    symlink("/dev/zero", d.join("zero.xla")).unwrap();
    symlink(".", d.join("loop")).unwrap();
    assert!(Command::new("mkfifo").arg(d.join("pipe.xla")).status().unwrap().success());
    std::fs::write(d.join("contract.xla"), "metric m = 1\n").unwrap();
    let mut child = server_in(d);
    let mut stdin = child.stdin.take().unwrap();
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let root = format!("file://{}", d.display());
    send(
        &mut stdin,
        json!({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"capabilities": {}, "rootUri": root}}),
    );
    receive(&mut stdout);
    send(&mut stdin, json!({"jsonrpc": "2.0", "method": "initialized", "params": {}}));
    let uri = format!("{root}/contract.xla");
    send(
        &mut stdin,
        json!({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {
            "textDocument": {"uri": uri, "languageId": "xla", "version": 1, "text": "metric m = 1\n"}}}),
    );
    let published = receive(&mut stdout);
    assert_eq!(published["method"], "textDocument/publishDiagnostics");
    send(&mut stdin, json!({"jsonrpc": "2.0", "id": 2, "method": "shutdown"}));
    while receive(&mut stdout).get("id") != Some(&json!(2)) {}
    send(&mut stdin, json!({"jsonrpc": "2.0", "method": "exit"}));
    assert_eq!(child.wait().unwrap().code(), Some(0));
}
