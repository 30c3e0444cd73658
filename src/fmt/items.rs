//! Turning items into nodes: the lines of each item kind, their cells, and
//! which lines align with which.

use super::clause;
use super::cursor::Cursor;
use super::dataset;
use super::doc::{one, Block, CellBuf, Line, Node, Tok};
use super::expr::expr;
use crate::syntax::ast::{
    Calendar, CalendarEntry, CalendarEntryKind, Comment, Contract, DaySpec, Escalation, Gain, GainFieldKind, Item,
    ItemKind, Level, Metric, StrLit,
};
use chrono::Weekday;

/// The nodes of `items`, whose source is `src` with `comments`.
pub fn nodes(src: &str, comments: &[Comment], items: &[Item]) -> Vec<Node> {
    let mut c = Cursor::new(src, comments);
    items.iter().map(|item| node(&mut c, item)).collect()
}

fn node(c: &mut Cursor, item: &Item) -> Node {
    let start = item.span.start as usize;
    let (head, body) = match &item.kind {
        ItemKind::Include(path) => {
            let mut head = CellBuf::new();
            head.tok(c.at(start, "include")).tok(c.span(path.span));
            return Node::Line(Line::single(head.done()));
        }
        ItemKind::Metric(metric) => return Node::Line(self::metric(c, start, metric)),
        ItemKind::Contract(contract) => self::contract(c, start, contract),
        ItemKind::Calendar(calendar) => self::calendar(c, start, calendar),
        ItemKind::Dataset(dataset) => dataset::block(c, start, dataset),
        ItemKind::Escalation(escalation) => self::escalation(c, start, escalation),
        ItemKind::Clause(clause) => clause::block(c, start, clause),
        ItemKind::Gain(gain) => self::gain(c, start, gain),
    };
    Node::Block(Block { head, body, close: c.close(item.span, "}") })
}

/// The head line of a block: `cell {`.
pub fn head(c: &mut Cursor, mut cell: CellBuf) -> Line {
    cell.tok(c.kw("{"));
    Line::single(cell.done())
}

/// `KEYWORD ID ["Title"]`, the start of a clause or gain head.
pub fn titled(c: &mut Cursor, keyword: Tok, id: Tok, title: Option<&StrLit>) -> CellBuf {
    let mut cell = CellBuf::new();
    cell.tok(keyword).tok(id);
    if let Some(title) = title {
        cell.tok(c.span(title.span));
    }
    cell
}

fn metric(c: &mut Cursor, start: usize, metric: &Metric) -> Line {
    let mut cell = CellBuf::new();
    cell.tok(c.at(start, "metric")).tok(c.span(metric.name.span)).tok(c.kw("="));
    let value = expr(c, &metric.expr);
    Line::single(cell.pieces(value).done())
}

fn contract(c: &mut Cursor, start: usize, contract: &Contract) -> (Line, Vec<Node>) {
    let mut cell = CellBuf::new();
    cell.tok(c.at(start, "contract")).tok(c.span(contract.name.span));
    let head = head(c, cell);
    let body = contract
        .fields
        .iter()
        .map(|field| {
            let key = one(c.span(field.key.span));
            let mut value = CellBuf::new();
            value.tok(c.literal(&field.value));
            if field.of_monthly_fee.is_some() {
                value.tok(c.kw("of")).tok(c.kw("monthly_fee"));
            }
            if let Some(rolling) = field.rolling {
                value.tok(c.span(rolling));
            }
            Node::Line(Line::field(key, value.done()))
        })
        .collect();
    (head, body)
}

fn calendar(c: &mut Cursor, start: usize, calendar: &Calendar) -> (Line, Vec<Node>) {
    let mut cell = CellBuf::new();
    cell.tok(c.at(start, "calendar")).tok(c.span(calendar.name.span));
    let head = head(c, cell);
    let body = calendar.entries.iter().map(|entry| Node::Line(calendar_entry(c, entry))).collect();
    (head, body)
}

