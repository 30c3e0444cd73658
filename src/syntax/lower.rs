//! Lowering pest's parse tree into the AST.
//!
//! The grammar guarantees the shape of every pair, so the lowering walks
//! children in the order the grammar lists them. Literal values that the
//! grammar cannot validate (impossible dates, bad escapes, numbers too large)
//! become `XLA0002` diagnostics here.

use super::ast::*;
use super::comments;
use super::literal;
use super::parser::Rule;
use crate::diagnostic::{Code, Diagnostic};
use crate::source::{FileId, Span};
use chrono::Weekday;
use pest::iterators::{Pair, Pairs};

type P<'i> = Pair<'i, Rule>;

/// State of one lowering: where the parsed text sits in its file, and the
/// diagnostics found so far.
pub struct Lower<'a> {
    file: FileId,
    /// Offset of the parsed text inside the file (non-zero for recovered chunks).
    base: usize,
    /// The whole file's text (for doc comments).
    text: &'a str,
    comments: &'a [Comment],
    /// Literal errors found.
    pub diagnostics: Vec<Diagnostic>,
    /// Items dropped because an expression in them nests too deeply.
    pub unparsed: Vec<Unparsed>,
    /// How deeply the expression being lowered nests, as a reader counts:
    /// brackets, calls, prefix operators and operands of an operator (the
    /// operands of one chain `a + b + c` are all one level down).
    nesting: usize,
    /// How deep the tree being built is: each operator of a chain nests the
    /// chain one level deeper (`(a + b) + c`).
    depth: usize,
    /// Where the expression being lowered first went past a limit, and which.
    too_deep: Option<(Span, Limit)>,
}

/// The deepest an expression may nest (brackets, calls, prefix operators,
/// operands of operators; a chain `a + b + c` is one level however long).
/// Far beyond any real contract.
pub const MAX_DEPTH: usize = 64;

/// The most levels the tree of one expression may have, counting each
/// operator of a chain as one: a chain of 500 operands is fine. It keeps
/// the lowering, the checker, the formatter, the evaluator and dropping the
/// tree, all recursive, well inside a thread's stack.
pub const MAX_TREE_DEPTH: usize = 500;

/// Which limit an expression went past.
#[derive(Clone, Copy, Debug)]
enum Limit {
    /// [`MAX_DEPTH`].
    Nesting,
    /// [`MAX_TREE_DEPTH`].
    Tree,
}

impl<'a> Lower<'a> {
    /// A lowering of text that starts at byte `base` of `file`.
    pub fn new(file: FileId, base: usize, text: &'a str, comments: &'a [Comment]) -> Self {
        Lower {
            file,
            base,
            text,
            comments,
            diagnostics: Vec::new(),
            unparsed: Vec::new(),
            nesting: 0,
            depth: 0,
            too_deep: None,
        }
    }

    /// The span of a pair, without the whitespace and comments that pest's
    /// implicit whitespace rule leaves at the end of rules ending in an
    /// optional part (`period by opened` would otherwise run to the next line).
    fn span(&self, pair: &P) -> Span {
        let s = pair.as_span();
        let start = self.base + s.start();
        let mut end = self.base + s.end();
        loop {
            end = start + self.text[start..end].trim_end().len();
            let before = self.comments.partition_point(|c| (c.span.start as usize) < end);
            match before.checked_sub(1).map(|i| self.comments[i].span) {
                Some(c) if c.start as usize >= start && c.end as usize >= end => end = c.start as usize,
                _ => break,
            }
        }
        Span::new(self.file, start, end)
    }

    fn bad_literal(&mut self, span: Span, message: String) {
        self.diagnostics.push(Diagnostic::new(Code::BadLiteral, span, message).with_label("this literal"));
    }

    /// Lowers the children of the `file` rule.
    /// An item with an expression that nests too deeply is dropped (and
    /// reported) like an item with a syntax error.
    pub fn items(&mut self, pairs: Pairs<Rule>) -> Vec<Item> {
        let mut items = Vec::new();
        for pair in pairs.filter(|p| p.as_rule() != Rule::EOI) {
            let item = self.item(pair);
            match self.too_deep.take() {
                None => items.push(item),
                Some(at) => self.drop_too_deep(item, at),
            }
        }
        items
    }

