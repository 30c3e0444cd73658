//! The words the language gives: functions, column types, item and field
//! keywords, with the one-line explanations shown in hover and completion
//! (LANGUAGE.md §3–§7).

/// Where a function may be used.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FnPlace {
    /// An aggregate over the rows of one dataset.
    Aggregate,
    /// Inside an aggregate, on the columns of a row.
    Row,
    /// At metric level, on metrics and literals.
    Metric,
}

/// A built-in function.
pub struct Function {
    /// Its name.
    pub name: &'static str,
    /// How it is called.
    pub signature: &'static str,
    /// What it gives.
    pub doc: &'static str,
    /// Where it may be used.
    pub place: FnPlace,
    /// The snippet completion inserts.
    pub snippet: &'static str,
}

macro_rules! functions {
    ($( $name:literal, $place:ident, $sig:literal, $snippet:literal, $doc:literal; )*) => {
        /// Every built-in function.
        pub const FUNCTIONS: &[Function] = &[
            $( Function { name: $name, signature: $sig, doc: $doc, place: FnPlace::$place, snippet: $snippet }, )*
        ];
    };
}

functions! {
    "count", Aggregate, "count(D [where C]) → Count", "count(${1:dataset})",
        "The number of rows of dataset D in the period that pass `where`.";
    "percent", Aggregate, "percent(D [where C] meeting M) → Percent", "percent(${1:dataset} meeting ${2:condition})",
        "100 × rows meeting M / rows where C; none if no row passes `where`.";
    "sum", Aggregate, "sum(E of D [where C]) → type of E", "sum(${1:column} of ${2:dataset})",
        "The sum of E over the rows (none values skipped); 0 when there are none.";
    "mean", Aggregate, "mean(E of D [where C]) → type of E", "mean(${1:column} of ${2:dataset})",
        "The mean of E over the rows (none values skipped); none when there are none.";
    "median", Aggregate, "median(E of D [where C]) → type of E", "median(${1:column} of ${2:dataset})",
        "The median of E; of an even number of values, the mean of the middle two.";
    "min", Aggregate, "min(E of D [where C]) → type of E  ·  min(a, b)", "min(${1:column} of ${2:dataset})",
        "The least value of E over the rows; at metric level, the lesser of two values.";
    "max", Aggregate, "max(E of D [where C]) → type of E  ·  max(a, b)", "max(${1:column} of ${2:dataset})",
        "The greatest value of E over the rows; at metric level, the greater of two values.";
    "percentile", Aggregate, "percentile(P, E of D [where C]) → type of E", "percentile(${1:95}, ${2:column} of ${3:dataset})",
        "Nearest rank: the value at rank ⌈P/100 × n⌉ of the ascending values.";
    "distinct", Aggregate, "distinct(E of D [where C]) → Count", "distinct(${1:column} of ${2:dataset})",
        "The number of distinct values of E that are not none.";
    "business_time", Row, "business_time(START, END, CALENDAR) → Duration", "business_time(${1:start}, ${2:end}, ${3:calendar})",
        "Working time of the calendar between two timestamps; none if either is none, zero if END ≤ START.";
    "overlap", Row, "overlap(START, END, CALENDAR) → Duration", "overlap(${1:start}, ${2:end}, ${3:calendar})",
        "The part of [START, END) in the month being settled and in the calendar's working hours; END none means the end of the month.";
    "coalesce", Row, "coalesce(a, b)", "coalesce(${1:a}, ${2:b})",
        "`a`, or `b` where `a` is none.";
    "lower", Row, "lower(text) → Text", "lower(${1:text})",
        "The text in lower case.";
    "contains", Row, "contains(text, \"s\") → Bool", "contains(${1:text}, \"${2}\")",
        "Whether the text contains the string.";
    "date", Row, "date(ts) → Date", "date(${1:timestamp})",
        "The calendar date of a timestamp, in the contract timezone.";
    "hour", Row, "hour(ts) → Number", "hour(${1:timestamp})",
        "The hour (0–23) of a timestamp, in the contract timezone.";
    "weekday", Row, "weekday(ts) → Number", "weekday(${1:timestamp})",
        "The day of the week of a timestamp.";
    "scheduled", Metric, "scheduled(CALENDAR) [over N months] → Duration", "scheduled(${1:calendar})",
        "The working hours of the calendar in the month being settled (with `over N months`, in the N months ending with it), within the term.";
    "clamp", Metric, "clamp(x, lo, hi)", "clamp(${1:x}, ${2:lo}, ${3:hi})",
        "`x`, kept between `lo` and `hi`.";
    "baseline", Metric, "baseline(m)", "baseline(${1:metric})",
        "The metric's baseline value in the baseline window of the enclosing clause or gain; none before it is known.";
    "floor", Metric, "floor(x) → Number", "floor(${1:x})",
        "The whole number at or below x, a Number or Count; divide a unit away first: `floor((target - value) / 0.1%)`.";
    "ceil", Metric, "ceil(x) → Number", "ceil(${1:x})",
        "The whole number at or above x, a Number or Count.";
}

