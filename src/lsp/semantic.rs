//! Semantic tokens: names coloured by what the checker resolved them to
//! (metric, dataset, column, calendar, level, clause), keywords in context,
//! literals and comments.

use super::builtins;
use super::lexer::{self, Token, TokenKind};
use super::world::DocView;
use crate::check::Symbol;
use lsp_types::{SemanticToken, SemanticTokenModifier, SemanticTokenType, SemanticTokensLegend};
use std::collections::HashMap;

const TYPES: &[SemanticTokenType] = &[
    SemanticTokenType::KEYWORD,     // 0
    SemanticTokenType::VARIABLE,    // 1 metric
    SemanticTokenType::STRUCT,      // 2 dataset
    SemanticTokenType::PROPERTY,    // 3 column, contract field
    SemanticTokenType::NAMESPACE,   // 4 calendar
    SemanticTokenType::ENUM_MEMBER, // 5 level, weekday, currency
    SemanticTokenType::CLASS,       // 6 clause, gain
    SemanticTokenType::FUNCTION,    // 7
    SemanticTokenType::TYPE,        // 8 column type
    SemanticTokenType::STRING,      // 9
    SemanticTokenType::NUMBER,      // 10
    SemanticTokenType::COMMENT,     // 11
    SemanticTokenType::OPERATOR,    // 12
];

const KEYWORD: u32 = 0;
const METRIC: u32 = 1;
const DATASET: u32 = 2;
const PROPERTY: u32 = 3;
const CALENDAR: u32 = 4;
const ENUM_MEMBER: u32 = 5;
const CLAUSE: u32 = 6;
const FUNCTION: u32 = 7;
const TYPE: u32 = 8;
const STRING: u32 = 9;
const NUMBER: u32 = 10;
const COMMENT: u32 = 11;
const OPERATOR: u32 = 12;

const DECLARATION: u32 = 1;
const DOCUMENTATION: u32 = 2;
const DEFAULT_LIBRARY: u32 = 4;

/// The token types and modifiers the server uses, in the order of their indices.
pub fn legend() -> SemanticTokensLegend {
    SemanticTokensLegend {
        token_types: TYPES.to_vec(),
        token_modifiers: vec![
            SemanticTokenModifier::DECLARATION,
            SemanticTokenModifier::DOCUMENTATION,
            SemanticTokenModifier::DEFAULT_LIBRARY,
        ],
    }
}

fn symbol_type(symbol: &Symbol) -> u32 {
    match symbol {
        Symbol::Metric(_) => METRIC,
        Symbol::Dataset(_) => DATASET,
        Symbol::Column(..) => PROPERTY,
        Symbol::Calendar(_) => CALENDAR,
        Symbol::Level(_) => ENUM_MEMBER,
        Symbol::Clause(_) => CLAUSE,
    }
}

/// The semantic tokens of the document, encoded as the protocol wants.
pub fn tokens(view: &DocView) -> Vec<SemanticToken> {
    let text = view.text();
    let index = &view.analysis.checked.index;
    // Names the checker resolved, by start offset.
    let mut names: HashMap<usize, (u32, u32)> = HashMap::new();
    for (span, symbol) in &index.references {
        if span.file == view.file {
            let builtin = matches!(symbol, Symbol::Calendar(n) if n == "always");
            names.insert(span.start as usize, (symbol_type(symbol), if builtin { DEFAULT_LIBRARY } else { 0 }));
        }
    }
    for (symbol, span) in &index.definitions {
        if span.file == view.file {
            names.insert(span.start as usize, (symbol_type(symbol), DECLARATION));
        }
    }
    let tokens = lexer::lex(text);
    let code: Vec<Token> = tokens.iter().copied().filter(|t| !matches!(t.kind, TokenKind::Comment { .. })).collect();
    let mut out = Vec::new();
    let mut encoder = Encoder { view, line: 0, col: 0, out: &mut out };
    let mut ci: usize = 0; // index into `code` of the next code token
    for token in &tokens {
        let class = match token.kind {
            TokenKind::Comment { doc } => Some((COMMENT, if doc { DOCUMENTATION } else { 0 })),
            TokenKind::Str { .. } => Some((STRING, 0)),
            TokenKind::Number => names.get(&token.start).copied().or(Some((NUMBER, 0))),
            TokenKind::Punct => {
                let p = token.text(text);
                matches!(p, "==" | "!=" | "<=" | ">=" | "<" | ">" | "+" | "-" | "*" | "/" | "=")
                    .then_some((OPERATOR, 0))
            }
            TokenKind::Unknown => None,
            TokenKind::Ident => {
                let prev = ci.checked_sub(1).and_then(|i| code.get(i));
                let next = code.get(ci + 1);
                names.get(&token.start).copied().or_else(|| ident_class(text, token, prev, next, &names))
            }
        };
        if !matches!(token.kind, TokenKind::Comment { .. }) {
            ci += 1;
        }
        if let Some((ty, modifiers)) = class {
            encoder.push(token.start, token.end, ty, modifiers);
        }
    }
    out
}

