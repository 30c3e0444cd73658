//! Cancellation, in process: every message is queued before the server
//! reads the first, so the cancelled request and its `$/cancelRequest`
//! arrive in one batch, deterministically.

use lsp_server::{Connection, Message, Notification, Request, RequestId};
use serde_json::{json, Value};

fn request(id: i32, method: &str, params: Value) -> Message {
    Message::Request(Request { id: RequestId::from(id), method: method.to_string(), params })
}

fn notification(method: &str, params: Value) -> Message {
    Message::Notification(Notification { method: method.to_string(), params })
}

#[test]
fn a_cancelled_request_is_answered_as_cancelled() {
    let (server, client) = Connection::memory();
    let uri = "file:///virtual/contract.xla";
    let text = "metric m = 1\n";
    let hover = json!({"textDocument": {"uri": uri}, "position": {"line": 0, "character": 7}});
    for message in [
        request(1, "initialize", json!({"capabilities": {}})),
        notification("initialized", json!({})),
        notification(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": "xla", "version": 1, "text": text}}),
        ),
        request(2, "textDocument/hover", hover.clone()),
        notification("$/cancelRequest", json!({"id": 2})),
        request(3, "textDocument/hover", hover),
        request(4, "shutdown", Value::Null),
        notification("exit", Value::Null),
    ] {
        client.sender.send(message).unwrap();
    }
    let (code, exited) = xla_lsp::run(server);
    assert_eq!((code, exited), (0, true));

    let responses: Vec<lsp_server::Response> = client
        .receiver
        .try_iter()
        .filter_map(|m| match m {
            Message::Response(r) => Some(r),
            _ => None,
        })
        .collect();
    let ids: Vec<String> = responses.iter().map(|r| r.id.to_string()).collect();
    assert_eq!(ids, ["1", "2", "3", "4"]);
    let cancelled = responses[1].response_result.as_ref().unwrap_err();
    assert_eq!((cancelled.code, cancelled.message.as_str()), (-32800, "canceled by the client"));
    let hover = responses[2].response_result.as_ref().unwrap();
    assert!(hover["contents"]["value"].as_str().unwrap().starts_with("```xla\nmetric m = 1\n```"), "{hover}");
    assert_eq!(responses[3].response_result.as_ref().unwrap(), &Value::Null);
}
