//! The interface words: every label, heading and short sentence the pages put around a guide's
//! own content ("Related", "Last reviewed", the tier names). The built-in set is
//! `templates/words.yaml`, carried in the binary; `content/words.yaml` rewords any of them, key by
//! key, so a guide can change its voice and a translation has one file to start from.
//!
//! A word in `{braces}` is filled in by the build (a number, a date, a link). A reworded text
//! must use the same ones as the built-in text: a missing `{size}` would hide a download's size.

use super::SourceFile;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::yaml;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// Where a guide rewords them, from the root.
pub const FILE: &str = "content/words.yaml";

/// The built-in words, as shipped.
pub const BUILT_IN: &str = include_str!("../../templates/words.yaml");

/// Group → key → text. Every key of the built-in file is present.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Words(BTreeMap<String, BTreeMap<String, String>>);

type Groups = BTreeMap<String, BTreeMap<String, String>>;

impl Words {
    /// The built-in words alone.
    pub fn built_in() -> Words {
        let groups: Groups = yaml::parse(BUILT_IN, "templates/words.yaml", 1)
            .expect("templates/words.yaml is checked by the tests");
        Words(groups)
    }

    /// Every group, and its keys and texts.
    pub fn groups(&self) -> &BTreeMap<String, BTreeMap<String, String>> {
        &self.0
    }

    /// The text of `group.key`. Every key the code asks for is in the built-in file (a unit
    /// test reads every call), and a guide cannot remove one.
    pub fn get(&self, group: &str, key: &str) -> &str {
        self.0
            .get(group)
            .and_then(|g| g.get(key))
            .map_or_else(|| panic!("no built-in word {group}.{key}"), String::as_str)
    }

    /// `group.key` with each `{name}` replaced by its value. The values are plain text.
    pub fn fill(&self, group: &str, key: &str, values: &[(&str, &str)]) -> String {
        fill(self.get(group, key), values)
    }
}

/// `text` with each `{name}` of `values` replaced.
pub fn fill(text: &str, values: &[(&str, &str)]) -> String {
    values.iter().fold(text.to_string(), |text, (name, value)| {
        text.replace(&format!("{{{name}}}"), value)
    })
}

