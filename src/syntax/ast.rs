//! The abstract syntax tree. Every node carries the [`Span`] it was parsed
//! from; names and values are kept as written (unchecked), so the checker can
//! say precisely what is wrong with them.

use crate::source::Span;
use chrono::{NaiveDate, Weekday};
use rust_decimal::Decimal;

/// A parsed `.xla` file.
#[derive(Clone, Debug, PartialEq)]
pub struct File {
    /// The items, in source order.
    pub items: Vec<Item>,
    /// Every comment, in source order (doc comments included).
    pub comments: Vec<Comment>,
    /// Items that did not parse (each has a syntax error), in source order.
    pub unparsed: Vec<Unparsed>,
}

/// An item that did not parse. What could be read of its head is kept, so
/// the checker knows the name exists and stays silent about its uses
/// instead of calling them unknown.
#[derive(Clone, Debug, PartialEq)]
pub struct Unparsed {
    /// The item keyword it starts with (`metric`, `dataset`, `contract`, …).
    pub keyword: String,
    /// The name it declares, if one follows the keyword.
    pub name: Option<Ident>,
    /// The whole text of the item.
    pub span: Span,
}

/// A `//` or `///` comment.
#[derive(Clone, Debug, PartialEq)]
pub struct Comment {
    /// The comment's text, slashes included.
    pub text: String,
    /// Where it is.
    pub span: Span,
}

/// A name as written.
#[derive(Clone, Debug, PartialEq)]
pub struct Ident {
    /// The name.
    pub name: String,
    /// Where it is.
    pub span: Span,
}

/// A string literal, escapes resolved.
#[derive(Clone, Debug, PartialEq)]
pub struct StrLit {
    /// The value after unescaping.
    pub value: String,
    /// Where it is, quotes included.
    pub span: Span,
}

/// A whole number written in a position that wants one (`min_volume 10`).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Whole {
    /// The value.
    pub value: u32,
    /// Where it is.
    pub span: Span,
}

/// A literal value.
#[derive(Clone, Debug, PartialEq)]
pub struct Literal {
    /// What kind of literal, with its value.
    pub kind: LitKind,
    /// Where it is.
    pub span: Span,
}

/// The value of a literal (§3).
#[derive(Clone, Debug, PartialEq)]
pub enum LitKind {
    /// `12`, `-3.5`, `1_000`.
    Number(Decimal),
    /// `95%`, stored as 95.
    Percent(Decimal),
    /// `4h`, `1h30m`, in seconds.
    Duration(Decimal),
    /// `250000.00 EUR`; the code is checked later.
    Money {
        /// The amount as written.
        amount: Decimal,
        /// The currency code as written.
        currency: String,
    },
    /// `55.00 EUR/h`.
    Rate {
        /// The amount per unit of time.
        amount: Decimal,
        /// The currency code as written.
        currency: String,
        /// Seconds in the unit of time (`h` = 3600).
        per_seconds: u32,
    },
    /// `2026-01-01`.
    Date(NaiveDate),
    /// `true`, `false`.
    Bool(bool),
    /// `none`.
    None,
    /// `"text"`.
    Text(String),
    /// A bare upper-case code (`currency EUR`), only in contract fields.
    Code(String),
}

/// One top-level item.
#[derive(Clone, Debug, PartialEq)]
pub struct Item {
    /// The `///` doc comment directly above, without the slashes.
    pub doc: Option<String>,
    /// The item itself.
    pub kind: ItemKind,
    /// From the keyword to the closing brace (doc comment excluded).
    pub span: Span,
}

/// The kinds of item (§4).
#[derive(Clone, Debug, PartialEq)]
pub enum ItemKind {
    /// `include "path.xla"`.
    Include(StrLit),
    /// `contract "Name" { … }`.
    Contract(Contract),
    /// `calendar NAME { … }`.
    Calendar(Calendar),
    /// `dataset NAME from FORMAT "path" { … }`.
    Dataset(Dataset),
    /// `metric NAME = EXPR`.
    Metric(Metric),
    /// `escalation [using CAL] { … }`.
    Escalation(Escalation),
    /// `sla …` or `xla …`.
    Clause(Clause),
    /// `gain …`.
    Gain(Gain),
}

