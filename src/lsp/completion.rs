//! Completion that works on half-typed text.
//!
//! The context comes from the tokens around the cursor (the item it is in,
//! the brace depth, the field, the open calls), because the text being typed
//! rarely parses; the names offered come from the last check, which recovers
//! item by item, so the rest of the file still supplies them.

use super::builtins::{self, FnPlace};
use super::lexer::{self, Token, TokenKind};
use super::model;
use super::world::{Analysis, DocView};
use lsp_types::{
    CompletionItem, CompletionItemKind, CompletionTextEdit, Documentation, InsertTextFormat, MarkupContent, MarkupKind,
    TextEdit,
};

/// The completions at byte `offset` of the document.
pub fn complete(view: &DocView, offset: usize) -> Vec<CompletionItem> {
    let text = view.text();
    let offset = lexer::floor_char_boundary(text, offset);
    let all = lexer::lex(text);
    if all.iter().any(|t| matches!(t.kind, TokenKind::Comment { .. }) && t.start < offset && offset <= t.end) {
        return Vec::new();
    }
    let toks: Vec<Token> = all.into_iter().filter(|t| !matches!(t.kind, TokenKind::Comment { .. })).collect();
    let mut cx = Cx { text, toks: &toks, analysis: &view.analysis, view, word_start: offset };
    if let Some(si) = toks.iter().position(|t| match t.kind {
        TokenKind::Str { closed } => t.start < offset && (offset < t.end || (offset == t.end && !closed)),
        _ => false,
    }) {
        return cx.string_values(si, offset);
    }
    // The word being typed, if any, and the tokens before it.
    let word_start = toks
        .iter()
        .find(|t| t.kind == TokenKind::Ident && t.start < offset && offset <= t.end)
        .map_or(offset, |t| t.start);
    let k = toks.partition_point(|t| t.start < word_start);
    cx.word_start = word_start;
    if lexer::line_start(text, word_start) == word_start {
        return items_keywords(); // column 0 starts an item
    }
    let Some(j) = (0..k).rev().find(|&j| cx.starts_item(j)) else {
        return items_keywords();
    };
    let item_end = (k..toks.len()).find(|&e| cx.starts_item(e)).unwrap_or(toks.len());
    let depths = depths(text, &toks[j..k]);
    let depth = depths.last().map_or(0, |d| d.1);
    let opened = toks[j..k].iter().any(|t| t.is_punct(text, "{"));
    let first = lexer::first_on_line(text, word_start);
    let prev = k.checked_sub(1).filter(|&p| p > j).map(|p| toks[p]);
    let prev_word = prev.map_or("", |p| p.text(text));
    let kw = toks[j].text(text);
    if opened && depth == 0 && kw != "metric" {
        return if first { items_keywords() } else { Vec::new() };
    }
    // The field keyword of the current line of a braced body.
    // (A token's own depth is the depth after the token before it.)
    let field = (j + 1..k).rev().find(|&i| {
        depths[i - j - 1].1 == 1 && toks[i].kind == TokenKind::Ident && lexer::first_on_line(text, toks[i].start)
    });
    let field_word = field.map_or("", |f| toks[f].text(text));
    match kw {
        "metric" => match (j..k).find(|&i| toks[i].is_punct(text, "=")) {
            Some(eq) => cx.expression(eq + 1, k, item_end),
            None => Vec::new(),
        },
        "gain" => {
            if depth == 0 {
                Vec::new()
            } else if first {
                fields(builtins::GAIN_FIELDS, &cx.present_fields(j, item_end), &[])
            } else if field_word == "value" {
                cx.expression(field.map_or(k, |f| f + 1), k, item_end)
            } else {
                Vec::new()
            }
        }
        // `credit MONEY-EXPR`, `bonus MONEY-EXPR` (§7.2a): an expression with
        // the clause's words in scope.
        "sla" | "xla" if depth == 1 && !first && matches!(field_word, "credit" | "bonus") => {
            let mut out =
                words(&["value", "target", "monthly_fee"], CompletionItemKind::KEYWORD, "this month's figure");
            out.extend(cx.expression(field.map_or(k, |f| f + 1), k, item_end));
            out
        }
        "sla" | "xla" => cx.clause(depth, first, field_word, prev_word, prev, j, k, item_end),
        "dataset" => cx.dataset(depth, first, prev_word, prev, j, k, item_end),
        "calendar" => {
            if depth == 1 && first {
                snippets(builtins::CALENDAR_LINES)
            } else if depth == 1 && field_word == "hours" && matches!(prev_word, "hours" | "," | "-") {
                words(builtins::WEEKDAYS, CompletionItemKind::ENUM_MEMBER, "day")
            } else {
                Vec::new()
            }
        }
        "escalation" => {
            if depth == 0 && prev_word == "using" {
                cx.calendars()
            } else if depth == 1 && first {
                vec![snippet(
                    "level",
                    "level ${1:1} \"${2:Role}\" within ${3:5} business days",
                    "an escalation level",
                    CompletionItemKind::KEYWORD,
                )]
            } else if depth == 1
                && prev.is_some_and(|p| p.kind == TokenKind::Number)
                && cx.word_before(k, 2) == "within"
            {
                keywords(&["business"])
            } else if depth == 1 && prev_word == "business" {
                keywords(&["days"])
            } else {
                Vec::new()
            }
        }
        "contract" => {
            if depth == 1 && first {
                let present = cx.present_fields(j, item_end);
                fields(builtins::CONTRACT_FIELDS, &present, &[])
            } else if depth == 1 && field_word == "annual_cap" && prev_word != "annual_cap" {
                keywords(&["rolling"])
            } else if depth == 1 && field_word == "point_value" && prev_word.ends_with('%') {
                keywords(&["of"])
            } else if depth == 1 && field_word == "point_value" && prev_word == "of" {
                keywords(&["monthly_fee"])
            } else {
                Vec::new()
            }
        }
        _ => Vec::new(),
    }
}

