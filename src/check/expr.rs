//! Expressions: name resolution, type and unit inference, and lowering to
//! IR, at metric level (over metrics and aggregates) and at row level
//! (over the columns of one dataset, inside an aggregate).

use super::names::{Unknown, AGGREGATES, CLAUSE_WORDS, METRIC_FUNCTIONS, ROW_FUNCTIONS};
use super::scope::ValueKind;
use super::units;
use super::words::{self, a};
use super::{Checker, Symbol};
use crate::diagnostic::{did_you_mean, Code, Diagnostic};
use crate::ir::{AggFunc, Aggregate, ArithOp, ColumnKind, DatasetId, MetricExpr, RowExpr, RowFunc};
use crate::source::Span;
use crate::syntax::ast::{BinOp, CallArg, CmpOp, Expr, ExprKind, Ident, LitKind, UnOp};
use crate::value::{Duration, Money, Rate, Type, Value};
use rust_decimal::Decimal;
use smol_str::SmolStr;

/// What a metric-level expression depends on.
#[derive(Debug, Clone)]
pub struct Uses {
    /// Whether no aggregate that can be none is used (directly or through metrics).
    pub always_measured: bool,
    /// Whether `baseline(..)` is used (directly or through metrics).
    pub uses_baseline: bool,
}

impl Default for Uses {
    fn default() -> Self {
        Uses { always_measured: true, uses_baseline: false }
    }
}

fn arith_op(op: BinOp) -> Option<ArithOp> {
    match op {
        BinOp::Add => Some(ArithOp::Add),
        BinOp::Sub => Some(ArithOp::Sub),
        BinOp::Mul => Some(ArithOp::Mul),
        BinOp::Div => Some(ArithOp::Div),
        _ => None,
    }
}

/// Whether `e` is a literal zero, in parentheses or negated or not.
fn is_literal_zero(e: &Expr) -> bool {
    match &e.kind {
        ExprKind::Paren(inner) | ExprKind::Unary { op: UnOp::Neg, operand: inner } => is_literal_zero(inner),
        ExprKind::Literal(
            LitKind::Number(d) | LitKind::Percent(d) | LitKind::Duration(d) | LitKind::Money { amount: d, .. },
        ) => d.is_zero(),
        ExprKind::Literal(LitKind::Rate { amount, .. }) => amount.is_zero(),
        _ => false,
    }
}

