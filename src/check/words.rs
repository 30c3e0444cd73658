//! Types in the words of a contract manager, for messages: "a percent",
//! "an amount of money in EUR", never `Money(EUR)`.

use crate::value::Type;

/// The type with its article: "a duration", "an amount of money in EUR".
pub fn a(ty: &Type) -> String {
    match ty {
        Type::Number => "a number".to_string(),
        Type::Count => "a count".to_string(),
        Type::Percent => "a percent".to_string(),
        Type::Duration => "a duration".to_string(),
        Type::Money(c) => format!("an amount of money in {c}"),
        Type::Rate(c) => format!("a rate in {c} per time"),
        Type::Date => "a date".to_string(),
        Type::Timestamp => "a timestamp".to_string(),
        Type::Bool => "a true/false value".to_string(),
        Type::Text => "a text".to_string(),
        Type::TextIn(values) => {
            let list = values.iter().map(|v| format!("\"{v}\"")).collect::<Vec<_>>().join(", ");
            format!("a text from the set [{list}]")
        }
        Type::None => "`none`".to_string(),
    }
}

/// A list in words: "`a`", "`a` and `b`", "`a`, `b` and `c`".
pub fn list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::value::Currency;

    #[test]
    fn types_read_as_words() {
        assert_eq!(a(&Type::Percent), "a percent");
        assert_eq!(a(&Type::Money(Currency::from_code("EUR").unwrap())), "an amount of money in EUR");
        assert_eq!(a(&Type::TextIn(vec!["P1".into(), "P2".into()])), "a text from the set [\"P1\", \"P2\"]");
    }

    #[test]
    fn lists_join_with_and() {
        let items = |n: usize| (0..n).map(|i| format!("`{i}`")).collect::<Vec<_>>();
        assert_eq!(list(&items(1)), "`0`");
        assert_eq!(list(&items(2)), "`0` and `1`");
        assert_eq!(list(&items(3)), "`0`, `1` and `2`");
    }
}