fn calendar_entry(c: &mut Cursor, entry: &CalendarEntry) -> Line {
    let start = entry.span.start as usize;
    let mut value = CellBuf::new();
    let keyword = match &entry.kind {
        CalendarEntryKind::Hours { days, from, to } => {
            let keyword = c.at(start, "hours");
            for (i, day) in days.iter().enumerate() {
                if i == 0 {
                    value.tok(day_spec(c, day));
                } else {
                    value.tight(c.kw(",")).tight(day_spec(c, day));
                }
            }
            value.tok(c.span(from.span)).tight(c.kw("-")).tight(c.span(to.span));
            keyword
        }
        CalendarEntryKind::HolidaysFile(path) => {
            let keyword = c.at(start, "holidays");
            value.tok(c.span(path.span));
            keyword
        }
        CalendarEntryKind::Holiday { date, name } => {
            let keyword = c.at(start, "holiday");
            value.tok(c.literal(date));
            if let Some(name) = name {
                value.tok(c.span(name.span));
            }
            keyword
        }
    };
    Line::field(one(keyword), value.done())
}

/// A day or range of days, printed from its value (`mon`, `mon-fri`).
fn day_spec(c: &mut Cursor, day: &DaySpec) -> Tok {
    let text = if day.from == day.to {
        day_name(day.from).to_string()
    } else {
        format!("{}-{}", day_name(day.from), day_name(day.to))
    };
    c.instead(day.span, text)
}

fn day_name(day: Weekday) -> &'static str {
    match day {
        Weekday::Mon => "mon",
        Weekday::Tue => "tue",
        Weekday::Wed => "wed",
        Weekday::Thu => "thu",
        Weekday::Fri => "fri",
        Weekday::Sat => "sat",
        Weekday::Sun => "sun",
    }
}

fn escalation(c: &mut Cursor, start: usize, escalation: &Escalation) -> (Line, Vec<Node>) {
    let mut cell = CellBuf::new();
    cell.tok(c.at(start, "escalation"));
    if let Some(calendar) = &escalation.calendar {
        cell.tok(c.kw("using")).tok(c.span(calendar.span));
    }
    let head = head(c, cell);
    let body = escalation.levels.iter().map(|level| Node::Line(self::level(c, level))).collect();
    (head, body)
}

/// `level N "Role" within K business days`, aligned on the role and `within`.
fn level(c: &mut Cursor, level: &Level) -> Line {
    let mut number = CellBuf::new();
    number.tok(c.at(level.span.start as usize, "level")).tok(c.span(level.number.span));
    let role = one(c.span(level.role.span));
    let mut within = CellBuf::new();
    within.tok(c.kw("within")).tok(c.span(level.within.span)).tok(c.kw("business")).tok(c.word());
    Line { cells: vec![number.done(), role, within.done()], aligned: 2, gap: 1, group: Some(0) }
}

fn gain(c: &mut Cursor, start: usize, gain: &Gain) -> (Line, Vec<Node>) {
    let keyword = c.at(start, "gain");
    let id = c.span(gain.id.span);
    let cell = titled(c, keyword, id, gain.title.as_ref());
    let head = head(c, cell);
    let body = gain
        .fields
        .iter()
        .map(|field| {
            let start = field.keyword.start as usize;
            let mut value = CellBuf::new();
            let keyword = match &field.kind {
                GainFieldKind::Baseline(months) => {
                    let keyword = c.at(start, "baseline");
                    value = clause::baseline_window(c, months);
                    keyword
                }
                GainFieldKind::Value(e) => {
                    let keyword = c.at(start, "value");
                    value.pieces(expr(c, e));
                    keyword
                }
                GainFieldKind::Share(share) => {
                    let keyword = c.at(start, "share");
                    value.tok(c.literal(share));
                    keyword
                }
            };
            Node::Line(Line::field(one(keyword), value.done()))
        })
        .collect();
    (head, body)
}