    fn drop_too_deep(&mut self, item: Item, (at, limit): (Span, Limit)) {
        let message = match limit {
            Limit::Nesting => {
                format!("this expression nests more than {MAX_DEPTH} levels deep (brackets, operators and calls)")
            }
            Limit::Tree => format!(
                "this expression is too long: its operators build a tree more than {MAX_TREE_DEPTH} levels deep"
            ),
        };
        self.diagnostics.push(
            Diagnostic::new(Code::Syntax, at, message)
                .with_label("too deep from here")
                .with_help("split it into several metrics, each built on the ones before"),
        );
        let (keyword, name) = match item.kind {
            ItemKind::Metric(m) => ("metric", Some(m.name)),
            ItemKind::Gain(g) => ("gain", Some(g.id)),
            _ => ("", None),
        };
        self.unparsed.push(Unparsed { keyword: keyword.to_string(), name, span: item.span });
    }

    fn item(&mut self, pair: P) -> Item {
        let span = self.span(&pair);
        let doc = comments::doc_before(self.text, self.comments, span.start as usize);
        let rule = pair.as_rule();
        let mut inner = pair.into_inner();
        let kind = match rule {
            Rule::include => {
                inner.next(); // keyword
                ItemKind::Include(self.string(next(&mut inner)))
            }
            Rule::contract => {
                inner.next();
                let name = self.string(next(&mut inner));
                let fields = inner.map(|f| self.contract_field(f)).collect();
                ItemKind::Contract(Contract { name, fields })
            }
            Rule::calendar => {
                inner.next();
                let name = self.ident(next(&mut inner));
                let entries = inner.map(|e| self.calendar_entry(e)).collect();
                ItemKind::Calendar(Calendar { name, entries })
            }
            Rule::dataset => ItemKind::Dataset(self.dataset(inner)),
            Rule::metric => {
                inner.next();
                let name = self.ident(next(&mut inner));
                let expr = self.expr(next(&mut inner));
                ItemKind::Metric(Metric { name, expr })
            }
            Rule::escalation => {
                inner.next();
                let mut calendar = None;
                let mut levels = Vec::new();
                for p in inner {
                    match p.as_rule() {
                        Rule::kw_using => {}
                        Rule::ident => calendar = Some(self.ident(p)),
                        _ => levels.push(self.level(p)),
                    }
                }
                ItemKind::Escalation(Escalation { calendar, levels })
            }
            Rule::clause => ItemKind::Clause(self.clause(inner)),
            _ => ItemKind::Gain(self.gain(inner)),
        };
        Item { doc, kind, span }
    }

    fn ident(&self, pair: P) -> Ident {
        Ident { name: pair.as_str().to_string(), span: self.span(&pair) }
    }

    fn string(&mut self, pair: P) -> StrLit {
        let span = self.span(&pair);
        let inner = pair.into_inner().next().map_or("", |p| p.as_str());
        let value = match literal::unescape(inner) {
            Ok(v) => v,
            Err((at, message)) => {
                // The backslash and the character after it, however many bytes it takes.
                let width = 1 + inner[at + 1..].chars().next().map_or(0, char::len_utf8);
                let start = span.start as usize + 1 + at;
                self.bad_literal(Span::new(self.file, start, start + width), message);
                inner.to_string()
            }
        };
        StrLit { value, span }
    }

    fn whole(&mut self, pair: P) -> Whole {
        let span = self.span(&pair);
        let value = pair.as_str().parse::<u32>().unwrap_or_else(|_| {
            self.bad_literal(span, format!("`{}` is too large a whole number", pair.as_str()));
            0
        });
        Whole { value, span }
    }

    fn decoded<T: Default>(&mut self, span: Span, result: Result<T, String>) -> T {
        result.unwrap_or_else(|message| {
            self.bad_literal(span, message);
            T::default()
        })
    }