/// The contract item.
#[derive(Clone, Debug, PartialEq)]
pub struct Contract {
    /// The contract's name.
    pub name: StrLit,
    /// Its fields, as written.
    pub fields: Vec<Field>,
}

/// A `key value` field of the contract.
#[derive(Clone, Debug, PartialEq)]
pub struct Field {
    /// The field name.
    pub key: Ident,
    /// The value.
    pub value: Literal,
    /// `of monthly_fee` after a percentage (`point_value 0.5% of monthly_fee`).
    pub of_monthly_fee: Option<Span>,
    /// `rolling` after the value (`annual_cap 10% rolling`).
    pub rolling: Option<Span>,
}

/// A calendar item.
#[derive(Clone, Debug, PartialEq)]
pub struct Calendar {
    /// Its name.
    pub name: Ident,
    /// Its entries, in order.
    pub entries: Vec<CalendarEntry>,
}

/// One line of a calendar.
#[derive(Clone, Debug, PartialEq)]
pub struct CalendarEntry {
    /// What the line says.
    pub kind: CalendarEntryKind,
    /// The whole line.
    pub span: Span,
}

/// The kinds of calendar line.
#[derive(Clone, Debug, PartialEq)]
pub enum CalendarEntryKind {
    /// `hours mon-fri 08:00-18:00`.
    Hours {
        /// The days the hours apply to.
        days: Vec<DaySpec>,
        /// Opening time.
        from: TimeOfDay,
        /// Closing time (`24:00` allowed).
        to: TimeOfDay,
    },
    /// `holidays "file.toml"`.
    HolidaysFile(StrLit),
    /// `holiday 2026-12-24 "name"`.
    Holiday {
        /// The day.
        date: Literal,
        /// Its name, if given.
        name: Option<StrLit>,
    },
}

/// A day or a range of days in `hours`.
#[derive(Clone, Debug, PartialEq)]
pub struct DaySpec {
    /// The first day.
    pub from: Weekday,
    /// The last day (equal to `from` for a single day).
    pub to: Weekday,
    /// Where it is.
    pub span: Span,
}

/// A time of day in minutes after midnight (0..=1440).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct TimeOfDay {
    /// Minutes after midnight.
    pub minutes: u32,
    /// Where it is.
    pub span: Span,
}

/// A dataset item (§5).
#[derive(Clone, Debug, PartialEq)]
pub struct Dataset {
    /// Its name.
    pub name: Ident,
    /// `csv` or `jsonl`.
    pub format: Ident,
    /// The path or glob, relative to the data directory.
    pub path: StrLit,
    /// The columns.
    pub columns: Vec<Column>,
    /// The options.
    pub options: Vec<DatasetOption>,
}

/// A dataset column: `NAME TYPE[?] = "source" [format "…"] [unit U]`.
#[derive(Clone, Debug, PartialEq)]
pub struct Column {
    /// The name used in expressions.
    pub name: Ident,
    /// The type name as written (`text`, `timestamp`, …).
    pub ty: Ident,
    /// The closed set of a `text in [..]` column.
    pub values: Option<Vec<StrLit>>,
    /// The closed range of a `number in LO..HI` (or `count`, `duration`) column.
    pub range: Option<ValueRange>,
    /// Whether empty cells are allowed (`?`).
    pub optional: bool,
    /// The column name in the source file.
    pub source: StrLit,
    /// A strftime format for dates and timestamps.
    pub format: Option<StrLit>,
    /// The unit of a duration column (`seconds`, `minutes`, `hours`).
    pub unit: Option<Ident>,
    /// The whole column line.
    pub span: Span,
}

