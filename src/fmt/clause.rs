//! The lines of `sla` and `xla` clauses.
//!
//! Fields with one value (`metric`, `target`, `minimum`, `from`,
//! `min_volume`, `allocation`, `baseline`, `measured`) align their values in one column.
//! Consecutive `when` rules align their actions, three spaces after the
//! longest condition. Bands of `credit {}`, `bonus {}` and `points {}` align
//! on the `:`; a `credit` or `bonus` expression is a one-value field.

use super::cursor::Cursor;
use super::doc::{one, Block, Cell, CellBuf, Line, Node};
use super::expr::expr;
use super::items::{head, titled};
use crate::source::Span;
use crate::syntax::ast::{
    Action, ActionKind, Amount, Band, BandLevel, BandSide, Clause, ClauseField, ClauseFieldKind, ClauseKind,
    CondStatus, CondWindow, Condition, Literal, PointsBand, Sign, TargetValue, Whole,
};

/// Spaces between the longest `when` condition and the actions.
const WHEN_GAP: usize = 3;

/// The head and body of a clause item starting at byte `start`.
pub fn block(c: &mut Cursor, start: usize, clause: &Clause) -> (Line, Vec<Node>) {
    let keyword = match clause.kind {
        ClauseKind::Sla => c.at(start, "sla"),
        ClauseKind::Xla => c.at(start, "xla"),
    };
    let id = c.span(clause.id.span);
    let cell = titled(c, keyword, id, clause.title.as_ref());
    let head = head(c, cell);
    // Group 0 is the one-value fields; each run of `when` rules is its own.
    let mut when_run = 0;
    let mut after_when = false;
    let mut body = Vec::new();
    for field in &clause.fields {
        let is_when = matches!(field.kind, ClauseFieldKind::When { .. } | ClauseFieldKind::WhenValue { .. });
        if is_when && !after_when {
            when_run += 1;
        }
        after_when = is_when;
        body.push(self::field(c, field, when_run));
    }
    (head, body)
}

fn field(c: &mut Cursor, field: &ClauseField, when_run: u32) -> Node {
    let start = field.keyword.start as usize;
    let mut value = CellBuf::new();
    let keyword = match &field.kind {
        ClauseFieldKind::Metric(name) => {
            let keyword = c.at(start, "metric");
            value.tok(c.span(name.span));
            keyword
        }
        ClauseFieldKind::Target(target) => {
            let keyword = c.at(start, "target");
            value.tok(c.span(target.op_span));
            self::target_value(c, &mut value, &target.value);
            keyword
        }
        ClauseFieldKind::Minimum(minimum) => {
            let keyword = c.at(start, "minimum");
            value.tok(c.span(minimum.op_span)).tok(c.literal(&minimum.value));
            keyword
        }
        ClauseFieldKind::From(date) => {
            let keyword = c.at(start, "from");
            value.tok(c.literal(date));
            keyword
        }
        ClauseFieldKind::MinVolume(n) => {
            let keyword = c.at(start, "min_volume");
            value.tok(c.span(n.span));
            keyword
        }
        ClauseFieldKind::Allocation(share) => {
            let keyword = c.at(start, "allocation");
            value.tok(c.literal(share));
            keyword
        }
        ClauseFieldKind::Baseline(months) => {
            let keyword = c.at(start, "baseline");
            value = baseline_window(c, months);
            keyword
        }
        ClauseFieldKind::Credit(bands) => return bands_block(c, field, "credit", bands),
        ClauseFieldKind::Bonus(bands) => return bands_block(c, field, "bonus", bands),
        ClauseFieldKind::CreditExpr(e) | ClauseFieldKind::BonusExpr(e) => {
            let word = if matches!(field.kind, ClauseFieldKind::CreditExpr(_)) { "credit" } else { "bonus" };
            let keyword = c.at(start, word);
            value.pieces(expr(c, e));
            keyword
        }
        ClauseFieldKind::Points(bands) => {
            let mut cell = CellBuf::new();
            cell.tok(c.at(start, "points"));
            let head = head(c, cell);
            let body = bands.iter().map(|b| Node::Line(points_band(c, b))).collect();
            return Node::Block(Block { head, body, close: c.close(field.span, "}") });
        }
        ClauseFieldKind::When { condition, actions } => {
            let mut rule = CellBuf::new();
            rule.tok(c.at(start, "when"));
            self::condition(c, &mut rule, condition);
            return when_line(c, rule, actions, when_run);
        }
        ClauseFieldKind::WhenValue { test, actions } => {
            let mut rule = CellBuf::new();
            rule.tok(c.at(start, "when")).tok(c.kw("value")).tok(c.span(test.op_span));
            self::level(c, &mut rule, &test.level);
            return when_line(c, rule, actions, when_run);
        }
        ClauseFieldKind::Measured(months) => {
            let keyword = c.at(start, "measured");
            value.tok(c.kw("every")).tok(c.span(months.span)).tok(c.word());
            keyword
        }
        ClauseFieldKind::Earnback(months, _) => {
            let mut line = CellBuf::new();
            line.tok(c.at(start, "earnback"))
                .tok(c.kw("after"))
                .tok(c.span(months.span))
                .tok(c.kw("consecutive"))
                .tok(c.word())
                .tok(c.kw("met"));
            return Node::Line(Line::single(line.done()));
        }
    };
    Node::Line(Line::field(one(keyword), value.done()))
}

/// A `when` rule: the condition, then the actions aligned with the other
/// rules of its run.
fn when_line(c: &mut Cursor, mut rule: CellBuf, actions: &[Action], when_run: u32) -> Node {
    Node::Line(Line {
        cells: vec![rule.done(), self::actions(c, actions)],
        aligned: 1,
        gap: WHEN_GAP,
        group: Some(when_run),
    })
}

