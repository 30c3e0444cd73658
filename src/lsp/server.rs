//! The main loop: handshake, dispatch, cancellation, panics, shutdown.

use super::world::{DocView, World};
use super::{actions, completion, convert, diagnostics, framing, history, hover, navigation, semantic, symbols};
use crate::source::FileId;
use lsp_server::{Connection, ErrorCode, Message, Notification, Request, RequestId, Response, ResponseError};
use lsp_types::{
    CodeActionKind, CodeActionOptions, CodeActionProviderCapability, CodeLensOptions, CompletionOptions,
    HoverProviderCapability, OneOf, PositionEncodingKind, RenameOptions, SaveOptions, SemanticTokensFullOptions,
    SemanticTokensOptions, SemanticTokensServerCapabilities, ServerCapabilities, TextDocumentSyncCapability,
    TextDocumentSyncKind, TextDocumentSyncOptions, TextDocumentSyncSaveOptions,
};
use serde::de::DeserializeOwned;
use serde_json::Value;
use std::collections::HashSet;
use std::panic::{self, AssertUnwindSafe};

/// Runs the server on stdin and stdout until the client says `exit` (or
/// goes away). Returns the process exit code: 0 after a proper
/// `shutdown` then `exit`, 1 otherwise (as the protocol asks).
pub fn run_stdio() -> i32 {
    // A large stack: deeply nested expressions recurse deeply in the parser.
    let worker = std::thread::Builder::new().name("xla-lsp".into()).stack_size(256 << 20).spawn(|| {
        let (connection, transport) = framing::stdio();
        let (code, exited) = run(connection);
        if exited {
            // The reader has seen `exit`; wait for the writer to flush.
            if let Err(e) = transport.join() {
                log(&format!("closing stdio: {e}"));
            }
        }
        code
    });
    match worker.map(|w| w.join()) {
        Ok(Ok(code)) => code,
        _ => 1,
    }
}

/// Runs the server over `connection`: the handshake, then the main loop.
/// Returns the exit code and whether the client sent `exit`.
pub fn run(connection: Connection) -> (i32, bool) {
    let (id, params) = match connection.initialize_start() {
        Ok(start) => start,
        Err(e) => {
            log(&format!("no initialize request: {e}"));
            return (1, false);
        }
    };
    let mut world = World::default();
    world.workspace_roots = workspace_roots(&params);
    let client = ClientCaps::of(&params);
    let result = serde_json::json!({
        "capabilities": capabilities(),
        "serverInfo": { "name": "xla-lsp", "version": env!("CARGO_PKG_VERSION") },
    });
    if let Err(e) = connection.initialize_finish(id, result) {
        log(&format!("initialize failed: {e}"));
        return (1, false);
    }
    let mut server = Server {
        connection,
        world,
        published: diagnostics::Published::default(),
        shutdown: false,
        dirty: false,
        debug: std::env::var_os("XLA_LSP_DEBUG").is_some(),
        client,
        settled: super::settled::Cache::default(),
    };
    server.main_loop()
}

/// What the server offers.
pub fn capabilities() -> ServerCapabilities {
    ServerCapabilities {
        position_encoding: Some(PositionEncodingKind::UTF16),
        text_document_sync: Some(TextDocumentSyncCapability::Options(TextDocumentSyncOptions {
            open_close: Some(true),
            change: Some(TextDocumentSyncKind::FULL),
            save: Some(TextDocumentSyncSaveOptions::SaveOptions(SaveOptions { include_text: Some(false) })),
            ..TextDocumentSyncOptions::default()
        })),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        definition_provider: Some(OneOf::Left(true)),
        references_provider: Some(OneOf::Left(true)),
        document_highlight_provider: Some(OneOf::Left(true)),
        rename_provider: Some(OneOf::Right(RenameOptions {
            prepare_provider: Some(true),
            work_done_progress_options: Default::default(),
        })),
        completion_provider: Some(CompletionOptions {
            trigger_characters: Some(vec!["(".into(), "\"".into(), "[".into(), ",".into()]),
            ..CompletionOptions::default()
        }),
        document_symbol_provider: Some(OneOf::Left(true)),
        semantic_tokens_provider: Some(SemanticTokensServerCapabilities::SemanticTokensOptions(
            SemanticTokensOptions {
                legend: semantic::legend(),
                full: Some(SemanticTokensFullOptions::Bool(true)),
                range: None,
                work_done_progress_options: Default::default(),
            },
        )),
        code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
            code_action_kinds: Some(vec![CodeActionKind::QUICKFIX, CodeActionKind::REFACTOR_REWRITE]),
            ..CodeActionOptions::default()
        })),
        document_formatting_provider: super::format::PROVIDER,
        code_lens_provider: Some(CodeLensOptions { resolve_provider: Some(false) }),
        ..ServerCapabilities::default()
    }
}