/// `LO..HI` after `in` in a column type: both bounds included.
#[derive(Clone, Debug, PartialEq)]
pub struct ValueRange {
    /// The low bound, a number or a duration.
    pub low: Literal,
    /// The high bound, a number or a duration.
    pub high: Literal,
    /// The range as written, without spaces: `-100..100`, `0s..8h`.
    pub written: String,
    /// From the low bound to the high one.
    pub span: Span,
}

/// A dataset option.
#[derive(Clone, Debug, PartialEq)]
pub struct DatasetOption {
    /// What it says.
    pub kind: DatasetOptionKind,
    /// The whole option.
    pub span: Span,
}

/// The dataset options of §5.
#[derive(Clone, Debug, PartialEq)]
pub enum DatasetOptionKind {
    /// `period by COL` or `period by START to END`.
    PeriodBy {
        /// The column (or interval start).
        start: Ident,
        /// The interval end, for interval datasets.
        end: Option<Ident>,
    },
    /// `timezone "Europe/Paris"`.
    Timezone(StrLit),
    /// `reject up to 0.5%`.
    RejectUpTo(Literal),
    /// `skip 2 rows`.
    Skip(Whole),
    /// `missing "?", "N/A"`.
    Missing(Vec<StrLit>),
    /// `multiline`: CSV records may span physical lines.
    Multiline,
    /// `delimiter ";"`: the CSV field separator.
    Delimiter(StrLit),
    /// `decimal ","`: the CSV decimal mark.
    Decimal(StrLit),
    /// `encoding "windows-1252"`: the CSV files' character encoding.
    Encoding(StrLit),
    /// `sheet "Incidents"`: the sheet of an xlsx workbook.
    Sheet(StrLit),
    /// `unique by KEY [latest by COL]`.
    UniqueBy {
        /// The key column.
        key: Ident,
        /// The column whose greatest value wins.
        latest: Option<Ident>,
    },
}

/// `metric NAME = EXPR`.
#[derive(Clone, Debug, PartialEq)]
pub struct Metric {
    /// Its name.
    pub name: Ident,
    /// Its definition.
    pub expr: Expr,
}

/// The escalation ladder.
#[derive(Clone, Debug, PartialEq)]
pub struct Escalation {
    /// The calendar business days are counted on.
    pub calendar: Option<Ident>,
    /// The levels, in order.
    pub levels: Vec<Level>,
}

/// `level N "Role" within K business days`.
#[derive(Clone, Debug, PartialEq)]
pub struct Level {
    /// The level number.
    pub number: Whole,
    /// Who handles it.
    pub role: StrLit,
    /// Business days after month end by which it is due.
    pub within: Whole,
    /// The whole line.
    pub span: Span,
}

/// Service level or experience level.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ClauseKind {
    /// `sla`.
    Sla,
    /// `xla`.
    Xla,
}

impl ClauseKind {
    /// The keyword that introduces the clause: `"sla"` or `"xla"`.
    pub fn keyword(self) -> &'static str {
        match self {
            ClauseKind::Sla => "sla",
            ClauseKind::Xla => "xla",
        }
    }
}

/// An `sla` or `xla` clause (§7).
#[derive(Clone, Debug, PartialEq)]
pub struct Clause {
    /// `sla` or `xla`.
    pub kind: ClauseKind,
    /// The clause id.
    pub id: Ident,
    /// The title, if given.
    pub title: Option<StrLit>,
    /// The fields, as written.
    pub fields: Vec<ClauseField>,
}

/// One field of a clause.
#[derive(Clone, Debug, PartialEq)]
pub struct ClauseField {
    /// What it says.
    pub kind: ClauseFieldKind,
    /// The field's keyword.
    pub keyword: Span,
    /// The whole field.
    pub span: Span,
}

/// Comparison operators of targets and expressions.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CmpOp {
    /// `==`
    Eq,
    /// `!=`
    Ne,
    /// `<`
    Lt,
    /// `<=`
    Le,
    /// `>`
    Gt,
    /// `>=`
    Ge,
}

