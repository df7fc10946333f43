//! The only module that calls serde_yaml.
//!
//! serde_yaml is archived upstream (0.9.34+deprecated). Keeping every call here means it can be
//! swapped for another YAML parser in one change.

mod budget;

use crate::diagnostic::Diagnostic;
use serde::de::DeserializeOwned;

pub use budget::{MAX_DEPTH, MAX_NODES};

/// The largest YAML text read: over a hundred times the real guide's largest file.
pub const MAX_BYTES: usize = 1024 * 1024;

/// A parsed value and the warnings found on the way.
pub struct Parsed<T> {
    pub value: T,
    pub warnings: Vec<Diagnostic>,
}

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
    parse_with_warnings(text, file, first_line).map(|parsed| parsed.value)
}

/// [`parse`], keeping the warnings: text after ` #` that YAML dropped as a comment.
///
/// Before serde_yaml sees the text, its size, nesting, number of values, anchors and aliases are
/// checked (see `budget`), so no input can make the parse slow or expand.
pub fn parse_with_warnings<T: DeserializeOwned>(
    text: &str,
    file: &str,
    first_line: usize,
) -> Result<Parsed<T>, Diagnostic> {
    let at = |mark: budget::Mark| (first_line + mark.line, Some(mark.column + 1));
    if text.len() > MAX_BYTES {
        return Err(Diagnostic::at(
            file,
            first_line,
            format!(
                "this YAML is {} KB; the most one file may hold is {} KB: split it or shorten it",
                text.len() / 1024,
                MAX_BYTES / 1024
            ),
        ));
    }
    let survey = budget::survey(text).map_err(|refusal| {
        let (mark, message) = match refusal {
            budget::Refusal::Anchor(m) => (m, "YAML anchors (`&name`) are not supported: write the value out in full; if the `&` is part of the text, put the value in quotes"),
            budget::Refusal::Alias(m) => (m, "YAML aliases (`*name`) are not supported: write the value out in full; if the `*` is part of the text, put the value in quotes"),
            budget::Refusal::TooDeep(m) => (m, "lists and mappings are nested too deeply here (more than 32 levels)"),
            budget::Refusal::TooManyNodes(m) => (m, "too many values in one file (more than 200,000): split it"),
        };
        let (line, column) = at(mark);
        Diagnostic::at(file, line, message).with_column(column)
    })?;
    let warnings = survey
        .dropped_comments
        .iter()
        .map(|&mark| {
            let (line, column) = at(mark);
            let source = text.lines().nth(mark.line).unwrap_or("");
            Diagnostic::at(file, line, "the text from ` #` to the end of this line was read as a YAML comment and left out")
                .with_column(column)
                .with_help(quote_suggestion(source))
        })
        .collect();
    parse_unchecked(text, file, first_line).map(|value| Parsed { value, warnings })
}

/// `  title: Tip #1 keep moving` → advice to write `title: "Tip #1 keep moving"`.
fn quote_suggestion(line: &str) -> String {
    let body = line.trim_start().trim_start_matches("- ");
    match body.split_once(": ") {
        Some((key, value)) if !key.contains(['"', '\'']) => {
            let value = value.trim().replace('\\', "\\\\").replace('"', "\\\"");
            format!(
                "if it belongs to the value, put the value in double quotes: {key}: \"{value}\""
            )
        }
        _ => "if it belongs to the value, put the value in double quotes".to_string(),
    }
}

fn parse_unchecked<T: DeserializeOwned>(
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
        let diagnostic = locate(text, file, first_line, &err);
        match trap(text, &err) {
            Some((line, help)) => Diagnostic {
                line: Some(first_line + line - 1),
                column: if first_line + line - 1 == diagnostic.line.unwrap_or(0) {
                    diagnostic.column
                } else {
                    None
                },
                help: Some(help),
                ..diagnostic
            },
            None => diagnostic,
        }
    })
}

