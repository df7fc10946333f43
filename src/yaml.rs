//! The only module that calls serde_yaml.
//!
//! serde_yaml is archived upstream (0.9.34+deprecated). Keeping every call here means it can be
//! swapped for another YAML parser in one change.

use crate::diagnostic::Diagnostic;
use serde::de::DeserializeOwned;

/// Parse `text` as `T`. `file` names the file for errors, and `first_line` is the file line that
/// `text` starts on (front matter starts on line 2 of a topic).
///
/// serde_yaml gives no position for some errors (missing or duplicate fields); those are reported
/// at `first_line`, or at the line of the field when the message names one that is present.
pub fn parse<T: DeserializeOwned>(
    text: &str,
    file: &str,
    first_line: usize,
) -> Result<T, Diagnostic> {
    if text.trim().is_empty() {
        return Err(Diagnostic::at(
            file,
            first_line,
            "empty YAML: expected a mapping of fields",
        ));
    }
    serde_yaml::from_str(text).map_err(|err| {
        let location = err.location().map(|l| (l.line(), l.column()));
        let message = clean_message(&err.to_string(), location, first_line);
        // serde_yaml places a duplicate at the start of its mapping: point at the second key.
        if message.starts_with("duplicate field") {
            if let Some(line) = named_field(&message).and_then(|f| key_lines(text, f).nth(1)) {
                return Diagnostic::at(file, first_line + line - 1, message);
            }
        }
        match err.location() {
            Some(loc) => Diagnostic::at(file, first_line + loc.line() - 1, message)
                .with_column(Some(loc.column())),
            None => {
                let line = named_field(&message)
                    .and_then(|field| key_line(text, field))
                    .map_or(first_line, |l| first_line + l - 1);
                Diagnostic::at(file, line, message)
            }
        }
    })
}

/// serde_yaml writes positions into its messages (" at line L column C"), counted from the start
/// of `text`. The diagnostic carries the error's own position, so that one is dropped; any other
/// (libyaml's "while scanning a quoted scalar at line 2 column 8") is moved to file lines.
fn clean_message(message: &str, location: Option<(usize, usize)>, first_line: usize) -> String {
    const AT: &str = " at line ";
    let mut out = String::with_capacity(message.len());
    let mut rest = message;
    while let Some(i) = rest.find(AT) {
        out.push_str(&rest[..i]);
        let after = &rest[i + AT.len()..];
        match line_and_column(after) {
            Some((line, column, len)) => {
                if Some((line, column)) != location {
                    let line = first_line + line - 1;
                    out.push_str(&format!("{AT}{line} column {column}"));
                }
                rest = &after[len..];
            }
            None => {
                out.push_str(AT);
                rest = after;
            }
        }
    }
    out.push_str(rest);
    // Rust type names mean nothing to an author.
    for ty in ["i64", "u64", "u32", "usize", "i32"] {
        out = out.replace(&format!("expected {ty}"), "expected a whole number");
    }
    let trimmed = out.trim();
    if let Some(field) = trimmed.strip_prefix("missing field ") {
        format!("missing required field {field}")
    } else {
        trimmed.to_string()
    }
}

/// `3 column 8, while...` → (3, 8, length of `3 column 8`).
fn line_and_column(s: &str) -> Option<(usize, usize, usize)> {
    let number = |s: &str| {
        let len = s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
        s[..len].parse::<usize>().ok().map(|n| (n, len))
    };
    let (line, line_len) = number(s)?;
    let rest = s[line_len..].strip_prefix(" column ")?;
    let (column, column_len) = number(rest)?;
    Some((line, column, s.len() - rest.len() + column_len))
}

/// The field a message such as "duplicate field `title`" names.
fn named_field(message: &str) -> Option<&str> {
    let start = message.find('`')? + 1;
    let len = message[start..].find('`')?;
    Some(&message[start..start + len])
}

/// 1-based line within `text` where `key:` is written at the start of a line (any indentation).
pub fn key_line(text: &str, key: &str) -> Option<usize> {
    key_lines(text, key).next()
}

fn key_lines<'a>(text: &'a str, key: &'a str) -> impl Iterator<Item = usize> + 'a {
    text.lines().enumerate().filter_map(move |(i, line)| {
        let line = line.trim_start().trim_start_matches("- ");
        line.strip_prefix(key)
            .is_some_and(|rest| rest.trim_start().starts_with(':'))
            .then_some(i + 1)
    })
}

/// 1-based line within `text` of the first line that contains `needle`.
pub fn text_line(text: &str, needle: &str) -> Option<usize> {
    text.lines()
        .position(|line| line.contains(needle))
        .map(|i| i + 1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Deserialize, Debug)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct T {
        title: String,
        summary: String,
    }

    #[test]
    fn unknown_field_has_file_line_and_column() {
        let err = parse::<T>("title: a\ntitel: b\n", "x.md", 2).unwrap_err();
        assert_eq!(err.line, Some(3));
        assert!(err.column.is_some());
        assert!(
            err.message.contains("unknown field `titel`"),
            "{}",
            err.message
        );
        assert!(err.message.contains("expected"), "{}", err.message);
    }

    #[test]
    fn missing_field_gets_the_first_line() {
        let err = parse::<T>("title: a\n", "x.md", 2).unwrap_err();
        assert_eq!(err.line, Some(2));
        assert!(
            err.message.contains("missing required field `summary`"),
            "{}",
            err.message
        );
    }

    #[test]
    fn duplicate_field_points_at_it() {
        let err = parse::<T>("summary: s\ntitle: a\ntitle: b\n", "x.md", 2).unwrap_err();
        assert!(err.message.contains("duplicate"), "{}", err.message);
        assert!(err.line.unwrap() >= 3, "{err}");
    }

    #[test]
    fn positions_in_the_message_count_from_the_top_of_the_file() {
        // An unclosed quote on file line 3 (front matter starts on line 2).
        let err = parse::<T>("summary: s\ntitle: \"a\n", "x.md", 2).unwrap_err();
        assert_eq!(err.line, Some(4), "{err}");
        assert!(
            err.message.contains("quoted scalar at line 3 column 8"),
            "{err}"
        );
        assert!(!err.message.contains("line 2 "), "{err}");
    }

    #[test]
    fn empty_yaml_is_an_error() {
        let err = parse::<T>("  \n", "x.yaml", 1).unwrap_err();
        assert!(err.message.contains("empty"));
    }
}
