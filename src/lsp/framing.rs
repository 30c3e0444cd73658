//! The protocol's frames on stdin and stdout, read by hand.
//!
//! lsp-server's own stdio transport ends the session at the first malformed
//! frame (bad JSON, a missing, negative or non-numeric `Content-Length`),
//! logging a misleading reason, and allocates whatever `Content-Length`
//! claims before reading it (`Content-Length: 4294967296` aborted the
//! process). It offers no hook to answer such a frame, and a parse error's
//! answer has a `null` id, which its `RequestId` cannot hold. So the frames
//! are read here and the messages handed to the same main loop through an
//! in-memory [`Connection`]:
//!
//! - a body that is not JSON is answered with the JSON-RPC parse error
//!   (-32700), JSON that is not a message with "invalid request" (-32600),
//!   and the next frame is read;
//! - a header block without a usable `Content-Length` is answered with the
//!   parse error, and reading resumes at the next `Content-Length:` in the
//!   stream (the body's length is unknown, so that is the only way back);
//! - a body over [`MAX_FRAME_BYTES`] is answered with the parse error and
//!   skipped without being stored;
//! - a header line over [`MAX_HEADER_LINE`] bytes counts as a missing
//!   `Content-Length`.

use lsp_server::{Connection, Message};
use serde_json::{json, Value};
use std::io::{self, BufRead, Read, Write};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;

/// The largest frame body read: 64 MiB, four times the largest source file
/// the checker reads (`trust::MAX_SOURCE_BYTES`) to leave room for JSON
/// escaping of a full document.
pub const MAX_FRAME_BYTES: u64 = 64 << 20;

/// The longest header line read, in bytes.
pub const MAX_HEADER_LINE: u64 = 8 << 10;

/// JSON-RPC: the body is not JSON.
const PARSE_ERROR: i32 = -32700;
/// JSON-RPC: the body is JSON but not a request, notification or response.
const INVALID_REQUEST: i32 = -32600;

/// The header every frame needs.
const CONTENT_LENGTH: &[u8] = b"Content-Length:";

/// The threads that move frames between stdio and a [`Connection`].
pub struct Transport {
    reader: JoinHandle<()>,
    writer: JoinHandle<()>,
}

impl Transport {
    /// Waits for both threads: the reader stops after `exit` or at the end
    /// of input, the writer once the server's side of the connection is
    /// dropped and everything it sent is written.
    pub fn join(self) -> Result<(), String> {
        let reader = self.reader.join();
        let writer = self.writer.join();
        reader.and(writer).map_err(|_| "a stdio thread panicked".to_string())
    }
}

/// A connection over stdin and stdout.
pub fn stdio() -> (Connection, Transport) {
    let (server, client) = Connection::memory();
    let stdout = Arc::new(Mutex::new(io::stdout()));
    let out = Arc::clone(&stdout);
    let receiver = client.receiver;
    let writer = std::thread::spawn(move || {
        for message in receiver {
            let Ok(mut out) = out.lock() else { return };
            if message.write(&mut *out).is_err() {
                return;
            }
        }
    });
    let sender = client.sender;
    let reader = std::thread::spawn(move || {
        let stdin = io::stdin();
        let mut input = stdin.lock();
        read_frames(&mut input, &mut |message| sender.send(message).is_ok(), &mut |answer| {
            if let Ok(mut out) = stdout.lock() {
                let _ = write_frame(&mut *out, &answer);
            }
        });
    });
    (server, Transport { reader, writer })
}