impl Checker<'_> {
    /// The source text of `span`, its whitespace collapsed.
    pub(super) fn text_of(&self, span: Span) -> String {
        self.files.sources.get(span.file).slice(span).split_whitespace().collect::<Vec<_>>().join(" ")
    }

    fn mismatch(&mut self, span: Span, message: String, help: &str) {
        self.report(Diagnostic::new(Code::TypeMismatch, span, message).with_label("here").with_help(help.to_string()));
    }

    /// A literal's value and type; money is checked against the contract currency.
    pub(super) fn literal_value(&mut self, kind: &LitKind, span: Span) -> Option<(Value, Type)> {
        let lit = crate::syntax::ast::Literal { kind: kind.clone(), span };
        Some(match kind {
            LitKind::Number(d) => (Value::Number(*d), Type::Number),
            LitKind::Percent(d) => (Value::Percent(*d), Type::Percent),
            LitKind::Duration(d) => (Value::Duration(*d), Type::Duration),
            LitKind::Money { amount, currency } => {
                let c = self.money_currency(&lit, currency)?;
                (Value::Money(Money::new(*amount, c)), Type::Money(c))
            }
            LitKind::Rate { amount, currency, per_seconds } => {
                let c = self.money_currency(&lit, currency)?;
                let rate = Rate { money: Money::new(*amount, c), per: Duration(Decimal::from(*per_seconds)) };
                (Value::Rate(rate), Type::Rate(c))
            }
            LitKind::Date(d) => (Value::Date(*d), Type::Date),
            LitKind::Bool(b) => (Value::Bool(*b), Type::Bool),
            LitKind::None => (Value::None, Type::None),
            LitKind::Text(s) => (Value::Text(SmolStr::from(s.as_str())), Type::Text),
            LitKind::Code(code) => {
                self.report(
                    Diagnostic::new(Code::BadLiteral, span, format!("`{code}` on its own is not a value"))
                        .with_label("a bare code")
                        .with_help("currency codes follow an amount, such as `100.00 EUR`"),
                );
                return None;
            }
        })
    }

    /// §9 v2: a division by a literal zero (`x / 0`, `x / 0%`, `x / (-0h)`)
    /// is a compile error: it could only ever give none.
    fn literal_zero_divisor(&mut self, op: ArithOp, op_span: Span, divisor: &Expr) {
        if op == ArithOp::Div && is_literal_zero(divisor) {
            self.report(
                Diagnostic::new(Code::DivisionByZero, divisor.span, "division by a literal zero")
                    .with_label("this is zero")
                    .with_secondary(op_span, "dividing here")
                    .with_help("a division by zero is none in every month, so the metric could never be measured; divide by a value that is not zero"),
            );
        }
    }

    /// Whether a value of type `t` has a sign; reports it at `span` if not.
    fn negatable(&mut self, span: Span, t: &Type) -> bool {
        let signed = matches!(t, Type::Number | Type::Count | Type::Percent | Type::Duration | Type::Money(_));
        if !signed {
            self.mismatch(
                span,
                format!("{} cannot be negated", a(t)),
                "only numbers, percents, durations and money have a sign",
            );
        }
        signed
    }

    // ------------------------------------------------------------ metric level

    /// Checks an expression at metric level.
    pub(super) fn metric_expr(&mut self, e: &Expr, uses: &mut Uses) -> Option<(MetricExpr, Type)> {
        match &e.kind {
            ExprKind::Literal(kind) => {
                let (v, t) = self.literal_value(kind, e.span)?;
                Some((MetricExpr::Literal(v), t))
            }
            ExprKind::Paren(inner) => self.metric_expr(inner, uses),
            ExprKind::Name(ident) => self.metric_name(ident, uses),
            ExprKind::Unary { op: UnOp::Neg, operand } => {
                let (x, t) = self.metric_expr(operand, uses)?;
                self.negatable(e.span, &t).then(|| (MetricExpr::Neg(Box::new(x)), t))
            }
            ExprKind::Binary { op, op_span, lhs, rhs } => {
                let Some(arith) = arith_op(*op) else {
                    self.report(self.condition_outside_aggregate(*op_span));
                    return None;
                };
                let l = self.metric_expr(lhs, uses);
                let r = self.metric_expr(rhs, uses);
                let ((l, lt), (r, rt)) = (l?, r?);
                let ty = self.arith_type(arith, &lt, &rt, *op_span, lhs.span, rhs.span)?;
                self.literal_zero_divisor(arith, *op_span, rhs);
                Some((MetricExpr::Arith { op: arith, lhs: Box::new(l), rhs: Box::new(r), ty: ty.clone() }, ty))
            }
            ExprKind::Unary { op: UnOp::Not, .. } | ExprKind::In { .. } => {
                self.report(self.condition_outside_aggregate(e.span));
                None
            }
            ExprKind::Call { func, args } => self.metric_call(e, func, args, uses),
            ExprKind::Over { call, keyword, months } => self.metric_over(e, call, *keyword, *months, uses),
        }
    }

    fn condition_outside_aggregate(&self, span: Span) -> Diagnostic {
        Diagnostic::new(Code::Scope, span, "conditions can only be written inside an aggregate's `where` or `meeting`")
            .with_label("a condition at metric level")
            .with_help("a metric is a number, percent, duration or money; filter rows with `where`, as in `count(tickets where priority == \"P1\")`")
    }

    fn arith_type(&mut self, op: ArithOp, lt: &Type, rt: &Type, op_span: Span, l: Span, r: Span) -> Option<Type> {
        if let Some(t) = units::arith(op, lt, rt) {
            return Some(t);
        }
        if let (Type::Money(a), Type::Money(b)) = (lt, rt) {
            self.report(
                Diagnostic::new(Code::Currency, op_span, format!("cannot combine {a} and {b}"))
                    .with_label("different currencies"),
            );
            return None;
        }
        let sym = match op {
            ArithOp::Add => "+",
            ArithOp::Sub => "-",
            ArithOp::Mul => "*",
            ArithOp::Div => "/",
        };
        self.report(
            Diagnostic::new(Code::TypeMismatch, op_span, format!("cannot apply `{sym}` to {} and {}", a(lt), a(rt)))
                .with_label(format!("`{sym}` here"))
                .with_secondary(l, format!("this is {}", a(lt)))
                .with_secondary(r, format!("this is {}", a(rt)))
                .with_help(self.unit_hint(Some(op), lt, rt, l, r).unwrap_or_else(|| units::rule_of(op).to_string())),
        );
        None
    }

    /// `value`, `target` or `monthly_fee` inside a credit or bonus
    /// expression (§7.2a); `None` for any other name or context.
    fn clause_word(&self, ident: &Ident) -> Option<Option<(MetricExpr, Type)>> {
        let metric_ty = self.money_expr.as_ref()?;
        Some(match ident.name.as_str() {
            "value" => metric_ty.clone().map(|t| (MetricExpr::ClauseValue, t)),
            "target" => metric_ty.clone().map(|t| (MetricExpr::ClauseTarget, t)),
            "monthly_fee" => self
                .contract
                .as_ref()
                .map(|c| (MetricExpr::Literal(Value::Money(c.monthly_fee)), Type::Money(c.monthly_fee.currency))),
            _ => return None,
        })
    }

    fn clause_word_outside(&mut self, ident: &Ident) {
        self.report(
            Diagnostic::new(
                Code::ClauseWordOutside,
                ident.span,
                format!("`{}` means something only inside a clause's `credit` or `bonus` expression", ident.name),
            )
            .with_label("outside a credit or bonus expression")
            .with_help(match ident.name.as_str() {
                "monthly_fee" => "outside a credit or bonus expression, write the fee as an amount such as `100000.00 EUR`",
                _ => "`value` and `target` are the clause metric's value and target this month; use them in `credit MONEY-EXPR` or `bonus MONEY-EXPR`, as in `credit 500.00 EUR * value`",
            }),
        );
    }

    fn metric_name(&mut self, ident: &Ident, uses: &mut Uses) -> Option<(MetricExpr, Type)> {
        if let Some(word) = self.clause_word(ident) {
            return word;
        }
        match self.scope.values.get(ident.name.as_str()).map(|(k, _)| *k) {
            Some(ValueKind::Metric) => {
                self.index.refer(ident.span, Symbol::Metric(ident.name.clone()));
                let (id, info) = self.metric_info(&ident.name, ident.span)?;
                uses.always_measured &= info.always_measured;
                uses.uses_baseline |= info.uses_baseline;
                Some((MetricExpr::Metric(id), info.ty))
            }
            Some(ValueKind::Dataset) => {
                self.index.refer(ident.span, Symbol::Dataset(ident.name.clone()));
                self.report(
                    Diagnostic::new(Code::Scope, ident.span, format!("`{}` is a dataset, not a value", ident.name))
                        .with_label("a dataset")
                        .with_help(format!("aggregate it, as in `count({0})` or `mean(COLUMN of {0})`", ident.name)),
                );
                None
            }
            Some(ValueKind::Calendar) => {
                self.report(
                    Diagnostic::new(Code::Scope, ident.span, format!("`{}` is a calendar, not a value", ident.name))
                        .with_label("a calendar")
                        .with_help(format!("calendars are arguments of `scheduled({0})`, `business_time(START, END, {0})` and `overlap(START, END, {0})`", ident.name)),
                );
                None
            }
            None if CLAUSE_WORDS.contains(&ident.name.as_str()) => {
                self.clause_word_outside(ident);
                None
            }
            None => {
                if let Some(dataset) = self.datasets.iter().find(|d| d.columns.iter().any(|c| c.name == ident.name)) {
                    let help = format!(
                        "columns are visible only inside an aggregate over their dataset, such as `mean({} of {})`",
                        ident.name, dataset.name
                    );
                    self.report(
                        Diagnostic::new(
                            Code::Scope,
                            ident.span,
                            format!("`{}` is a column of `{}`, not a metric", ident.name, dataset.name),
                        )
                        .with_label("a column outside an aggregate")
                        .with_help(help),
                    );
                    return None;
                }
                let metrics: Vec<String> = self.scope.metrics.iter().map(|m| m.node.name.name.clone()).collect();
                self.unknown(ident, Unknown::Metric, metrics.iter().map(String::as_str));
                None
            }
        }
    }

    fn calendar_arg(&mut self, e: &Expr) -> Option<usize> {
        let ExprKind::Name(ident) = &e.kind else {
            self.report(
                Diagnostic::new(Code::BadArguments, e.span, "expected the name of a calendar")
                    .with_label("not a calendar")
                    .with_help("name a calendar declared with `calendar NAME { … }`, or the built-in `always`"),
            );
            return None;
        };
        self.calendar_ref(ident)
    }

    fn arity(&mut self, e: &Expr, func: &Ident, args: &[CallArg], n: usize, usage: &str) -> bool {
        let plain = args.iter().all(|a| a.of.is_none() && a.filter.is_none() && a.meeting.is_none());
        if args.len() == n && plain {
            return true;
        }
        self.report(
            Diagnostic::new(
                Code::BadArguments,
                e.span,
                format!("`{}` takes {n} argument{}", func.name, if n == 1 { "" } else { "s" }),
            )
            .with_label(format!("{} given", args.len()))
            .with_help(format!("write it as `{usage}`")),
        );
        false
    }

    pub(super) fn metric_call(
        &mut self,
        e: &Expr,
        func: &Ident,
        args: &[CallArg],
        uses: &mut Uses,
    ) -> Option<(MetricExpr, Type)> {
        let name = func.name.as_str();
        let is_pair = args.len() == 2 && args.iter().all(|a| a.of.is_none() && a.filter.is_none());
        match name {
            "min" | "max" if is_pair => {
                let a = self.metric_expr(&args[0].value, uses);
                let b = self.metric_expr(&args[1].value, uses);
                let ((a, at), (b, bt)) = (a?, b?);
                if !at.compatible(&bt) {
                    self.mismatch(
                        e.span,
                        format!("`{name}` needs two values of one type, not {} and {}", words::a(&at), words::a(&bt)),
                        "compare like with like",
                    );
                    return None;
                }
                let (a, b) = (Box::new(a), Box::new(b));
                Some((if name == "min" { MetricExpr::Min(a, b) } else { MetricExpr::Max(a, b) }, at))
            }
            "scheduled" => {
                if !self.arity(e, func, args, 1, "scheduled(CALENDAR)") {
                    return None;
                }
                let cal = self.calendar_arg(&args[0].value)?;
                Some((MetricExpr::Scheduled(cal), Type::Duration))
            }
            "clamp" => {
                if !self.arity(e, func, args, 3, "clamp(VALUE, LOW, HIGH)") {
                    return None;
                }
                let x = self.metric_expr(&args[0].value, uses);
                let lo = self.metric_expr(&args[1].value, uses);
                let hi = self.metric_expr(&args[2].value, uses);
                let ((x, xt), (lo, lt), (hi, ht)) = (x?, lo?, hi?);
                if !xt.compatible(&lt) || !xt.compatible(&ht) {
                    self.mismatch(
                        e.span,
                        format!("`clamp` needs three values of one type, not {}, {} and {}", a(&xt), a(&lt), a(&ht)),
                        "write the bounds in the value's unit, such as `clamp(x, 0%, 100%)`",
                    );
                    return None;
                }
                Some((MetricExpr::Clamp(Box::new(x), Box::new(lo), Box::new(hi)), xt))
            }
            "floor" | "ceil" => {
                if !self.arity(e, func, args, 1, &format!("{name}(NUMBER)")) {
                    return None;
                }
                let (x, t) = self.metric_expr(&args[0].value, uses)?;
                if !matches!(t, Type::Number | Type::Count) {
                    self.report(
                        Diagnostic::new(
                            Code::RoundingUnit,
                            args[0].value.span,
                            format!("`{name}` rounds a number or a count, but this is {}", a(&t)),
                        )
                        .with_label(a(&t))
                        .with_help(format!(
                            "divide by a unit first to count whole steps, as in `{name}((target - value) / 0.1%)`"
                        )),
                    );
                    return None;
                }
                let x = Box::new(x);
                Some((if name == "floor" { MetricExpr::Floor(x) } else { MetricExpr::Ceil(x) }, t))
            }
            "baseline" => {
                if !self.arity(e, func, args, 1, "baseline(METRIC)") {
                    return None;
                }
                let ExprKind::Name(ident) = &args[0].value.kind else {
                    self.report(
                        Diagnostic::new(
                            Code::BadArguments,
                            args[0].value.span,
                            "`baseline` takes the name of a metric",
                        )
                        .with_label("not a metric name")
                        .with_help("write it as `baseline(METRIC)`"),
                    );
                    return None;
                };
                let (expr, ty) = self.metric_name(ident, uses)?;
                let MetricExpr::Metric(id) = expr else {
                    return None;
                };
                uses.uses_baseline = true;
                Some((MetricExpr::Baseline(id), ty))
            }
            _ if AGGREGATES.contains(&name) => {
                let (agg, ty) = self.aggregate(e, func, args)?;
                if agg.func.can_be_none() {
                    uses.always_measured = false;
                }
                self.aggregates.push(agg);
                Some((MetricExpr::Aggregate(self.aggregates.len() - 1), ty))
            }
            _ if ROW_FUNCTIONS.contains(&name) => {
                self.report(
                    Diagnostic::new(
                        Code::Scope,
                        func.span,
                        format!("`{name}` works on the columns of one row, so it belongs inside an aggregate"),
                    )
                    .with_label("a row function at metric level")
                    .with_help(format!("use it inside an aggregate, as in `mean({name}(…) of DATASET)`")),
                );
                None
            }
            _ => {
                self.unknown_function(func);
                None
            }
        }
    }

    fn aggregate(&mut self, e: &Expr, func: &Ident, args: &[CallArg]) -> Option<(Aggregate, Type)> {
        let name = func.name.as_str();
        let agg = match name {
            "count" => AggFunc::Count,
            "percent" => AggFunc::Percent,
            "sum" => AggFunc::Sum,
            "mean" => AggFunc::Mean,
            "median" => AggFunc::Median,
            "min" => AggFunc::Min,
            "max" => AggFunc::Max,
            "percentile" => AggFunc::Percentile,
            _ => AggFunc::Distinct,
        };
        let usage = match agg {
            AggFunc::Count => "count(DATASET where CONDITION)",
            AggFunc::Percent => "percent(DATASET where CONDITION meeting CONDITION)",
            AggFunc::Percentile => "percentile(95, VALUE of DATASET where CONDITION)",
            _ => "FUNCTION(VALUE of DATASET where CONDITION)",
        };
        let usage = usage.replace("FUNCTION", name);
        let bad = |c: &mut Self, span: Span, message: String| {
            c.report(
                Diagnostic::new(Code::BadArguments, span, message)
                    .with_label("here")
                    .with_help(format!("write it as `{usage}`")),
            );
        };
        let mut percentile = None;
        let arg = match (agg, args) {
            (AggFunc::Percentile, [p, arg]) => {
                match &p.value.kind {
                    ExprKind::Literal(LitKind::Number(d) | LitKind::Percent(d))
                        if *d >= Decimal::ZERO && *d <= Decimal::ONE_HUNDRED =>
                    {
                        percentile = Some(*d)
                    }
                    _ => {
                        bad(self, p.span, "the rank of a percentile is a number from 0 to 100".to_string());
                        return None;
                    }
                }
                arg
            }
            (AggFunc::Percentile, _) => {
                bad(self, e.span, "`percentile` takes a rank and a value: two arguments".to_string());
                return None;
            }
            (_, [arg]) => arg,
            _ => {
                bad(self, e.span, format!("`{name}` aggregates one dataset: one argument"));
                return None;
            }
        };
        let counts_rows = matches!(agg, AggFunc::Count | AggFunc::Percent);
        let dataset_ident = if counts_rows {
            if let Some(of) = &arg.of {
                bad(self, of.span, format!("`{name}` counts rows, so it takes a dataset, not `VALUE of DATASET`"));
                return None;
            }
            match &arg.value.kind {
                ExprKind::Name(ident) => ident,
                _ => {
                    bad(self, arg.value.span, format!("`{name}` takes the name of a dataset"));
                    return None;
                }
            }
        } else {
            match &arg.of {
                Some(of) => of,
                None => {
                    bad(self, arg.span, format!("`{name}` needs a value and a dataset: `VALUE of DATASET`"));
                    return None;
                }
            }
        };
        // The dataset first, so that it counts as used whatever else is wrong.
        let dataset = self.dataset_ref(dataset_ident);
        match (agg, &arg.meeting) {
            (AggFunc::Percent, None) => {
                bad(self, e.span, "`percent` needs `meeting CONDITION`: the share of rows that meet it".to_string());
                return None;
            }
            (AggFunc::Percent, Some(_)) | (_, None) => {}
            (_, Some(m)) => {
                bad(self, m.span, format!("`meeting` belongs to `percent`, not `{name}`"));
                return None;
            }
        }
        let dataset = dataset?;
        // Every part is checked before giving up, so that each mistake is reported.
        let value = (!counts_rows).then(|| self.row_expr(&arg.value, dataset));
        let filter = arg.filter.as_ref().map(|c| self.condition(c, dataset, "where"));
        let meeting = arg.meeting.as_ref().map(|c| self.condition(c, dataset, "meeting"));
        let (value, filter, meeting) = (all_of(value)?, all_of(filter)?, all_of(meeting)?);
        let ty = match (agg, &value) {
            (AggFunc::Count | AggFunc::Distinct, _) => Type::Count,
            (AggFunc::Percent, _) => Type::Percent,
            (_, Some((_, t))) => {
                let numeric = matches!(t, Type::Number | Type::Count | Type::Percent | Type::Duration | Type::Money(_));
                if !numeric {
                    self.mismatch(
                        arg.value.span,
                        format!("`{name}` needs numbers, percents, durations or money, not {}", a(t)),
                        "aggregate a numeric column, or count rows with `count(DATASET where …)`",
                    );
                    return None;
                }
                match (agg, t) {
                    (AggFunc::Mean | AggFunc::Median | AggFunc::Percentile, Type::Count) => Type::Number,
                    _ => t.clone(),
                }
            }
            (_, None) => Type::Count,
        };
        Some((
            Aggregate {
                func: agg,
                dataset,
                value: value.map(|(v, _)| v),
                percentile,
                filter,
                meeting,
                ty: ty.clone(),
                text: self.text_of(e.span),
                over: None,
            },
            ty,
        ))
    }

    fn dataset_ref(&mut self, ident: &Ident) -> Option<DatasetId> {
        match self.scope.values.get(ident.name.as_str()).map(|(k, _)| *k) {
            Some(ValueKind::Dataset) => {
                self.index.refer(ident.span, Symbol::Dataset(ident.name.clone()));
                self.datasets.iter().position(|d| d.name == ident.name)
            }
            _ => {
                let names: Vec<String> = self.scope.datasets.iter().map(|d| d.node.name.name.clone()).collect();
                self.unknown(ident, Unknown::Dataset, names.iter().map(String::as_str));
                None
            }
        }
    }

    fn condition(&mut self, e: &Expr, dataset: DatasetId, keyword: &str) -> Option<RowExpr> {
        let (x, t) = self.row_expr(e, dataset)?;
        if t != Type::Bool {
            self.report(
                Diagnostic::new(
                    Code::TypeMismatch,
                    e.span,
                    format!("`{keyword}` needs a condition, but this is {}", a(&t)),
                )
                .with_label("not true or false")
                .with_help("compare it, as in `priority == \"P1\"` or `reopens > 0`"),
            );
            return None;
        }
        Some(x)
    }

    // --------------------------------------------------------------- row level

    /// Checks an expression over the columns of `dataset`.
    pub(super) fn row_expr(&mut self, e: &Expr, dataset: DatasetId) -> Option<(RowExpr, Type)> {
        match &e.kind {
            ExprKind::Literal(kind) => {
                let (v, t) = self.literal_value(kind, e.span)?;
                Some((RowExpr::Literal(v), t))
            }
            ExprKind::Paren(inner) => self.row_expr(inner, dataset),
            ExprKind::Name(ident) => self.column_name(ident, dataset),
            ExprKind::Unary { op: UnOp::Neg, operand } => {
                let (x, t) = self.row_expr(operand, dataset)?;
                self.negatable(e.span, &t).then(|| (RowExpr::Neg(Box::new(x)), t))
            }
            ExprKind::Unary { op: UnOp::Not, operand } => {
                let x = self.condition(operand, dataset, "not")?;
                Some((RowExpr::Not(Box::new(x)), Type::Bool))
            }
            ExprKind::Binary { op, op_span, lhs, rhs } => match op {
                BinOp::And | BinOp::Or => {
                    let l = self.condition(lhs, dataset, op.as_str());
                    let r = self.condition(rhs, dataset, op.as_str());
                    let (l, r) = (Box::new(l?), Box::new(r?));
                    Some((if *op == BinOp::And { RowExpr::And(l, r) } else { RowExpr::Or(l, r) }, Type::Bool))
                }
                BinOp::Cmp(cmp) => {
                    let l = self.row_expr(lhs, dataset);
                    let r = self.row_expr(rhs, dataset);
                    let ((l, lt), (r, rt)) = (l?, r?);
                    if !lt.compatible(&rt) {
                        self.report(
                            Diagnostic::new(Code::TypeMismatch, *op_span, format!("cannot compare {} with {}", a(&lt), a(&rt)))
                                .with_label(format!("`{}` here", cmp.as_str()))
                                .with_secondary(lhs.span, format!("this is {}", a(&lt)))
                                .with_secondary(rhs.span, format!("this is {}", a(&rt)))
                                .with_help(self.unit_hint(None, &lt, &rt, lhs.span, rhs.span).unwrap_or_else(|| "comparisons need two values of one type, such as two durations (`4h`) or two percents".to_string())),
                        );
                        return None;
                    }
                    let label = match cmp {
                        CmpOp::Eq => "never equal",
                        CmpOp::Ne => "so this is always true",
                        _ => "not a value of this column",
                    };
                    self.check_in_set(&lt, &r, rhs.span, label);
                    self.check_in_set(&rt, &l, lhs.span, label);
                    Some((RowExpr::Compare { op: *cmp, lhs: Box::new(l), rhs: Box::new(r) }, Type::Bool))
                }
                _ => {
                    let arith = arith_op(*op)?;
                    let l = self.row_expr(lhs, dataset);
                    let r = self.row_expr(rhs, dataset);
                    let ((l, lt), (r, rt)) = (l?, r?);
                    let ty = self.arith_type(arith, &lt, &rt, *op_span, lhs.span, rhs.span)?;
                    self.literal_zero_divisor(arith, *op_span, rhs);
                    Some((RowExpr::Arith { op: arith, lhs: Box::new(l), rhs: Box::new(r), ty: ty.clone() }, ty))
                }
            },
            ExprKind::In { value, list } => {
                let (x, t) = self.row_expr(value, dataset)?;
                let mut values = Vec::new();
                for item in list {
                    let ExprKind::Literal(kind) = &item.kind else {
                        self.report(
                            Diagnostic::new(
                                Code::BadArguments,
                                item.span,
                                "the list after `in` holds literal values only",
                            )
                            .with_label("not a literal")
                            .with_help("write the values out, as in `priority in [\"P1\", \"P2\"]`"),
                        );
                        return None;
                    };
                    let (v, vt) = self.literal_value(kind, item.span)?;
                    if !t.compatible(&vt) {
                        self.mismatch(
                            item.span,
                            format!("{} cannot be in a list compared with {}", a(&vt), a(&t)),
                            "list values of the same type as the value tested",
                        );
                        return None;
                    }
                    self.check_in_set(&t, &RowExpr::Literal(v.clone()), item.span, "never matches");
                    values.push(v);
                }
                Some((RowExpr::In(Box::new(x), values), Type::Bool))
            }
            ExprKind::Call { func, args } => self.row_call(e, func, args, dataset),
            ExprKind::Over { keyword, .. } => {
                self.report(self.over_in_row(*keyword));
                None
            }
        }
    }

    /// A `text in [..]` column compared with a string it can never hold.
    fn check_in_set(&mut self, ty: &Type, other: &RowExpr, span: Span, label: &str) {
        let (Type::TextIn(allowed), RowExpr::Literal(Value::Text(s))) = (ty, other) else {
            return;
        };
        if allowed.iter().any(|a| a.as_str() == &**s) {
            return;
        }
        let list = allowed.iter().map(|a| format!("\"{a}\"")).collect::<Vec<_>>().join(", ");
        let mut d =
            Diagnostic::new(Code::NotInSet, span, format!("\"{s}\" is not one of the values this column can hold"))
                .with_label(label)
                .with_help(format!("the column holds only {list}"));
        if let Some(best) = did_you_mean(s, allowed.iter().map(String::as_str)) {
            d = d
                .with_help(format!("did you mean \"{best}\"? The column holds only {list}"))
                .with_fix(format!("\"{best}\""));
        }
        self.report(d);
    }

    fn column_name(&mut self, ident: &Ident, dataset: DatasetId) -> Option<(RowExpr, Type)> {
        let ds = &self.datasets[dataset];
        if let Some(i) = ds.columns.iter().position(|c| c.name == ident.name) {
            let ty = match &ds.columns[i].kind {
                ColumnKind::Text => Type::Text,
                ColumnKind::TextIn(v) => Type::TextIn(v.clone()),
                ColumnKind::Number => Type::Number,
                ColumnKind::Count => Type::Count,
                ColumnKind::Percent => Type::Percent,
                ColumnKind::Bool => Type::Bool,
                ColumnKind::Date { .. } => Type::Date,
                ColumnKind::Timestamp { .. } => Type::Timestamp,
                ColumnKind::Duration { .. } => Type::Duration,
            };
            let symbol = Symbol::Column(ds.name.clone(), ident.name.clone());
            self.index.refer(ident.span, symbol);
            return Some((RowExpr::Column(i), ty));
        }
        let ds_name = ds.name.clone();
        if self.scope.values.get(ident.name.as_str()).is_some_and(|(k, _)| *k == ValueKind::Metric) {
            self.report(
                Diagnostic::new(
                    Code::Scope,
                    ident.span,
                    format!(
                        "`{}` is a metric; inside an aggregate only the columns of `{ds_name}` are visible",
                        ident.name
                    ),
                )
                .with_label("a metric inside an aggregate")
                .with_help("compare metrics at metric level, or use a literal value here"),
            );
            return None;
        }
        let columns: Vec<String> = self.datasets[dataset].columns.iter().map(|c| c.name.clone()).collect();
        self.unknown(ident, Unknown::Column(&ds_name), columns.iter().map(String::as_str));
        None
    }

    fn row_call(&mut self, e: &Expr, func: &Ident, args: &[CallArg], dataset: DatasetId) -> Option<(RowExpr, Type)> {
        let name = func.name.as_str();
        let (usage, n) = match name {
            "business_time" | "overlap" => ("FUNC(START, END, CALENDAR)", 3),
            "coalesce" => ("coalesce(VALUE, FALLBACK)", 2),
            "contains" => ("contains(TEXT, \"part\")", 2),
            "lower" | "date" | "hour" | "weekday" => ("FUNC(VALUE)", 1),
            _ if AGGREGATES.contains(&name) || METRIC_FUNCTIONS.contains(&name) => {
                self.report(
                    Diagnostic::new(Code::Scope, func.span, format!("`{name}` cannot be used inside an aggregate"))
                        .with_label("inside an aggregate")
                        .with_help("aggregates and metric functions work on whole months; combine them at metric level, outside the aggregate"),
                );
                return None;
            }
            _ => {
                self.unknown_function(func);
                return None;
            }
        };
        if !self.arity(e, func, args, n, &usage.replace("FUNC", name)) {
            return None;
        }
        if matches!(name, "business_time" | "overlap") {
            let s = self.row_expr(&args[0].value, dataset);
            let en = self.row_expr(&args[1].value, dataset);
            let cal = self.calendar_arg(&args[2].value);
            let ((s, st), (en, et), cal) = (s?, en?, cal?);
            if st != Type::Timestamp || !matches!(et, Type::Timestamp | Type::None) {
                self.mismatch(
                    e.span,
                    format!("`{name}` needs two timestamps, not {} and {}", a(&st), a(&et)),
                    "pass timestamp columns, as in `business_time(opened, resolved, business)`",
                );
                return None;
            }
            let (s, en) = (Box::new(s), Box::new(en));
            return Some((
                if name == "overlap" { RowExpr::Overlap(s, en, cal) } else { RowExpr::BusinessTime(s, en, cal) },
                Type::Duration,
            ));
        }
        let mut checked = Vec::new();
        for a in args {
            checked.push(self.row_expr(&a.value, dataset));
        }
        let checked: Vec<(RowExpr, Type)> = checked.into_iter().collect::<Option<_>>()?;
        let types: Vec<&Type> = checked.iter().map(|(_, t)| t).collect();
        let (f, ty) = match name {
            "coalesce" => {
                if !types[0].compatible(types[1]) {
                    self.mismatch(
                        e.span,
                        format!("`coalesce` needs two values of one type, not {} and {}", a(types[0]), a(types[1])),
                        "the fallback must have the value's type",
                    );
                    return None;
                }
                let ty = if *types[0] == Type::None { types[1].clone() } else { types[0].clone() };
                (RowFunc::Coalesce, ty)
            }
            "lower" | "contains" => {
                if !types.iter().all(|t| matches!(t, Type::Text | Type::TextIn(_))) {
                    self.mismatch(e.span, format!("`{name}` works on text"), "pass a text column");
                    return None;
                }
                if name == "lower" {
                    (RowFunc::Lower, Type::Text)
                } else {
                    (RowFunc::Contains, Type::Bool)
                }
            }
            _ => {
                if *types[0] != Type::Timestamp {
                    self.mismatch(
                        e.span,
                        format!("`{name}` takes a timestamp, not {}", a(types[0])),
                        "pass a timestamp column",
                    );
                    return None;
                }
                match name {
                    "date" => (RowFunc::Date, Type::Date),
                    "hour" => (RowFunc::Hour, Type::Number),
                    _ => (RowFunc::Weekday, Type::Number),
                }
            }
        };
        Some((RowExpr::Call(f, checked.into_iter().map(|(x, _)| x).collect()), ty))
    }
}

/// An optional part that was checked: `None` if it was given and wrong.
fn all_of<T>(part: Option<Option<T>>) -> Option<Option<T>> {
    match part {
        Some(None) => None,
        Some(Some(x)) => Some(Some(x)),
        None => Some(None),
    }
}
