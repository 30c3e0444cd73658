//! Row expressions (`where`, `meeting`, the `E` of `f(E of D)`) in SQL.
//!
//! SQL's `NULL` is the language's none, and SQL's three-valued logic is the
//! language's (§6): a comparison with a none operand is none, `and`/`or`
//! follow Kleene's tables, and a `WHERE` keeps only true rows. What differs
//! is spelt out: `x == none` is `x IS NULL`; text is compared in code-point
//! order; `business_time` and `overlap` read the calendar tables
//! ([`super::time`]) through per-row lookups the dataset query joins in.
//!
//! Arithmetic that could round or leave `DECIMAL(38, 16)` (`*` and `/` on a
//! row) is not pushed down: it is a compile error, never a different figure.

use super::civil::weekday;
use super::dialect::DECIMAL;
use super::Dialect;
use crate::ir::{ArithOp, CalendarId, RowExpr, RowFunc};
use crate::syntax::ast::CmpOp;
use crate::value::Value;
use std::collections::BTreeSet;

/// What a row expression needs joined in beside the row's typed values.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Needs {
    /// Timestamp columns whose local wall-clock time (in the contract
    /// timezone) is read: `date`, `hour`, `weekday`.
    pub local: BTreeSet<usize>,
    /// `(calendar, timestamp column)` pairs whose working time up to the
    /// instant is read: `business_time`, `overlap`.
    pub cumulative: BTreeSet<(CalendarId, usize)>,
    /// Calendars whose working time up to the span's bounds is read (`overlap`).
    pub span_calendars: BTreeSet<CalendarId>,
}

/// Why a row expression cannot be pushed down.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unsupported {
    /// What is not supported, in the contract's words.
    pub what: String,
    /// What to do instead.
    pub help: String,
}

/// The SQL name of a typed cell.
pub fn value_name(column: usize) -> String {
    format!("v{column}")
}

/// The SQL name of a timestamp cell's local wall-clock time.
pub fn local_name(column: usize) -> String {
    format!("l{column}")
}

/// The SQL name of a timestamp cell's working time up to it in a calendar.
pub fn cumulative_name(calendar: CalendarId, column: usize) -> String {
    format!("c{calendar}_{column}")
}

/// The SQL names of the working time up to a span's start and end.
pub fn span_cumulative_names(calendar: CalendarId) -> (String, String) {
    (format!("span_cf{calendar}"), format!("span_ct{calendar}"))
}

/// Compiles row expressions of one dataset, collecting what they need.
pub struct ExprCompiler {
    dialect: Dialect,
    /// Which of the dataset's columns hold text.
    text_columns: Vec<bool>,
    /// What the expressions compiled so far need.
    pub needs: Needs,
}

impl ExprCompiler {
    /// A compiler for `dialect` over a dataset whose columns hold text
    /// where `text_columns` says so.
    pub fn new(dialect: Dialect, text_columns: Vec<bool>) -> Self {
        ExprCompiler { dialect, text_columns, needs: Needs::default() }
    }