    fn literal(&mut self, pair: P) -> Literal {
        let span = self.span(&pair);
        let text = pair.as_str();
        let kind = match pair.as_rule() {
            Rule::date => match literal::date(text) {
                Ok(d) => LitKind::Date(d),
                Err(message) => {
                    self.bad_literal(span, message);
                    LitKind::None
                }
            },
            Rule::money | Rule::rate => match literal::money(text) {
                Ok(kind) => kind,
                Err(message) => {
                    self.bad_literal(span, message);
                    LitKind::None
                }
            },
            Rule::duration => LitKind::Duration(self.decoded(span, literal::duration(text))),
            Rule::percent => LitKind::Percent(self.decoded(span, literal::percent(text))),
            Rule::number => LitKind::Number(self.decoded(span, literal::number(text))),
            Rule::string => LitKind::Text(self.string(pair).value),
            Rule::bool => LitKind::Bool(text == "true"),
            Rule::currency_code => LitKind::Code(text.to_string()),
            _ => LitKind::None,
        };
        Literal { kind, span }
    }

    fn contract_field(&mut self, pair: P) -> Field {
        let mut inner = pair.into_inner();
        let key = self.ident(next(&mut inner));
        let value_pair = next(&mut inner);
        let (value, of_monthly_fee) = if value_pair.as_rule() == Rule::fee_share {
            let of_span = self.span(&value_pair);
            let mut parts = value_pair.into_inner();
            (self.literal(next(&mut parts)), Some(of_span))
        } else {
            (self.literal(value_pair), None)
        };
        let rolling = inner.next().map(|p| self.span(&p));
        Field { key, value, of_monthly_fee, rolling }
    }

    fn calendar_entry(&mut self, pair: P) -> CalendarEntry {
        let span = self.span(&pair);
        let rule = pair.as_rule();
        let mut inner = pair.into_inner();
        inner.next(); // keyword
        let kind = match rule {
            Rule::hours => {
                let mut days = Vec::new();
                let mut times = Vec::new();
                for p in inner {
                    if p.as_rule() == Rule::day_spec {
                        days.push(self.day_spec(p));
                    } else {
                        times.push(self.time(p));
                    }
                }
                let to = times.pop().unwrap_or(TimeOfDay { minutes: 0, span });
                let from = times.pop().unwrap_or(TimeOfDay { minutes: 0, span });
                CalendarEntryKind::Hours { days, from, to }
            }
            Rule::holidays_file => CalendarEntryKind::HolidaysFile(self.string(next(&mut inner))),
            _ => {
                let date = self.literal(next(&mut inner));
                let name = inner.next().map(|p| self.string(p));
                CalendarEntryKind::Holiday { date, name }
            }
        };
        CalendarEntry { kind, span }
    }

    fn day_spec(&mut self, pair: P) -> DaySpec {
        let span = self.span(&pair);
        let days: Vec<Weekday> = pair.into_inner().map(|p| weekday(p.as_str())).collect();
        DaySpec { from: days[0], to: *days.last().unwrap_or(&days[0]), span }
    }

    fn time(&mut self, pair: P) -> TimeOfDay {
        let span = self.span(&pair);
        let text = pair.as_str();
        let hours: u32 = text[..2].parse().unwrap_or(99);
        let minutes: u32 = text[3..].parse().unwrap_or(99);
        let total = hours * 60 + minutes;
        if minutes > 59 || total > 24 * 60 {
            self.bad_literal(span, format!("`{text}` is not a time of day; use 00:00 to 24:00"));
        }
        TimeOfDay { minutes: total.min(24 * 60), span }
    }

    fn dataset(&mut self, mut inner: Pairs<Rule>) -> Dataset {
        inner.next(); // dataset
        let name = self.ident(next(&mut inner));
        inner.next(); // from
        let format = self.ident(next(&mut inner));
        let path = self.string(next(&mut inner));
        let mut columns = Vec::new();
        let mut options = Vec::new();
        for p in inner {
            if p.as_rule() == Rule::column {
                columns.push(self.column(p));
            } else {
                options.push(self.dataset_option(p));
            }
        }
        Dataset { name, format, path, columns, options }
    }