impl CmpOp {
    /// The operator as written.
    pub fn as_str(self) -> &'static str {
        match self {
            CmpOp::Eq => "==",
            CmpOp::Ne => "!=",
            CmpOp::Lt => "<",
            CmpOp::Le => "<=",
            CmpOp::Gt => ">",
            CmpOp::Ge => ">=",
        }
    }
}

/// `OP VALUE` in `target` and `minimum`.
#[derive(Clone, Debug, PartialEq)]
pub struct Comparison {
    /// The operator.
    pub op: CmpOp,
    /// Where the operator is.
    pub op_span: Span,
    /// The threshold.
    pub value: Literal,
}

/// `+` or `-` in `baseline + 2`, `target - 5`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Sign {
    /// `+`
    Plus,
    /// `-`
    Minus,
}

/// The right-hand side of `target OP …`.
#[derive(Clone, Debug, PartialEq)]
pub enum TargetValue {
    /// A fixed threshold.
    Fixed(Literal),
    /// `baseline ± STEP [reviewed every N months [ratchet]]`.
    Baseline {
        /// The `baseline` keyword.
        keyword: Span,
        /// The step, with its sign.
        step: Option<(Sign, Literal)>,
        /// Months per review period.
        reviewed_every: Option<Whole>,
        /// Whether targets may only get stricter.
        ratchet: bool,
    },
}

/// `target OP VALUE`.
#[derive(Clone, Debug, PartialEq)]
pub struct Target {
    /// The operator.
    pub op: CmpOp,
    /// Where the operator is.
    pub op_span: Span,
    /// The threshold.
    pub value: TargetValue,
}

/// `below` or `above` in a band.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BandSide {
    /// `below L`
    Below,
    /// `above L`
    Above,
}

impl BandSide {
    /// The keyword as written: `"below"` or `"above"`.
    pub fn keyword(self) -> &'static str {
        match self {
            BandSide::Below => "below",
            BandSide::Above => "above",
        }
    }
}

/// The level of a band.
#[derive(Clone, Debug, PartialEq)]
pub enum BandLevel {
    /// A fixed value.
    Value(Literal),
    /// `target` or `target ± X`.
    Target {
        /// The `target` keyword.
        keyword: Span,
        /// The offset, with its sign.
        offset: Option<(Sign, Literal)>,
    },
}

/// What a band pays.
#[derive(Clone, Debug, PartialEq)]
pub enum Amount {
    /// A fixed sum of money.
    Money(Literal),
    /// `P% of monthly_fee`.
    OfFee(Literal),
}

/// `below|above LEVEL : AMOUNT`.
#[derive(Clone, Debug, PartialEq)]
pub struct Band {
    /// `below` or `above`.
    pub side: BandSide,
    /// Where the side keyword is.
    pub side_span: Span,
    /// The level.
    pub level: BandLevel,
    /// Where the level is.
    pub level_span: Span,
    /// What it pays.
    pub amount: Amount,
    /// Where the amount is.
    pub amount_span: Span,
    /// The whole band.
    pub span: Span,
}

/// `below|above LEVEL : N` in `points { … }` (§7.2b).
#[derive(Clone, Debug, PartialEq)]
pub struct PointsBand {
    /// `below` or `above`.
    pub side: BandSide,
    /// Where the side keyword is.
    pub side_span: Span,
    /// The level.
    pub level: BandLevel,
    /// Where the level is.
    pub level_span: Span,
    /// The service points the band gives.
    pub points: Whole,
    /// The whole band.
    pub span: Span,
}

/// `value OP LEVEL` in a `when` rule (§7.1 v2).
#[derive(Clone, Debug, PartialEq)]
pub struct ValueTest {
    /// `<`, `<=`, `>` or `>=`.
    pub op: CmpOp,
    /// Where the operator is.
    pub op_span: Span,
    /// The level compared with.
    pub level: BandLevel,
    /// Where the level is.
    pub level_span: Span,
    /// The whole condition.
    pub span: Span,
}

/// The status a `when` condition tests.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CondStatus {
    /// `missed` (missed or failed).
    Missed,
    /// `failed`.
    Failed,
    /// `met`.
    Met,
}