fn workspace_roots(params: &Value) -> Vec<std::path::PathBuf> {
    let mut uris: Vec<&str> = Vec::new();
    if let Some(folders) = params.get("workspaceFolders").and_then(Value::as_array) {
        uris.extend(folders.iter().filter_map(|f| f.get("uri")?.as_str()));
    }
    if uris.is_empty() {
        uris.extend(params.get("rootUri").and_then(Value::as_str));
    }
    uris.iter().filter_map(|u| u.parse().ok()).map(|u| convert::path_of_uri(&u)).collect()
}

/// Writes a line to stderr, which editors show as the server's log.
pub fn log(message: &str) {
    use std::io::Write as _;
    // A closed stderr is no reason to stop serving.
    let _ = writeln!(std::io::stderr(), "[xla-lsp] {message}");
}

/// What the client said it supports, where the answers depend on it.
#[derive(Clone, Copy, Debug, Default)]
struct ClientCaps {
    /// Completion items may be snippets.
    snippets: bool,
    /// Completion documentation may be markdown.
    completion_markdown: bool,
    /// Hover contents may be markdown.
    hover_markdown: bool,
}

impl ClientCaps {
    fn of(params: &Value) -> ClientCaps {
        let text_document = &params["capabilities"]["textDocument"];
        let item = &text_document["completion"]["completionItem"];
        let markdown = |formats: &Value| formats.as_array().is_some_and(|f| f.iter().any(|k| k == "markdown"));
        ClientCaps {
            snippets: item["snippetSupport"].as_bool().unwrap_or(false),
            completion_markdown: markdown(&item["documentationFormat"]),
            hover_markdown: markdown(&text_document["hover"]["contentFormat"]),
        }
    }

    /// Completion items as this client can take them: snippets turned
    /// into plain text, markdown documentation into plain text.
    fn completions(self, items: Vec<lsp_types::CompletionItem>) -> Vec<lsp_types::CompletionItem> {
        use lsp_types::{Documentation, InsertTextFormat};
        items
            .into_iter()
            .map(|mut item| {
                if !self.snippets && item.insert_text_format == Some(InsertTextFormat::SNIPPET) {
                    item.insert_text = item.insert_text.map(|t| plain_snippet(&t));
                    item.insert_text_format = Some(InsertTextFormat::PLAIN_TEXT);
                }
                if !self.completion_markdown {
                    if let Some(Documentation::MarkupContent(m)) = item.documentation {
                        item.documentation = Some(Documentation::String(m.value));
                    }
                }
                item
            })
            .collect()
    }

    fn hover(self, hover: Option<lsp_types::Hover>) -> Option<lsp_types::Hover> {
        use lsp_types::{HoverContents, MarkupKind};
        hover.map(|mut h| {
            if let HoverContents::Markup(m) = &mut h.contents {
                if !self.hover_markdown {
                    m.kind = MarkupKind::PlainText;
                }
            }
            h
        })
    }
}