    fn column(&mut self, pair: P) -> Column {
        let span = self.span(&pair);
        let mut inner = pair.into_inner();
        let name = self.ident(next(&mut inner));
        let mut ty_parts = next(&mut inner).into_inner();
        let ty = self.ident(next(&mut ty_parts));
        let (mut values, mut range) = (None, None);
        for part in ty_parts {
            match part.as_rule() {
                Rule::string_list => values = Some(part.into_inner().map(|s| self.string(s)).collect()),
                Rule::value_range => {
                    let span = self.span(&part);
                    let written = part.as_str().split_whitespace().collect();
                    let mut bounds = part.into_inner();
                    let low = self.literal(next(&mut bounds));
                    let high = self.literal(next(&mut bounds));
                    range = Some(ValueRange { low, high, written, span });
                }
                _ => {} // `in`
            }
        }
        let mut column = Column {
            name,
            ty,
            values,
            range,
            optional: false,
            source: StrLit { value: String::new(), span },
            format: None,
            unit: None,
            span,
        };
        for p in inner {
            match p.as_rule() {
                Rule::optional => column.optional = true,
                Rule::string => column.source = self.string(p),
                Rule::column_format => column.format = Some(self.string(last(p))),
                _ => column.unit = Some(self.ident(last(p))),
            }
        }
        column
    }

    fn dataset_option(&mut self, pair: P) -> DatasetOption {
        let span = self.span(&pair);
        let rule = pair.as_rule();
        let parts: Vec<P> = pair.into_inner().collect();
        let idents: Vec<Ident> =
            parts.iter().filter(|p| p.as_rule() == Rule::ident).map(|p| self.ident(p.clone())).collect();
        let kind = match rule {
            Rule::period_by => DatasetOptionKind::PeriodBy { start: idents[0].clone(), end: idents.get(1).cloned() },
            Rule::timezone_opt => DatasetOptionKind::Timezone(self.string(parts[1].clone())),
            Rule::reject_opt => DatasetOptionKind::RejectUpTo(self.literal(parts[3].clone())),
            Rule::skip_opt => DatasetOptionKind::Skip(self.whole(parts[1].clone())),
            Rule::missing_opt => {
                DatasetOptionKind::Missing(parts[1..].iter().map(|p| self.string(p.clone())).collect())
            }
            Rule::multiline_opt => DatasetOptionKind::Multiline,
            Rule::delimiter_opt => DatasetOptionKind::Delimiter(self.string(parts[1].clone())),
            Rule::decimal_opt => DatasetOptionKind::Decimal(self.string(parts[1].clone())),
            Rule::encoding_opt => DatasetOptionKind::Encoding(self.string(parts[1].clone())),
            Rule::sheet_opt => DatasetOptionKind::Sheet(self.string(parts[1].clone())),
            _ => DatasetOptionKind::UniqueBy { key: idents[0].clone(), latest: idents.get(1).cloned() },
        };
        DatasetOption { kind, span }
    }

    fn level(&mut self, pair: P) -> Level {
        let span = self.span(&pair);
        let mut inner = pair.into_inner();
        inner.next(); // level
        let number = self.whole(next(&mut inner));
        let role = self.string(next(&mut inner));
        inner.next(); // within
        let within = self.whole(next(&mut inner));
        Level { number, role, within, span }
    }

    fn clause(&mut self, mut inner: Pairs<Rule>) -> Clause {
        let kind_pair = next(&mut inner);
        let kind = if kind_pair.as_str() == "sla" { ClauseKind::Sla } else { ClauseKind::Xla };
        let id = self.ident(next(&mut inner));
        let mut title = None;
        let mut fields = Vec::new();
        for p in inner {
            if p.as_rule() == Rule::string {
                title = Some(self.string(p));
            } else {
                fields.push(self.clause_field(p));
            }
        }
        Clause { kind, id, title, fields }
    }

