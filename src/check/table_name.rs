//! The name of a dataset `from table` (LANGUAGE.md §5 v2).
//!
//! `xla sql` writes the name into the SQL it generates as it is, unquoted,
//! so a name is accepted only if it cannot be anything but a table's name:
//! one to three dot-separated SQL identifiers (`table`, `schema.table`,
//! `catalog.schema.table`), each a letter or `_` followed by letters,
//! digits, `_` or `$`. Spaces, quotes, `;` and `--` never pass, which is
//! also what keeps a contract from smuggling SQL into the script.

use crate::diagnostic::{Code, Diagnostic};
use crate::syntax::ast::StrLit;

/// The most parts a table name has: catalog, schema, table.
const MOST_PARTS: usize = 3;

/// Checks that `name` is one to three dot-separated SQL identifiers.
pub(super) fn table_name(name: &StrLit) -> Result<(), Box<Diagnostic>> {
    let problem = problem(&name.value);
    match problem {
        None => Ok(()),
        Some(problem) => Err(Box::new(
            Diagnostic::new(Code::TableName, name.span, format!("{:?} is not a SQL table name", name.value))
                .with_label(problem)
                .with_help(
                    "name the table as one to three SQL identifiers separated by dots (`tickets`, \
                     `itsm.tickets`, `warehouse.itsm.tickets`), each a letter or `_` followed by letters, \
                     digits, `_` or `$`; the name is written into the generated SQL as it is, so nothing \
                     else (spaces, quotes, `;`, `--`) is accepted",
                ),
        )),
    }
}

/// What is wrong with `name`, if anything.
fn problem(name: &str) -> Option<String> {
    let parts: Vec<&str> = name.split('.').collect();
    if parts.len() > MOST_PARTS {
        return Some(format!("{} parts, and a table name has at most {MOST_PARTS}", parts.len()));
    }
    parts.iter().find_map(|part| {
        let mut chars = part.chars();
        match chars.next() {
            None if name.is_empty() => Some("empty".to_string()),
            None => Some("an empty part between dots".to_string()),
            Some(first) if !(first.is_ascii_alphabetic() || first == '_') => {
                Some(format!("`{part}` does not start with a letter or `_`"))
            }
            Some(_) => chars
                .find(|c| !(c.is_ascii_alphanumeric() || *c == '_' || *c == '$'))
                .map(|c| format!("`{part}` holds {}, which no SQL identifier may", shown(c))),
        }
    })
}

/// A character as a message names it.
fn shown(c: char) -> String {
    match c {
        ' ' => "a space".to_string(),
        '\t' => "a tab".to_string(),
        _ if c.is_control() => format!("the control character U+{:04X}", u32::from(c)),
        _ => format!("`{c}`"),
    }
}

#[cfg(test)]
mod tests {
    use super::problem;

    #[test]
    fn one_to_three_identifiers_are_table_names() {
        for name in ["tickets", "itsm.tickets", "warehouse.itsm.tickets", "_t", "T$1.x_2", "ITSM.Incident"] {
            assert_eq!(problem(name), None, "{name}");
        }
    }

    #[test]
    fn anything_else_is_refused_with_its_reason() {
        let cases = [
            ("", "empty"),
            ("itsm.", "an empty part between dots"),
            (".tickets", "an empty part between dots"),
            ("a..b", "an empty part between dots"),
            ("a.b.c.d", "4 parts, and a table name has at most 3"),
            ("itsm.tickets; drop table x", "`tickets; drop table x` holds `;`, which no SQL identifier may"),
            ("itsm tickets", "`itsm tickets` holds a space, which no SQL identifier may"),
            ("tickets--x", "`tickets--x` holds `-`, which no SQL identifier may"),
            ("\"itsm\".tickets", "`\"itsm\"` does not start with a letter or `_`"),
            ("1tickets", "`1tickets` does not start with a letter or `_`"),
            ("tick'ets", "`tick'ets` holds `'`, which no SQL identifier may"),
            ("tickets;", "`tickets;` holds `;`, which no SQL identifier may"),
            ("tickets\n", "`tickets\n` holds the control character U+000A, which no SQL identifier may"),
            ("tïckets", "`tïckets` holds `ï`, which no SQL identifier may"),
        ];
        for (name, reason) in cases {
            assert_eq!(problem(name).as_deref(), Some(reason), "{name:?}");
        }
    }
}