    /// `expr` as an SQL expression over the typed row.
    pub fn compile(&mut self, expr: &RowExpr) -> Result<String, Unsupported> {
        let d = self.dialect;
        Ok(match expr {
            RowExpr::Literal(v) => literal(d, v)?,
            RowExpr::Column(c) => value_name(*c),
            RowExpr::Neg(x) => format!("(-{})", self.compile(x)?),
            RowExpr::Not(x) => format!("(NOT {})", self.compile(x)?),
            RowExpr::Arith { op, lhs, rhs, .. } => {
                let (a, b) = (self.compile(lhs)?, self.compile(rhs)?);
                match op {
                    ArithOp::Add => format!("({a} + {b})"),
                    ArithOp::Sub => format!("({a} - {b})"),
                    ArithOp::Mul | ArithOp::Div => {
                        return Err(Unsupported {
                            what: format!("`{}` on a row", if *op == ArithOp::Mul { "*" } else { "/" }),
                            help: "multiply or divide the aggregate instead (`sum(x of D) * 2`), or evaluate this \
                                   dataset locally"
                                .into(),
                        })
                    }
                }
            }
            RowExpr::Compare { op, lhs, rhs } => self.compare(*op, lhs, rhs)?,
            RowExpr::And(a, b) => format!("({} AND {})", self.compile(a)?, self.compile(b)?),
            RowExpr::Or(a, b) => format!("({} OR {})", self.compile(a)?, self.compile(b)?),
            RowExpr::In(x, list) => {
                let items = list.iter().map(|v| literal(d, v)).collect::<Result<Vec<_>, _>>()?;
                format!("({} IN ({}))", self.compile(x)?, items.join(", "))
            }
            RowExpr::BusinessTime(start, end, cal) => {
                let (a, b) = (self.compile(start)?, self.compile(end)?);
                let (ca, cb) = (self.cumulative(start, *cal)?, self.cumulative(end, *cal)?);
                format!(
                    "CASE WHEN {a} IS NULL OR {b} IS NULL THEN NULL WHEN {b} <= {a} THEN CAST(0 AS {DECIMAL}) \
                     ELSE CAST({cb} - {ca} AS {DECIMAL}) END"
                )
            }
            RowExpr::Overlap(start, end, cal) => {
                let (a, b) = (self.compile(start)?, self.compile(end)?);
                let (ca, cb) = (self.cumulative(start, *cal)?, self.cumulative(end, *cal)?);
                self.needs.span_calendars.insert(*cal);
                let (span_cf, span_ct) = span_cumulative_names(*cal);
                let from = format!("GREATEST({a}, span_from)");
                let to = format!("LEAST(COALESCE({b}, span_to), span_to)");
                let cum_from = format!("CASE WHEN {a} <= span_from THEN {span_cf} ELSE {ca} END");
                let cum_to = format!("CASE WHEN {b} IS NULL OR {b} >= span_to THEN {span_ct} ELSE {cb} END");
                format!(
                    "CASE WHEN {a} IS NULL THEN NULL WHEN {to} <= {from} THEN CAST(0 AS {DECIMAL}) \
                     ELSE CAST({cum_to} - {cum_from} AS {DECIMAL}) END"
                )
            }
            RowExpr::Call(f, args) => self.call(*f, args)?,
        })
    }

    fn compare(&mut self, op: CmpOp, lhs: &RowExpr, rhs: &RowExpr) -> Result<String, Unsupported> {
        let is_none = |e: &RowExpr| matches!(e, RowExpr::Literal(Value::None));
        if matches!(op, CmpOp::Eq | CmpOp::Ne) && (is_none(lhs) || is_none(rhs)) {
            let other = self.compile(if is_none(lhs) { rhs } else { lhs })?;
            let test = if op == CmpOp::Eq { "IS NULL" } else { "IS NOT NULL" };
            return Ok(format!("({other} {test})"));
        }
        let sql_op = match op {
            CmpOp::Eq => "=",
            CmpOp::Ne => "<>",
            CmpOp::Lt => "<",
            CmpOp::Le => "<=",
            CmpOp::Gt => ">",
            CmpOp::Ge => ">=",
        };
        let (mut a, mut b) = (self.compile(lhs)?, self.compile(rhs)?);
        if !matches!(op, CmpOp::Eq | CmpOp::Ne) && (self.is_text(lhs) || self.is_text(rhs)) {
            a = self.dialect.text_order(&a);
            b = self.dialect.text_order(&b);
        }
        Ok(format!("({a} {sql_op} {b})"))
    }

    /// Whether `expr` is text (the checker makes both sides of a
    /// comparison one type, so one side tells).
    fn is_text(&self, expr: &RowExpr) -> bool {
        match expr {
            RowExpr::Literal(v) => matches!(v, Value::Text(_)),
            RowExpr::Column(c) => self.text_columns.get(*c).copied().unwrap_or(false),
            RowExpr::Call(RowFunc::Lower, _) => true,
            RowExpr::Call(RowFunc::Coalesce, args) => args.iter().any(|a| self.is_text(a)),
            _ => false,
        }
    }

    fn call(&mut self, f: RowFunc, args: &[RowExpr]) -> Result<String, Unsupported> {
        let d = self.dialect;
        let arg = |i: usize| args.get(i).ok_or_else(|| unsupported_form(f));
        Ok(match f {
            RowFunc::Coalesce => format!("COALESCE({}, {})", self.compile(arg(0)?)?, self.compile(arg(1)?)?),
            RowFunc::Lower => format!("lower({})", self.compile(arg(0)?)?),
            RowFunc::Contains => d.contains(&self.compile(arg(0)?)?, &self.compile(arg(1)?)?),
            RowFunc::Date | RowFunc::Hour | RowFunc::Weekday => {
                let local = self.local(arg(0)?)?;
                let day = d.floor_div(&local, "86400");
                match f {
                    RowFunc::Date => day,
                    RowFunc::Hour => format!("CAST({} AS {DECIMAL})", d.div(&d.floor_mod(&local, "86400"), "3600")),
                    _ => format!("CAST({} AS {DECIMAL})", weekday(d, &day)),
                }
            }
        })
    }