    fn clause_field(&mut self, pair: P) -> ClauseField {
        let span = self.span(&pair);
        let rule = pair.as_rule();
        let mut inner = pair.into_inner();
        let keyword = self.span(&next(&mut inner));
        let kind = match rule {
            Rule::metric_field => ClauseFieldKind::Metric(self.ident(next(&mut inner))),
            Rule::target_field => {
                let op_pair = next(&mut inner);
                let op = cmp_op(op_pair.as_str());
                let op_span = self.span(&op_pair);
                let value_pair = next(&mut inner);
                let value = if value_pair.as_rule() == Rule::baseline_target {
                    self.baseline_target(value_pair)
                } else {
                    TargetValue::Fixed(self.literal(value_pair))
                };
                ClauseFieldKind::Target(Target { op, op_span, value })
            }
            Rule::minimum_field => ClauseFieldKind::Minimum(self.comparison(inner)),
            Rule::from_field => ClauseFieldKind::From(self.literal(next(&mut inner))),
            Rule::min_volume_field => ClauseFieldKind::MinVolume(self.whole(next(&mut inner))),
            Rule::allocation_field => ClauseFieldKind::Allocation(self.literal(next(&mut inner))),
            Rule::credit_field | Rule::bonus_field => {
                let is_credit = rule == Rule::credit_field;
                match inner.peek().filter(|p| p.as_rule() == Rule::money_expr) {
                    Some(e) => {
                        let e = self.expr(last(e));
                        if is_credit {
                            ClauseFieldKind::CreditExpr(e)
                        } else {
                            ClauseFieldKind::BonusExpr(e)
                        }
                    }
                    None => {
                        let bands = inner.map(|b| self.band(b)).collect();
                        if is_credit {
                            ClauseFieldKind::Credit(bands)
                        } else {
                            ClauseFieldKind::Bonus(bands)
                        }
                    }
                }
            }
            Rule::points_field => ClauseFieldKind::Points(inner.map(|b| self.points_band(b)).collect()),
            Rule::baseline_field => {
                inner.next(); // first
                ClauseFieldKind::Baseline(self.whole(next(&mut inner)))
            }
            Rule::when_field => {
                let condition = next(&mut inner);
                if condition.as_rule() == Rule::value_condition {
                    let test = self.value_test(condition);
                    ClauseFieldKind::WhenValue { test, actions: inner.map(|a| self.action(a)).collect() }
                } else {
                    let condition = self.condition(condition);
                    ClauseFieldKind::When { condition, actions: inner.map(|a| self.action(a)).collect() }
                }
            }
            Rule::measured_field => {
                inner.next(); // every
                ClauseFieldKind::Measured(self.whole(next(&mut inner)))
            }
            _ => {
                inner.next(); // after
                let n = self.whole(next(&mut inner));
                inner.next(); // consecutive
                ClauseFieldKind::Earnback(n, self.unit_word(next(&mut inner)))
            }
        };
        ClauseField { kind, keyword, span }
    }

    fn comparison(&mut self, mut inner: Pairs<Rule>) -> Comparison {
        let op_pair = next(&mut inner);
        let op_span = self.span(&op_pair);
        Comparison { op: cmp_op(op_pair.as_str()), op_span, value: self.literal(next(&mut inner)) }
    }

    fn step(&mut self, pair: P) -> (Sign, Literal) {
        let mut inner = pair.into_inner();
        let sign = if next(&mut inner).as_str() == "+" { Sign::Plus } else { Sign::Minus };
        (sign, self.literal(next(&mut inner)))
    }

    fn baseline_target(&mut self, pair: P) -> TargetValue {
        let mut inner = pair.into_inner();
        let keyword = self.span(&next(&mut inner));
        let mut step = None;
        let mut reviewed_every = None;
        let mut ratchet = false;
        for p in inner {
            if p.as_rule() == Rule::step {
                step = Some(self.step(p));
            } else {
                for r in p.into_inner() {
                    match r.as_rule() {
                        Rule::whole => reviewed_every = Some(self.whole(r)),
                        Rule::ratchet => ratchet = true,
                        _ => {}
                    }
                }
            }
        }
        TargetValue::Baseline { keyword, step, reviewed_every, ratchet }
    }