/// For each token, the token and the brace depth after it.
fn depths(text: &str, toks: &[Token]) -> Vec<(Token, usize)> {
    let mut depth = 0usize;
    toks.iter()
        .map(|t| {
            if t.is_punct(text, "{") {
                depth += 1;
            } else if t.is_punct(text, "}") {
                depth = depth.saturating_sub(1);
            }
            (*t, depth)
        })
        .collect()
}

struct Cx<'a> {
    text: &'a str,
    toks: &'a [Token],
    analysis: &'a Analysis,
    view: &'a DocView,
    /// Where the word being completed starts (it does not count as written).
    word_start: usize,
}

const AGGREGATES: &[&str] = &["count", "percent", "sum", "mean", "median", "min", "max", "percentile", "distinct"];

impl Cx<'_> {
    fn word(&self, i: usize) -> &str {
        self.toks.get(i).map_or("", |t| t.text(self.text))
    }

    /// The text of the token `back` places before index `k`.
    fn word_before(&self, k: usize, back: usize) -> &str {
        k.checked_sub(back).map_or("", |i| self.word(i))
    }

    /// Whether the tokens before `k` are `when value OP LEVEL` with the
    /// level written (not ending in `+` or `-`) and no action yet.
    fn value_condition_written(&self, k: usize) -> bool {
        let Some(when) = (0..k).rev().find(|&i| self.word(i) == "when") else {
            return false;
        };
        let rest: Vec<&str> = (when + 1..k).map(|i| self.word(i)).collect();
        rest.len() >= 3
            && rest[0] == "value"
            && !matches!(rest[rest.len() - 1], "+" | "-")
            && !rest.iter().any(|w| matches!(*w, "escalate" | "credit" | "points" | "chronic" | ","))
    }

    /// Whether token `i` is an item keyword at the start of a line (column 0).
    fn starts_item(&self, i: usize) -> bool {
        let t = self.toks[i];
        t.kind == TokenKind::Ident
            && builtins::ITEM_KEYWORDS.contains(&t.text(self.text))
            && lexer::line_start(self.text, t.start) == t.start
    }

    /// Indices of the identifiers in `j..end` that begin a line directly
    /// inside the item's block (brace depth 1): its fields, columns or options.
    fn line_heads(&self, j: usize, end: usize) -> Vec<usize> {
        let mut depth = 0;
        let mut out = Vec::new();
        for i in j..end {
            let t = self.toks[i];
            if depth == 1 && t.kind == TokenKind::Ident && lexer::first_on_line(self.text, t.start) {
                out.push(i);
            }
            if t.is_punct(self.text, "{") {
                depth += 1;
            } else if t.is_punct(self.text, "}") {
                depth -= 1;
            }
        }
        out
    }

    /// The words that begin lines at depth 1 of the item `j..end`.
    fn present_fields(&self, j: usize, end: usize) -> Vec<String> {
        self.line_heads(j, end)
            .into_iter()
            .filter(|&i| self.toks[i].start != self.word_start)
            .map(|i| self.word(i).to_string())
            .collect()
    }

    #[allow(clippy::too_many_arguments)]
    fn clause(
        &self,
        depth: usize,
        first: bool,
        field: &str,
        prev_word: &str,
        prev: Option<Token>,
        j: usize,
        k: usize,
        end: usize,
    ) -> Vec<CompletionItem> {
        match depth {
            1 if first => fields(builtins::CLAUSE_FIELDS, &self.present_fields(j, end), &["when"]),
            1 => match field {
                "metric" if prev_word == "metric" => self.metrics(),
                "target" if matches!(prev_word, ">=" | ">" | "<=" | "<") => keywords(&["baseline"]),
                "target" if prev_word == "reviewed" => keywords(&["every"]),
                "target" if matches!(prev_word, "months" | "month") => keywords(&["ratchet"]),
                "baseline" if prev_word == "baseline" => keywords(&["first"]),
                "measured" if prev_word == "measured" => keywords(&["every"]),
                "measured" if prev.is_some_and(|p| p.kind == TokenKind::Number) => keywords(&["months"]),
                "when" => match prev_word {
                    "when" => keywords(&["missed", "failed", "met", "value"]),
                    "<" | "<=" | ">" | ">=" => keywords(&["target"]),
                    "escalate" => keywords(&["level"]),
                    "level" => self.levels(),
                    "chronic" => keywords(&["failure"]),
                    "credit" | "points" => keywords(&["x"]),
                    "missed" | "failed" | "met" | "months" | "month" | "periods" | "period" | "," => {
                        keywords(&["escalate", "credit", "points", "chronic"])
                    }
                    "consecutive" => keywords(&["months", "periods"]),
                    _ if prev.is_some_and(|p| p.kind == TokenKind::Number) && self.word_before(k, 2) == "of" => {
                        keywords(&["months", "periods"])
                    }
                    // After `when value < LEVEL`: the actions.
                    _ if self.value_condition_written(k) => keywords(&["escalate", "credit", "points", "chronic"]),
                    _ if prev.is_some_and(|p| p.kind == TokenKind::Number)
                        && matches!(self.word_before(k, 2), "missed" | "failed" | "met") =>
                    {
                        keywords(&["consecutive", "of"])
                    }
                    _ => Vec::new(),
                },
                "earnback" if prev_word == "earnback" => keywords(&["after"]),
                "earnback" if prev_word == "consecutive" => keywords(&["months", "periods"]),
                "earnback" if matches!(prev_word, "months" | "month" | "periods" | "period") => keywords(&["met"]),
                _ => Vec::new(),
            },
            2 if first => keywords(&["below", "above"]),
            2 => match prev_word {
                "below" | "above" => keywords(&["target"]),
                "of" => keywords(&["monthly_fee"]),
                _ => Vec::new(),
            },
            _ => Vec::new(),
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn dataset(
        &self,
        depth: usize,
        first: bool,
        prev_word: &str,
        prev: Option<Token>,
        j: usize,
        k: usize,
        end: usize,
    ) -> Vec<CompletionItem> {
        if depth == 0 {
            return if prev_word == "from" { words_with_docs(builtins::DATA_FORMATS) } else { Vec::new() };
        }
        if depth != 1 {
            return Vec::new();
        }
        if first {
            // A table has no file to describe.
            let table = self.word(j + 2) == "from" && self.word(j + 3) == "table";
            let fits =
                |label: &str| !table || !builtins::FILE_OPTIONS.contains(&label.split(' ').next().unwrap_or(label));
            let options = builtins::DATASET_OPTIONS.iter().filter(|(label, _, _)| fits(label));
            return options.map(|(l, b, d)| snippet(l, b, d, CompletionItemKind::KEYWORD)).collect();
        }
        let columns = self.local_columns(j, end);
        let column_items =
            || columns.iter().map(|c| item(c, CompletionItemKind::FIELD, Some("column".into()), None)).collect();
        let line_first = prev.is_some_and(|p| lexer::first_on_line(self.text, p.start));
        match prev_word {
            "period" | "unique" | "latest" => keywords(&["by"]),
            "by" if matches!(self.word_before(k, 2), "period" | "unique" | "latest") => column_items(),
            "to" if self.word_before(k, 3) == "by" => column_items(),
            "reject" => keywords(&["up"]),
            "encoding" => builtins::ENCODINGS
                .iter()
                .map(|e| item(&format!("\"{e}\""), CompletionItemKind::VALUE, Some("encoding".into()), None))
                .collect(),
            "up" => keywords(&["to"]),
            "unit" => keywords(&["seconds", "minutes", "hours"]),
            "text" | "number" | "count" | "duration" if !line_first => keywords(&["in"]),
            _ if line_first && !is_option(prev_word) => builtins::COLUMN_TYPES
                .iter()
                .map(|(t, d)| item(t, CompletionItemKind::TYPE_PARAMETER, Some((*d).to_string()), None))
                .collect(),
            _ => Vec::new(),
        }
    }

    /// Column names of the dataset item `j..end`, read from its lines, so
    /// that they are known while the dataset itself does not parse.
    fn local_columns(&self, j: usize, end: usize) -> Vec<String> {
        self.line_heads(j, end)
            .into_iter()
            .filter(|&i| !is_option(self.word(i)) && self.toks.get(i + 1).is_some_and(|n| n.kind == TokenKind::Ident))
            .map(|i| self.word(i).to_string())
            .collect()
    }

    /// Completions inside an expression that starts at token `start`.
    fn expression(&self, start: usize, k: usize, end: usize) -> Vec<CompletionItem> {
        // After a whole aggregate or `scheduled(..)`: a rolling window.
        let prev = k.checked_sub(1).filter(|&p| p >= start);
        if let Some(p) = prev.filter(|&p| self.toks[p].is_punct(self.text, ")")) {
            let called = self.open_calls(start, p).last().and_then(|&(_, f)| f).map(|f| self.word(f));
            return match called {
                Some(name) if AGGREGATES.contains(&name) || name == "scheduled" => keywords(&["over"]),
                _ => Vec::new(),
            };
        }
        if prev.is_some_and(|p| self.toks[p].kind == TokenKind::Number) && self.word_before(k, 2) == "over" {
            return keywords(&["months"]);
        }
        let stack = self.open_calls(start, k);
        // The innermost call decides calendar and metric arguments.
        if let Some(&(open, func)) = stack.last() {
            let name = self.word(func.unwrap_or(open));
            let arg = self.arg_index(open, k);
            match (func.is_some(), name) {
                (true, "business_time" | "overlap") if arg == 2 => return self.calendars(),
                (true, "scheduled") => return self.calendars(),
                (true, "baseline") => return self.metrics(),
                _ => {}
            }
        }
        if let Some((open, func)) = stack.iter().rev().find_map(|&(open, f)| {
            let f = f?;
            let name = self.word(f);
            (AGGREGATES.contains(&name) && self.is_aggregate(name, open, end)).then_some((open, name))
        }) {
            return self.aggregate(open, func, k, end);
        }
        let mut out = self.metrics();
        out.extend(functions(&[FnPlace::Aggregate, FnPlace::Metric]));
        out
    }

    /// The unclosed `(` between tokens `start` and `k`, outermost first,
    /// each with the index of the function name before it.
    fn open_calls(&self, start: usize, k: usize) -> Vec<(usize, Option<usize>)> {
        let mut stack: Vec<(usize, Option<usize>)> = Vec::new();
        for i in start..k {
            let t = self.toks[i];
            match self.nesting(t) {
                1 => {
                    let func = (i > start && self.toks[i - 1].kind == TokenKind::Ident && t.is_punct(self.text, "("))
                        .then_some(i - 1);
                    stack.push((i, func));
                }
                -1 => {
                    stack.pop();
                }
                _ => {}
            }
        }
        stack
    }

    /// How a token changes the bracket depth: 1 for `(` or `[`, -1 for
    /// `)` or `]`, 0 for any other. Every walk over calls counts with it.
    fn nesting(&self, t: Token) -> i32 {
        if t.is_punct(self.text, "(") || t.is_punct(self.text, "[") {
            1
        } else if t.is_punct(self.text, ")") || t.is_punct(self.text, "]") {
            -1
        } else {
            0
        }
    }

    /// The indices of the tokens in `a..b` that stand outside every
    /// bracket opened within that range (brackets themselves excluded):
    /// where the commas between arguments and the top-level words are.
    fn top_level(&self, a: usize, b: usize) -> impl Iterator<Item = usize> + '_ {
        let mut depth = 0;
        (a..b).filter(move |&i| match self.nesting(self.toks[i]) {
            0 => depth == 0,
            step => {
                depth += step;
                false
            }
        })
    }

    /// The index of the `)` closing the `(` at `open`, or `end`.
    fn close_of(&self, open: usize, end: usize) -> usize {
        let mut depth = 0;
        for i in open..end {
            let step = self.nesting(self.toks[i]);
            depth += step;
            if step < 0 && depth == 0 {
                return i;
            }
        }
        end
    }

    /// The arguments of the call opened at `open`, as token ranges.
    fn args(&self, open: usize, end: usize) -> Vec<(usize, usize)> {
        let close = self.close_of(open, end);
        let mut args = Vec::new();
        let mut from = open + 1;
        for i in self.top_level(open + 1, close) {
            if self.toks[i].is_punct(self.text, ",") {
                args.push((from, i));
                from = i + 1;
            }
        }
        args.push((from, close));
        args
    }

    /// Which argument (0-based) of the call opened at `open` token `k` is in.
    fn arg_index(&self, open: usize, k: usize) -> usize {
        self.top_level(open + 1, k).filter(|&i| self.toks[i].is_punct(self.text, ",")).count()
    }

    /// `min` and `max` are aggregates with `of`, or metric functions of two values.
    fn is_aggregate(&self, name: &str, open: usize, end: usize) -> bool {
        if !matches!(name, "min" | "max") {
            return true;
        }
        let args = self.args(open, end);
        args.len() == 1 || args.iter().any(|&(a, b)| self.find_word(a, b, "of").is_some())
    }

    /// The index of the word `word` at paren depth 0 in `a..b`.
    fn find_word(&self, a: usize, b: usize, word: &str) -> Option<usize> {
        self.top_level(a, b).find(|&i| self.toks[i].is_word(self.text, word))
    }

    /// The dataset an aggregate opened at `open` runs over, if written.
    fn aggregate_dataset(&self, open: usize, func: &str, end: usize) -> Option<String> {
        let args = self.args(open, end);
        let &(a, b) = args.get(usize::from(func == "percentile"))?;
        let d = match self.find_word(a, b, "of") {
            Some(of) => of + 1,
            None if matches!(func, "count" | "percent") => a,
            None => return None,
        };
        let t = self.toks.get(d).filter(|t| d < b && t.kind == TokenKind::Ident)?;
        Some(t.text(self.text).to_string())
    }

    fn aggregate(&self, open: usize, func: &str, k: usize, end: usize) -> Vec<CompletionItem> {
        let args = self.args(open, end);
        let arg = self.arg_index(open, k);
        let population = usize::from(func == "percentile");
        if arg != population {
            return Vec::new();
        }
        let (a, b) = args.get(arg).copied().unwrap_or((open + 1, end));
        let prev = self.word_before(k, 1);
        let count_like = matches!(func, "count" | "percent");
        if prev == "of" || (count_like && k == a) {
            return self.datasets();
        }
        let dataset = self.aggregate_dataset(open, func, end);
        let dataset = dataset.as_deref().and_then(|d| model::dataset(self.analysis, d));
        let mut out = Vec::new();
        match dataset {
            Some(d) => out.extend(d.columns.iter().map(|c| column_item(c, &d.name.name))),
            None => {
                for d in model::datasets(self.analysis) {
                    out.extend(d.columns.iter().map(|c| column_item(c, &d.name.name)));
                }
            }
        }
        out.extend(functions(&[FnPlace::Row]));
        let mut kws: Vec<&str> = Vec::new();
        if !count_like && self.find_word(a, b, "of").is_none() {
            kws.push("of");
        }
        if self.find_word(a, b, "where").is_none() {
            kws.push("where");
        }
        if func == "percent" && self.find_word(a, b, "meeting").is_none() {
            kws.push("meeting");
        }
        kws.extend(["and", "or", "not", "none"]);
        out.extend(keywords(&kws));
        out
    }

    /// The values of a `text in [..]` column inside the string at token `si`.
    fn string_values(&self, si: usize, offset: usize) -> Vec<CompletionItem> {
        let Some(column) = self.compared_column(si) else { return Vec::new() };
        // The dataset of the enclosing aggregate, if the string is in one.
        let item_start = (0..si).rev().find(|&j| self.starts_item(j)).unwrap_or(0);
        let item_end = (si..self.toks.len()).find(|&e| self.starts_item(e)).unwrap_or(self.toks.len());
        let stack = self.open_calls(item_start, si);
        let dataset = stack.iter().rev().find_map(|&(open, f)| {
            let name = self.word(f?);
            AGGREGATES.contains(&name).then(|| self.aggregate_dataset(open, name, item_end)).flatten()
        });
        let found = model::datasets(self.analysis)
            .filter(|d| dataset.as_deref().is_none_or(|n| d.name.name == n))
            .find_map(|d| d.columns.iter().find(|c| c.name.name == column && c.values.is_some()).map(|c| (d, c)));
        let Some((d, c)) = found else { return Vec::new() };
        let t = self.toks[si];
        let closed = matches!(t.kind, TokenKind::Str { closed: true });
        let content_end = if closed { t.end - 1 } else { t.end.max(offset) };
        let file = self.view.source();
        let range = super::convert::range(file, crate::source::Span::new(self.view.file, t.start + 1, content_end));
        c.values
            .iter()
            .flatten()
            .map(|v| {
                let escaped = v.value.replace('\\', "\\\\").replace('"', "\\\"");
                let mut ci = item(
                    &v.value,
                    CompletionItemKind::ENUM_MEMBER,
                    Some(format!("{} of {}", c.name.name, d.name.name)),
                    None,
                );
                ci.filter_text = Some(escaped.clone());
                ci.text_edit = Some(CompletionTextEdit::Edit(TextEdit { range, new_text: escaped }));
                ci
            })
            .collect()
    }

    /// The column a string literal at token `si` is compared with:
    /// `col == "…"`, `col in ["…", "…"]`, `"…" == col`.
    fn compared_column(&self, si: usize) -> Option<String> {
        let is_cmp = |i: usize| matches!(self.word(i), "==" | "!=") && self.toks[i].kind == TokenKind::Punct;
        let ident = |i: usize| (self.toks.get(i)?.kind == TokenKind::Ident).then(|| self.word(i).to_string());
        if si >= 2 && is_cmp(si - 1) {
            return ident(si - 2);
        }
        let mut i = si;
        while i > 0
            && (self.toks[i - 1].is_punct(self.text, ",") || matches!(self.toks[i - 1].kind, TokenKind::Str { .. }))
        {
            i -= 1;
        }
        if i >= 3 && self.toks[i - 1].is_punct(self.text, "[") && self.toks[i - 2].is_word(self.text, "in") {
            return ident(i - 3);
        }
        if si + 2 < self.toks.len() && is_cmp(si + 1) {
            return ident(si + 2);
        }
        None
    }

    fn metrics(&self) -> Vec<CompletionItem> {
        model::items(self.analysis)
            .filter_map(|(_, i)| match &i.kind {
                crate::syntax::ast::ItemKind::Metric(m) => {
                    let detail =
                        self.analysis.checked.index.metrics.get(&m.name.name).map(|f| format!("metric · {}", f.ty));
                    Some(item(
                        &m.name.name,
                        CompletionItemKind::VARIABLE,
                        Some(detail.unwrap_or_else(|| "metric".into())),
                        i.doc.clone(),
                    ))
                }
                _ => None,
            })
            .collect()
    }

    fn datasets(&self) -> Vec<CompletionItem> {
        model::items(self.analysis)
            .filter_map(|(_, i)| match &i.kind {
                crate::syntax::ast::ItemKind::Dataset(d) => Some(item(
                    &d.name.name,
                    CompletionItemKind::STRUCT,
                    Some(format!("dataset from {}", d.format.name)),
                    i.doc.clone(),
                )),
                _ => None,
            })
            .collect()
    }

    fn calendars(&self) -> Vec<CompletionItem> {
        let mut out = vec![item("always", CompletionItemKind::MODULE, Some("built-in calendar".into()), None)];
        out.extend(model::items(self.analysis).filter_map(|(_, i)| match &i.kind {
            crate::syntax::ast::ItemKind::Calendar(c) => {
                Some(item(&c.name.name, CompletionItemKind::MODULE, Some("calendar".into()), i.doc.clone()))
            }
            _ => None,
        }));
        out
    }

    fn levels(&self) -> Vec<CompletionItem> {
        model::items(self.analysis)
            .filter_map(|(_, i)| match &i.kind {
                crate::syntax::ast::ItemKind::Escalation(e) => Some(e.levels.iter().map(|l| {
                    item(&l.number.value.to_string(), CompletionItemKind::ENUM_MEMBER, Some(l.role.value.clone()), None)
                })),
                _ => None,
            })
            .flatten()
            .collect()
    }
}