    /// The local wall-clock time of a timestamp expression (a column, or a
    /// `coalesce` of such).
    fn local(&mut self, expr: &RowExpr) -> Result<String, Unsupported> {
        match expr {
            RowExpr::Column(c) => {
                self.needs.local.insert(*c);
                Ok(local_name(*c))
            }
            RowExpr::Call(RowFunc::Coalesce, args) if args.len() == 2 => {
                Ok(format!("COALESCE({}, {})", self.local(&args[0])?, self.local(&args[1])?))
            }
            _ => Err(timestamp_form("date, hour and weekday")),
        }
    }

    /// The working time in `calendar` up to a timestamp expression (a
    /// column, or a `coalesce` of such).
    fn cumulative(&mut self, expr: &RowExpr, calendar: CalendarId) -> Result<String, Unsupported> {
        match expr {
            RowExpr::Column(c) => {
                self.needs.cumulative.insert((calendar, *c));
                Ok(cumulative_name(calendar, *c))
            }
            RowExpr::Call(RowFunc::Coalesce, args) if args.len() == 2 => Ok(format!(
                "COALESCE({}, {})",
                self.cumulative(&args[0], calendar)?,
                self.cumulative(&args[1], calendar)?
            )),
            _ => Err(timestamp_form("business_time and overlap")),
        }
    }
}

fn timestamp_form(functions: &str) -> Unsupported {
    Unsupported {
        what: format!("a timestamp computed on the row, as an argument of {functions}"),
        help: "pass a timestamp column, or `coalesce` of timestamp columns".into(),
    }
}

fn unsupported_form(f: RowFunc) -> Unsupported {
    Unsupported { what: format!("this call of `{f:?}`"), help: "check the contract with `xla check`".into() }
}

/// A literal value in SQL, typed as the row's values are.
pub fn literal(d: Dialect, v: &Value) -> Result<String, Unsupported> {
    Ok(match v {
        Value::None => "NULL".into(),
        Value::Bool(b) => if *b { "TRUE" } else { "FALSE" }.into(),
        Value::Number(x) | Value::Percent(x) | Value::Duration(x) => format!("CAST({x} AS {DECIMAL})"),
        Value::Text(t) => d.string(t),
        Value::Date(date) => {
            let epoch = chrono::NaiveDate::from_ymd_opt(1970, 1, 1).unwrap_or_default();
            (*date - epoch).num_days().to_string()
        }
        Value::Timestamp(t) => t.timestamp().to_string(),
        Value::Money(_) | Value::Rate(_) => {
            return Err(Unsupported {
                what: "a money amount on a row".into(),
                help: "compare money at the metric level".into(),
            })
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::value::Decimal;

    #[test]
    fn none_tests_and_three_valued_logic_map_to_sql() {
        let mut c = ExprCompiler::new(Dialect::DuckDb, vec![false; 3]);
        let none_test = RowExpr::Compare {
            op: CmpOp::Eq,
            lhs: Box::new(RowExpr::Column(2)),
            rhs: Box::new(RowExpr::Literal(Value::None)),
        };
        assert_eq!(c.compile(&none_test).unwrap(), "(v2 IS NULL)");
        let lt = RowExpr::Compare {
            op: CmpOp::Lt,
            lhs: Box::new(RowExpr::Column(0)),
            rhs: Box::new(RowExpr::Literal(Value::Number(Decimal::new(45, 1)))),
        };
        assert_eq!(c.compile(&lt).unwrap(), "(v0 < CAST(4.5 AS DECIMAL(38, 16)))");
    }

    #[test]
    fn row_multiplication_is_refused_with_help() {
        let mut c = ExprCompiler::new(Dialect::Postgres, vec![false; 2]);
        let mul = RowExpr::Arith {
            op: ArithOp::Mul,
            lhs: Box::new(RowExpr::Column(0)),
            rhs: Box::new(RowExpr::Column(1)),
            ty: crate::value::Type::Number,
        };
        let err = c.compile(&mul).unwrap_err();
        assert_eq!(err.what, "`*` on a row");
    }

    #[test]
    fn business_time_asks_for_the_cumulative_lookups_it_reads() {
        let mut c = ExprCompiler::new(Dialect::Spark, vec![false; 4]);
        let bt = RowExpr::BusinessTime(Box::new(RowExpr::Column(1)), Box::new(RowExpr::Column(3)), 0);
        c.compile(&bt).unwrap();
        assert_eq!(c.needs.cumulative.iter().copied().collect::<Vec<_>>(), [(0, 1), (0, 3)]);
    }
}