/// A snippet's text with its placeholders filled by their defaults:
/// `count(${1:dataset})` → `count(dataset)`, `${2|csv,jsonl|}` → `csv`.
fn plain_snippet(snippet: &str) -> String {
    let mut out = String::new();
    let mut rest = snippet;
    while let Some(i) = rest.find('$') {
        out.push_str(&rest[..i]);
        rest = &rest[i + 1..];
        if let Some(body) = rest.strip_prefix('{') {
            let end = body.find('}').unwrap_or(body.len());
            let inner = &body[..end];
            let inner = inner.trim_start_matches(|c: char| c.is_ascii_digit());
            if let Some(default) = inner.strip_prefix(':') {
                out.push_str(default);
            } else if let Some(choices) = inner.strip_prefix('|') {
                out.push_str(choices.split([',', '|']).next().unwrap_or(""));
            }
            rest = body.get(end + 1..).unwrap_or("");
        } else {
            rest = rest.trim_start_matches(|c: char| c.is_ascii_digit());
        }
    }
    out.push_str(rest);
    out
}

struct Server {
    client: ClientCaps,
    connection: Connection,
    world: World,
    published: diagnostics::Published,
    shutdown: bool,
    dirty: bool,
    debug: bool,
    /// The settlements beside contracts, for code lenses and target hovers.
    settled: super::settled::Cache,
}

/// A request handler's outcome.
type Answer = Result<Value, ResponseError>;

fn error(code: ErrorCode, message: impl Into<String>) -> ResponseError {
    ResponseError { code: code as i32, message: message.into(), data: None }
}

fn params<P: DeserializeOwned>(value: Value) -> Result<P, ResponseError> {
    serde_json::from_value(value).map_err(|e| error(ErrorCode::InvalidParams, format!("invalid parameters: {e}")))
}

fn to_value(v: impl serde::Serialize) -> Answer {
    serde_json::to_value(v).map_err(|e| error(ErrorCode::InternalError, e.to_string()))
}

fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| (*s).to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".to_string())
}

impl Server {
    fn main_loop(&mut self) -> (i32, bool) {
        loop {
            let Ok(first) = self.connection.receiver.recv() else {
                log("the client closed the connection without `exit`");
                return (1, false);
            };
            // Everything already waiting is handled as one batch: cancelled
            // requests are answered at once, and the documents are checked
            // once after all the edits, not once per keystroke.
            let mut batch = vec![first];
            while let Ok(more) = self.connection.receiver.try_recv() {
                batch.push(more);
            }
            let cancelled: HashSet<RequestId> = batch
                .iter()
                .filter_map(|m| match m {
                    Message::Notification(n) if n.method == "$/cancelRequest" => request_id(n.params.get("id")?),
                    _ => None,
                })
                .collect();
            for message in batch {
                match message {
                    Message::Request(request) => self.on_request(request, &cancelled),
                    Message::Notification(n) if n.method == "exit" => {
                        return (if self.shutdown { 0 } else { 1 }, true);
                    }
                    Message::Notification(n) => self.on_notification(n),
                    Message::Response(_) => {}
                }
            }
            if self.dirty && !self.shutdown {
                self.dirty = false;
                self.publish_diagnostics();
            }
        }
    }

    fn send(&self, message: Message) {
        if self.connection.sender.send(message).is_err() {
            log("cannot send: the connection is closed");
        }
    }

    fn on_request(&mut self, request: Request, cancelled: &HashSet<RequestId>) {
        let Request { id, method, params } = request;
        let response = if self.shutdown {
            Err(error(ErrorCode::InvalidRequest, "the server is shutting down"))
        } else if cancelled.contains(&id) {
            Err(error(ErrorCode::RequestCanceled, "canceled by the client"))
        } else if method == "shutdown" {
            self.shutdown = true;
            Ok(Value::Null)
        } else {
            match panic::catch_unwind(AssertUnwindSafe(|| self.dispatch(&method, params))) {
                Ok(answer) => answer,
                Err(payload) => {
                    let what = panic_message(payload.as_ref());
                    log(&format!("panic while answering {method}: {what}"));
                    Err(error(ErrorCode::InternalError, format!("internal error while answering {method}: {what}")))
                }
            }
        };
        self.send(Message::Response(Response { id, response_result: response }));
    }

