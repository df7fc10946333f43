//! The content model: what an author writes in `content/`, loaded and typed.
//!
//! This stage reads files and parses them; it does not check references between them
//! (that is `crate::check`), and it knows nothing about HTML.

mod front_matter;
mod load;
pub mod search_terms;
mod settings;
pub mod words;

pub(crate) use front_matter::RawFrontMatter;
pub use front_matter::{
    section_fields, Onset, Phase, SectionKind, Tier, TopicFields, TopicKind, When, SECTION_FIELDS,
};
pub use load::read_text as read_source;
pub use load::{
    is_settings_file, load, load_with, reload_topic, PageAndWarnings, PageMemo, SharedPage,
};
pub use settings::{
    Care, CareCard, Date, Emergency, EmergencyCard, GlossaryEntry, GuideSettings, PhoneNumber,
    Review, ReviewStatus, SectionSettings, Sign, SourceEntry,
};

use crate::markdown::Analysis;
use std::collections::HashMap;

pub use search_terms::SearchTerm;
pub use words::Words;

/// Everything in `content/`, typed, in reading order.
#[derive(Debug, Clone)]
pub struct Content {
    pub guide: GuideSettings,
    /// Line of each top-level key in guide.yaml, for errors found later.
    pub guide_lines: Lines,
    pub sections: Vec<Section>,
    pub glossary: Vec<GlossaryEntry>,
    pub glossary_lines: Lines,
    pub sources: Vec<SourceEntry>,
    pub sources_lines: Lines,
    pub about: Page,
    /// The raw decision tree file, parsed by `crate::decision` when present.
    pub decision: Option<SourceFile>,
    /// content/search.yaml: readers' words for the guide's; empty without the file.
    pub search_terms: Vec<SearchTerm>,
    /// The interface words: built in, reworded by content/words.yaml.
    pub words: Words,
}

/// A file's text and where it came from.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Relative to the root, with `/` separators: `content/causes/doms.md`.
    pub path: String,
    pub text: String,
}

/// Where the keys and values of one YAML text are, so later stages can point at a field.
///
/// A long text (guide.yaml, the glossary) is indexed once, in one pass over its lines, so that
/// finding the line of each of 60,000 keywords costs a lookup, not a scan of the file. A short
/// one (a topic's front matter, a few lines) is kept as it is and scanned when asked: its three
/// maps took more memory than the rest of the page, and most are never asked.
#[derive(Debug, Clone, Default)]
pub struct Lines {
    pub file: String,
    /// The file line the YAML starts on.
    pub first_line: usize,
    text: String,
    index: Option<Box<LineIndex>>,
}

/// Texts of more lines than this are indexed.
const SCANNED_LINES: usize = 32;

#[derive(Debug, Clone, Default)]
struct LineIndex {
    /// The first line of each `key:`.
    keys: HashMap<String, usize>,
    /// The first line of each value written after `key:` or `- `, or as an item of a `[...]`
    /// list, without quotes.
    values: HashMap<String, usize>,
    /// Every line of each `key: value`, for values that may be written more than once.
    pairs: HashMap<(String, String), Vec<usize>>,
}