/// Reads frames from `input` until it ends, `deliver` refuses a message or
/// the client says `exit`; malformed frames are answered through `answer`.
pub fn read_frames(input: &mut impl BufRead, deliver: &mut dyn FnMut(Message) -> bool, answer: &mut dyn FnMut(Value)) {
    let mut resumed = false;
    loop {
        let length = match read_headers(input, resumed) {
            Ok(Headers::End) => return,
            Ok(Headers::Length(length)) => length,
            Ok(Headers::Malformed(reason)) => {
                answer(error(Value::Null, PARSE_ERROR, &reason));
                match skip_to_next_header(input) {
                    Ok(true) => {
                        resumed = true;
                        continue;
                    }
                    _ => return,
                }
            }
            Err(_) => return,
        };
        resumed = false;
        if length > MAX_FRAME_BYTES {
            answer(error(
                Value::Null,
                PARSE_ERROR,
                &format!(
                    "a frame of {length} bytes is over the limit of {MAX_FRAME_BYTES} bytes (64 MiB); it is skipped"
                ),
            ));
            match io::copy(&mut input.take(length), &mut io::sink()) {
                Ok(skipped) if skipped == length => continue,
                _ => return,
            }
        }
        let mut body = Vec::with_capacity(length as usize);
        match input.take(length).read_to_end(&mut body) {
            Ok(n) if n as u64 == length => {}
            _ => return,
        }
        match serde_json::from_slice::<Value>(&body) {
            Err(e) => answer(error(Value::Null, PARSE_ERROR, &format!("the frame's body is not JSON: {e}"))),
            Ok(value) => {
                let id = value.get("id").filter(|id| id.is_number() || id.is_string()).cloned().unwrap_or(Value::Null);
                match serde_json::from_value::<Message>(value) {
                    Err(e) => answer(error(id, INVALID_REQUEST, &format!("not a JSON-RPC message: {e}"))),
                    Ok(message) => {
                        let exit = matches!(&message, Message::Notification(n) if n.method == "exit");
                        if !deliver(message) || exit {
                            return;
                        }
                    }
                }
            }
        }
    }
}

/// What a header block said.
enum Headers {
    /// The input ended (between frames, or inside a header block).
    End,
    /// The body's length.
    Length(u64),
    /// No usable `Content-Length`: why.
    Malformed(String),
}

/// Reads one header block up to its empty line. `resumed`: the stream was
/// just positioned after a `Content-Length:` found by
/// [`skip_to_next_header`], so the first line is that header's value.
fn read_headers(input: &mut impl BufRead, resumed: bool) -> io::Result<Headers> {
    let mut length: Option<Result<u64, String>> = None;
    let mut first = true;
    loop {
        let mut line = Vec::new();
        input.take(MAX_HEADER_LINE).read_until(b'\n', &mut line)?;
        if line.is_empty() {
            return Ok(Headers::End);
        }
        if !line.ends_with(b"\n") {
            return Ok(Headers::Malformed(format!("a header line is longer than {MAX_HEADER_LINE} bytes")));
        }
        let text = String::from_utf8_lossy(&line);
        let text = text.trim_end_matches(['\r', '\n']);
        if resumed && first {
            length = Some(parse_length(text));
            first = false;
            continue;
        }
        first = false;
        if text.is_empty() {
            return Ok(match length {
                Some(Ok(n)) => Headers::Length(n),
                Some(Err(reason)) => Headers::Malformed(reason),
                None => Headers::Malformed("the frame has no Content-Length header".to_string()),
            });
        }
        match text.split_once(':') {
            Some((name, value)) if name.trim().eq_ignore_ascii_case("content-length") => {
                length = Some(parse_length(value));
            }
            Some(_) => {} // Content-Type and others
            None => return Ok(Headers::Malformed(format!("`{}` is not a header", shorten(text)))),
        }
    }
}

fn parse_length(value: &str) -> Result<u64, String> {
    let value = value.trim();
    value.parse::<u64>().map_err(|_| format!("Content-Length `{}` is not a number of bytes", shorten(value)))
}

/// At most 40 characters of `text`, for messages.
fn shorten(text: &str) -> String {
    let mut short: String = text.chars().take(40).collect();
    if short.len() < text.len() {
        short.push('…');
    }
    short
}

/// Discards input up to and including the next `Content-Length:`; false
/// if the input ends first.
fn skip_to_next_header(input: &mut impl BufRead) -> io::Result<bool> {
    let mut matched = 0;
    loop {
        let buffer = input.fill_buf()?;
        if buffer.is_empty() {
            return Ok(false);
        }
        let mut used = 0;
        for &byte in buffer {
            used += 1;
            matched = if byte == CONTENT_LENGTH[matched] {
                matched + 1
            } else if byte == CONTENT_LENGTH[0] {
                1
            } else {
                0
            };
            if matched == CONTENT_LENGTH.len() {
                input.consume(used);
                return Ok(true);
            }
        }
        input.consume(used);
    }
}

/// A JSON-RPC error response.
fn error(id: Value, code: i32, message: &str) -> Value {
    json!({"jsonrpc": "2.0", "id": id, "error": {"code": code, "message": message}})
}

/// Writes `value` as one frame.
fn write_frame(out: &mut impl Write, value: &Value) -> io::Result<()> {
    let body = value.to_string();
    write!(out, "Content-Length: {}\r\n\r\n{body}", body.len())?;
    out.flush()
}

#[cfg(test)]
mod tests;