    /// A band level (`95%`, `target - 5%`) and where it is.
    fn band_level(&mut self, pair: P) -> (BandLevel, Span) {
        let level_pair = last(pair);
        let level_span = self.span(&level_pair);
        let level = if level_pair.as_rule() == Rule::target_ref {
            let mut parts = level_pair.into_inner();
            let keyword = self.span(&next(&mut parts));
            BandLevel::Target { keyword, offset: parts.next().map(|s| self.step(s)) }
        } else {
            BandLevel::Value(self.literal(level_pair))
        };
        (level, level_span)
    }

    fn band_side(&self, pair: &P) -> (BandSide, Span) {
        let side = if pair.as_str() == "below" { BandSide::Below } else { BandSide::Above };
        (side, self.span(pair))
    }

    fn points_band(&mut self, pair: P) -> PointsBand {
        let span = self.span(&pair);
        let mut inner = pair.into_inner();
        let (side, side_span) = self.band_side(&next(&mut inner));
        let (level, level_span) = self.band_level(next(&mut inner));
        let points = self.whole(next(&mut inner));
        PointsBand { side, side_span, level, level_span, points, span }
    }

    fn value_test(&mut self, pair: P) -> ValueTest {
        let span = self.span(&pair);
        let mut inner = pair.into_inner();
        inner.next(); // value
        let op_pair = next(&mut inner);
        let op_span = self.span(&op_pair);
        let op = cmp_op(op_pair.as_str());
        let (level, level_span) = self.band_level(next(&mut inner));
        ValueTest { op, op_span, level, level_span, span }
    }

    fn band(&mut self, pair: P) -> Band {
        let span = self.span(&pair);
        let mut inner = pair.into_inner();
        let (side, side_span) = self.band_side(&next(&mut inner));
        let (level, level_span) = self.band_level(next(&mut inner));
        let amount_pair = next(&mut inner);
        let amount_span = self.span(&amount_pair);
        let mut amount_parts = amount_pair.into_inner();
        let first = next(&mut amount_parts);
        let amount = if first.as_rule() == Rule::percent {
            Amount::OfFee(self.literal(first))
        } else {
            Amount::Money(self.literal(first))
        };
        Band { side, side_span, level, level_span, amount, amount_span, span }
    }

    fn condition(&mut self, pair: P) -> Condition {
        let span = self.span(&pair);
        let mut inner = pair.into_inner();
        let status = match next(&mut inner).as_str() {
            "missed" => CondStatus::Missed,
            "failed" => CondStatus::Failed,
            _ => CondStatus::Met,
        };
        let mut unit = None;
        let window = match inner.next() {
            None => CondWindow::ThisMonth,
            Some(w) => {
                let rule = w.as_rule();
                let mut numbers = Vec::new();
                for p in w.into_inner() {
                    match p.as_rule() {
                        Rule::whole => numbers.push(self.whole(p)),
                        Rule::count_unit => unit = Some(self.unit_word(p)),
                        _ => {}
                    }
                }
                if rule == Rule::consecutive {
                    CondWindow::Consecutive(numbers[0])
                } else {
                    CondWindow::OfLast(numbers[0], numbers[1])
                }
            }
        };
        Condition { status, window, unit, span }
    }

    /// `months` or `periods`.
    fn unit_word(&mut self, pair: P) -> UnitWord {
        let span = self.span(&pair);
        let unit = if pair.as_str().starts_with("period") { CountUnit::Periods } else { CountUnit::Months };
        UnitWord { unit, span }
    }

    fn action(&mut self, pair: P) -> Action {
        let span = self.span(&pair);
        let inner = last(pair);
        let rule = inner.as_rule();
        let last_part = inner.into_inner().last();
        let kind = match (rule, last_part) {
            (Rule::escalate, Some(n)) => ActionKind::Escalate(self.whole(n)),
            (Rule::credit_multiplier, Some(n)) => ActionKind::CreditMultiplier(self.literal(n)),
            (Rule::points_multiplier, Some(n)) => ActionKind::PointsMultiplier(self.literal(n)),
            _ => ActionKind::ChronicFailure,
        };
        Action { kind, span }
    }