/// The time window of a `when` condition.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum CondWindow {
    /// This month only.
    ThisMonth,
    /// `N consecutive months`.
    Consecutive(Whole),
    /// `N of M months`.
    OfLast(Whole, Whole),
}

/// What a run or a count of a `when` condition or an earnback counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CountUnit {
    /// `months`.
    Months,
    /// `periods`: measurement periods (§7.7); months in a monthly clause.
    Periods,
}

impl CountUnit {
    /// The plural word as written in outputs.
    pub fn as_str(self) -> &'static str {
        match self {
            CountUnit::Months => "months",
            CountUnit::Periods => "periods",
        }
    }
}

/// The `months` or `periods` word of a condition or an earnback.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct UnitWord {
    /// Which word.
    pub unit: CountUnit,
    /// Where it is.
    pub span: Span,
}

/// `missed 3 consecutive months`, …
#[derive(Clone, Debug, PartialEq)]
pub struct Condition {
    /// The status tested.
    pub status: CondStatus,
    /// Over which months.
    pub window: CondWindow,
    /// The `months` or `periods` word of a run or a count (none for this month alone).
    pub unit: Option<UnitWord>,
    /// The whole condition.
    pub span: Span,
}

/// What a `when` rule does.
#[derive(Clone, Debug, PartialEq)]
pub enum ActionKind {
    /// `escalate level K`.
    Escalate(Whole),
    /// `credit x F`.
    CreditMultiplier(Literal),
    /// `points x F`.
    PointsMultiplier(Literal),
    /// `chronic failure`.
    ChronicFailure,
}

/// One action of a `when` rule.
#[derive(Clone, Debug, PartialEq)]
pub struct Action {
    /// What it does.
    pub kind: ActionKind,
    /// Where it is.
    pub span: Span,
}

/// The fields of a clause (§7).
#[derive(Clone, Debug, PartialEq)]
pub enum ClauseFieldKind {
    /// `metric NAME`.
    Metric(Ident),
    /// `target OP VALUE`.
    Target(Target),
    /// `minimum OP VALUE`.
    Minimum(Comparison),
    /// `from DATE`.
    From(Literal),
    /// `min_volume N`.
    MinVolume(Whole),
    /// `allocation P%`.
    Allocation(Literal),
    /// `credit { … }`.
    Credit(Vec<Band>),
    /// `bonus { … }`.
    Bonus(Vec<Band>),
    /// `credit MONEY-EXPR` (§7.2a).
    CreditExpr(Expr),
    /// `bonus MONEY-EXPR` (§7.6).
    BonusExpr(Expr),
    /// `points { … }` (§7.2b).
    Points(Vec<PointsBand>),
    /// `baseline first N months`.
    Baseline(Whole),
    /// `when CONDITION ACTION, …`.
    When {
        /// The condition.
        condition: Condition,
        /// The actions, in order.
        actions: Vec<Action>,
    },
    /// `when value OP LEVEL ACTION, …`.
    WhenValue {
        /// The value condition.
        test: ValueTest,
        /// The actions, in order.
        actions: Vec<Action>,
    },
    /// `earnback after N consecutive months|periods met`.
    Earnback(Whole, UnitWord),
    /// `measured every N months` (§7.7).
    Measured(Whole),
}

/// A `gain` item (§7.6).
#[derive(Clone, Debug, PartialEq)]
pub struct Gain {
    /// The gain id.
    pub id: Ident,
    /// The title, if given.
    pub title: Option<StrLit>,
    /// The fields, as written.
    pub fields: Vec<GainField>,
}

/// One field of a gain.
#[derive(Clone, Debug, PartialEq)]
pub struct GainField {
    /// What it says.
    pub kind: GainFieldKind,
    /// The field's keyword.
    pub keyword: Span,
    /// The whole field.
    pub span: Span,
}

/// The fields of a gain.
#[derive(Clone, Debug, PartialEq)]
pub enum GainFieldKind {
    /// `baseline first N months`.
    Baseline(Whole),
    /// `value EXPR`.
    Value(Expr),
    /// `share P%`.
    Share(Literal),
}