/// What one line of YAML holds, as [`Lines`] reads it.
enum Found<'a> {
    Key(&'a str),
    Value(&'a str),
    Pair(&'a str, &'a str),
}

/// Everything [`Lines`] finds in `text`, in order, with its file line.
fn each_found(text: &str, first_line: usize, mut found: impl FnMut(usize, Found) -> bool) {
    for (i, line) in text.lines().enumerate() {
        let line_no = first_line + i;
        let mut rest = line.trim_start();
        while let Some(item) = rest.strip_prefix("- ") {
            rest = item.trim_start();
        }
        if let Some((key, value)) = rest.split_once(':') {
            let key = key.trim_end();
            if !key.is_empty() && !key.contains(' ') || key.starts_with(['"', '\'']) {
                if !found(line_no, Found::Key(unquote(key)))
                    || !found(line_no, Found::Pair(unquote(key), unquote(value)))
                {
                    return;
                }
                rest = value;
            }
        }
        for item in rest.split(',') {
            let item =
                unquote(item.trim_matches(|c: char| c.is_whitespace() || "[]{}".contains(c)));
            if !item.is_empty() && !found(line_no, Found::Value(item)) {
                return;
            }
        }
        let whole = unquote(rest.trim());
        if !whole.is_empty() && !found(line_no, Found::Value(whole)) {
            return;
        }
    }
}

impl Lines {
    pub fn new(file: &str, text: &str, first_line: usize) -> Lines {
        let index = (text.lines().count() > SCANNED_LINES).then(|| {
            let mut index = LineIndex::default();
            each_found(text, first_line, |line, found| {
                match found {
                    Found::Key(key) => {
                        index.keys.entry(key.to_string()).or_insert(line);
                    }
                    Found::Value(value) => {
                        index.values.entry(value.to_string()).or_insert(line);
                    }
                    Found::Pair(key, value) => {
                        (index.pairs.entry((key.to_string(), value.to_string())))
                            .or_default()
                            .push(line);
                    }
                }
                true
            });
            Box::new(index)
        });
        Lines {
            file: file.to_string(),
            first_line,
            text: match index {
                Some(_) => String::new(),
                None => text.to_string(),
            },
            index,
        }
    }

    /// The first line where `wanted` is found.
    fn scan(&self, wanted: impl Fn(&Found) -> bool) -> Option<usize> {
        let mut at = None;
        each_found(&self.text, self.first_line, |line, found| {
            if wanted(&found) {
                at = Some(line);
            }
            at.is_none()
        });
        at
    }

    /// The file line of `key:`, or the first line when it is not written.
    pub fn of(&self, key: &str) -> usize {
        let line = match &self.index {
            Some(index) => index.keys.get(key).copied(),
            None => self.scan(|f| matches!(f, Found::Key(k) if *k == key)),
        };
        line.unwrap_or(self.first_line)
    }

    /// The file line where `value` is written, or the line of `key`.
    pub fn of_value(&self, key: &str, value: &str) -> usize {
        let line = match &self.index {
            Some(index) => index.values.get(value).copied(),
            None => self.scan(|f| matches!(f, Found::Value(v) if *v == value)),
        };
        line.unwrap_or_else(|| self.of(key))
    }

    /// Every line where `key: value` is written, in order.
    pub fn of_pair(&self, key: &str, value: &str) -> Vec<usize> {
        match &self.index {
            Some(index) => (index.pairs.get(&(key.to_string(), value.to_string())))
                .cloned()
                .unwrap_or_default(),
            None => {
                let mut lines = Vec::new();
                each_found(&self.text, self.first_line, |line, found| {
                    if matches!(found, Found::Pair(k, v) if k == key && v == value) {
                        lines.push(line);
                    }
                    true
                });
                lines
            }
        }
    }
}

/// `"a"` or `'a'` → `a`.
fn unquote(s: &str) -> &str {
    let s = s.trim();
    for q in ['"', '\''] {
        if let Some(inner) = s.strip_prefix(q).and_then(|s| s.strip_suffix(q)) {
            return inner;
        }
    }
    s
}

#[derive(Debug, Clone)]
pub struct Section {
    /// The folder name, e.g. `causes`.
    pub slug: String,
    /// `kind:` in its `_section.yaml`: which typed fields its topics have.
    pub kind: SectionKind,
    pub settings: SectionSettings,
    pub settings_lines: Lines,
    pub intro: Analysis,
    /// Shared, so that `serve` can keep a page it did not have to parse again.
    pub topics: Vec<std::sync::Arc<Page>>,
}

/// A Markdown page: a topic, or the about page.
#[derive(Debug, Clone)]
pub struct Page {
    /// The content-relative source path, e.g. `causes/doms.md`.
    pub source: String,
    pub fields: TopicFields,
    pub front_matter: Lines,
    /// The Markdown body, and the file line it starts on.
    pub body: String,
    pub body_line: usize,
    pub analysis: Analysis,
    /// A digest of `body`, made by `serve` (`util::memo`) when it parses the file, so that the
    /// later stages' memos need not hash the text again; `None` in a build.
    pub body_key: Option<crate::util::memo::Key>,
}

impl Page {
    /// The output path, e.g. `causes/doms.html`.
    pub fn output_path(&self) -> String {
        crate::util::names::source_to_output(&self.source)
    }

    pub fn file(&self) -> &str {
        &self.front_matter.file
    }
}