/// Words of the money regimes (LANGUAGE.md §7.2–§7.2b), shown on hover.
pub const MONEY_WORDS: &[(&str, &str)] = &[
    ("value", "In a `credit` or `bonus` expression, the clause metric's value this month; in `when value < 90% …`, a value condition: true in a missed, failed or met month whose value satisfies it."),
    ("target", "In a `credit` or `bonus` expression or a band level, the target in force this month (after baselines and reviews)."),
    ("monthly_fee", "The contract's monthly fee (Money)."),
    ("points", "`points { below|above LEVEL : N … }`: service points of the worst band past, in a missed or failed month; the credit line is points × `point_value`. As an action, `points x F` multiplies them (F whole)."),
    ("point_value", "What one service point costs: an amount (`500.00 EUR`) or `P% of monthly_fee`."),
    ("rolling", "`annual_cap X rolling`: caps every 12 consecutive months instead of each contract year."),
];

/// The hover text of a money-regime word.
pub fn money_word(word: &str) -> Option<&'static str> {
    MONEY_WORDS.iter().find(|(w, _)| *w == word).map(|(_, doc)| *doc)
}

/// The built-in function called `name`.
pub fn function(name: &str) -> Option<&'static Function> {
    FUNCTIONS.iter().find(|f| f.name == name)
}

/// Column types (§5), with what they hold.
pub const COLUMN_TYPES: &[(&str, &str)] = &[
    ("text", "free text"),
    ("number", "a decimal number; `number in -100..100` rejects rows outside the range"),
    ("count", "a whole number ≥ 0; `count in 0..50` rejects rows outside the range"),
    ("percent", "a percentage, 0–100 in the source"),
    ("bool", "true/false/yes/no/1/0"),
    ("date", "a date, default format %Y-%m-%d"),
    ("timestamp", "an instant; RFC 3339 by default, or local time with `format`"),
    ("duration", "a length of time; seconds by default, `unit minutes|hours`; `duration in 0s..8h` rejects rows outside the range"),
];

/// The sources a dataset is read `from` (§5), with what each is.
pub const DATA_FORMATS: &[(&str, &str)] = &[
    ("csv", "CSV files with a header row (`delimiter`, `decimal`, `encoding`, `multiline` say how they are written)"),
    ("jsonl", "JSON Lines files: one object per line; a source column is a key, `a.b` reaches into nested objects"),
    ("xlsx", "Excel workbooks: the first sheet, or the one `sheet` names"),
    (
        "table",
        "a table in a SQL engine, named `\"schema.table\"`: evaluated where it lives by `xla sql`, and settled from \
         the states it returns (`xla settle --states`); never read locally. Its columns take no `format`, and \
         the file options do not apply",
    ),
];

/// What the data format `word` is, if it is one.
pub fn data_format(word: &str) -> Option<&'static str> {
    DATA_FORMATS.iter().find(|(name, _)| *name == word).map(|(_, doc)| *doc)
}