    fn on_notification(&mut self, n: Notification) {
        let method = n.method.clone();
        if let Err(payload) = panic::catch_unwind(AssertUnwindSafe(|| self.notification(n))) {
            log(&format!("panic while handling {method}: {}", panic_message(payload.as_ref())));
        }
    }

    fn notification(&mut self, n: Notification) {
        use lsp_types::{
            DidChangeTextDocumentParams, DidCloseTextDocumentParams, DidOpenTextDocumentParams,
            DidSaveTextDocumentParams,
        };
        match n.method.as_str() {
            "textDocument/didOpen" => {
                if let Ok(p) = serde_json::from_value::<DidOpenTextDocumentParams>(n.params) {
                    let d = p.text_document;
                    self.world.open(d.uri, d.text, d.version);
                    self.dirty = true;
                }
            }
            "textDocument/didChange" => {
                if let Ok(p) = serde_json::from_value::<DidChangeTextDocumentParams>(n.params) {
                    // Full sync was asked for; ranged changes are applied all the same.
                    let uri = p.text_document.uri;
                    let text = self.world.apply_changes(&uri, p.content_changes);
                    self.world.change(&uri, text, p.text_document.version);
                    self.dirty = true;
                }
            }
            "textDocument/didClose" => {
                if let Ok(p) = serde_json::from_value::<DidCloseTextDocumentParams>(n.params) {
                    self.world.close(&p.text_document.uri);
                    self.dirty = true;
                }
            }
            // Other files may include the saved one: check again.
            "textDocument/didSave" if serde_json::from_value::<DidSaveTextDocumentParams>(n.params).is_ok() => {
                self.world.invalidate();
                self.dirty = true;
            }
            "workspace/didChangeWatchedFiles" => {
                self.world.invalidate();
                self.dirty = true;
            }
            _ => {} // `initialized`, `$/cancelRequest`, `$/setTrace`, …
        }
    }

    fn publish_diagnostics(&mut self) {
        let result =
            panic::catch_unwind(AssertUnwindSafe(|| diagnostics::collect(&mut self.world, &mut self.published)));
        match result {
            Ok(list) => {
                for params in list {
                    let n = Notification::new("textDocument/publishDiagnostics".to_string(), params);
                    self.send(Message::Notification(n));
                }
            }
            Err(payload) => log(&format!("panic while checking: {}", panic_message(payload.as_ref()))),
        }
    }

    /// The check a request's document is part of, and the byte offset of a
    /// position in it.
    fn view(&mut self, uri: &lsp_types::Uri) -> Result<DocView, ResponseError> {
        self.world.view(uri).ok_or_else(|| {
            error(ErrorCode::InvalidParams, format!("`{}` is not open and cannot be read", uri.as_str()))
        })
    }

    fn at(&mut self, p: &lsp_types::TextDocumentPositionParams) -> Result<(DocView, usize), ResponseError> {
        let view = self.view(&p.text_document.uri)?;
        let offset = convert::offset(view.source(), p.position);
        Ok((view, offset))
    }