fn is_option(word: &str) -> bool {
    builtins::dataset_option(word).is_some()
}

fn item(label: &str, kind: CompletionItemKind, detail: Option<String>, doc: Option<String>) -> CompletionItem {
    CompletionItem {
        label: label.to_string(),
        kind: Some(kind),
        detail,
        documentation: doc
            .map(|d| Documentation::MarkupContent(MarkupContent { kind: MarkupKind::Markdown, value: d })),
        ..CompletionItem::default()
    }
}

fn column_item(c: &crate::syntax::ast::Column, dataset: &str) -> CompletionItem {
    item(
        &c.name.name,
        CompletionItemKind::FIELD,
        Some(format!("{} · column of {dataset}", model::column_type(c))),
        None,
    )
}

fn snippet(label: &str, body: &str, detail: &str, kind: CompletionItemKind) -> CompletionItem {
    CompletionItem {
        insert_text: Some(body.to_string()),
        insert_text_format: Some(InsertTextFormat::SNIPPET),
        ..item(label, kind, Some(detail.to_string()), None)
    }
}

fn snippets(list: &[(&str, &str, &str)]) -> Vec<CompletionItem> {
    list.iter().map(|(l, b, d)| snippet(l, b, d, CompletionItemKind::KEYWORD)).collect()
}

