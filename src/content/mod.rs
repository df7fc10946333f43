//! The content model: what an author writes in `content/`, loaded and typed.
//!
//! This stage reads files and parses them; it does not check references between them
//! (that is `crate::check`), and it knows nothing about HTML.

mod front_matter;
mod load;
mod settings;

pub use front_matter::{Onset, Phase, Tier, TopicFields, TopicKind, When};
pub use load::load;
pub use load::read_text as read_source;
pub use settings::{
    Care, CareCard, Date, Emergency, EmergencyCard, GlossaryEntry, GuideSettings, PhoneNumber,
    Review, ReviewStatus, SectionSettings, Sign, SourceEntry,
};

use crate::markdown::Analysis;

/// Everything in `content/`, typed, in reading order.
#[derive(Debug, Clone)]
pub struct Content {
    pub guide: GuideSettings,
    /// Line of each top-level key in guide.yaml, for errors found later.
    pub guide_lines: Lines,
    pub sections: Vec<Section>,
    pub glossary: Vec<GlossaryEntry>,
    pub sources: Vec<SourceEntry>,
    pub about: Page,
    /// The raw decision tree file, parsed by `crate::decision` when present.
    pub decision: Option<SourceFile>,
}

/// A file's text and where it came from.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Relative to the root, with `/` separators: `content/causes/doms.md`.
    pub path: String,
    pub text: String,
}

/// Lines of the keys of one YAML mapping, so later stages can point at a field.
#[derive(Debug, Clone, Default)]
pub struct Lines {
    pub file: String,
    pub text: String,
    /// The file line the YAML starts on.
    pub first_line: usize,
}

impl Lines {
    /// The file line of `key:`, or the first line when it is not written.
    pub fn of(&self, key: &str) -> usize {
        crate::yaml::key_line(&self.text, key).map_or(self.first_line, |l| self.first_line + l - 1)
    }

    /// The file line of the first line containing `needle`, or the line of `key`.
    pub fn of_value(&self, key: &str, needle: &str) -> usize {
        crate::yaml::text_line(&self.text, needle)
            .map_or_else(|| self.of(key), |l| self.first_line + l - 1)
    }
}

#[derive(Debug, Clone)]
pub struct Section {
    /// The folder name, e.g. `causes`.
    pub slug: String,
    pub settings: SectionSettings,
    pub settings_lines: Lines,
    pub intro: Analysis,
    pub topics: Vec<Page>,
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
}

impl Page {
    /// The output path, e.g. `causes/doms.html`.
    pub fn output_path(&self) -> String {
        source_to_output(&self.source)
    }

    pub fn file(&self) -> &str {
        &self.front_matter.file
    }
}

/// `causes/doms.md` → `causes/doms.html`.
pub fn source_to_output(source: &str) -> String {
    match source.strip_suffix(".md") {
        Some(stem) => format!("{stem}.html"),
        None => source.to_string(),
    }
}
