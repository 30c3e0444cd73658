//! The SQL dialects `xla sql` writes, and where they differ.
//!
//! The generated SQL keeps to what the three tested engines share: integer
//! arithmetic on `BIGINT`, exact `DECIMAL(38, 16)`, `CASE`, `COALESCE`,
//! `GREATEST`/`LEAST`, joins on equality and `UNION ALL`. What each spells
//! its own way is here, and only here: the text type, identifier quoting,
//! string literals, regular expressions, integer division and inline
//! tables.

use std::fmt;

/// An SQL engine's dialect.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Dialect {
    /// DuckDB.
    DuckDb,
    /// PostgreSQL.
    Postgres,
    /// Spark SQL.
    Spark,
}

/// The exact decimal type every number, percent and duration is held in.
pub const DECIMAL: &str = "DECIMAL(38, 16)";

impl Dialect {
    /// Every dialect, in the order the documentation lists them.
    pub const ALL: [Dialect; 3] = [Dialect::DuckDb, Dialect::Postgres, Dialect::Spark];

    /// The dialect's name on the command line and in the states file.
    pub fn name(self) -> &'static str {
        match self {
            Dialect::DuckDb => "duckdb",
            Dialect::Postgres => "postgres",
            Dialect::Spark => "spark",
        }
    }

    /// The dialect called `name`.
    pub fn from_name(name: &str) -> Option<Dialect> {
        Dialect::ALL.into_iter().find(|d| d.name() == name)
    }

    /// The type of text.
    pub fn text_type(self) -> &'static str {
        match self {
            Dialect::DuckDb => "VARCHAR",
            Dialect::Postgres => "TEXT",
            Dialect::Spark => "STRING",
        }
    }

    /// `name` as a quoted identifier (a column or table part).
    pub fn ident(self, name: &str) -> String {
        match self {
            Dialect::Spark => format!("`{}`", name.replace('`', "``")),
            _ => format!("\"{}\"", name.replace('"', "\"\"")),
        }
    }

    /// A schema-qualified table name (`schema.table`), each part quoted.
    pub fn table(self, name: &str) -> String {
        name.split('.').map(|part| self.ident(part)).collect::<Vec<_>>().join(".")
    }

    /// `text` as a string literal. Spark reads backslash escapes in
    /// literals (and two quotes as two adjacent literals), so there a
    /// backslash and a quote are escaped with a backslash.
    pub fn string(self, text: &str) -> String {
        match self {
            Dialect::Spark => format!("'{}'", text.replace('\\', "\\\\").replace('\'', "\\'")),
            _ => format!("'{}'", text.replace('\'', "''")),
        }
    }

    /// `expr` cast to text.
    pub fn to_text(self, expr: &str) -> String {
        format!("CAST({expr} AS {})", self.text_type())
    }

    /// Whether `expr` matches the regular expression `pattern` (anchored by
    /// the pattern itself; patterns use only `[..]`, `?`, `*`, `+`, `{m,n}`,
    /// `|` and groups, read alike by RE2, POSIX and Java).
    pub fn matches(self, expr: &str, pattern: &str) -> String {
        match self {
            Dialect::DuckDb => format!("regexp_matches({expr}, {})", self.string(pattern)),
            Dialect::Postgres => format!("({expr} ~ {})", self.string(pattern)),
            // Java's `$` also matches before a final line break; `\z` only at the end.
            Dialect::Spark => {
                let pattern = pattern.strip_suffix('$').map_or_else(|| pattern.to_string(), |p| format!("{p}\\z"));
                format!("({expr} RLIKE {})", self.string(&pattern))
            }
        }
    }

    /// Group `group` of the first match of `pattern` in `expr`, or the empty
    /// string or null when it did not take part (callers treat both alike).
    pub fn group(self, expr: &str, pattern: &str, group: u32) -> String {
        let literal = self.string(pattern);
        match self {
            Dialect::DuckDb | Dialect::Spark => format!("regexp_extract({expr}, {literal}, {group})"),
            Dialect::Postgres => format!("(regexp_match({expr}, {literal}))[{group}]"),
        }
    }

    /// `expr` with every match of `pattern` removed.
    pub fn strip(self, expr: &str, pattern: &str) -> String {
        format!("regexp_replace({expr}, {}, '')", self.string(pattern))
    }

    /// Integer division of `a` by `b`, both `BIGINT` and `a ≥ 0`.
    pub fn div(self, a: &str, b: &str) -> String {
        match self {
            Dialect::DuckDb => format!("({a} // {b})"),
            Dialect::Postgres => format!("({a} / {b})"),
            Dialect::Spark => format!("({a} div {b})"),
        }
    }

    /// `⌊a / b⌋` for `BIGINT` `a` of any sign and `b > 0`.
    pub fn floor_div(self, a: &str, b: &str) -> String {
        self.div(&format!("({a} - {})", self.floor_mod(a, b)), b)
    }

    /// `a mod b` in `[0, b)` for `BIGINT` `a` of any sign and `b > 0`.
    pub fn floor_mod(self, a: &str, b: &str) -> String {
        format!("((({a}) % {b} + {b}) % {b})")
    }

    /// Whether text `needle` occurs in text `haystack`.
    pub fn contains(self, haystack: &str, needle: &str) -> String {
        match self {
            Dialect::Spark => format!("(instr({haystack}, {needle}) > 0)"),
            _ => format!("(strpos({haystack}, {needle}) > 0)"),
        }
    }

    /// A text comparison in code-point order, whatever the database's
    /// collation (PostgreSQL's default follows the locale).
    pub fn text_order(self, expr: &str) -> String {
        match self {
            Dialect::Postgres => format!("({expr} COLLATE \"C\")"),
            _ => expr.to_string(),
        }
    }

    /// An inline table `name(columns)` of `rows` (each already rendered as
    /// `(a, b, …)`), as a common table expression body.
    pub fn values(self, columns: &[&str], rows: &[String]) -> String {
        let columns = columns.join(", ");
        let rows = rows.join(",\n    ");
        match self {
            Dialect::Spark => format!("SELECT * FROM VALUES\n    {rows}\n  AS v({columns})"),
            _ => format!("SELECT * FROM (VALUES\n    {rows}\n  ) AS v({columns})"),
        }
    }

    /// How the script keeps an intermediate result: `None` for the common
    /// table expressions of one query (DuckDB and PostgreSQL compute one
    /// that is used several times once), or the statement that computes it
    /// once into a table of its own (Spark inlines common table
    /// expressions, recomputing them at every use).
    pub fn materialize(self) -> Option<&'static str> {
        match self {
            Dialect::Spark => Some("CACHE TABLE"),
            _ => None,
        }
    }

    /// How a common table expression is introduced. PostgreSQL inlines
    /// one used once into the query that reads it, repeating each of its
    /// expressions at every reference: the chain of checks on a cell grew
    /// with every stage, and 4,000 rows took minutes. `MATERIALIZED`
    /// computes each stage once.
    pub fn cte_as(self) -> &'static str {
        match self {
            Dialect::Postgres => "AS MATERIALIZED",
            _ => "AS",
        }
    }

    /// Statements the script starts with: the session settings the
    /// generated SQL relies on (in Spark, ANSI mode makes a decimal sum
    /// that overflows an error instead of a silent null, and no precision
    /// loss keeps every digit of a decimal sum or difference).
    pub fn preamble(self) -> Vec<&'static str> {
        match self {
            Dialect::DuckDb => vec!["SET TimeZone = 'UTC'"],
            Dialect::Postgres => vec!["SET TIME ZONE 'UTC'"],
            Dialect::Spark => vec![
                "SET spark.sql.session.timeZone = UTC",
                "SET spark.sql.ansi.enabled = true",
                "SET spark.sql.decimalOperations.allowPrecisionLoss = false",
            ],
        }
    }
}

impl fmt::Display for Dialect {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for d in Dialect::ALL {
            assert_eq!(Dialect::from_name(d.name()), Some(d));
        }
        assert_eq!(Dialect::from_name("oracle"), None);
    }

    #[test]
    fn literals_and_identifiers_are_quoted_for_each_dialect() {
        assert_eq!(Dialect::DuckDb.string("it's"), "'it''s'");
        assert_eq!(Dialect::Spark.string(r"a\b'c"), r"'a\\b\'c'");
        assert_eq!(Dialect::Postgres.ident("Opened \"at\""), "\"Opened \"\"at\"\"\"");
        assert_eq!(Dialect::Spark.ident("a`b"), "`a``b`");
        assert_eq!(Dialect::DuckDb.table("itsm.incidents"), "\"itsm\".\"incidents\"");
    }
}
