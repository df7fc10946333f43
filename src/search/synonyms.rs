//! Readers' words for the guide's (content/search.yaml), as the index ships them.
//!
//! They apply to the reader's query, not to the pages: static/search.js finds a phrase in the
//! query's words and searches for its `means` as well as for the phrase itself. So the index
//! grows by the list alone, not by a copy of it on every page that matches.
//!
//! A phrase is matched on the query's raw words ([`raw_words`]: nothing dropped), so phrases of
//! short or common words, such as "A&E" (`a e`), can be listed.

use super::tokens::{terms, APOSTROPHES};
use crate::content::search_terms::FILE;
use crate::content::SearchTerm;
use crate::diagnostic::{Diagnostic, Diagnostics};
use std::collections::BTreeMap;

/// The words of `text` as a query's are matched against phrases: apostrophes dropped, split on
/// anything that is not a letter or digit, lowercased, none left out. static/search.js's
/// `rawWords` does the same.
pub fn raw_words(text: &str) -> Vec<String> {
    text.replace(APOSTROPHES, "")
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// Each phrase (its raw words, joined by a space) with the index terms of what it means (joined
/// by a space), sorted by phrase: what the index ships as `"syn"`. Entries that [`check`]
/// refuses are left out.
pub fn compile(list: &[SearchTerm]) -> Vec<(String, String)> {
    let mut out: BTreeMap<String, String> = BTreeMap::new();
    for entry in list {
        let means: Vec<String> = terms(&entry.means).collect();
        if means.is_empty() {
            continue;
        }
        for phrase in &entry.words {
            let words = raw_words(phrase);
            if !words.is_empty() {
                out.entry(words.join(" "))
                    .or_insert_with(|| means.join(" "));
            }
        }
    }
    out.into_iter().collect()
}

/// Errors in the list: a phrase or a `means` with nothing to search for, a phrase listed twice.
pub fn check(list: &[SearchTerm]) -> Diagnostics {
    let mut diags = Diagnostics::default();
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    for entry in list {
        let mut error = |message: String| diags.error(Diagnostic::at(FILE, entry.line, message));
        if terms(&entry.means).next().is_none() {
            error(format!(
                "means `{}` has no word search can look for (words of one letter and common words such as `the` are left out); write the guide's own words, such as `bladder control`",
                entry.means
            ));
        }
        for phrase in &entry.words {
            let words = raw_words(phrase);
            if words.is_empty() {
                error(format!(
                    "words `{phrase}` has no letters or digits; write what readers may type, such as `wet myself`"
                ));
            } else if let Some(first) = seen.insert(words.join(" "), entry.line) {
                error(format!(
                    "words `{phrase}` is listed twice (first on line {first}); a phrase can mean one thing only"
                ));
            }
        }
    }
    diags
}

/// Warnings for each `means` with a word no page has: that entry could never find anything.
/// `has_term` says whether the index holds a term.
pub fn check_found(list: &[SearchTerm], has_term: impl Fn(&str) -> bool) -> Diagnostics {
    let mut diags = Diagnostics::default();
    for entry in list {
        if let Some(missing) = terms(&entry.means).find(|t| !has_term(t)) {
            diags.warn(Diagnostic::at(
                FILE,
                entry.line,
                format!(
                    "means `{}`: no page has the word `{missing}`, so this entry finds nothing; use words the guide uses",
                    entry.means
                ),
            ));
        }
    }
    diags
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(words: &[&str], means: &str, line: usize) -> SearchTerm {
        SearchTerm {
            words: words.iter().map(|w| w.to_string()).collect(),
            means: means.into(),
            line,
        }
    }

    #[test]
    fn phrases_keep_short_and_common_words() {
        assert_eq!(raw_words("A&E"), ["a", "e"]);
        assert_eq!(raw_words("I can’t WALK!"), ["i", "cant", "walk"]);
        let list = [
            entry(&["A&E", "Wet myself"], "the emergency departments", 1),
            entry(&["wet  MYSELF"], "bladder", 2),
        ];
        assert_eq!(
            compile(&list),
            [
                ("a e".to_string(), "emergency department".to_string()),
                ("wet myself".to_string(), "emergency department".to_string()),
            ]
        );
    }

    #[test]
    fn mistakes_name_the_line() {
        let list = [
            entry(&["wet myself"], "the", 3),
            entry(&["?!", "Wet Myself"], "bladder", 7),
        ];
        let errors: Vec<String> = check(&list).errors.iter().map(|d| d.to_string()).collect();
        assert_eq!(errors.len(), 3, "{errors:?}");
        assert!(errors[0].starts_with("content/search.yaml:3: means `the` has no word"));
        assert!(errors[1].starts_with("content/search.yaml:7: words `?!` has no letters"));
        assert!(errors[2].contains(":7: words `Wet Myself` is listed twice (first on line 3)"));
        let warnings = check_found(&list[1..], |t| t != "bladder").warnings;
        assert!(warnings[0]
            .to_string()
            .contains(":7: means `bladder`: no page has the word `bladder`"));
    }
}