fn items_keywords() -> Vec<CompletionItem> {
    builtins::ITEMS.iter().map(|(l, b, d)| snippet(l, b, d, CompletionItemKind::KEYWORD)).collect()
}

fn keywords(list: &[&str]) -> Vec<CompletionItem> {
    list.iter().map(|k| item(k, CompletionItemKind::KEYWORD, None, None)).collect()
}

fn words(list: &[&str], kind: CompletionItemKind, detail: &str) -> Vec<CompletionItem> {
    list.iter().map(|k| item(k, kind, Some(detail.to_string()), None)).collect()
}

/// Keywords, each with what it means as its detail.
fn words_with_docs(list: &[(&str, &str)]) -> Vec<CompletionItem> {
    list.iter().map(|(k, d)| item(k, CompletionItemKind::KEYWORD, Some((*d).to_string()), None)).collect()
}

/// Field keywords not yet present (except the repeatable ones).
fn fields(list: &[(&str, &str)], present: &[String], repeatable: &[&str]) -> Vec<CompletionItem> {
    list.iter()
        .filter(|(f, _)| repeatable.contains(f) || !present.iter().any(|p| p == f))
        .map(|(f, d)| item(f, CompletionItemKind::KEYWORD, Some((*d).to_string()), None))
        .collect()
}

