//! The YAML files that are not topics: guide.yaml, _section.yaml, glossary.yaml, sources.yaml.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct GuideSettings {
    pub title: String,
    pub description: String,
    pub language: String,
    pub reviewed: String,
    pub next_review: String,
    pub reviewer: String,
    pub disclaimer: String,
    pub intro: String,
    pub emergency: Emergency,
    pub sections: Vec<String>,
    /// Used only where an absolute URL is required (sitemap, canonical, Open Graph).
    #[serde(default)]
    pub base_url: Option<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Emergency {
    pub heading: String,
    pub signs: Vec<String>,
    pub numbers: String,
    /// Topic path of the "Read more" link, e.g. `warning-signs/cauda-equina.md`.
    pub more: String,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SectionSettings {
    pub title: String,
    pub summary: String,
    pub intro: String,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct GlossaryEntry {
    pub id: String,
    pub term: String,
    #[serde(default)]
    pub aliases: Vec<String>,
    pub definition: String,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SourceEntry {
    pub id: String,
    pub title: String,
    #[serde(default)]
    pub publisher: Option<String>,
    #[serde(default)]
    pub url: Option<String>,
    #[serde(default)]
    pub note: Option<String>,
}