/// YAML's common traps, recognised from the error and the lines it points at: the 1-based line
/// of `text` at fault, and what to do, in plain words.
fn trap(text: &str, err: &serde_yaml::Error) -> Option<(usize, String)> {
    let raw = err.to_string();
    let error_line = err.location().map_or(1, |l| l.line());
    let lines: Vec<&str> = text.lines().collect();
    let line_text = |n: usize| lines.get(n.wrapping_sub(1)).copied().unwrap_or("");

    // libyaml names the line it was reading when it gave up: "while scanning a simple key at
    // line M column C" (counted from the start of `text`).
    let scanning = raw
        .find("while scanning a simple key at line ")
        .and_then(|i| line_and_column(&raw[i + "while scanning a simple key at line ".len()..]))
        .map(|(line, _, _)| line);

    if let Some(n) = (1..=error_line.min(lines.len()))
        .rev()
        .find(|&n| indent(line_text(n)).contains('\t'))
    {
        return Some((
            n,
            "this line is indented with a tab: YAML needs spaces. Replace the tab with spaces"
                .into(),
        ));
    }
    if let Some(n) = (1..=error_line.max(scanning.unwrap_or(0)).min(lines.len()))
        .find(|&n| no_space_after_colon(line_text(n)).is_some())
    {
        let (key, value) = no_space_after_colon(line_text(n))?;
        return Some((
            n,
            format!("put a space after the colon: `{key}: {value}`. Without it YAML reads `{key}:{value}` as plain text, not a field"),
        ));
    }
    if raw.starts_with("mapping values are not allowed in this context") {
        let line = line_text(error_line).trim_start().trim_start_matches("- ");
        let help = match line.split_once(": ") {
            Some((key, value)) => format!(
                "a value that holds `: ` must be in quotes: {key}: \"{}\"",
                value.trim().replace('"', "\\\"")
            ),
            None => "a value that holds `: ` must be in quotes".to_string(),
        };
        return Some((error_line, help));
    }
    if let Some(n) = scanning.filter(|_| raw.starts_with("could not find expected ':'")) {
        let here = line_text(n);
        let above = (1..n)
            .rev()
            .map(line_text)
            .find(|l| !l.trim().is_empty())
            .unwrap_or("");
        let help = if above.trim_start().starts_with("- ") && indent(above) == indent(here) {
            format!(
                "this line is in a list but does not start with `- `: write `{}- {}`",
                indent(here),
                here.trim()
            )
        } else {
            "YAML expected `field: value` here. If this line belongs to the value above, put the whole value in double quotes".to_string()
        };
        return Some((n, help));
    }
    None
}

/// The spaces (or tabs) a line starts with.
fn indent(line: &str) -> &str {
    &line[..line.len() - line.trim_start().len()]
}

/// `title:Keep` → (`title`, `Keep`): a field name, a colon and no space. URLs and times
/// (`https://`, `10:30`) are not fields.
fn no_space_after_colon(line: &str) -> Option<(&str, &str)> {
    let body = line.trim_start().trim_start_matches("- ");
    let (key, value) = body.split_once(':')?;
    let is_key = key
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    let value = value.trim_end();
    (is_key
        && !value.is_empty()
        && !value.starts_with([' ', '\t', '/'])
        && !value.starts_with(|c: char| c.is_ascii_digit()))
    .then_some((key, value))
}

/// The error's place in the file, and its message in plain words.
fn locate(text: &str, file: &str, first_line: usize, err: &serde_yaml::Error) -> Diagnostic {
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
    // "expected struct RawFrontMatter" names a Rust type.
    while let Some(i) = out.find("expected struct ") {
        let name_end = out[i + 16..]
            .find(|c: char| !c.is_alphanumeric() && c != '_')
            .map_or(out.len(), |n| i + 16 + n);
        out.replace_range(i..name_end, "expected `field: value` lines");
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