/// An expression.
#[derive(Clone, Debug, PartialEq)]
pub struct Expr {
    /// What it is.
    pub kind: ExprKind,
    /// Where it is.
    pub span: Span,
}

/// Binary operators, logical and arithmetic.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BinOp {
    /// `or`
    Or,
    /// `and`
    And,
    /// A comparison.
    Cmp(CmpOp),
    /// `+`
    Add,
    /// `-`
    Sub,
    /// `*`
    Mul,
    /// `/`
    Div,
}

impl BinOp {
    /// The operator as written.
    pub fn as_str(self) -> &'static str {
        match self {
            BinOp::Or => "or",
            BinOp::And => "and",
            BinOp::Cmp(c) => c.as_str(),
            BinOp::Add => "+",
            BinOp::Sub => "-",
            BinOp::Mul => "*",
            BinOp::Div => "/",
        }
    }
}

/// Unary operators.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UnOp {
    /// `not`
    Not,
    /// `-`
    Neg,
}

impl Expr {
    /// Calls `f` with every name this expression mentions (metrics, columns,
    /// calendars and datasets alike), in source order.
    pub fn each_name<'a>(&'a self, f: &mut impl FnMut(&'a Ident)) {
        match &self.kind {
            ExprKind::Literal(_) => {}
            ExprKind::Name(ident) => f(ident),
            ExprKind::Paren(x) | ExprKind::Unary { operand: x, .. } | ExprKind::Over { call: x, .. } => x.each_name(f),
            ExprKind::Binary { lhs, rhs, .. } => {
                lhs.each_name(f);
                rhs.each_name(f);
            }
            ExprKind::In { value, list } => {
                value.each_name(f);
                list.iter().for_each(|e| e.each_name(f));
            }
            ExprKind::Call { args, .. } => {
                for arg in args {
                    arg.value.each_name(f);
                    arg.filter.iter().chain(&arg.meeting).for_each(|e| e.each_name(f));
                }
            }
        }
    }
}

/// The kinds of expression (§6).
#[derive(Clone, Debug, PartialEq)]
pub enum ExprKind {
    /// A literal.
    Literal(LitKind),
    /// A metric, column or calendar name.
    Name(Ident),
    /// `( EXPR )`, kept so the formatter prints what was written.
    Paren(Box<Expr>),
    /// `not x`, `-x`.
    Unary {
        /// The operator.
        op: UnOp,
        /// The operand.
        operand: Box<Expr>,
    },
    /// `a OP b`.
    Binary {
        /// The operator.
        op: BinOp,
        /// Where the operator is.
        op_span: Span,
        /// Left operand.
        lhs: Box<Expr>,
        /// Right operand.
        rhs: Box<Expr>,
    },
    /// `x in ["a", "b"]`.
    In {
        /// The value tested.
        value: Box<Expr>,
        /// The candidates.
        list: Vec<Expr>,
    },
    /// `f(args)`: functions and aggregates alike; the checker tells them apart.
    Call {
        /// The function name.
        func: Ident,
        /// The arguments.
        args: Vec<CallArg>,
    },
    /// `CALL over N months`: an aggregate or `scheduled` over a rolling
    /// window (§6); the checker refuses it after anything else.
    Over {
        /// The call the window applies to.
        call: Box<Expr>,
        /// The `over` keyword.
        keyword: Span,
        /// N.
        months: Whole,
    },
}

/// One argument of a call: `EXPR [of DATASET] [where C] [meeting M]`.
#[derive(Clone, Debug, PartialEq)]
pub struct CallArg {
    /// The expression (for `count(tickets)`, the dataset name).
    pub value: Expr,
    /// `of DATASET`.
    pub of: Option<Ident>,
    /// `where CONDITION`.
    pub filter: Option<Expr>,
    /// `meeting CONDITION`.
    pub meeting: Option<Expr>,
    /// The whole argument.
    pub span: Span,
}
