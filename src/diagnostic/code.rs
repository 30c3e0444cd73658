//! The stable diagnostic codes. A code, once published, keeps its meaning;
//! `docs/diagnostics.md` lists each with a bad example and the fix, and a
//! test keeps that page and this table in step.

use std::fmt;

/// How serious a diagnostic is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// The contract cannot be settled.
    Error,
    /// The contract can be settled, but something looks unintended.
    Warning,
}

impl Severity {
    /// `"error"` or `"warning"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

macro_rules! codes {
    ($( $(#[$doc:meta])* $variant:ident = $code:literal, $severity:ident, $title:literal; )*) => {
        /// A stable diagnostic code.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Code {
            $( $(#[$doc])* $variant, )*
        }

        impl Code {
            /// Every code, in order.
            pub const ALL: &'static [Code] = &[$(Code::$variant),*];

            /// The code as printed: `XLA0101`.
            pub fn as_str(self) -> &'static str {
                match self { $(Code::$variant => $code,)* }
            }

            /// The severity diagnostics of this code have.
            pub fn severity(self) -> Severity {
                match self { $(Code::$variant => Severity::$severity,)* }
            }

            /// A short title, as used in the documentation's index.
            pub fn title(self) -> &'static str {
                match self { $(Code::$variant => $title,)* }
            }
        }
    };
}

codes! {
    /// The text does not follow the grammar.
    Syntax = "XLA0001", Error, "syntax error";
    /// A literal is malformed: an impossible date, a bad escape, an unknown unit.
    BadLiteral = "XLA0002", Error, "malformed literal";
    /// A reserved word is used as a name.
    ReservedWord = "XLA0003", Error, "reserved word used as a name";

    /// A name that is not defined.
    UnknownName = "XLA0101", Error, "unknown name";
    /// A name defined twice.
    DuplicateName = "XLA0102", Error, "duplicate name";
    /// No `contract` item, or more than one.
    ContractItem = "XLA0103", Error, "missing or repeated contract";
    /// A required field or option is missing.
    MissingField = "XLA0104", Error, "missing field";
    /// A field that the item does not have.
    UnknownField = "XLA0105", Error, "unknown field";
    /// A field given twice.
    DuplicateField = "XLA0106", Error, "field given twice";
    /// An included file cannot be read.
    IncludeMissing = "XLA0107", Error, "included file not found";
    /// Files include each other in a cycle.
    IncludeCycle = "XLA0108", Error, "include cycle";
    /// Metrics are defined in terms of each other in a cycle.
    MetricCycle = "XLA0109", Error, "metric cycle";
    /// A path in the contract that it may not name: an absolute include or
    /// holidays path, one without the `.xla`/`.toml` extension, a file that
    /// is not a regular file or is over 16 MiB, a dataset path that leaves
    /// the data directory.
    PathRefused = "XLA0110", Error, "path not allowed";

    /// Operands whose types or units do not fit the operator.
    TypeMismatch = "XLA0201", Error, "type or unit mismatch";
    /// A function called with the wrong arguments.
    BadArguments = "XLA0202", Error, "wrong arguments";
    /// A column or row function used outside an aggregate, or an aggregate inside one.
    Scope = "XLA0203", Error, "used outside its scope";
    /// A closed text set compared with a value it cannot hold.
    NotInSet = "XLA0204", Error, "value outside a closed text set";
    /// Money in a currency other than the contract's.
    Currency = "XLA0205", Error, "money in another currency";
    /// `baseline(..)` or `target OP baseline` without a baseline window.
    NoBaseline = "XLA0206", Error, "baseline without a window";
    /// `period by` on a column that is not a date or timestamp.
    PeriodColumn = "XLA0207", Error, "period by a column that is not a date or timestamp";
    /// A field or option given a value of the wrong kind.
    FieldValue = "XLA0208", Error, "field value of the wrong kind";

    /// The contract ends before it starts.
    TermOrder = "XLA0301", Error, "end before start";
    /// A timezone that is not an IANA name.
    UnknownTimezone = "XLA0302", Error, "unknown timezone";
    /// A currency that is not an ISO 4217 code.
    UnknownCurrency = "XLA0303", Error, "unknown currency";
    /// Allocations add up to more than the pool.
    PoolExceeded = "XLA0304", Error, "allocations over the pool";
    /// A minimum in the other direction from the target, or stricter than it.
    MinimumTarget = "XLA0305", Error, "minimum does not fit the target";
    /// Credit or bonus bands that are not monotone or face the wrong way.
    Bands = "XLA0306", Error, "bands not monotone";
    /// An escalation level that is not declared.
    UnknownLevel = "XLA0307", Error, "unknown escalation level";
    /// Escalation levels not numbered 1, 2, … or with `within` not increasing.
    LevelOrder = "XLA0308", Error, "escalation levels not increasing";
    /// A baseline window or review period longer than the term.
    WindowTooLong = "XLA0309", Error, "window longer than the term";
    /// A clause with both `allocation` and `credit` bands.
    AllocationAndCredit = "XLA0310", Error, "allocation and credit bands together";
    /// `min_volume` on a metric that is always measured.
    VolumeAlwaysMeasured = "XLA0311", Error, "min_volume on a metric that is always measured";
    /// A calendar whose hours or holidays cannot be used.
    BadCalendar = "XLA0312", Error, "invalid calendar";
    /// A holidays file that cannot be read or parsed.
    HolidaysFile = "XLA0313", Error, "holidays file unreadable";
    /// A dataset column option that does not fit the column's type.
    ColumnOption = "XLA0314", Error, "column option does not fit the type";
    /// A `monthly_fee` that is zero or negative.
    FeeNotPositive = "XLA0320", Error, "monthly fee not positive";
    /// A money literal with more decimals than its currency's minor units.
    MoneyPrecision = "XLA0321", Error, "money finer than the currency's minor units";
    /// A division by a literal zero.
    DivisionByZero = "XLA0322", Error, "division by a literal zero";
    /// A dataset option that its source format does not have (`multiline`,
    /// `delimiter`, `decimal`, `encoding` outside CSV; `sheet` outside xlsx;
    /// any of them, or `skip`, on a dataset `from table`).
    FormatOption = "XLA0340", Error, "dataset option does not fit the format";
    /// A `delimiter` that is not one ASCII character other than a quote or a line end.
    Delimiter = "XLA0341", Error, "invalid delimiter";
    /// A `decimal` mark other than `","` or `"."`.
    DecimalMark = "XLA0342", Error, "invalid decimal mark";
    /// An `encoding` that is not one of those §5 lists.
    UnknownEncoding = "XLA0343", Error, "unknown encoding";

    /// A clause with more than one credit regime (allocation, bands, expression, points).
    CreditRegimes = "XLA0350", Error, "more than one credit regime";
    /// A clause with `points` in a contract without `point_value`.
    NoPointValue = "XLA0351", Error, "points without point_value";
    /// `credit x F` or `points x F` with a factor that is not positive (or, for points, not whole).
    BadMultiplier = "XLA0352", Error, "multiplier not positive";
    /// `floor` or `ceil` of a value with a unit.
    RoundingUnit = "XLA0353", Error, "floor or ceil of a value with a unit";
    /// `value`, `target` or `monthly_fee` outside a credit or bonus expression.
    ClauseWordOutside = "XLA0354", Error, "value or target outside a credit or bonus expression";
    /// A credit or bonus expression that is not Money.
    MoneyExpression = "XLA0355", Error, "credit or bonus expression not money";
    /// `over N months` with N below 2.
    OverTooShort = "XLA0365", Error, "rolling window shorter than 2 months";
    /// `over N months` after something that is not an aggregate or `scheduled`.
    OverNotAggregate = "XLA0366", Error, "rolling window on something that is not an aggregate";
    /// `measured every N months` with N below 2 or not dividing 12.
    MeasuredEvery = "XLA0367", Error, "measurement period that does not divide the year";
    /// A condition or earnback that counts `months` in a clause measured over longer periods.
    MonthsInPeriodClause = "XLA0368", Error, "months counted in a clause measured by periods";
    /// A baseline window that is not a whole number of measurement periods.
    BaselinePeriods = "XLA0369", Error, "baseline window not a whole number of periods";
    /// A `from table` name that is not one to three dot-separated SQL identifiers.
    TableName = "XLA0370", Error, "invalid table name";
    /// `format` on a column of a dataset `from table`.
    TableColumnFormat = "XLA0371", Error, "format on a column of a SQL table";
    /// A column range whose low bound is above its high bound.
    RangeOrder = "XLA0380", Error, "column range low bound above its high bound";

    /// `xla sql` on a contract that reads no data.
    SqlNoTable = "XLA0500", Error, "nothing to push down to SQL";
    /// A row expression `xla sql` does not push down (arithmetic that could
    /// round on a row, a computed timestamp in a time function).
    SqlUnsupportedExpr = "XLA0501", Error, "row expression not pushed down to SQL";
    /// A dataset option `xla sql` does not push down (`unique by`).
    SqlUnsupportedOption = "XLA0502", Error, "dataset option not pushed down to SQL";
    /// A time zone or calendar whose tables `xla sql` cannot build.
    SqlTimeTable = "XLA0503", Error, "time tables cannot be built";
    /// A file dataset the dialect has no reader for (any file in
    /// PostgreSQL; JSON Lines and xlsx everywhere), or whose files cannot be
    /// listed.
    SqlFileReader = "XLA0504", Error, "file dataset the engine cannot read";
    /// A CSV dataset option the engine's reader would read differently
    /// from xla's loader.
    SqlCsvOption = "XLA0505", Error, "CSV option the engine reads differently";

    /// A metric, dataset or calendar that nothing uses.
    Unused = "XLA1001", Warning, "unused item";
    /// A percent literal outside 0–100 compared with a percent metric.
    PercentRange = "XLA1002", Warning, "percent outside 0–100";
    /// A clause with no allocation, no credit bands and no bonus.
    NeverPays = "XLA1003", Warning, "clause that can never pay";
    /// `baseline ± STEP` whose sign makes the target less strict than the base.
    LenientBaselineStep = "XLA1004", Warning, "baseline step less strict than the base";
    /// A contract that sets `point_value` while no clause uses `points`.
    PointValueUnused = "XLA1010", Warning, "point_value without points";
    /// A review period that is not a whole number of measurement periods.
    ReviewPeriods = "XLA1012", Warning, "review period not a whole number of periods";
    /// `over N months` that a clause's longer measurement period makes of no effect.
    OverWithinPeriod = "XLA1013", Warning, "rolling window no longer than the measurement period";
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}