    fn dispatch(&mut self, method: &str, p: Value) -> Answer {
        use lsp_types::*;
        match method {
            "textDocument/hover" => {
                let p: HoverParams = params(p)?;
                let (view, offset) = self.at(&p.text_document_position_params)?;
                let found = hover::hover(&view, offset).or_else(|| {
                    let history = self.settled.beside(&view.analysis.file(FileId(0)).path)?;
                    history::target_hover(&view, offset, &history)
                });
                to_value(self.client.hover(found))
            }
            "textDocument/codeLens" => {
                let p: CodeLensParams = params(p)?;
                let view = self.view(&p.text_document.uri)?;
                let history = self.settled.beside(&view.analysis.file(FileId(0)).path);
                to_value(history.map(|h| history::lenses(&view, &h)).unwrap_or_default())
            }
            "textDocument/definition" => {
                let p: GotoDefinitionParams = params(p)?;
                let (view, offset) = self.at(&p.text_document_position_params)?;
                to_value(navigation::definition(&self.world, &view, offset).map(GotoDefinitionResponse::Scalar))
            }
            "textDocument/references" => {
                let p: ReferenceParams = params(p)?;
                let (view, offset) = self.at(&p.text_document_position)?;
                let with_definition = p.context.include_declaration;
                to_value(navigation::references(&self.world, &view, offset, with_definition))
            }
            "textDocument/documentHighlight" => {
                let p: DocumentHighlightParams = params(p)?;
                let (view, offset) = self.at(&p.text_document_position_params)?;
                to_value(navigation::highlights(&view, offset))
            }
            "textDocument/prepareRename" => {
                let p: TextDocumentPositionParams = params(p)?;
                let (view, offset) = self.at(&p)?;
                match navigation::prepare_rename(&view, offset) {
                    Ok(r) => to_value(r),
                    Err(why) => Err(error(ErrorCode::RequestFailed, why)),
                }
            }
            "textDocument/rename" => {
                let p: RenameParams = params(p)?;
                let (view, offset) = self.at(&p.text_document_position)?;
                navigation::rename(&self.world, &view, offset, &p.new_name)
                    .map_err(|why| error(ErrorCode::RequestFailed, why))
                    .and_then(to_value)
            }
            "textDocument/completion" => {
                let p: CompletionParams = params(p)?;
                let (view, offset) = self.at(&p.text_document_position)?;
                let items = self.client.completions(completion::complete(&view, offset));
                to_value(CompletionResponse::Array(items))
            }
            "textDocument/documentSymbol" => {
                let p: DocumentSymbolParams = params(p)?;
                let view = self.view(&p.text_document.uri)?;
                let outline = view.analysis.ast(view.file).map(|ast| symbols::outline(view.source(), ast));
                to_value(DocumentSymbolResponse::Nested(outline.unwrap_or_default()))
            }
            "textDocument/semanticTokens/full" => {
                let p: SemanticTokensParams = params(p)?;
                let view = self.view(&p.text_document.uri)?;
                to_value(SemanticTokens { result_id: None, data: semantic::tokens(&view) })
            }
            "textDocument/codeAction" => {
                let p: CodeActionParams = params(p)?;
                let view = self.view(&p.text_document.uri)?;
                let start = convert::offset(view.source(), p.range.start);
                let end = convert::offset(view.source(), p.range.end);
                let mut list = actions::actions(&self.world, &view, start, end);
                if let Some(only) = &p.context.only {
                    list.retain(|a| match a {
                        CodeActionOrCommand::CodeAction(a) => {
                            a.kind.as_ref().is_some_and(|k| only.iter().any(|o| k.as_str().starts_with(o.as_str())))
                        }
                        CodeActionOrCommand::Command(_) => true,
                    });
                }
                to_value(list)
            }
            "textDocument/formatting" => {
                let p: DocumentFormattingParams = params(p)?;
                let view = self.view(&p.text_document.uri)?;
                super::format::format(&view).map_err(|why| error(ErrorCode::RequestFailed, why)).and_then(to_value)
            }
            "xla/panic" if self.debug => panic!("deliberate panic for testing"),
            _ => Err(error(ErrorCode::MethodNotFound, format!("unknown request `{method}`"))),
        }
    }
}

fn request_id(v: &Value) -> Option<RequestId> {
    match v {
        Value::Number(n) => n.as_i64().and_then(|i| i32::try_from(i).ok()).map(RequestId::from),
        Value::String(s) => Some(RequestId::from(s.clone())),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::plain_snippet;

    #[test]
    fn snippets_become_plain_text() {
        assert_eq!(plain_snippet("count(${1:dataset})"), "count(dataset)");
        assert_eq!(plain_snippet("from ${2|csv,jsonl|} \"${3:path}\" $0"), "from csv \"path\" ");
        assert_eq!(plain_snippet("contains(${1:text}, \"${2}\")"), "contains(text, \"\")");
    }
}