    fn gain(&mut self, mut inner: Pairs<Rule>) -> Gain {
        inner.next(); // gain
        let id = self.ident(next(&mut inner));
        let mut title = None;
        let mut fields = Vec::new();
        for p in inner {
            if p.as_rule() == Rule::string {
                title = Some(self.string(p));
                continue;
            }
            let span = self.span(&p);
            let rule = p.as_rule();
            let mut parts = p.into_inner();
            let keyword = self.span(&next(&mut parts));
            let kind = match rule {
                Rule::baseline_field => {
                    parts.next(); // first
                    GainFieldKind::Baseline(self.whole(next(&mut parts)))
                }
                Rule::value_field => GainFieldKind::Value(self.expr(next(&mut parts))),
                _ => GainFieldKind::Share(self.literal(next(&mut parts))),
            };
            fields.push(GainField { kind, keyword, span });
        }
        Gain { id, title, fields }
    }

    /// Lowers an expression that is a child of the one being lowered.
    fn nested(&mut self, pair: P) -> Expr {
        self.nesting += 1;
        self.depth += 1;
        let e = self.expr(pair);
        self.depth -= 1;
        self.nesting -= 1;
        e
    }

    /// Lowers any expression rule. Past [`MAX_DEPTH`] it stops, notes
    /// where, and returns a placeholder.
    pub fn expr(&mut self, pair: P) -> Expr {
        let span = self.span(&pair);
        let limit = if self.nesting > MAX_DEPTH {
            Some(Limit::Nesting)
        } else if self.depth > MAX_TREE_DEPTH {
            Some(Limit::Tree)
        } else {
            None
        };
        if let Some(limit) = limit {
            self.too_deep.get_or_insert((span, limit));
            return Expr { kind: ExprKind::Literal(LitKind::None), span };
        }
        match pair.as_rule() {
            Rule::expr => self.expr(last(pair)),
            Rule::or_expr | Rule::and_expr | Rule::sum_expr | Rule::prod_expr => self.left_assoc(pair),
            Rule::not_expr => self.prefix(pair, UnOp::Not),
            Rule::cmp_expr => {
                let mut inner = pair.into_inner();
                let first = next(&mut inner);
                let Some(op) = inner.next() else {
                    return self.expr(first);
                };
                let lhs = self.nested(first);
                let rhs = next(&mut inner);
                if op.as_rule() == Rule::kw_in {
                    let list = rhs.into_inner().map(|e| self.nested(e)).collect();
                    Expr { kind: ExprKind::In { value: Box::new(lhs), list }, span }
                } else {
                    let op_span = self.span(&op);
                    Expr {
                        kind: ExprKind::Binary {
                            op: BinOp::Cmp(cmp_op(op.as_str())),
                            op_span,
                            lhs: Box::new(lhs),
                            rhs: Box::new(self.nested(rhs)),
                        },
                        span,
                    }
                }
            }
            Rule::unary => self.prefix(pair, UnOp::Neg),
            Rule::paren => Expr { kind: ExprKind::Paren(Box::new(self.nested(last(pair)))), span },
            Rule::name => Expr { kind: ExprKind::Name(self.ident(last(pair))), span },
            Rule::call => {
                let text = pair.as_str();
                let offset = pair.as_span().start();
                let mut inner = pair.into_inner();
                let func = self.ident(next(&mut inner));
                let mut args = Vec::new();
                let mut over = None;
                for p in inner {
                    if p.as_rule() == Rule::over {
                        over = Some(p);
                    } else {
                        args.push(self.call_arg(p));
                    }
                }
                let Some(over) = over else {
                    return Expr { kind: ExprKind::Call { func, args }, span };
                };
                // The call ends at its closing parenthesis, before `over`.
                let over_at = over.as_span().start() - offset;
                let close = text[..over_at].rfind(')').map_or(over_at, |i| i + 1);
                let call_span = Span { end: span.start + close as u32, ..span };
                let mut parts = over.into_inner();
                let keyword = self.span(&next(&mut parts));
                let months = self.whole(next(&mut parts));
                let call = Expr { kind: ExprKind::Call { func, args }, span: call_span };
                Expr { kind: ExprKind::Over { call: Box::new(call), keyword, months }, span }
            }
            _ => {
                let lit = self.literal(pair);
                Expr { kind: ExprKind::Literal(lit.kind), span }
            }
        }
    }

