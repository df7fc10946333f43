//! `content/search.yaml`, optional: the words readers type for what the guide calls by another
//! name ("wet myself" for bladder control). Search applies them to the reader's query
//! (`crate::search`), which also checks that each has words it can search for.

use super::SourceFile;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::yaml;
use schemars::JsonSchema;
use serde::Deserialize;

/// Where the list lives, from the root.
pub const FILE: &str = "content/search.yaml";

/// One entry: phrases a reader may type, and the guide's words for the same thing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchTerm {
    /// As written, e.g. `wet myself`, `A&E`.
    pub words: Vec<String>,
    /// e.g. `bladder control`.
    pub means: String,
    /// The entry's line in content/search.yaml.
    pub line: usize,
}

/// Fields are optional here so that a missing one is reported at its entry: serde_yaml gives
/// no line for a missing field.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(
    rename = "SearchTerm",
    description = "Phrases readers may type, and the guide's words for the same thing."
)]
pub(crate) struct RawTerm {
    /// What readers may type, e.g. `[wet myself, peed myself]`.
    #[schemars(required, length(min = 1))]
    words: Option<Vec<String>>,
    /// The guide's own words for the same thing, e.g. `bladder control`.
    #[schemars(required, length(min = 1))]
    means: Option<String>,
}

/// The entries of `file`; each mistake goes to `diags`, naming the entry's line.
pub fn load(file: &SourceFile, diags: &mut Diagnostics) -> Vec<SearchTerm> {
    let raw: Vec<RawTerm> = match yaml::parse(&file.text, &file.path, 1) {
        Ok(raw) => raw,
        Err(d) => {
            diags.error(d);
            return Vec::new();
        }
    };
    // When the items cannot be told apart by line (a list written on one line), errors point
    // at the top of the file.
    let mut lines = entry_lines(&file.text);
    if lines.len() != raw.len() {
        lines = vec![1; raw.len()];
    }
    let mut terms = Vec::new();
    for (entry, line) in raw.into_iter().zip(lines) {
        let mut error = |message: &str| diags.error(Diagnostic::at(&file.path, line, message));
        let words = entry.words.unwrap_or_default();
        let means = entry.means.unwrap_or_default();
        if words.iter().all(|w| w.trim().is_empty()) {
            error("this entry has no `words`: list what readers may type, such as `words: [wet myself]`");
            continue;
        }
        if means.trim().is_empty() {
            error("this entry has no `means`: write the guide's own words for it, such as `means: high temperature`");
            continue;
        }
        terms.push(SearchTerm { words, means, line });
    }
    terms
}

/// The line of each top-level list item (`- ...` at the outermost indentation), 1-based.
fn entry_lines(text: &str) -> Vec<usize> {
    let items: Vec<(usize, usize)> = text
        .lines()
        .enumerate()
        .filter_map(|(i, line)| {
            let rest = line.trim_start();
            let item = rest == "-" || rest.starts_with("- ");
            item.then_some((line.len() - rest.len(), i + 1))
        })
        .collect();
    let outer = items.iter().map(|(indent, _)| *indent).min().unwrap_or(0);
    items
        .into_iter()
        .filter(|(indent, _)| *indent == outer)
        .map(|(_, line)| line)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load_text(text: &str) -> (Vec<SearchTerm>, Diagnostics) {
        let file = SourceFile {
            path: FILE.into(),
            text: text.into(),
        };
        let mut diags = Diagnostics::default();
        (load(&file, &mut diags), diags)
    }

    #[test]
    fn entries_keep_their_lines() {
        let (terms, diags) = load_text(
            "# comment\n- words: [wet myself, peed myself]\n  means: bladder control\n\n- { words: [A&E], means: emergency department }\n",
        );
        assert!(!diags.has_errors());
        assert_eq!(terms.len(), 2);
        assert_eq!(terms[0].words, ["wet myself", "peed myself"]);
        assert_eq!((terms[0].line, terms[1].line), (2, 5));
        assert_eq!(terms[1].means, "emergency department");
    }

    #[test]
    fn a_missing_field_is_named_at_its_entry() {
        let (terms, diags) = load_text("- words: [a]\n  means: b\n- words: [numb feet]\n");
        assert_eq!(terms.len(), 1);
        let text = diags.errors[0].to_string();
        assert!(
            text.contains("content/search.yaml:3: this entry has no `means`"),
            "{text}"
        );
    }
}
