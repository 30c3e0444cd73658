use super::*;

fn frame(body: &str) -> String {
    format!("Content-Length: {}\r\n\r\n{body}", body.len())
}

/// The messages delivered and the answers given for `input`.
fn read(input: &[u8]) -> (Vec<String>, Vec<Value>) {
    let (mut delivered, mut answers) = (Vec::new(), Vec::new());
    read_frames(
        &mut io::BufReader::new(input),
        &mut |m| {
            delivered.push(match m {
                Message::Request(r) => r.method,
                Message::Notification(n) => n.method,
                Message::Response(r) => format!("response {}", r.id),
            });
            true
        },
        &mut |a| answers.push(a),
    );
    (delivered, answers)
}

const PING: &str = r#"{"jsonrpc":"2.0","id":1,"method":"ping"}"#;
const NOTE: &str = r#"{"jsonrpc":"2.0","method":"note","params":{}}"#;

fn codes(answers: &[Value]) -> Vec<i64> {
    answers.iter().map(|a| a["error"]["code"].as_i64().unwrap()).collect()
}

#[test]
fn good_frames_are_delivered_in_order() {
    let input = frame(PING) + &frame(NOTE);
    assert_eq!(read(input.as_bytes()), (vec!["ping".to_string(), "note".to_string()], vec![]));
}

#[test]
fn a_body_that_is_not_json_is_answered_and_the_session_goes_on() {
    let input = frame("{not json") + &frame(PING);
    let (delivered, answers) = read(input.as_bytes());
    assert_eq!(delivered, ["ping"]);
    assert_eq!(codes(&answers), [-32700]);
    assert_eq!(answers[0]["id"], Value::Null);
}

#[test]
fn json_that_is_not_a_message_is_an_invalid_request_with_its_id() {
    let input = frame(r#"{"id": 7, "nonsense": true}"#) + &frame("[1, 2]") + &frame(PING);
    let (delivered, answers) = read(input.as_bytes());
    assert_eq!(delivered, ["ping"]);
    assert_eq!(codes(&answers), [-32600, -32600]);
    assert_eq!(answers[0]["id"], 7);
}

#[test]
fn bad_or_missing_lengths_are_answered_and_reading_resumes_at_the_next_frame() {
    for header in ["Content-Length: -5\r\n", "Content-Length: many\r\n", "Content-Type: x\r\n", ""] {
        let input = format!("{header}\r\n{PING}") + &frame(NOTE);
        let (delivered, answers) = read(input.as_bytes());
        assert_eq!(delivered, ["note"], "{header:?}");
        assert_eq!(codes(&answers), [-32700], "{header:?}");
    }
    let garbage = "GET / HTTP/1.1\r\n\r\n".to_string() + &frame(PING);
    assert_eq!(read(garbage.as_bytes()).0, ["ping"]);
}

#[test]
fn an_oversized_frame_is_skipped_without_being_stored() {
    let claimed = MAX_FRAME_BYTES + 1;
    let mut input = format!("Content-Length: {claimed}\r\n\r\n").into_bytes();
    input.extend(std::iter::repeat_n(b' ', claimed as usize));
    input.extend(frame(PING).bytes());
    let (delivered, answers) = read(&input);
    assert_eq!(delivered, ["ping"]);
    assert_eq!(codes(&answers), [-32700]);
    assert!(answers[0]["error"]["message"].as_str().unwrap().contains("64 MiB"));
    // A claim of 4 GiB with nothing behind it ends the input, not the process.
    let (delivered, answers) = read(b"Content-Length: 4294967296\r\n\r\n{}");
    assert!(delivered.is_empty());
    assert_eq!(codes(&answers), [-32700]);
}

#[test]
fn a_header_line_without_end_is_malformed() {
    let input = "X".repeat(MAX_HEADER_LINE as usize * 2) + "\r\n\r\n" + &frame(PING);
    let (delivered, answers) = read(input.as_bytes());
    assert_eq!(delivered, ["ping"]);
    assert_eq!(codes(&answers), [-32700]);
}

#[test]
fn reading_stops_after_exit() {
    let input = frame(r#"{"jsonrpc":"2.0","method":"exit"}"#) + &frame(PING);
    assert_eq!(read(input.as_bytes()).0, ["exit"]);
}