    /// `not x` / `-x` (an operator and its operand), or just the operand.
    fn prefix(&mut self, pair: P, op: UnOp) -> Expr {
        let span = self.span(&pair);
        let mut inner = pair.into_inner();
        let first = next(&mut inner);
        match inner.next() {
            Some(operand) => Expr { kind: ExprKind::Unary { op, operand: Box::new(self.nested(operand)) }, span },
            None => self.expr(first),
        }
    }

    /// A chain `a + b + c` becomes `(a + b) + c`: each operator nests the
    /// tree one level deeper, while every operand is one level of nesting
    /// down from the chain, as a reader sees it.
    fn left_assoc(&mut self, pair: P) -> Expr {
        let span = self.span(&pair);
        let mut inner = pair.into_inner();
        let operators = inner.len() / 2;
        if operators == 0 {
            return self.expr(next(&mut inner));
        }
        let base = self.depth;
        if base + operators > MAX_TREE_DEPTH {
            self.too_deep.get_or_insert((span, Limit::Tree));
            return Expr { kind: ExprKind::Literal(LitKind::None), span };
        }
        // Each operand sits no deeper than the first, under every operator.
        self.depth = base + operators;
        self.nesting += 1;
        let mut lhs = self.expr(next(&mut inner));
        while let Some(op) = inner.next() {
            let rhs = self.expr(next(&mut inner));
            if self.too_deep.is_some() {
                break;
            }
            let op_span = self.span(&op);
            let op = match op.as_str() {
                "or" => BinOp::Or,
                "and" => BinOp::And,
                "+" => BinOp::Add,
                "-" => BinOp::Sub,
                "*" => BinOp::Mul,
                _ => BinOp::Div,
            };
            let span = lhs.span.to(rhs.span);
            lhs = Expr { kind: ExprKind::Binary { op, op_span, lhs: Box::new(lhs), rhs: Box::new(rhs) }, span };
        }
        self.depth = base;
        self.nesting -= 1;
        lhs
    }

    fn call_arg(&mut self, pair: P) -> CallArg {
        let span = self.span(&pair);
        let mut inner = pair.into_inner();
        let value = self.nested(next(&mut inner));
        let mut arg = CallArg { value, of: None, filter: None, meeting: None, span };
        while let Some(kw) = inner.next() {
            let part = next(&mut inner);
            match kw.as_rule() {
                Rule::kw_of => arg.of = Some(self.ident(part)),
                Rule::kw_where => arg.filter = Some(self.nested(part)),
                _ => arg.meeting = Some(self.nested(part)),
            }
        }
        arg
    }
}

/// The next child. The grammar guarantees it exists wherever this is called;
/// a missing child would be a grammar/lowering mismatch caught by the tests.
fn next<'i>(pairs: &mut Pairs<'i, Rule>) -> P<'i> {
    pairs.next().expect("the grammar guarantees this child; lowering is out of step with xla.pest")
}

/// The last child of a pair (the grammar guarantees one).
fn last(pair: P) -> P {
    pair.into_inner().last().expect("the grammar guarantees a child; lowering is out of step with xla.pest")
}

fn cmp_op(text: &str) -> CmpOp {
    match text {
        "==" => CmpOp::Eq,
        "!=" => CmpOp::Ne,
        "<" => CmpOp::Lt,
        "<=" => CmpOp::Le,
        ">" => CmpOp::Gt,
        _ => CmpOp::Ge,
    }
}

fn weekday(text: &str) -> Weekday {
    match text {
        "mon" => Weekday::Mon,
        "tue" => Weekday::Tue,
        "wed" => Weekday::Wed,
        "thu" => Weekday::Thu,
        "fri" => Weekday::Fri,
        "sat" => Weekday::Sat,
        _ => Weekday::Sun,
    }
}