/// `OP VALUE` or `OP baseline ± STEP reviewed every N months [ratchet]`,
/// after the operator.
fn target_value(c: &mut Cursor, value: &mut CellBuf, target: &TargetValue) {
    match target {
        TargetValue::Fixed(lit) => {
            value.tok(c.literal(lit));
        }
        TargetValue::Baseline { keyword, step, reviewed_every, ratchet } => {
            value.tok(c.span(*keyword));
            if let Some((sign, lit)) = step {
                self::step(c, value, *sign, lit);
            }
            if let Some(months) = reviewed_every {
                value.tok(c.kw("reviewed")).tok(c.kw("every")).tok(c.span(months.span)).tok(c.word());
                if *ratchet {
                    value.tok(c.kw("ratchet"));
                }
            }
        }
    }
}

/// `+ 2`, `- 5`: the step of a baseline target or band level.
fn step(c: &mut Cursor, cell: &mut CellBuf, sign: Sign, lit: &Literal) {
    let sign = match sign {
        Sign::Plus => c.kw("+"),
        Sign::Minus => c.kw("-"),
    };
    cell.tok(sign).tok(c.literal(lit));
}

/// `first N months`, after `baseline` (clauses and gains).
pub fn baseline_window(c: &mut Cursor, months: &Whole) -> CellBuf {
    let mut cell = CellBuf::new();
    cell.tok(c.kw("first")).tok(c.span(months.span)).tok(c.word());
    cell
}

/// `credit {` or `bonus {`, its bands aligned on the `:`, and `}`.
fn bands_block(c: &mut Cursor, field: &ClauseField, keyword: &str, bands: &[Band]) -> Node {
    let mut cell = CellBuf::new();
    cell.tok(c.at(field.keyword.start as usize, keyword));
    let head = head(c, cell);
    let body = bands.iter().map(|b| Node::Line(band(c, b))).collect();
    Node::Block(Block { head, body, close: c.close(field.span, "}") })
}

/// `below|above LEVEL : AMOUNT`.
fn band(c: &mut Cursor, band: &Band) -> Line {
    let level = band_head(c, band.side, band.side_span, &band.level);
    let mut amount = CellBuf::new();
    amount.tok(c.kw(":"));
    match &band.amount {
        Amount::Money(money) => {
            amount.tok(c.literal(money));
        }
        Amount::OfFee(share) => {
            amount.tok(c.literal(share)).tok(c.kw("of")).tok(c.kw("monthly_fee"));
        }
    }
    Line::field(level, amount.done())
}

/// The first cell of a credit, bonus or points band: `below|above LEVEL`.
fn band_head(c: &mut Cursor, side: BandSide, side_span: Span, level: &BandLevel) -> Cell {
    let mut cell = CellBuf::new();
    cell.tok(c.at(side_span.start as usize, side.keyword()));
    self::level(c, &mut cell, level);
    cell.done()
}

/// A band level: `95%`, `target`, `target - 5%`.
fn level(c: &mut Cursor, cell: &mut CellBuf, level: &BandLevel) {
    match level {
        BandLevel::Value(lit) => {
            cell.tok(c.literal(lit));
        }
        BandLevel::Target { keyword, offset } => {
            cell.tok(c.span(*keyword));
            if let Some((sign, lit)) = offset {
                step(c, cell, *sign, lit);
            }
        }
    }
}

/// `below|above LEVEL : N` of `points { … }`.
fn points_band(c: &mut Cursor, band: &PointsBand) -> Line {
    let level = band_head(c, band.side, band.side_span, &band.level);
    let mut points = CellBuf::new();
    points.tok(c.kw(":")).tok(c.span(band.points.span));
    Line::field(level, points.done())
}

/// `missed`, `failed 3 consecutive months`, `missed 4 of 6 months`.
fn condition(c: &mut Cursor, cell: &mut CellBuf, condition: &Condition) {
    let status = match condition.status {
        CondStatus::Missed => "missed",
        CondStatus::Failed => "failed",
        CondStatus::Met => "met",
    };
    cell.tok(c.at(condition.span.start as usize, status));
    match condition.window {
        CondWindow::ThisMonth => {}
        CondWindow::Consecutive(n) => {
            cell.tok(c.span(n.span)).tok(c.kw("consecutive")).tok(c.word());
        }
        CondWindow::OfLast(n, m) => {
            cell.tok(c.span(n.span)).tok(c.kw("of")).tok(c.span(m.span)).tok(c.word());
        }
    }
}

/// `escalate level 1, credit x 1.5, chronic failure`.
fn actions(c: &mut Cursor, actions: &[Action]) -> Cell {
    let mut cell = CellBuf::new();
    for (i, action) in actions.iter().enumerate() {
        if i > 0 {
            cell.tight(c.kw(","));
        }
        let start = action.span.start as usize;
        match &action.kind {
            ActionKind::Escalate(level) => {
                cell.tok(c.at(start, "escalate")).tok(c.kw("level")).tok(c.span(level.span));
            }
            ActionKind::CreditMultiplier(factor) => {
                cell.tok(c.at(start, "credit")).tok(c.kw("x")).tok(c.literal(factor));
            }
            ActionKind::PointsMultiplier(factor) => {
                cell.tok(c.at(start, "points")).tok(c.kw("x")).tok(c.literal(factor));
            }
            ActionKind::ChronicFailure => {
                cell.tok(c.at(start, "chronic")).tok(c.kw("failure"));
            }
        }
    }
    cell.done()
}