fn functions(places: &[FnPlace]) -> Vec<CompletionItem> {
    builtins::FUNCTIONS
        .iter()
        .filter(|f| places.contains(&f.place))
        .map(|f| CompletionItem {
            insert_text: Some(f.snippet.to_string()),
            insert_text_format: Some(InsertTextFormat::SNIPPET),
            ..item(f.name, CompletionItemKind::FUNCTION, Some(f.signature.to_string()), Some(f.doc.to_string()))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lsp::world::World;

    fn labels_at(text: &str, needle: &str) -> Vec<String> {
        let mut world = World::default();
        let uri: lsp_types::Uri = "file:///virtual/c.xla".parse().unwrap();
        world.open(uri.clone(), text.to_string(), 1);
        let view = world.view(&uri).unwrap();
        let offset = text.find(needle).unwrap() + needle.len();
        complete(&view, offset).into_iter().map(|i| i.label).collect()
    }

    #[test]
    fn dataset_options_and_encodings_are_offered() {
        let text = "dataset t from csv \"t.csv\" {\n  at timestamp = \"at\"\n  period by at\n  \n}\n";
        let labels = labels_at(text, "period by at\n  ");
        for option in ["delimiter", "decimal", "encoding", "multiline", "sheet"] {
            assert!(labels.iter().any(|l| l == option), "{option} missing from {labels:?}");
        }
        let text = "dataset t from csv \"t.csv\" {\n  at timestamp = \"at\"\n  period by at\n  encoding \n}\n";
        assert_eq!(labels_at(text, "encoding "), ["\"utf-8\"", "\"windows-1252\"", "\"latin1\"", "\"utf-16\""]);
    }

    #[test]
    fn a_table_is_offered_no_file_options() {
        let text = "dataset t from table \"itsm.t\" {\n  at timestamp = \"at\"\n  period by at\n  \n}\n";
        let labels = labels_at(text, "period by at\n  ");
        assert_eq!(labels, ["period by", "timezone", "reject up to", "missing", "unique by"]);
    }

    #[test]
    fn every_data_format_is_offered_after_from() {
        let text = "dataset t from  \"itsm.tickets\" {\n  at timestamp = \"at\"\n  period by at\n}\n";
        assert_eq!(labels_at(text, "from "), ["csv", "jsonl", "xlsx", "table"]);
        let text = "dataset t from ta \"itsm.tickets\" {\n  at timestamp = \"at\"\n  period by at\n}\n";
        assert_eq!(labels_at(text, "from ta"), ["csv", "jsonl", "xlsx", "table"]);
    }
}