/// The built-in words, reworded by `file` when the guide has one. Each mistake goes to `diags`
/// at its line: an unknown group or key (with the one meant), an empty text, or a text whose
/// `{braces}` differ from the built-in one's.
pub fn load(file: Option<&SourceFile>, diags: &mut Diagnostics) -> Words {
    let mut words = Words::built_in();
    let Some(file) = file else { return words };
    let parsed: Groups = match yaml::parse_with_warnings(&file.text, &file.path, 1) {
        Ok(parsed) => {
            parsed.warnings.into_iter().for_each(|w| diags.warn(w));
            parsed.value
        }
        Err(d) => {
            diags.error(d);
            return words;
        }
    };
    let lines = KeyLines::of(&file.text);
    let groups: Vec<String> = words.0.keys().cloned().collect();
    for (group, keys) in parsed {
        let Some(built_in) = words.0.get_mut(&group) else {
            let known: Vec<&str> = groups.iter().map(String::as_str).collect();
            diags.error(Diagnostic::at(
                &file.path,
                lines.group(&group),
                format!(
                    "unknown group `{group}`: {}the groups are {}",
                    did_you_mean(&group, &known),
                    known.join(", ")
                ),
            ));
            continue;
        };
        for (key, text) in keys {
            let line = lines.key(&group, &key);
            let Some(default) = built_in.get_mut(&key) else {
                let known: Vec<&str> = built_in.keys().map(|k| k.as_str()).collect();
                diags.error(Diagnostic::at(
                    &file.path,
                    line,
                    format!(
                        "unknown key `{key}` in group `{group}`: {}the keys of `{group}` are {}",
                        did_you_mean(&key, &known),
                        known.join(", ")
                    ),
                ));
                continue;
            };
            if text.trim().is_empty() {
                diags.error(Diagnostic::at(
                    &file.path,
                    line,
                    format!(
                        "`{group}.{key}` is empty: write the words, or delete the line to keep \
                         the built-in \"{default}\""
                    ),
                ));
                continue;
            }
            let (wanted, written) = (placeholders(default), placeholders(&text));
            if wanted != written {
                let list = |s: &BTreeSet<&str>| {
                    if s.is_empty() {
                        "none".to_string()
                    } else {
                        s.iter()
                            .map(|p| format!("{{{p}}}"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    }
                };
                diags.error(Diagnostic::at(
                    &file.path,
                    line,
                    format!(
                        "`{group}.{key}` must use the same words in braces as the built-in \
                         \"{default}\": expected {}, found {}",
                        list(&wanted),
                        list(&written)
                    ),
                ));
                continue;
            }
            *default = text;
        }
    }
    words
}

/// The `{name}`s in a text.
fn placeholders(text: &str) -> BTreeSet<&str> {
    let mut found = BTreeSet::new();
    let mut rest = text;
    while let Some(start) = rest.find('{') {
        let after = &rest[start + 1..];
        match after.find('}') {
            Some(end) if is_name(&after[..end]) => {
                found.insert(&after[..end]);
                rest = &after[end + 1..];
            }
            _ => rest = after,
        }
    }
    found
}

fn is_name(s: &str) -> bool {
    !s.is_empty() && s.chars().all(|c| c.is_ascii_lowercase() || c == '_')
}

fn did_you_mean(written: &str, known: &[&str]) -> String {
    known
        .iter()
        .map(|k| (strsim::damerau_levenshtein(written, k), *k))
        .filter(|&(d, k)| d > 0 && d * 3 <= written.len().max(k.len()))
        .min()
        .map_or(String::new(), |(_, k)| format!("did you mean `{k}`? "))
}

/// The line of each `group:` and of each `key:` under it, for a file of two levels.
struct KeyLines {
    groups: BTreeMap<String, usize>,
    keys: BTreeMap<(String, String), usize>,
}

impl KeyLines {
    fn of(text: &str) -> KeyLines {
        let mut groups = BTreeMap::new();
        let mut keys = BTreeMap::new();
        let mut current = String::new();
        for (i, line) in text.lines().enumerate() {
            let trimmed = line.trim_start();
            if trimmed.starts_with('#') || trimmed.is_empty() {
                continue;
            }
            let Some((name, _)) = trimmed.split_once(':') else {
                continue;
            };
            let name = name.trim().trim_matches(['"', '\'']).to_string();
            if trimmed.len() == line.len() {
                groups.entry(name.clone()).or_insert(i + 1);
                current = name;
            } else {
                keys.entry((current.clone(), name)).or_insert(i + 1);
            }
        }
        KeyLines { groups, keys }
    }

    fn group(&self, group: &str) -> usize {
        self.groups.get(group).copied().unwrap_or(1)
    }

    fn key(&self, group: &str, key: &str) -> usize {
        (self
            .keys
            .get(&(group.to_string(), key.to_string()))
            .copied())
        .unwrap_or_else(|| self.group(group))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(text: &str) -> SourceFile {
        SourceFile {
            path: FILE.into(),
            text: text.into(),
        }
    }

    fn errors(text: &str) -> Vec<(usize, String)> {
        let mut diags = Diagnostics::default();
        load(Some(&file(text)), &mut diags);
        diags
            .errors
            .iter()
            .map(|d| (d.line.unwrap_or(0), d.message.clone()))
            .collect()
    }

    #[test]
    fn the_built_in_words_parse_and_have_no_empty_text() {
        let words = Words::built_in();
        for (group, keys) in &words.0 {
            for (key, text) in keys {
                assert!(!text.trim().is_empty(), "{group}.{key} is empty");
            }
        }
        assert_eq!(words.get("page", "related"), "Related");
    }

    #[test]
    fn a_guide_rewords_one_key_and_keeps_the_rest() {
        let mut diags = Diagnostics::default();
        let words = load(Some(&file("page:\n  related: See also\n")), &mut diags);
        assert!(!diags.has_errors(), "{:?}", diags.errors);
        assert_eq!(words.get("page", "related"), "See also");
        assert_eq!(words.get("page", "backlinks"), "Pages that link here");
    }

    #[test]
    fn unknown_groups_and_keys_are_refused_at_their_line_with_the_one_meant() {
        let found = errors("page:\n  relatd: See also\npgae:\n  x: y\n");
        assert_eq!(found.len(), 2, "{found:?}");
        assert_eq!(found[0].0, 2);
        assert!(
            found[0].1.contains("did you mean `related`"),
            "{}",
            found[0].1
        );
        assert_eq!(found[1].0, 3);
        assert!(found[1].1.contains("did you mean `page`"), "{}", found[1].1);
    }

    #[test]
    fn braces_must_match_the_built_in_text() {
        let found = errors("offline:\n  zip_link: Offline copy\nsearch:\n  one: \"{n} page\"\n");
        assert_eq!(found.len(), 2, "{found:?}");
        assert_eq!(found[0].0, 2);
        assert!(
            found[0].1.contains("expected {size}, found none"),
            "{}",
            found[0].1
        );
        assert_eq!(found[1].0, 4);
        assert!(
            found[1].1.contains("expected none, found {n}"),
            "{}",
            found[1].1
        );
    }

    #[test]
    fn empty_text_and_non_text_are_refused() {
        let found = errors("page:\n  related: \"  \"\n");
        assert_eq!(found.len(), 1);
        assert!(found[0].1.contains("is empty"), "{}", found[0].1);
        assert_eq!(errors("page:\n  related: [a, b]\n").len(), 1);
    }

    #[test]
    fn fill_replaces_each_name() {
        assert_eq!(
            fill("{from} to {to} hours", &[("from", "1"), ("to", "2")]),
            "1 to 2 hours"
        );
        assert_eq!(placeholders("a {b} {c_d} {Not} {}"), ["b", "c_d"].into());
    }

    /// Every `words.get`/`fill` in src/ and every `words.G.K` in templates/ names a built-in key.
    #[test]
    fn every_word_the_code_and_templates_use_is_built_in() {
        let words = Words::built_in();
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut used = Vec::new();
        for dir in ["src", "templates"] {
            for entry in walkdir::WalkDir::new(root.join(dir)) {
                let entry = entry.unwrap();
                if !entry.file_type().is_file() {
                    continue;
                }
                let text = std::fs::read_to_string(entry.path()).unwrap_or_default();
                let name = entry.path().display().to_string();
                for (i, _) in text.match_indices("words.") {
                    let rest = &text[i + "words.".len()..];
                    let path: String = rest
                        .chars()
                        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '.')
                        .collect();
                    let parts: Vec<&str> = path.split('.').collect();
                    if dir == "templates" && parts.len() >= 2 && !parts[1].is_empty() {
                        used.push((name.clone(), parts[0].to_string(), parts[1].to_string()));
                    }
                }
                for call in ["words.get(\"", "words.fill(\""] {
                    for (i, _) in text.match_indices(call) {
                        let rest = &text[i + call.len()..];
                        let mut quoted = rest.split('"');
                        let group = quoted.next().unwrap_or_default();
                        let key = quoted.nth(1).unwrap_or_default();
                        used.push((name.clone(), group.to_string(), key.to_string()));
                    }
                }
            }
        }
        assert!(used.len() > 50, "found only {} uses", used.len());
        for (file, group, key) in used {
            if file.ends_with("words.rs") && group == "page" && key == "related" {
                continue;
            }
            assert!(
                words.0.get(&group).is_some_and(|g| g.contains_key(&key)),
                "{file} uses words.{group}.{key}, which templates/words.yaml does not have"
            );
        }
    }
}
