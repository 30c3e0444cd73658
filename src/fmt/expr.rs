//! Expressions: printed from the AST with single spaces around binary
//! operators, none inside brackets or before commas, and parentheses exactly
//! where the source has them.
//!
//! A long expression may break before `where`, `meeting`, `and`, `or`, `+`,
//! `-`, `*` and `/`, and after the commas between arguments: a `where` or
//! `meeting` continues under the start of its argument, an argument under
//! the first one (just after the opening parenthesis), an operator under the
//! start of its left operand. Each possible break has a depth: how deeply it is
//! nested in the expression, an operator chain such as `a + b - c` counting
//! as one level, and a width: that of the operator and its right operand, or
//! of the `where` or `meeting` part. The writer decides which breaks to take
//! (see `writer.rs`).

use super::cursor::Cursor;
use super::doc::{flat_width, Piece};
use crate::syntax::ast::{BinOp, CallArg, Expr, ExprKind, UnOp};

/// The pieces of `expr`, with its breaks and continuation columns.
pub fn expr(c: &mut Cursor, expr: &Expr) -> Vec<Piece> {
    let mut out = Vec::new();
    let mark = c.mark();
    out.push(Piece::Mark(mark));
    out.push(Piece::Open(mark));
    push(c, expr, 0, &mut out);
    out.push(Piece::Close);
    out
}

/// Operators of one precedence level, which chain without nesting.
fn level(op: BinOp) -> u8 {
    match op {
        BinOp::Or => 0,
        BinOp::And => 1,
        BinOp::Cmp(_) => 2,
        BinOp::Add | BinOp::Sub => 3,
        BinOp::Mul | BinOp::Div => 4,
    }
}

fn push(c: &mut Cursor, e: &Expr, depth: usize, out: &mut Vec<Piece>) {
    match &e.kind {
        ExprKind::Literal(kind) => out.push(Piece::Tok(c.literal_at(kind, e.span))),
        ExprKind::Name(ident) => out.push(Piece::Tok(c.span(ident.span))),
        ExprKind::Paren(inner) => {
            out.push(Piece::Tok(c.at(e.span.start as usize, "(")));
            nested(c, out, |c, out| push(c, inner, depth + 1, out));
            out.push(Piece::Tok(c.close(e.span, ")")));
        }
        ExprKind::Unary { op, operand } => {
            let text = match op {
                UnOp::Not => "not",
                UnOp::Neg => "-",
            };
            out.push(Piece::Tok(c.at(e.span.start as usize, text)));
            if *op == UnOp::Not {
                out.push(Piece::Space);
            }
            push(c, operand, depth + 1, out);
        }
        ExprKind::Binary { op, op_span, lhs, rhs } => {
            let mark = c.mark();
            out.push(Piece::Mark(mark));
            let chained = matches!(&lhs.kind, ExprKind::Binary { op: inner, .. } if level(*inner) == level(*op));
            push(c, lhs, if chained { depth } else { depth + 1 }, out);
            let at = out.len();
            if !matches!(op, BinOp::Cmp(_)) {
                out.push(Piece::Break { mark, depth, unit: 0 });
            }
            out.push(Piece::Space);
            out.push(Piece::Tok(c.span(*op_span)));
            out.push(Piece::Space);
            push(c, rhs, depth + 1, out);
            close_unit(out, at);
        }
        ExprKind::In { value, list } => {
            push(c, value, depth + 1, out);
            out.push(Piece::Space);
            out.push(Piece::Tok(c.kw("in")));
            out.push(Piece::Space);
            out.push(Piece::Tok(c.kw("[")));
            nested(c, out, |c, out| {
                for (i, item) in list.iter().enumerate() {
                    if i > 0 {
                        out.push(Piece::Tok(c.kw(",")));
                        out.push(Piece::Space);
                    }
                    push(c, item, depth + 1, out);
                }
            });
            out.push(Piece::Tok(c.close(e.span, "]")));
        }
        ExprKind::Call { func, args } => {
            out.push(Piece::Tok(c.span(func.span)));
            out.push(Piece::Tok(c.kw("(")));
            let mark = c.mark();
            out.push(Piece::Mark(mark));
            out.push(Piece::Open(mark));
            for (i, arg) in args.iter().enumerate() {
                let at = out.len();
                if i > 0 {
                    out.push(Piece::Tok(c.kw(",")));
                    out.push(Piece::Break { mark, depth: depth + 1, unit: 0 });
                    out.push(Piece::Space);
                }
                call_arg(c, arg, depth + 2, out);
                close_unit(out, at + 1);
            }
            out.push(Piece::Close);
            out.push(Piece::Tok(c.close(e.span, ")")));
        }
        ExprKind::Over { call, keyword, months } => {
            push(c, call, depth, out);
            for tok in [c.span(*keyword), c.span(months.span), c.word()] {
                out.push(Piece::Space);
                out.push(Piece::Tok(tok));
            }
        }
    }
}

/// Records in the break at `out[at]` (if there is one) the width of what
/// was pushed after it: the part of the expression the break starts.
fn close_unit(out: &mut [Piece], at: usize) {
    let width = flat_width(&out[at + 1..]);
    if let Some(Piece::Break { unit, .. }) = out.get_mut(at) {
        *unit = width;
    }
}

/// The contents of a bracket: a line broken by a comment inside continues
/// just after the opening bracket.
fn nested(c: &mut Cursor, out: &mut Vec<Piece>, inside: impl FnOnce(&mut Cursor, &mut Vec<Piece>)) {
    let mark = c.mark();
    out.push(Piece::Mark(mark));
    out.push(Piece::Open(mark));
    inside(c, out);
    out.push(Piece::Close);
}

/// `EXPR [of DATASET] [where C] [meeting M]`, its breaks at `depth`.
fn call_arg(c: &mut Cursor, arg: &CallArg, depth: usize, out: &mut Vec<Piece>) {
    let mark = c.mark();
    out.push(Piece::Mark(mark));
    push(c, &arg.value, depth + 1, out);
    if let Some(of) = &arg.of {
        out.push(Piece::Space);
        out.push(Piece::Tok(c.kw("of")));
        out.push(Piece::Space);
        out.push(Piece::Tok(c.span(of.span)));
    }
    for (keyword, part) in [("where", &arg.filter), ("meeting", &arg.meeting)] {
        if let Some(part) = part {
            let at = out.len();
            out.push(Piece::Break { mark, depth, unit: 0 });
            out.push(Piece::Space);
            out.push(Piece::Tok(c.kw(keyword)));
            out.push(Piece::Space);
            push(c, part, depth + 1, out);
            close_unit(out, at);
        }
    }
}