/// Top-level items, with the snippet completion inserts.
pub const ITEMS: &[(&str, &str, &str)] = &[
    ("include", "include \"${1:shared.xla}\"", "Bring the items of another file into scope."),
    (
        "contract",
        "contract \"${1:Name}\" {\n  client      \"${2}\"\n  provider    \"${3}\"\n  start       ${4:2026-01-01}\n  end         ${5:2028-12-31}\n  timezone    \"${6:Europe/London}\"\n  currency    ${7:EUR}\n  monthly_fee ${8:100000.00} ${7:EUR}\n}",
        "The contract's terms: parties, term, timezone, currency, fee and caps.",
    ),
    ("calendar", "calendar ${1:business} {\n  hours mon-fri ${2:08:00}-${3:18:00}\n}", "Working hours and holidays."),
    (
        "dataset",
        "dataset ${1:name} from ${2|csv,jsonl,xlsx,table|} \"${3:path}\" {\n  ${4:column} ${5:text} = \"${6:source}\"\n  period by ${7:column}\n}",
        "An export to read: its columns and how rows fall into periods.",
    ),
    ("metric", "metric ${1:name} = ${0}", "A value measured each month."),
    (
        "escalation",
        "escalation using ${1:business} {\n  level 1 \"${2:Service delivery managers}\" within ${3:5} business days\n}",
        "The escalation ladder.",
    ),
    (
        "sla",
        "sla ${1:id} \"${2:Title}\" {\n  metric     ${3:metric}\n  target     >= ${4:95%}\n  allocation ${5:10%}\n}",
        "A service level clause.",
    ),
    (
        "xla",
        "xla ${1:id} \"${2:Title}\" {\n  metric ${3:metric}\n  target >= ${4:80}\n}",
        "An experience level clause.",
    ),
    (
        "gain",
        "gain ${1:id} \"${2:Title}\" {\n  baseline first ${3:3} months\n  value    ${4}\n  share    ${5:30%}\n}",
        "A shared gain: the client pays a share of a value.",
    ),
];

/// Item keywords.
pub const ITEM_KEYWORDS: &[&str] =
    &["include", "contract", "calendar", "dataset", "metric", "escalation", "sla", "xla", "gain"];

/// Fields of the contract item, with what they hold.
pub const CONTRACT_FIELDS: &[(&str, &str)] = &[
    ("client", "the client (string, required)"),
    ("provider", "the provider (string, required)"),
    ("start", "first day of the term (date, required)"),
    ("end", "last day of the term (date, required)"),
    ("timezone", "IANA timezone (string, required)"),
    ("currency", "ISO 4217 code (required)"),
    ("monthly_fee", "the monthly fee (money, required)"),
    ("at_risk", "most that credits can take in a month, of monthly_fee (default 0%)"),
    ("annual_cap", "most that credits can take in a contract year: P% of 12 × monthly_fee or an amount; `rolling`: in any 12 consecutive months"),
    ("pool", "most that allocations may add up to (default 100%)"),
    ("gain_cap", "most that gains can add in a month, of monthly_fee (default 0%)"),
    ("point_value", "what one service point costs: an amount or P% of monthly_fee"),
];

/// Fields of an `sla`/`xla` clause; all but `when` at most once.
pub const CLAUSE_FIELDS: &[(&str, &str)] = &[
    ("metric", "the metric the clause measures"),
    ("target", "OP VALUE, or OP baseline ± STEP reviewed every N months [ratchet]"),
    ("minimum", "OP VALUE: below it, a month is failed rather than missed"),
    ("from", "DATE: the clause applies from this month on"),
    ("min_volume", "N: months with a smaller population are not measured"),
    ("allocation", "P%: share of at_risk × monthly_fee credited in a failed month"),
    ("credit", "{ below|above LEVEL : AMOUNT … } credit bands, or MONEY-EXPR with value, target, monthly_fee"),
    ("points", "{ below|above LEVEL : N … } service points × point_value"),
    ("bonus", "{ above|below LEVEL : AMOUNT … } bonus bands, or MONEY-EXPR with value, target, monthly_fee"),
    ("baseline", "first N months: the baseline window"),
    ("when", "CONDITION ACTION, …: escalations, credit and points multipliers, chronic failure"),
    ("earnback", "after N consecutive months met (periods in a clause measured every N months)"),
    ("measured", "every N months: assess the clause once per period of N months (N = 2, 3, 4, 6 or 12)"),
];

/// Keywords that hover explains where they are written, with what they do.
pub const KEYWORD_DOCS: &[(&str, &str, &str)] = &[
    (
        "over",
        "AGGREGATE over N months",
        "A rolling window: the aggregate over the rows of the N months ending with the month being settled (N ≥ 2), clipped to the term. Its population counts those rows; an interval row counts once however many of the months it overlaps, and `overlap` sums its time across them. After `scheduled(CALENDAR)`: the working time of those months.",
    ),
    (
        "measured",
        "measured every N months",
        "Measurement periods longer than a month (N = 2, 3, 4, 6 or 12): blocks of N months from the month of the contract start. The metric is evaluated over the rows of the whole period and the clause is assessed only in its last month (or the term's last month, for a period cut short); the other months are `not_assessed`. Conditions and earnback then count periods.",
    ),
    (
        "periods",
        "N consecutive periods  ·  N of M periods",
        "Counts measurement periods: in a clause with `measured every N months`, one per period, assessed in the period's last month (`not_assessed` months neither break nor extend a run); in a monthly clause, months.",
    ),
];