/// The class of a word the checker did not resolve to a symbol.
fn ident_class(
    text: &str,
    token: &Token,
    prev: Option<&Token>,
    next: Option<&Token>,
    names: &HashMap<usize, (u32, u32)>,
) -> Option<(u32, u32)> {
    let word = token.text(text);
    if builtins::RESERVED.contains(&word) {
        return Some((KEYWORD, 0));
    }
    if next.is_some_and(|n| n.is_punct(text, "(")) && builtins::function(word).is_some() {
        return Some((FUNCTION, DEFAULT_LIBRARY));
    }
    if word.len() == 3 && word.bytes().all(|b| b.is_ascii_uppercase()) {
        return Some((ENUM_MEMBER, 0)); // a currency code
    }
    // The time unit of a rate, `EUR/h`.
    if prev.is_some_and(|p| p.is_punct(text, "/")) && matches!(word, "d" | "h" | "m" | "s") {
        return Some((ENUM_MEMBER, 0));
    }
    // A column type comes right after the column's name.
    let after_column =
        prev.is_some_and(|p| names.get(&p.start).is_some_and(|(t, m)| *t == PROPERTY && *m == DECLARATION));
    if after_column && builtins::COLUMN_TYPES.iter().any(|(t, _)| *t == word) {
        return Some((TYPE, 0));
    }
    if builtins::WEEKDAYS.contains(&word) {
        return Some((ENUM_MEMBER, 0));
    }
    if lexer::first_on_line(text, token.start) && builtins::CONTRACT_FIELDS.iter().any(|(f, _)| *f == word) {
        let is_item = builtins::ITEM_KEYWORDS.contains(&word);
        if !is_item {
            return Some((PROPERTY, 0));
        }
    }
    let format = builtins::data_format(word).is_some();
    if builtins::KEYWORDS.contains(&word) || format || matches!(word, "seconds" | "minutes" | "hours") {
        return Some((KEYWORD, 0));
    }
    None
}

struct Encoder<'a> {
    view: &'a DocView,
    line: u32,
    col: u32,
    out: &'a mut Vec<SemanticToken>,
}

impl Encoder<'_> {
    fn push(&mut self, start: usize, end: usize, ty: u32, modifiers: u32) {
        let file = self.view.source();
        let (line, col) = file.utf16_position(start);
        let (end_line, end_col) = file.utf16_position(end);
        let (line, col) = (line as u32, col as u32);
        if end_line as u32 != line || end_col as u32 <= col {
            return; // tokens never span lines; skip anything odd
        }
        let delta_line = line - self.line;
        let delta_start = if delta_line == 0 { col - self.col } else { col };
        self.out.push(SemanticToken {
            delta_line,
            delta_start,
            length: end_col as u32 - col,
            token_type: ty,
            token_modifiers_bitset: modifiers,
        });
        self.line = line;
        self.col = col;
    }
}