/// Fields of a gain.
pub const GAIN_FIELDS: &[(&str, &str)] = &[
    ("baseline", "first N months: the baseline window"),
    ("value", "EXPR: the money value of the gain"),
    ("share", "P%: the provider's share"),
];

/// Options of a dataset.
pub const DATASET_OPTIONS: &[(&str, &str, &str)] = &[
    ("period by", "period by ${1:column}", "the date or timestamp column that assigns rows to months"),
    ("timezone", "timezone \"${1:Europe/London}\"", "the timezone of local timestamps"),
    ("reject up to", "reject up to ${1:0.5}%", "the share of rows that may be rejected"),
    ("skip", "skip ${1:2} rows", "rows to skip after the header"),
    ("missing", "missing \"${1:N/A}\"", "cell values that mean none"),
    ("unique by", "unique by ${1:key}", "keep one row per key (the latest)"),
    ("delimiter", "delimiter \"${1:;}\"", "CSV: the character between fields, such as `\";\"` or `\"\\t\"` (default `,`)"),
    (
        "decimal",
        "decimal \"${1:,}\"",
        "CSV: numbers are written with a decimal comma (`99,5`); grouping separators are never accepted",
    ),
    (
        "encoding",
        "encoding \"${1:windows-1252}\"",
        "CSV: the files' encoding, `utf-8` (default), `windows-1252`, `latin1` or `utf-16` (a UTF-16 byte order mark always wins)",
    ),
    (
        "multiline",
        "multiline",
        "CSV: a record may span several lines (quoted multi-line text); without it such a record is rejected",
    ),
    ("sheet", "sheet \"${1:Sheet1}\"", "xlsx: the sheet to read (default: the first)"),
];

/// The dataset options that describe files: a dataset `from table` takes none of them.
pub const FILE_OPTIONS: &[&str] = &["skip", "delimiter", "decimal", "encoding", "multiline", "sheet"];

/// The encodings `encoding` takes.
pub const ENCODINGS: &[&str] = &["utf-8", "windows-1252", "latin1", "utf-16"];

/// The dataset option whose first word is `word`: its label, snippet and doc.
pub fn dataset_option(word: &str) -> Option<(&'static str, &'static str, &'static str)> {
    DATASET_OPTIONS.iter().copied().find(|(label, _, _)| label.split(' ').next() == Some(word))
}

/// Calendar lines.
pub const CALENDAR_LINES: &[(&str, &str, &str)] = &[
    ("hours", "hours ${1:mon-fri} ${2:08:00}-${3:18:00}", "working hours on some days"),
    ("holidays", "holidays \"${1:holidays.toml}\"", "a TOML file of holidays"),
    ("holiday", "holiday ${1:2026-12-24} \"${2:name}\"", "one holiday"),
];

/// Weekdays in `hours`.
pub const WEEKDAYS: &[&str] = &["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

/// Words never usable as names.
pub const RESERVED: &[&str] = &["and", "or", "not", "in", "of", "where", "meeting", "true", "false", "none"];

/// Every contextual keyword of the grammar.
pub const KEYWORDS: &[&str] = &[
    "include",
    "contract",
    "calendar",
    "dataset",
    "metric",
    "escalation",
    "sla",
    "xla",
    "gain",
    "hours",
    "holidays",
    "holiday",
    "from",
    "period",
    "by",
    "to",
    "timezone",
    "reject",
    "up",
    "skip",
    "rows",
    "row",
    "missing",
    "unique",
    "latest",
    "delimiter",
    "decimal",
    "encoding",
    "multiline",
    "sheet",
    "format",
    "unit",
    "using",
    "level",
    "within",
    "business",
    "days",
    "day",
    "target",
    "minimum",
    "min_volume",
    "allocation",
    "credit",
    "bonus",
    "below",
    "above",
    "monthly_fee",
    "baseline",
    "first",
    "months",
    "month",
    "reviewed",
    "every",
    "ratchet",
    "over",
    "measured",
    "periods",
    "when",
    "missed",
    "failed",
    "met",
    "consecutive",
    "escalate",
    "x",
    "chronic",
    "failure",
    "earnback",
    "after",
    "points",
    "rolling",
    "value",
    "share",
    "of",
    "in",
    "where",
    "meeting",
    "and",
    "or",
    "not",
    "true",
    "false",
    "none",
];
